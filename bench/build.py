#!/usr/bin/env python3
"""The shequ build benchmark (a command, not a test).

For each N it generates the synthetic archive with ../shared/bench/gen_corpus.py
(`--layout ours`, deterministic), then measures with the release binary:

  cold   `shequ build` with no previous output (public/ and its kept generation removed)
  warm   `shequ build` after one case was edited (previous output present)
  noop   `shequ build` with nothing changed

each RUNS times (median, min–max), the peak RSS (from /usr/bin/time), the number and total
size of output files, the search index (files, bytes) and the 1k → 10k ratio. The edit
latency of the dev server's core (Session::rebuild) comes from
`cargo run --release --example rebuild_latency`; the save-to-served latency over HTTP from
bench/serve_latency.py, and the first-query transfer of search from bench/search_size.mjs.

Usage: cargo build --release --examples && python3 bench/build.py [-n 1000 10000] [--runs 5]
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.environ.get("GEN_CORPUS", os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
BIN = os.path.join(REPO, "target", "release", "shequ")


def corpus(n, base):
    root = os.path.join(base, f"corpus-{n}")
    if not os.path.exists(os.path.join(root, "config.toml")):
        subprocess.run([sys.executable, GEN, root, "-n", str(n), "--layout", "ours"], check=True,
                       stdout=subprocess.DEVNULL)
    shutil.rmtree(os.path.join(root, "themes"), ignore_errors=True)
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(root, "themes"))
    return root


def timed_build(root):
    """Runs one build; returns (wall seconds, peak RSS MiB, summary line)."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M", BIN, "build", "--root", root],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"build failed:\n{out.stderr}")
    m = re.search(r"TIME ([\d.]+) (\d+)", out.stderr)
    return float(m.group(1)), int(m.group(2)) / 1024, out.stdout.strip()


def clean(root):
    shutil.rmtree(os.path.join(root, "public"), ignore_errors=True)
    shutil.rmtree(os.path.join(root, ".public.shequ-prev"), ignore_errors=True)


def first_case(root):
    for dirpath, _, files in sorted(os.walk(os.path.join(root, "content"))):
        for f in sorted(files):
            if f.endswith(".md") and f != "_index.md":
                return os.path.join(dirpath, f)
    raise SystemExit("no case found")


def stats(xs):
    return f"median {statistics.median(xs):.3f} s (min {min(xs):.3f}, max {max(xs):.3f}, N={len(xs)})"


def tree(path):
    files = size = 0
    for dirpath, _, names in os.walk(path):
        for f in names:
            if f == ".shequ-generation":
                continue
            files += 1
            size += os.path.getsize(os.path.join(dirpath, f))
    return files, size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default=os.path.join(REPO, "target", "bench"))
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    os.makedirs(args.dir, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; {open('/proc/loadavg').read().split()[0]} load at start")
    warm_medians = {}
    for n in args.n:
        root = corpus(n, args.dir)
        case = first_case(root)
        original = open(case, encoding="utf-8").read()
        cold, warm, noop, rss = [], [], [], []
        for i in range(args.runs):
            clean(root)
            t, r, _ = timed_build(root)
            cold.append(t)
            rss.append(r)
        for i in range(args.runs):
            with open(case, "w", encoding="utf-8") as f:
                f.write(original + f"\n修改{i}。\n")
            t, r, line = timed_build(root)
            warm.append(t)
            rss.append(r)
        for i in range(args.runs):
            t, r, _ = timed_build(root)
            noop.append(t)
        with open(case, "w", encoding="utf-8") as f:
            f.write(original)
        timed_build(root)
        files, size = tree(os.path.join(root, "public"))
        sfiles, ssize = tree(os.path.join(root, "public", "search"))
        warm_medians[n] = statistics.median(warm)
        print(f"\nN = {n}")
        print(f"  cold build:  {stats(cold)}")
        print(f"  warm build (one case edited): {stats(warm)}")
        print(f"  no-op build: {stats(noop)}")
        print(f"  peak RSS:    max {max(rss):.0f} MiB")
        print(f"  output:      {files} files, {size / 2**20:.1f} MiB; search index {sfiles} files, {ssize / 2**20:.1f} MiB")
        print(f"  last warm:   {line}")
    if len(warm_medians) >= 2:
        ns = sorted(warm_medians)
        a, b = ns[0], ns[-1]
        print(f"\nwarm build ratio {a} → {b}: {warm_medians[b] / warm_medians[a]:.1f}× for {b / a:.0f}× the cases")


if __name__ == "__main__":
    main()
