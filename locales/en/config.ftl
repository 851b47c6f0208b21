# Messages of src/config and src/scaffold.rs (see cli.ftl for the conventions).

# Reading config.toml.
config-unreadable = cannot read the site configuration: { $why }
    .too-large = it is larger than the { $kb } KB a configuration may have
    .not-file = it is not an ordinary file
    .help-not-file = config.toml must be an ordinary text file; replace it with one
    .help = run shequ in the site's root directory (the one holding config.toml), or pass --root DIR
config-invalid = a mistake in config.toml: { $problem }
    .help = the editor's guide (docs/编辑指南.md) shows every setting of config.toml with an example
config-list-sep = { ", " }

# The toml crate's and serde's complaints, in the editor's words (config/toml_error.rs).
config-toml-unquoted = text must be in double quotes, e.g. title = "纺大"
config-toml-unclosed-string = text in quotes is not closed: end it with " on the same line
config-toml-duplicate = this name is written twice; keep only one of them
config-toml-no-equals = a name without = and a value: write name = value, e.g. title = "纺大"
config-toml-list-comma = a comma is missing between two items of a list, e.g. ["社区", "社区志愿者"]
config-toml-list-unclosed = a list is not closed: end it with ]
config-toml-list-extra-comma = two commas in a row in a list: remove one
config-toml-heading-unclosed = a heading such as [areas."纺大"] or [[figures]] is not closed: end it with ] (or ]] after [[)
config-toml-after-value = something follows the value on the same line: put each name = value on a line of its own (a note starts with #)
config-toml-boolean = write true or false, in lowercase and without quotes
config-toml-date = this date does not exist or is not written as 2023-10-05: write the date in quotes, e.g. date = "2023-10-05"
config-toml-number = this number cannot be read: write a whole number such as 1, without quotes and without a leading 0
config-toml-no-name = the line starts with =: write the name before it, e.g. title = "纺大"
config-toml-backslash = a backslash \ inside quotes starts a special sign; to write a backslash itself, type it twice: \\
config-toml-other = this line cannot be read
config-toml-too-large = this number is too large
config-toml-negative = { $key } should be a whole number of 0 or more, without a minus sign
config-toml-missing = { $field } is missing
config-toml-unknown = there is no setting `{ $field }`
    .meant = did you mean `{ $meant }`?
    .known = the settings here are: { $known }
config-toml-should-be = { $key } should be { $expected }; this is { $found }
    .no-key = this should be { $expected }; it is { $found }
config-kind = { $kind ->
        [text] text in double quotes
        [list] a list, e.g. ["社区", "社区志愿者"]
        [yes-no] true or false without quotes
        [whole-number] a whole number without quotes
        [number] a number without quotes
        [group] a group of settings
       *[other] another kind of value
    }
config-found =
    .text = text in quotes { $value }
    .number = the number { $value }
    .yes-no = { $value }
    .list = a list
    .date = the date { $value } without quotes
    .group = a group of fields
    .other = another kind of value

# base_url and --base-url.
config-base-url = { $source ->
        [option] the --base-url option
       *[config] base_url
    } { $url } { $problem ->
        [query] has a query (a part from "?"), which would break every link
        [fragment] has a fragment (a part from "#"), which would break every link
        [space] contains a space or a control character, which would break every link
       *[absolute] is not an absolute URL starting with https:// or http:// and a host name
    }
    .help = write the address of the site's home page, e.g. https://example.org/ or https://example.org/archive/
config-local-base-url = base_url "{ $url }" points at this computer, so links in the built site work only here
    .label = a local address
    .help = set base_url to the address readers use, or pass --base-url

# Slugs, forces, governance, pages.
config-slug-place = { $table ->
        [areas] in [areas.{ $name }]
       *[other] in a [[{ $table }]] entry
    }
config-dimension-empty = the { $what } list is empty
    .help = remove [[{ $what }]] to use the built-in five, or list them
config-paginate-zero = paginate_by must be at least 1

# Areas.
config-area-unknown = the area "{ $area }" is not one of the areas listed in config.toml
    .meant = did you mean "{ $meant }"? Or, to add a new area, add [areas."{ $area }"] to config.toml
    .list = the areas are { $areas }; to add a new area, add [areas."{ $area }"] to config.toml

# shequ new (src/scaffold.rs).
scaffold-bad-spec = "{ $spec }" should be <issue>/<name>
    .help = for example: shequ new 2024-spring/fangda-caishichang --area 纺大
scaffold-invalid-spec = "{ $spec }" is not a valid <issue>/<name>
    .help = use letters, digits and hyphens, e.g. 2024-spring/fangda-caishichang
scaffold-area-empty = --area is empty
    .help = name the residential area, e.g. --area 纺大
scaffold-bad-date = --date: { $why }
    .help = write 2024, 2024-03 or 2024-03-15
scaffold-exists = { $path } already exists
    .help = choose another name
scaffold-cannot-write = cannot write { $path }: { $why }
scaffold-comment-date = "2024", "2024-03" or "2024-03-15": as precise as the source
scaffold-comment-forces = the five forces: 社区, 社会组织, 社会工作者, 社区志愿者, 社会慈善资源
scaffold-comment-governance = the five modes: 政治, 自治, 法治, 德治, 智治
scaffold-comment-partners = e.g. "物业", "业委会", "社区民警"
scaffold-comment-draft = delete this line to publish the case
scaffold-comment-src = optional: the caption may exist without its image

# A slug in config.toml or front matter (src/text/slug.rs).
config-slug-invalid = slug { $slug } is not a readable URL part
    .help = use lowercase English letters (a–z), digits and hyphens, e.g. slug = "{ $example }"

# [photos].
config-photos-range = [photos] { $key } should be from { $min } to { $max }; it is { $value }
    .help = write a whole number in that range, or remove { $key } to use its default
config-photos-widths = [photos] widths should list 1 to 8 widths in pixels, each from 64 to 4096, smallest first
    .help = for example widths = [480, 960, 1600]; remove widths to use that default
