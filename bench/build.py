#!/usr/bin/env python3
"""The shequ build benchmark (a command, not a test).

For each N it generates the synthetic archive with bench/gen_corpus.py
(`--layout ours`, deterministic), then measures with the release binary:

  cold     `shequ build` with no previous output: public/ and its kept generation are moved
           aside (deleted only when every measurement is done)
  cold-rm  the same right after `rm -rf` of the previous output. On this machine's ext4
           (no journal) the kernel then skips the freshly freed inodes one by one when it
           creates files, which can cost more than the build itself; reported apart
  cp -r    copying the cold build's output tree (the bar for a cold build, same run)
  first    the first `shequ build` after a cold one, one case edited (no kept generation yet)
  warm     `shequ build` after one case was edited (previous output present)
  noop     `shequ build` with nothing changed

each RUNS times (median, min–max; cold with user and system CPU time), the peak RSS (from
/usr/bin/time), the number and total size of output files, the search index (files, bytes),
the 1k → 10k ratio, and — last, so that its copies do not disturb the builds — the
save-to-served latency of `shequ serve --watch` for one edited case (bench/serve_latency.py:
a text edit, and a forces edit). The core of that (Session::rebuild) is
`target/release/examples/rebuild_latency`; the first-query transfer of search is
bench/search_size.mjs.

Usage: cargo build --release --bins --examples && python3 bench/build.py [-n 1000 10000 100000] [--runs 5]
       [--skip-cold-rm]
       [--serve-edits 10] [--bin PATH (another shequ binary, to compare; default the release build)]
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.environ.get("GEN_CORPUS", os.path.join(REPO, "bench", "gen_corpus.py"))
BIN = os.path.join(REPO, "target", "release", "shequ")


def corpus(n, base):
    root = os.path.join(base, f"corpus-{n}")
    if not os.path.exists(os.path.join(root, "config.toml")):
        subprocess.run([sys.executable, GEN, root, "-n", str(n), "--layout", "ours"], check=True,
                       stdout=subprocess.DEVNULL)
    shutil.rmtree(os.path.join(root, "themes"), ignore_errors=True)
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(root, "themes"))
    return root


def timed_build(root, cpu=None):
    """Runs one build; returns (wall seconds, peak RSS MiB, summary line). Appends
    (user, system) CPU seconds to `cpu` when given."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M %U %S", BIN, "build", "--root", root],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"build failed:\n{out.stderr}")
    m = re.search(r"TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)", out.stderr)
    if cpu is not None:
        cpu.append((float(m.group(3)), float(m.group(4))))
    return float(m.group(1)), int(m.group(2)) / 1024, out.stdout.strip()


def clean(root):
    shutil.rmtree(os.path.join(root, "public"), ignore_errors=True)
    shutil.rmtree(os.path.join(root, ".public.shequ-prev"), ignore_errors=True)


def set_aside(root, trash):
    """Moves the output and its kept generation out of the way without deleting them."""
    os.makedirs(trash, exist_ok=True)
    for name in ("public", ".public.shequ-prev"):
        src = os.path.join(root, name)
        if os.path.exists(src):
            os.rename(src, os.path.join(trash, f"{len(os.listdir(trash))}-{name}"))


def cpu_stats(cpu):
    return (f"CPU user {statistics.median(u for u, _ in cpu):.2f} s, "
            f"system {statistics.median(s for _, s in cpu):.2f} s (medians)")


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
    global BIN
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default=os.path.join(REPO, "target", "bench"))
    ap.add_argument("--serve-edits", type=int, default=10,
                    help="edits per serve --watch latency measurement (0: skip)")
    ap.add_argument("--bin", default=BIN, help="the shequ binary to measure")
    ap.add_argument("--cold-runs", type=int, default=0,
                    help="cold builds (each with a cp -r and a first build after it); default --runs")
    ap.add_argument("--skip-cold-rm", action="store_true",
                    help="skip the cold builds right after rm -rf (slow on this disk at 100,000)")
    args = ap.parse_args()
    BIN = os.path.abspath(args.bin)
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    os.makedirs(args.dir, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; {open('/proc/loadavg').read().split()[0]} load at start")
    warm_medians = {}
    trash = os.path.join(args.dir, "trash")
    shutil.rmtree(trash, ignore_errors=True)
    roots = {}
    for n in args.n:
        root = corpus(n, args.dir)
        roots[n] = root
        case = first_case(root)
        original = open(case, encoding="utf-8").read()
        cold, cold_rm, first, warm, noop, copy, rss, cpu, cpu_rm = ([] for _ in range(9))
        for i in range(args.cold_runs or args.runs):
            set_aside(root, trash)
            t, r, _ = timed_build(root, cpu)
            cold.append(t)
            rss.append(r)
            # What copying the same output tree costs on this disk, in the same run.
            dest = os.path.join(trash, f"cp-{i}")
            t0 = time.monotonic()
            subprocess.run(["cp", "-r", os.path.join(root, "public"), dest], check=True)
            copy.append(time.monotonic() - t0)
            # The first build after a cold one, with one case edited.
            with open(case, "w", encoding="utf-8") as f:
                f.write(original + f"\n首次{i}。\n")
            t, r, _ = timed_build(root)
            first.append(t)
            rss.append(r)
            # The copy goes at once (not timed): at 100,000 cases the copies alone fill a disk.
            shutil.rmtree(dest, ignore_errors=True)
        for i in range(args.runs):
            with open(case, "w", encoding="utf-8") as f:
                f.write(original + f"\n修改{i}。\n")
            t, r, line = timed_build(root)
            warm.append(t)
            rss.append(r)
        for i in range(args.runs):
            t, r, _ = timed_build(root)
            noop.append(t)
            rss.append(r)
        with open(case, "w", encoding="utf-8") as f:
            f.write(original)
        for i in range(0 if args.skip_cold_rm else args.runs):
            clean(root)
            t, r, _ = timed_build(root, cpu_rm)
            cold_rm.append(t)
        files, size = tree(os.path.join(root, "public"))
        sfiles, ssize = tree(os.path.join(root, "public", "search"))
        warm_medians[n] = statistics.median(warm)
        print(f"\nN = {n}")
        print(f"  cold build:  {stats(cold)}; {cpu_stats(cpu)}")
        print(f"  cp -r of the output tree: {stats(copy)}; cold / cp -r = "
              f"{statistics.median(cold) / statistics.median(copy):.2f}")
        if cold_rm:
            print(f"  cold after rm -rf of the previous output: {stats(cold_rm)}; {cpu_stats(cpu_rm)}")
        print(f"  first build after a cold one (one case edited): {stats(first)}")
        print(f"  warm build (one case edited): {stats(warm)}; first after cold / warm = "
              f"{statistics.median(first) / statistics.median(warm):.2f}")
        print(f"  no-op build: {stats(noop)}")
        print(f"  peak RSS:    max {max(rss):.0f} MiB")
        print(f"  output:      {files} files, {size / 2**20:.1f} MiB; search index {sfiles} files, {ssize / 2**20:.1f} MiB")
        print(f"  last warm:   {line}")
    if len(warm_medians) >= 2:
        ns = sorted(warm_medians)
        a, b = ns[0], ns[-1]
        print(f"\nwarm build ratio {a} → {b}: {warm_medians[b] / warm_medians[a]:.1f}× for {b / a:.0f}× the cases")
    if args.serve_edits > 0:
        for n in args.n:
            for edit in ("body", "forces"):
                print(f"\nN = {n}: ", end="", flush=True)
                subprocess.run([sys.executable, os.path.join(REPO, "bench", "serve_latency.py"),
                                "--site", roots[n], "-n", str(args.serve_edits), "--edit", edit,
                                "--bin", BIN,
                                "--gap", "2.5" if n >= 5000 else "0.5"], check=True)
    shutil.rmtree(trash, ignore_errors=True)


if __name__ == "__main__":
    main()
