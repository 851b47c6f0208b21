//! The `shequ` command line: parse arguments, call a command, map the outcome to an exit code.

use clap::{Parser, Subcommand};
use shequ::error::Diagnostics;
use shequ::pipeline::{self, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// Rendering allocates many small strings on two threads; mimalloc handles that far better
/// than glibc's malloc (measured in the build benchmark).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "shequ",
    version,
    about = "社区 — a static-site generator for community-newsletter archives"
)]
struct Cli {
    /// Site root (the directory holding config.toml).
    #[arg(long, short = 'r', global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory (public/ by default).
    Build {
        /// Output directory.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Override config.toml's base_url (e.g. for a staging host).
        #[arg(long)]
        base_url: Option<String>,
        /// Include cases and issues marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// If another shequ is writing the same output, stop at once instead of waiting.
        #[arg(long)]
        no_wait: bool,
    },
    /// Validate everything a build would, and report untagged mentions; writes nothing.
    Check {
        #[arg(long)]
        drafts: bool,
        /// First rewrite Chinese punctuation typed where front-matter syntax needs ASCII.
        #[arg(long)]
        fix: bool,
    },
    /// Scaffold a case file: shequ new <issue>/<slug> --area 纺大
    New {
        /// <issue>/<slug>, e.g. 2024-spring/fangda-caishichang
        path: String,
        /// The residential area (居民区).
        #[arg(long)]
        area: String,
        /// The case's title (default: the slug).
        #[arg(long)]
        title: Option<String>,
        /// The case's date: 2024, 2024-03 or 2024-03-15 (default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Build, then serve the site locally; with --watch, rebuild and reload on every save.
    Serve {
        /// Port to listen on (0: any free port; the address is printed).
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// Address to listen on; the default serves this machine only.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Rebuild on changes to content/, themes/, templates/, static/ and config.toml,
        /// and reload open pages.
        #[arg(long, short = 'w')]
        watch: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include cases and issues marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
                    println!(
                        "fixed {}:{}:{}: {} → {}",
                        f.file.display(),
                        f.line,
                        f.col,
                        f.from,
                        if f.to == ' ' {
                            "space".to_string()
                        } else {
                            f.to.to_string()
                        }
                    );
                }
                for file in &left {
                    println!(
                        "not fixed {}: its front matter has other mistakes; see below",
                        file.display()
                    );
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
            pipeline::report(&diags);
            match rendered {
                Some(r) => {
                    println!(
                        "checked {} cases, {} issues, {} areas: {} error(s), {} warning(s)",
                        r.site.cases.len(),
                        r.site.issues.len(),
                        r.site.areas.len(),
                        diags.error_count(),
                        diags.warning_count()
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
        } => {
            let opts = shequ::serve::ServeOptions {
                root,
                bind,
                port,
                watch,
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
                        println!("created {}", p.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprintln!("{d}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
