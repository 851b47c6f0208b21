# Messages of src/output: writing the site into its folder (see cli.ftl for the conventions).

# Only one shequ writes a folder at a time.
output-lock-holder = another shequ
output-lock-holder-pid = another shequ (pid { $pid })
output-lock-busy = { $who } is writing { $out } right now; this build stopped without changing anything
    .help = build again when it has finished, or leave out --no-wait to wait for it
output-lock-waiting = waiting: { $who } is writing { $out }; this build goes on when it has finished
output-lock-failed = cannot lock { $path } (so that only one shequ writes the output at a time): { $error }
    .help = check that the folder holding the output directory exists and can be written to

# Where the site may be written.
output-refuse = refusing to use { $out } as the output directory: { $why }
    .choose = choose a directory of its own, such as public/ (the default)
output-refuse-link-not-dir = it is a link to something that is not a directory
output-refuse-link-gone = it is a link to { $target }, which does not exist
    .help = create the directory the link points to, or remove the link
output-refuse-file = it is a file, not a directory
    .help = give the name of a directory (it is created when missing)
output-refuse-fs-root = it is the file-system root
output-refuse-site-root = it is the site root or contains it
output-refuse-site-files = it is inside { $folder }/, which holds the site's own files
output-refuse-home = it is the home directory
output-refuse-cwd = it is the current directory or contains it
output-refuse-top-level = it is a top-level directory of the system
output-refuse-system = it is inside { $folder }, a directory of the system
output-foreign-files = { $out } already holds files that shequ did not write; refusing to change it
    .help = shequ writes only into an empty or new directory, or one it wrote before: move those files elsewhere, or choose another directory with --output
output-previous-in-the-way = { $path } is in the way: shequ keeps the previous copy of the site under that name, but it is not a directory shequ made
    .help = remove or rename it, then build again
output-previous-foreign = { $path } exists and was not made by shequ; refusing to change it
    .help = shequ keeps the previous copy of { $out } there: look through it, then move it away
output-previous-unreadable = cannot look through the previous copy of the site that shequ keeps in { $path }: { $error }
    .help = check the permissions of the folder holding the output directory

# Two files for one place in the output.
output-collision-page = the page shequ makes at /{ $path }
output-collision-data = shequ's own file /{ $path }
output-collision-same = two files would be written to /{ $at } in the output: { $first } and { $second }
    .help = rename or move the file: a file from static/ or beside a case cannot take the name of a page, or of a folder of pages
output-collision-folder = /{ $at } in the output would be a file ({ $first }) and a folder holding { $second }
output-outside = refusing to write outside the output directory: "{ $path }"

# The disk said no.
output-cannot-create = cannot create { $path }: { $error }
output-cannot-update = cannot update { $path }: { $error }
output-cannot-write = cannot write { $path }: { $error }
output-cannot-swap = cannot put the new site in place at { $path }: { $error }
output-disk-full = the disk is full: free some space, then build again; the output was left as it was
output-check-permissions = check the permissions and free space of the output directory; the output was left as it was
