# Messages of src/serve: the preview and its error overlay (see cli.ftl for the conventions).

## Starting the preview.
serve-root-unreadable = cannot open the site root { $path }: { $error }
    .help = run shequ in the site's root directory (the one holding config.toml), or pass --root DIR
serve-preview-dir-failed = cannot create the preview directory { $path }: { $error }
    .help = the preview writes its pages under .shequ/ in the site root: check that the site root can be written to
serve-preview-lock-failed = cannot lock the preview directory
serve-already-running = another `shequ serve` is already previewing this site
    .help = use the preview that is running (its address is in its window), or stop it with Ctrl-C first
serve-bad-address = cannot use "{ $host }" as an address to listen on: { $error }
    .help = pass --bind 127.0.0.1 (this machine only) or --bind 0.0.0.0 (the whole network)
serve-cannot-listen = cannot listen on { $address }: { $error }
    .help = another program may be using the port: pass --port 0 to pick a free one
serve-no-address = "{ $host }" resolves to no address
serve-address-unreadable = cannot read the listening address: { $error }
serve-cannot-start = cannot start the HTTP server: { $error }
serve-cannot-serve = error: cannot serve: { $error }
serve-first-build-failed = the first build failed; nothing to serve
    .help = fix the errors above, or run `shequ serve --watch` to fix them while the preview runs
serve-first-build-failed-watching = build failed in { $millis } ms; serving { $path } as it was, waiting for fixes
serve-not-local = warning: listening on { $address }, reachable from other machines on the network
# Scripts read the address from this line: keep the address last.
serve-serving = serving { $url }
serve-watching = watching content/, themes/, templates/, static/ and config.toml; press Ctrl-C to stop
serve-browser-failed = warning: could not open a browser ({ $why }); open { $url } in your browser by hand
serve-browser-launcher = the program that opens it reported a failure

## Watching files.
serve-watch-unavailable = warning: cannot watch the site's files ({ $error }); serving without rebuilding
serve-watch-stopped = warning: file watching stopped; serving without rebuilding
serve-watch-folder-failed = warning: cannot watch { $folder }/: { $error }
serve-watch-error = warning: file watching: { $error }
serve-watch-too-many = the system's limit on watched files is reached
serve-watch-gone = the file or folder is gone
serve-watch-other = the system's file watcher reported an error

## A line per rebuild.
serve-changed = { $files } changed
serve-changed-more = { $files } and { $count } more changed
serve-changed-rescan = files changed (rescanned everything)
serve-rebuild-failed = rebuild failed: { $what } → { $errors } error(s) in { $millis } ms; still serving the last good build
serve-rebuilt-unchanged = rebuilt: { $what } → output unchanged in { $millis } ms
serve-rebuilt = rebuilt: { $what } → { $rendered } of { $pages } pages re-rendered, { $written } files written, { $removed } removed in { $millis } ms
    .css = { $line } (stylesheets swapped)
serve-search-updated = search index brought up to date in { $millis } ms
serve-search-failed = search index update failed; the previous index is still served
serve-build-failed = the build failed

## In the browser: the error overlay over the previewed page, and the page shown before
## any build succeeded.
serve-overlay-label = Build failed
serve-overlay-title = Build failed: { $count ->
        [one] 1 error
       *[other] { $count } errors
    }
serve-overlay-intro = The page is still the last good build. Change the files as the hints below say and save: the page reloads once they are fixed.
serve-overlay-heading = { $severity } — { $place }
serve-overlay-where = { $file }, line { $line }, column { $col }
serve-overlay-error = Error
serve-overlay-warning = Warning
serve-overlay-help = Hint: { $help }
serve-overlay-close = Close
serve-404-title = 404 Not found
serve-404-text = There is no page at this address.
