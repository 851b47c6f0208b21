# The command line: --help of every command and flag, errors in the arguments, and the lines
# the commands print themselves. Ids cli-<command>-<flag> are looked up by the flag's name.

cli-about = 社区 shequ — builds the archive website of a community newsletter from Markdown cases
cli-usage = Usage
cli-usage-options = [OPTIONS]
cli-command-value = COMMAND
cli-heading-options = Options
cli-heading-arguments = Arguments
cli-heading-commands = Commands
cli-help = Show this help
cli-version = Show the version

cli-arg-root = The site's folder (the one holding config.toml); default: the current folder
    .value = FOLDER
cli-arg-lang = Language of shequ's messages: zh (Chinese) or en (English); default: the system's language (also SHEQU_LANG)
    .value = LANGUAGE

cli-build-about = Build the website into public/ (ready to upload)
cli-build-output = Folder to build into, instead of public/
    .value = FOLDER
cli-build-base-url = Use this address instead of base_url in config.toml (for a test server)
    .value = ADDRESS
cli-build-drafts = Include cases and issues marked draft = true
cli-build-no-wait = If another shequ is writing the same folder, stop at once instead of waiting

cli-check-about = Check every case, issue and template as a build would, without writing anything
cli-check-drafts = Check the drafts (draft = true) too
cli-check-fix = First replace Chinese punctuation typed where the front matter needs ASCII (，→ , “ ” → " ＝ → =) and say what was changed

cli-new-about = Create a new case file, e.g. shequ new 2024-spring/fangda-caishichang --area 纺大
cli-new-path = Issue folder and file name of the case: <issue>/<name>, e.g. 2024-spring/fangda-caishichang
    .value = ISSUE/NAME
cli-new-area = The residential area (居民区) of the case, as declared in config.toml
    .value = AREA
cli-new-title = The case's title (default: the file name)
    .value = TITLE
cli-new-date = The case's date: 2024, 2024-03 or 2024-03-15 (default: today)
    .value = DATE

cli-serve-about = Preview the site on this computer; with --watch, rebuild and reload the browser on every save
cli-serve-port = Port to listen on (default 1111; 0 takes any free port and prints it)
    .value = PORT
cli-serve-bind = Address to listen on (default 127.0.0.1: this computer only)
    .value = ADDRESS
cli-serve-watch = Rebuild whenever a file in content/, themes/, templates/, static/ or config.toml is saved, and reload open pages
cli-serve-open = Open the site in the default browser
cli-serve-drafts = Show the drafts (draft = true) too
cli-serve-poll = Watch by looking at the files every so many milliseconds (default 1000), for folders on a network share, in WSL or a container, where saves are not noticed otherwise; implies --watch (50–60000)
    .value = MS

cli-help-about = Show the help of shequ or of one of its commands
cli-help-command = The command to explain
    .value = COMMAND

# Mistakes in the command line.
cli-error-unknown-arg = { $arg } is not an option of this command
cli-error-did-you-mean = did you mean { $suggestion }?
cli-error-unknown-command = there is no command “{ $name }”
cli-error-commands = the commands are: { $commands }
cli-error-missing = { $arg } is missing
cli-error-invalid-value = “{ $value }” is not a valid value for { $arg }
cli-error-valid-values = valid values: { $values }
cli-error-no-command = say which command to run: { $commands }
cli-error-other = the command line cannot be read: { $detail }
cli-error-see-help = For more, run: { $command } --help

cli-lang-bad = { $source } takes zh (Chinese) or en (English), not “{ $value }”; the system's language is used

# What the commands print.
check-fixed = fixed { $file }:{ $line }:{ $col }: { $from } → { $to }
check-fixed-space = space
check-not-fixed = not fixed { $file }: its front matter has other mistakes, listed below
check-failed = error: the check found { $errors } error(s) and { $warnings } warning(s); correct them as shown above and run shequ check again (a check writes no file)
check-summary = checked { $cases } cases, { $issues } issues, { $areas } areas: { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
new-created = created { $path }
