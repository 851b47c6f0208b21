#!/usr/bin/env python3
"""The photo benchmark (issue 18; a command, not a test).

Generates N photo-like 12-megapixel JPEGs (`examples/gen_photos.rs`, 4000 × 3000, JPEG
quality 90, a few MB each; kept in WORK/photos-N and reused), lays them out as a site of
cases with 3 photos each (figures, so each case page shows a gallery), then measures with
the release binary:

  cold   `shequ build` with no photo cache and no previous output: wall time, user+system
         CPU time, both per photo (CPU per photo = what one core spends on one photo)
  warm   `shequ build` again, nothing changed: wall time, and how many photos were encoded
         (from SHEQU_TIMINGS: must be 0)
  phone  the bytes of images a 390 px wide phone downloads for one case page with 3
         photos: the file each <img>/<source> srcset gives at that width, for the slot
         its `sizes` gives (100vw − 2rem for a single photo, 85vw − 2rem in a gallery),
         picked as Chromium picks (the smallest candidate whose density reaches the device
         pixel ratio); WebP files (every current browser reads them); at DPR 3 (an iPhone
         12–15), 2 and 1. With --chromium, also measured: headless Chromium
         (bench/photos_phone.mjs, playwright-core from tests/browser: `npm ci` there) loads
         the page from a local HTTP server at 390 × 844 and each DPR, and every image
         response is counted

Usage: cargo build --release --bin shequ --example gen_photos && python3 bench/photos.py
       [-n 200] [--runs 1] [--work DIR (default /tmp/shequ-photo-bench)] [--chromium]
"""

import argparse
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(REPO, "target", "release", "shequ")
GEN = os.path.join(REPO, "target", "release", "examples", "gen_photos")


def photos(work, n):
    d = os.path.join(work, f"photos-{n}")
    if len([f for f in os.listdir(d) if f.endswith(".jpg")] if os.path.isdir(d) else []) < n:
        t = time.time()
        subprocess.run([GEN, d, str(n)], check=True)
        print(f"generated {n} photos in {time.time() - t:.0f} s", file=sys.stderr)
    return d


def site(work, n, src):
    root = os.path.join(work, f"site-{n}")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "content", "2024-photos"))
    with open(os.path.join(root, "config.toml"), "w") as f:
        f.write('title = "照片基准"\nbase_url = "https://example.org/"\n')
    with open(os.path.join(root, "content", "2024-photos", "_index.md"), "w") as f:
        f.write('+++\ntitle = "照片"\ndate = "2024"\n+++\n')
    names = sorted(x for x in os.listdir(src) if x.endswith(".jpg"))[:n]
    for c in range(math.ceil(n / 3)):
        case = os.path.join(root, "content", "2024-photos", f"case-{c:03}")
        os.makedirs(case)
        figures = ""
        for name in names[c * 3:c * 3 + 3]:
            os.link(os.path.join(src, name), os.path.join(case, name))
            figures += f'\n[[figures]]\nsrc = "{name}"\ncaption = "照片 {name}"\n'
        with open(os.path.join(case, "index.md"), "w") as f:
            f.write(f'+++\ntitle = "案例 {c}"\ndate = "2024-05"\narea = "纺大"\n{figures}+++\n正文。\n')
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(root, "themes"))
    return root


def build(root):
    before = os.times()
    t = time.time()
    out = subprocess.run([BIN, "--root", root, "build"], env={**os.environ, "SHEQU_TIMINGS": "1"},
                         capture_output=True, text=True)
    wall = time.time() - t
    after = os.times()
    if out.returncode != 0:
        sys.exit(out.stderr)
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    m = re.search(r"photos: (\d+) encoded, (\d+) from the cache", out.stderr)
    return wall, cpu, int(m.group(1)), int(m.group(2))


def pick(candidates, slot, dpr):
    """Chromium's choice among (url, width) candidates for a slot of `slot` CSS pixels: the
    smallest whose density (width / slot) reaches the device pixel ratio, else the largest."""
    c = sorted(((w / slot, url) for url, w in candidates))
    return next((url for density, url in c if density >= dpr), c[-1][1])


def slot_width(sizes, viewport):
    # The theme's sizes: "(max-width: 42em) calc(Nvw - 2rem), 40em" (1em = 16 px).
    m = re.match(r"\(max-width: 42em\) calc\((\d+)vw - 2rem\), (\d+)em", sizes)
    vw, em = int(m.group(1)), int(m.group(2))
    return viewport * vw / 100 - 32 if viewport <= 42 * 16 else em * 16


def phone_bytes(root, viewport, dpr):
    page = os.path.join(root, "public", "2024-photos", "case-000", "index.html")
    html = open(page, encoding="utf-8").read()
    total = 0
    chosen = []
    for srcset, sizes in re.findall(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', html):
        cands = [(u, int(w[:-1])) for u, w in (x.strip().split(" ") for x in srcset.split(","))]
        url = pick(cands, slot_width(sizes, viewport), dpr)
        size = os.path.getsize(os.path.join(root, "public", url.lstrip("/")))
        chosen.append(f"{os.path.basename(url)} {size // 1024} KB")
        total += size
    return total, chosen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--work", default="/tmp/shequ-photo-bench")
    ap.add_argument("--chromium", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    src = photos(a.work, a.n)
    mb = sum(os.path.getsize(os.path.join(src, f)) for f in os.listdir(src)) / 1e6
    print(f"N = {a.n} photos, 4000 × 3000, {mb / a.n:.1f} MB each; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} before the runs")
    colds, warms = [], []
    for _ in range(a.runs):
        root = site(a.work, a.n, src)
        colds.append(build(root))
        warms.append(build(root))
    cw = statistics.median(x[0] for x in colds)
    cc = statistics.median(x[1] for x in colds)
    spread = lambda xs: f"{min(xs):.1f}–{max(xs):.1f}"
    print(f"cold ({a.runs} runs, median): {cw:.1f} s wall ({spread([x[0] for x in colds])}), "
          f"{cc:.1f} s CPU ({spread([x[1] for x in colds])}); per photo {cw / a.n * 1000:.0f} ms wall, "
          f"{cc / a.n * 1000:.0f} ms CPU (one core); encoded {colds[0][2]}")
    ww = statistics.median(x[0] for x in warms)
    print(f"warm ({a.runs} runs, median): {ww:.2f} s wall ({spread([x[0] for x in warms])}); "
          f"encoded {max(x[2] for x in warms)}, from the cache {warms[0][3]}")
    for dpr in (3, 2, 1):
        total, chosen = phone_bytes(root, 390, dpr)
        print(f"phone 390 px, DPR {dpr}: {total / 1024:.0f} KB of images for 3 photos ({', '.join(chosen)})")
    if a.chromium:
        import json
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                                  cwd=os.path.join(root, "public"), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            time.sleep(1)
            got = subprocess.run(["node", os.path.join(REPO, "bench", "photos_phone.mjs"),
                                  f"http://127.0.0.1:{port}/2024-photos/case-000/", "3", "2", "1"],
                                 check=True, capture_output=True, text=True, timeout=120).stdout
        finally:
            server.terminate()
            server.wait()
        for dpr, images in json.loads(got).items():
            total = sum(n for _, n in images)
            names = ", ".join(f"{os.path.basename(p)} {n // 1024} KB" for p, n in images)
            print(f"Chromium, 390 px, DPR {dpr}: {total / 1024:.0f} KB of images ({names})")
    print(f"load average {os.getloadavg()[0]:.1f} after the runs")


if __name__ == "__main__":
    main()
