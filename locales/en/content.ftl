# Messages of src/content and src/check.rs (see cli.ftl for the conventions).

# The walk of content/ (content/mod.rs).
content-no-content-dir = there is no content/ directory
    .help = create content/<issue>/_index.md and the case files beside it; `shequ new` scaffolds a case
content-md-in-root = a Markdown file directly in content/ is not part of any issue; it is ignored
    .help = move it into an issue directory, content/<issue>/
content-file-in-root = a file directly in content/ is ignored
    .help = put site-wide files in static/, and a case's files beside it
content-md-not-case = this Markdown file is not a case (cases are content/<issue>/<case>.md or content/<issue>/<case>/index.md); it is ignored
content-misnamed = "{ $name }" looks like a case, but only files ending in .md are read, so it is ignored
    .help = rename it to { $renamed }
content-issue-no-index = the issue directory content/{ $dir }/ has no _index.md
    .help = create content/{ $dir }/_index.md with +++ title = "…" and date = "2023" +++ and the editor's note as its body
content-not-utf8 = the file is not valid UTF-8 (it may have been saved in another encoding, such as GBK)
    .label = invalid byte here
    .help = save the file as UTF-8 (most editors: File → Save with Encoding → UTF-8)
content-area-label = not a listed area

# Front matter (content/front.rs).
content-empty-file = the file is empty
    .help = a case starts with a +++ block holding at least title, date and area; `shequ new` writes one
content-no-front = missing front matter: the first line is not +++
    .label = expected +++
    .yaml = front matter is TOML between +++ lines, not YAML between --- lines
    .cr = the lines end in a carriage return alone (classic Mac OS line endings): save the file with LF or CRLF line endings
    .help = start the file with a line holding only +++, then the fields, then another +++ line
content-front-unclosed = the front matter is never closed
    .label = opened here
    .help = add a line holding only +++ after the last front-matter field
content-front-invalid = a mistake in the front matter: { $problem }
    .help = write each field as name = "text", lists as ["社区", "社区志愿者"]; put every text in double quotes
content-field-unknown = unknown front-matter field `{ $field }` is ignored
    .meant = did you mean `{ $meant }`?
    .known = known fields: { $known }
content-field-wrong = wrong front-matter value: { $problem }
    .help = the editor's guide (docs/编辑指南.md) shows every field with an example
content-field-missing = missing required field `{ $field }`
    .label = in this front matter
    .help = add a line such as { $example }{ $field ->
        [area] { " " }(the residential area)
       *[other] { "" }
    }
content-field-empty = `{ $field }` is empty
content-date-bad = malformed date: { $why }
    .label = expected a date
    .help = write date = "2023", "2023-10", "2023-10-05" or "2023年10月5日" (as precise as the source allows)
content-dimension-unknown = unknown { $field ->
        [governance] governance mode
       *[other] force
    } "{ $name }" in front matter
    .label = not one of the five { $field ->
        [governance] governance modes
       *[other] forces
    }
    .meant = did you mean "{ $meant }"? (valid: { $valid })
    .valid = valid: { $valid }
content-partner-no-url = the partner name "{ $name }" gives no readable URL
    .label = no Han character, letter or digit
    .help = write the partner's name, or map this spelling to one in config.toml's [partner_aliases]

# A value of the wrong kind (content/field_type.rs).
content-type =
    .text = { $field } should be text in quotes, e.g. { $example }
    .list-item = each item of { $field } should be text in quotes, e.g. { $example }
    .list = { $field } should be a list, e.g. { $example }
    .whole-number = { $field } should be a whole number without quotes, e.g. { $example }
    .yes-no = { $field } should be true or false without quotes, e.g. { $example }
    .figures = { $field } should be a list of pictures, each a [[figures]] block such as [[figures]] caption = "居民议事会现场"
    .found = this is { $found }

# Dates (content/date.rs).
content-date-digits = the { $part ->
        [year] year
        [month] month
       *[day] day
    } { $value } should have { $digits } digits
    .in = the { $part ->
        [year] year
        [month] month
       *[day] day
    } { $value } in { $date } should have { $digits ->
        [one-or-two] 1 or 2
       *[other] { $digits }
    } digits
content-date-not-date = { $date } is not a date
content-date-month = month { $month } is not between 01 and 12
    .in = month { $month } in { $date } is not between 1 and 12
content-date-day = day { $day } does not exist in { $year }-{ $month }
    .in = day { $day } does not exist in { $year }年{ $month }月
content-date-chinese-form = { $date } is not a date: write 2023年, 2023年10月 or 2023年10月5日
content-date-sep-form = { $date } is not a date: write 2023{ $sep }10 or 2023{ $sep }10{ $sep }5
content-date-time-only = a time without a date
content-date-number = { $value } without quotes is a number, not a date: write it in quotes, e.g. date = "{ $value }"
content-date-kind = { $kind ->
        [boolean] true or false is not a date
        [array] a list is not a date
       *[other] this is not a date
    }

# Input-method punctuation (content/punct.rs).
-content-switch = switch the input method to English punctuation (or press Shift) and type
content-punct-quotes = { $name } “ ” where TOML needs straight quotes — { -content-switch } straight quotes " "
content-punct-single = { $name } ‘ ’ where TOML needs straight quotes — { -content-switch } straight quotes ' '
content-punct-space = { $name } where TOML needs an ordinary space — { -content-switch } an ordinary space
content-punct-other = { $name } "{ $found }" where TOML needs "{ $needs }" — { -content-switch } "{ $needs }"
content-punct-label = type { $ascii } here
    .space = full-width space here
content-punct-name = { $mark ->
        [quotes] Chinese quotes (中文引号)
        [single] Chinese single quotes (中文单引号)
        [comma] full-width comma (中文逗号)
        [dunhao] enumeration comma (顿号)
        [colon] full-width colon (中文冒号)
        [equals] full-width equals sign (全角等号)
        [lenticular] Chinese bracket (方头括号)
        [bracket] full-width bracket (全角方括号)
        [brace] full-width brace (全角花括号)
        [space] full-width space (全角空格)
       *[other] mark
    }

# Files that are not read (content/source.rs).
content-link-outside = this symbolic link points outside the site, to { $to }
content-link-dangling = this symbolic link points to { $to }, which does not exist
content-link-loop = this symbolic link points to { $to }, which leads back to itself (a loop of links)
content-link-loops-back = this symbolic link loops back to a directory above it
    .help = remove the link
content-link-help = copy the file into the site instead of linking to it (links are followed only to files inside the site root, the directory holding config.toml)
    .or-remove = remove the link, or copy the file into the site instead of linking to it (links are followed only to files inside the site root, the directory holding config.toml)
content-not-ordinary = this is a { $kind }, not an ordinary file
    .via = this symbolic link points to { $to }, a { $kind }, not an ordinary file
    .help = only ordinary files can be published; remove it
content-file-kind = { $kind ->
        [fifo] named pipe (FIFO)
        [socket] socket
        [block] block device
        [char] character device
       *[other] special file
    }
content-too-big = the file is { $size } MB, more than the { $limit } MB { $what ->
        [markdown] a case may have
        [template] a template may have
       *[asset] a file copied into the site may have
    }
    .markdown = split it, or move large attachments beside it as separate files
    .template = split it into smaller templates with { "{% include %}" }
    .asset = make it smaller (resize the photo, compress the PDF), or publish it elsewhere and link to it
content-unreadable = cannot read the file: { $why }
    .help = check that the file exists and that you may read it

# shequ check: mentions the front matter leaves out (src/check.rs).
check-mention = the text mentions { $word } ({ $field ->
        [governance] governance mode
       *[other] force
    } { $name }) but `{ $field }` does not list it
    .label = points to { $name }
    .help = if the case involves it, add "{ $name }" to `{ $field }`; otherwise ignore this
content-changed-during-build = this file changed while shequ was building; nothing was published
    .help = once it is saved, build again (shequ serve --watch does so by itself)
