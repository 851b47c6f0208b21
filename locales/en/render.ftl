# Messages of src/render: links and photos, the theme and its templates (see cli.ftl for
# the conventions). Template tags are written { "{%" } … { "%}" } here: a bare brace starts a
# placeable in Fluent.

## Links and photos in cases and issues.
render-missing-photo = the photo `{ $dest }` is not beside { $file }
    .label = no such file in { $folder }
    .help = put the photo in { $folder } or correct the name ({ $there })
render-missing-file = the file `{ $dest }` is not beside { $file }
    .label = no such file in { $folder }
    .help = put the file in { $folder } or correct the name ({ $there })
render-files-there-none = there are no files there
render-files-there = the files there are { $list }
render-files-there-more = the files there are { $list } and { $count } more
render-not-a-case = the linked Markdown file `{ $dest }` is not a case of this site
    .label = no case has this file
    .help = link to a case by its .md file beside this one (`other.md`) or in another issue (`../<issue>/other.md`)
render-did-you-mean = did you mean `{ $target }`?
render-no-page = no page of the site is at `{ $dest }`
    .label = no such page
    .help = write the page's path from the site root, like `/areas/<area>/`

## The theme.
render-theme-missing = the theme "{ $name }" does not exist
    .help = create themes/{ $name }/ or set theme = "default"
render-template-missing = the template { $name } is missing
    .help = add { $name } to the theme, or copy it from themes/default/templates/

## Templates that call themselves or nest too deep (src/render/template_graph.rs).
render-cycle = a template cycle was found
render-cycle-in = { $name } (in { $file })
render-cycle-macro = the macro { $name } calls itself: macro { $chain }
    .help = shequ does not allow a macro to call itself, directly or through other macros, because unbounded recursion would crash the build; write the repetition with a { "{%" } for { "%}" } loop
render-cycle-import = the template { $name } imports itself: { $chain }
    .help = an { "{%" } import { "%}" } cannot lead back to the file that imports, directly or through others; move the macros both need into a file of their own that imports neither
render-cycle-extends = the template { $name } extends itself: { $chain }
    .help = a template cannot extend itself, directly or through others; make one of them a base template without { "{%" } extends { "%}" }
render-cycle-include = the template { $name } includes itself: { $chain }
    .help = a template cannot include itself, directly or through others; remove the { "{%" } include { "%}" } or move the shared part into a template of its own
render-too-deep-blocks = this template nests { "{%" } … { "%}" } blocks more than { $limit } deep
    .help = Tera cannot read deeper nesting without crashing; move inner parts into a { "{%" } include { "%}" } or a macro
render-too-deep-brackets = this expression nests brackets more than { $limit } deep

## range() in a template.
render-range-not-number = range() received { $key }={ $value }, but { $key } must be a whole number of at least 0
render-range-no-end = range() needs an end, e.g. range(end=5)
render-range-step-zero = range() received step_by=0, which would never reach the end; use step_by=1 or more
render-range-backwards = range() received start={ $start } greater than end={ $end }
render-range-too-long = range() would produce { $count } numbers, more than the { $limit } a page can use; loop over the site's data instead

## What Tera (the template engine) reported, said plainly. Under English the engine's own
## words follow as the label where shequ has no plainer message.
render-template-syntax = template syntax error
    .label = this is not written as a template expects
    .help = see https://keats.github.io/tera/docs/ for the template syntax
render-template-unclosed = template syntax error: { $tag } is missing
    .label = { $tag } was expected before this
    .help = close every tag you open: { "{%" } for { "%}" } with { "{%" } endfor { "%}" }, { "{%" } if { "%}" } with { "{%" } endif { "%}" }, { "{%" } block { "%}" } with { "{%" } endblock { "%}" }, { "{%" } macro { "%}" } with { "{%" } endmacro { "%}" }
render-template-duplicate-block = template syntax error: the block { $name } is defined twice
    .help = give the second block another name, or remove one of them
render-template-failed = template { $template } failed to render
    .label = what the template engine said
    .help = a variable may be misspelled or not available on this page; see README.md, "Themes", for what each template receives
render-template-failed-because = template { $template } failed to render: { $detail }
render-template-unknown-variable = template { $template } failed to render: this page has no variable `{ $name }`
    .help = check the spelling; see README.md, "Themes", for what each template receives
render-template-unknown-filter = template { $template } uses the filter `{ $name }`, which does not exist
    .help = check the spelling against the filters listed at https://keats.github.io/tera/docs/#built-in-filters
render-template-unknown-function = template { $template } calls the function `{ $name }()`, which does not exist
    .help = check the spelling against the functions listed at https://keats.github.io/tera/docs/#built-in-functions
render-template-unknown-test = template { $template } uses the test `is { $name }`, which does not exist
    .help = check the spelling against the tests listed at https://keats.github.io/tera/docs/#built-in-tests
render-template-not-found = template { $template } includes { $name }, which does not exist
    .help = check the name against the files in themes/<theme>/templates/ and templates/
render-template-macro-namespace = template { $template } calls a macro from `{ $name }`, but no file is imported as { $name }
    .help = import it at the top of the template, e.g. { "{%" } import "macros.html" as { $name } { "%}" }, or correct the name
render-template-macro-missing = template { $template } calls the macro `{ $name }`, which does not exist
    .help = check the macro's name in the file it is imported from
render-template-macro-argument = template { $template } calls the macro `{ $name }` without its argument `{ $arg }`
    .help = pass it, e.g. { $name }({ $arg }=…)
render-template-filter-value = template { $template } gives the filter `{ $name }` a value it cannot work on
    .help = see what the filter expects at https://keats.github.io/tera/docs/#built-in-filters
render-template-not-a-list = template { $template } loops with { "{%" } for { "%}" } over something that is not a list
    .help = loop over a list the page has, such as cases or areas
render-templates-mismatch = templates do not fit together
    .help = check { "{%" } extends { "%}" }, { "{%" } include { "%}" } and { "{%" } import { "%}" } names against themes/<theme>/templates/
render-template-missing-parent = templates do not fit together: { $template } extends { $parent }, which does not exist
render-template-missing-import = templates do not fit together: { $template } imports { $name }, which does not exist

# config.toml's share_image.
render-share-image-missing = share_image "{ $path }" in config.toml names no file of the site
    .help = put the picture in static/ (static/share.png gives share_image = "share.png"), or write its full address
