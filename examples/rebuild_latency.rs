//! Measures `Session::rebuild` after editing one case: the core of the dev server's
//! save-to-served latency, without HTTP or file watching.
//!
//! cargo run --release --example rebuild_latency -- SITE_ROOT [RUNS] [forces|weight]
//!
//! With `forces`, every other edit also adds a force to the case's front matter; with
//! `weight`, every other edit gives it a weight, which reorders its issue (the model is
//! built anew).
//!
//! With `SHEQU_NO_CATCH_UP=1` a deferred search index is left behind (for profiling the
//! rebuilds alone).

use shequ::pipeline::{BuildOptions, Session};
use std::path::PathBuf;
use std::time::Instant;

/// The same allocator as the `shequ` binary, so figures match `serve --watch`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .expect("usage: rebuild_latency SITE_ROOT [RUNS]"),
    );
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(7);
    let edit = args.next().unwrap_or_default();
    let case = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .expect("a case file");
    let original = std::fs::read_to_string(&case).expect("readable case");
    let mut session = Session::new(BuildOptions::new(&root));
    let t = Instant::now();
    let (summary, diags) = session.rebuild(&[]);
    assert!(summary.is_some(), "first build failed: {:?}", diags.items);
    println!("first build: {} ms", t.elapsed().as_millis());
    let mut times = Vec::new();
    for i in 0..runs {
        let mut text = format!("{original}\n修改{i}。\n");
        if i % 2 == 0 {
            match edit.as_str() {
                // Also a change of lists: one more force.
                "forces" => text = text.replacen("forces = [", "forces = [\"社会慈善资源\", ", 1),
                // A change of order within its issue: the model is built anew.
                "weight" => text = text.replacen("\ndate = ", "\nweight = 1\ndate = ", 1),
                _ => {}
            }
        }
        std::fs::write(&case, text).expect("writable case");
        let t = Instant::now();
        let (summary, diags) = session.rebuild(std::slice::from_ref(&case));
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let Some(summary) = summary else {
            let shown: Vec<String> = diags.items.iter().map(|d| d.to_string()).collect();
            panic!("rebuild failed:\n{}", shown.join("\n"));
        };
        println!(
            "rebuild {i}: {ms:.1} ms, {} pages rendered, {} files written{}",
            summary.rendered,
            summary.write.written,
            if summary.search_deferred {
                "; search index deferred"
            } else {
                ""
            }
        );
        times.push(ms);
        let t = Instant::now();
        if std::env::var_os("SHEQU_NO_CATCH_UP").is_some() {
            continue;
        }
        if session.catch_up().is_some() {
            println!(
                "  search index caught up in {:.0} ms",
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
    std::fs::write(&case, original).expect("restore the case");
    session.rebuild(std::slice::from_ref(&case));
    times.sort_by(f64::total_cmp);
    println!(
        "one case edited, N={runs}: median {:.1} ms (min {:.1}, max {:.1})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
