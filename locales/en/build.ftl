# Messages of src/model, src/index, src/pipeline and src/text (see cli.ftl for the
# conventions).

# Two things would get the same address on the site (src/model).
build-url-taken = two pages would be written to the same URL /{ $path }: { $first } and { $second }
    .help-slug = give one of them a different `slug` in its front matter
    .help-area = area names that differ only in punctuation, spacing or invisible characters get the same URL: write the name the same way everywhere, or give each its own slug in config.toml ([areas."…"] slug = "…")
    .help-partner = partner names that differ only in punctuation, spacing or invisible characters get the same URL: write the name the same way everywhere, or make one an alias of the other in config.toml's [partner_aliases]
build-url-taken-area = area "{ $name }" (in { $file })
build-url-taken-partner = partner "{ $name }" (in { $file })
build-issue-url-empty = the issue folder name "{ $dir }" gives no readable URL
    .help = rename the folder, or set slug = "…" in its _index.md
build-issue-url-reserved = the issue folder name "{ $dir }" gives the URL /{ $slug }/, which is reserved for a page shequ makes
build-area-no-slug = the area "{ $name }" has no readable slug
    .help = add [areas."{ $name }"] slug = "…" to config.toml
build-case-no-slug = the file name "{ $name }" gives no readable URL
    .help = set slug = "…" in its front matter (lowercase letters, digits, hyphens)

# A slug (the name of a page in its URL) that cannot be used (src/text).
# The end of a build (src/pipeline).
build-summary = built { $cases } cases, { $issues } issues, { $areas } areas: { $pages } pages ({ $rendered } rendered), { $files } files ({ $written } written, { $removed } removed) in { $millis } ms
build-failed = error: the build failed with { $errors } error(s) and { $warnings } warning(s); nothing was written
