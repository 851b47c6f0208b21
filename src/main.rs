//! The `shequ` command line: parse arguments, call a command, map the outcome to an exit code.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use shequ::error::Diagnostics;
use shequ::i18n::{self, tr};
use shequ::pipeline::{self, BuildOptions};
use shequ::t;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// Rendering allocates many small strings on two threads; mimalloc handles that far better
/// than glibc's malloc (measured in the build benchmark).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The command line. Its help texts are not written here but in `locales/*/cli.ftl`
/// (`cli-<command>-<flag>`), filled in by [`localize`] in the user's language.
#[derive(Parser)]
#[command(name = "shequ", version)]
struct Cli {
    #[arg(long, short = 'r', global = true, default_value = ".")]
    root: PathBuf,
    /// Read before the arguments are parsed (see [`lang_flag`]); declared for --help.
    #[arg(long, global = true)]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build {
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        no_wait: bool,
    },
    Check {
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        fix: bool,
    },
    New {
        path: String,
        #[arg(long)]
        area: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        date: Option<String>,
    },
    Serve {
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, short = 'w')]
        watch: bool,
        #[arg(long)]
        open: bool,
        #[arg(long)]
        drafts: bool,
        #[arg(long, num_args = 0..=1, default_missing_value = "1000", value_parser = clap::value_parser!(u64).range(50..=60_000))]
        poll: Option<u64>,
    },
    Help {
        command: Option<String>,
    },
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let (lang, bad) = i18n::detect(lang_flag(&args).as_deref(), &|k| std::env::var(k).ok());
    i18n::set_lang(lang);
    if let Some(bad) = bad {
        eprintln!(
            "{}",
            t!("cli-lang-bad", source = bad.source, value = bad.value)
        );
    }
    let mut command = localize(Cli::command(), None);
    let cli = match command
        .try_get_matches_from_mut(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return argument_error(&mut command, e),
    };
    let root = cli.root;
    match cli.command {
        Command::Build {
            output,
            base_url,
            drafts,
            no_wait,
        } => {
            let mut opts = BuildOptions::new(&root);
            if let Some(o) = output {
                opts.output = o;
            }
            opts.base_url = base_url;
            opts.drafts = drafts;
            if no_wait {
                opts.wait = shequ::output::Wait::No;
            }
            let (summary, diags) = pipeline::build(&opts);
            pipeline::report(&diags);
            match summary {
                Some(s) => {
                    println!("{s}");
                    ExitCode::SUCCESS
                }
                None => ExitCode::from(1),
            }
        }
        Command::Check { drafts, fix } => {
            if fix {
                let (fixes, left) = shequ::check::fix_punctuation(&root);
                for f in &fixes {
                    let to = if f.to == ' ' {
                        t!("check-fixed-space")
                    } else {
                        f.to.to_string()
                    };
                    println!(
                        "{}",
                        t!(
                            "check-fixed",
                            file = shown(&f.file),
                            line = f.line,
                            col = f.col,
                            from = f.from.to_string(),
                            to = to
                        )
                    );
                }
                for file in &left {
                    println!("{}", t!("check-not-fixed", file = shown(file)));
                }
            }
            let mut opts = BuildOptions::new(&root);
            opts.drafts = drafts;
            let mut diags = Diagnostics::default();
            let rendered = pipeline::render(&opts, &mut diags);
            if let Some(r) = &rendered {
                diags.extend(shequ::check::untagged_mentions(&r.site, &root));
            }
            diags.sort();
            pipeline::report_check(&diags);
            match rendered {
                Some(r) => {
                    println!(
                        "{}",
                        t!(
                            "check-summary",
                            cases = r.site.cases.len(),
                            issues = r.site.issues.len(),
                            areas = r.site.areas.len(),
                            errors = diags.error_count(),
                            warnings = diags.warning_count()
                        )
                    );
                    ExitCode::SUCCESS
                }
                None => ExitCode::from(1),
            }
        }
        Command::Serve {
            port,
            bind,
            watch,
            open,
            drafts,
            poll,
        } => {
            let opts = shequ::serve::ServeOptions {
                poll: poll.map(std::time::Duration::from_millis),
                // Polling is a way of watching.
                root,
                bind,
                port,
                watch: watch || poll.is_some(),
                open,
                drafts,
            };
            match shequ::serve::run(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    eprintln!("{d}");
                    ExitCode::from(1)
                }
            }
        }
        Command::New {
            path,
            area,
            title,
            date,
        } => {
            match shequ::scaffold::new_case(&root, &path, &area, title.as_deref(), date.as_deref())
            {
                Ok(made) => {
                    for p in made {
                        println!("{}", t!("new-created", path = shown(&p)));
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprintln!("{d}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Help { command: name } => {
            let target = match &name {
                Some(n) => match command.find_subcommand_mut(n) {
                    Some(sub) => sub,
                    None => {
                        let mut e = clap::Error::new(ErrorKind::InvalidSubcommand);
                        e.insert(
                            ContextKind::InvalidSubcommand,
                            ContextValue::String(n.clone()),
                        );
                        let names: Vec<String> = command
                            .get_subcommands()
                            .map(|s| s.get_name().to_string())
                            .collect();
                        if let Some(s) = shequ::error::closest(n, names.iter().map(String::as_str))
                        {
                            e.insert(
                                ContextKind::SuggestedSubcommand,
                                ContextValue::String(s.to_string()),
                            );
                        }
                        return argument_error(&mut command, e);
                    }
                },
                None => &mut command,
            };
            let _ = target.print_help();
            ExitCode::SUCCESS
        }
    }
}

fn shown(p: &std::path::Path) -> String {
    shequ::error::display_path(p)
}

/// The value of `--lang` (or `--lang=…`), read before clap parses the arguments so that
/// `--help` and clap's own errors are already in that language.
fn lang_flag(args: &[OsString]) -> Option<String> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it.next().map(|v| v.into_owned());
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Some(v.to_string());
        }
    }
    None
}

/// Fills in every help text, heading and value name of `cmd` and its subcommands from the
/// message files, and replaces clap's English help and version flags with our own.
fn localize(cmd: clap::Command, parent: Option<&str>) -> clap::Command {
    let name = cmd.get_name().to_string();
    let key = |arg: &str| match parent {
        None => format!("cli-arg-{arg}"),
        Some(_) => format!("cli-{name}-{arg}"),
    };
    let about = match parent {
        None => tr("cli-about", &[]),
        Some(_) => tr(&format!("cli-{name}-about"), &[]),
    };
    let ids: Vec<String> = cmd
        .get_arguments()
        .filter(|a| !a.is_global_set() || parent.is_none())
        .map(|a| a.get_id().to_string())
        .collect();
    let mut cmd = cmd
        .about(about)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_value_name(tr("cli-command-value", &[]));
    for id in &ids {
        let k = key(&id.replace('_', "-"));
        let help = tr(&k, &[]);
        let value = tr(&format!("{k}.value"), &[]);
        let has_value = !value.ends_with(".value");
        cmd = cmd.mut_arg(id, move |a| {
            let a = a.help(help);
            if !a.get_action().takes_values() {
                return a;
            }
            let a = a.hide_default_value(true);
            if has_value { a.value_name(value) } else { a }
        });
    }
    cmd = cmd.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(tr("cli-help", &[])),
    );
    let mut usage = match parent {
        None => "shequ".to_string(),
        Some(p) => format!("{p} {name}"),
    };
    usage.push(' ');
    usage.push_str(&tr("cli-usage-options", &[]));
    if parent.is_none() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr("cli-version", &[])),
        );
        usage.push_str(&format!(" <{}>", tr("cli-command-value", &[])));
    }
    for a in cmd.get_positionals() {
        let v = a
            .get_value_names()
            .and_then(|v| v.first())
            .map_or_else(|| a.get_id().to_string(), |v| v.to_string());
        if a.is_required_set() {
            usage.push_str(&format!(" <{v}>"));
        } else {
            usage.push_str(&format!(" [{v}]"));
        }
    }
    // Our own headings (clap's are English and end in an ASCII colon).
    let mut template = format!(
        "{{about-with-newline}}\n{}{}{{usage}}\n",
        tr("cli-usage", &[]),
        i18n::colon()
    );
    let colon = i18n::colon().trim_end();
    if cmd.get_positionals().next().is_some() {
        let h = tr("cli-heading-arguments", &[]);
        template.push_str(&format!("\n{h}{colon}\n{{positionals}}\n"));
    }
    if cmd.has_subcommands() {
        let h = tr("cli-heading-commands", &[]);
        template.push_str(&format!("\n{h}{colon}\n{{subcommands}}\n"));
    }
    let h = tr("cli-heading-options", &[]);
    template.push_str(&format!("\n{h}{colon}\n{{options}}{{after-help}}"));
    cmd = cmd.override_usage(usage).help_template(template);
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        let parent_usage = "shequ".to_string();
        cmd = cmd.mut_subcommand(&sub, |s| localize(s, Some(&parent_usage)));
    }
    cmd
}

/// A mistake in the command line, said in the user's language (clap's own messages are
/// English only). Help and version requests are printed as they are.
fn argument_error(command: &mut clap::Command, e: clap::Error) -> ExitCode {
    let text = |k: ContextKind| -> Option<String> {
        match e.get(k)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            _ => None,
        }
    };
    let commands = || {
        command
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = Vec::new();
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            lines.push(t!("cli-error-no-command", commands = commands()));
        }
        ErrorKind::UnknownArgument => {
            let arg = text(ContextKind::InvalidArg).unwrap_or_default();
            lines.push(t!("cli-error-unknown-arg", arg = arg));
            if let Some(s) = text(ContextKind::SuggestedArg) {
                lines.push(t!("cli-error-did-you-mean", suggestion = s));
            }
        }
        ErrorKind::InvalidSubcommand => {
            let name = text(ContextKind::InvalidSubcommand)
                .unwrap_or_else(|| e.render().to_string().trim().to_string());
            lines.push(t!("cli-error-unknown-command", name = name));
            match text(ContextKind::SuggestedSubcommand) {
                Some(s) => lines.push(t!("cli-error-did-you-mean", suggestion = s)),
                None => lines.push(t!("cli-error-commands", commands = commands())),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let arg = text(ContextKind::InvalidArg).unwrap_or_default();
            lines.push(t!("cli-error-missing", arg = arg));
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let arg = text(ContextKind::InvalidArg).unwrap_or_default();
            let value = text(ContextKind::InvalidValue).unwrap_or_default();
            lines.push(t!("cli-error-invalid-value", arg = arg, value = value));
            if let Some(v) = text(ContextKind::ValidValue) {
                lines.push(t!("cli-error-valid-values", values = v));
            }
        }
        _ => {
            let detail = text(ContextKind::InvalidArg)
                .unwrap_or_else(|| e.kind().as_str().unwrap_or("?").to_string());
            lines.push(t!("cli-error-other", detail = detail));
        }
    }
    let colon = i18n::colon();
    let mut lines = lines.into_iter();
    eprintln!(
        "{}{colon}{}",
        t!("severity-error"),
        lines.next().unwrap_or_default()
    );
    for more in lines.chain([t!("cli-error-see-help", command = "shequ")]) {
        eprintln!("   = {}{colon}{more}", t!("diagnostic-help"));
    }
    ExitCode::from(2)
}
