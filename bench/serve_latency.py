#!/usr/bin/env python3
"""Save-to-served latency of `shequ serve --watch`.

Copies the bundled site (or `--site DIR`, e.g. a synthetic archive from
bench/gen_corpus.py) to a temporary directory, starts the release binary on an
ephemeral loopback port, follows the live-reload event stream, then edits one case N times
(each edit its own save, spaced apart) and measures, from just before the write:

  save→event   the reload event arrived (sent after the new generation was swapped in, so
               from then on the new page is what the server serves)
  save→page    a GET of the edited page returned the new text (event + one request)
  rebuild      the server's own figure for the rebuild ("… in N ms" on its stdout)

Edits (`--edit`): `body` appends a line to the case's text (the dev server patches its kept
model in place); `forces` also adds or removes a force in the front matter, which moves the
case between lists (the model is built anew from the parsed files).

Usage: cargo build --release && python3 bench/serve_latency.py [-n 30] [--mode inplace|rename]
       [--edit body|forces] [--site DIR]
Only loopback traffic; every wait is bounded.
"""

import argparse
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sse_reader(host, port, events):
    s = socket.create_connection((host, port), timeout=60)
    s.sendall(f"GET /__shequ/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    f = s.makefile("rb")
    while f.readline() not in (b"\r\n", b""):
        pass
    name = None
    while True:
        line = f.readline()
        if not line:
            return
        now = time.perf_counter()
        line = line.rstrip(b"\r\n").decode("utf-8", "replace")
        if line.startswith("event: "):
            name = line[7:]
        elif line == "" and name:
            events.put((name, now))
            name = None


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def toggle_force(text, i):
    """Adds 社会慈善资源 to the case's forces on odd edits (a change of lists, not of text)."""
    m = re.search(r"^forces = \[(.*)\]$", text, re.M)
    assert m, "the case has no forces line"
    names = [n.strip() for n in m.group(1).split(",") if n.strip()]
    names = [n for n in names if n != '"社会慈善资源"']
    if i % 2:
        names.append('"社会慈善资源"')
    return text[:m.start()] + f"forces = [{', '.join(names)}]" + text[m.end():]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=30, help="edits to time")
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "shequ"))
    ap.add_argument("--mode", choices=["inplace", "rename"], default="inplace",
                    help="inplace: truncate and write (VS Code); rename: write a temp file, rename over")
    ap.add_argument("--gap", type=float, default=0.3, help="seconds between edits")
    ap.add_argument("--edit", choices=["body", "forces"], default="body")
    ap.add_argument("--site", help="site to copy instead of the bundled one")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} is missing: run cargo build --release first")

    tmp = tempfile.mkdtemp(prefix="shequ-latency-")
    root = os.path.join(tmp, "site")
    os.makedirs(root)
    src = args.site or REPO
    shutil.copy(os.path.join(src, "config.toml"), root)
    for d in ("content", "themes"):
        shutil.copytree(os.path.join(src, d), os.path.join(root, d))
    if args.site:
        shutil.rmtree(os.path.join(root, "themes"))
        shutil.copytree(os.path.join(REPO, "themes"), os.path.join(root, "themes"))
    issue = sorted(d for d in os.listdir(os.path.join(root, "content")))[0]
    case = sorted(f for f in os.listdir(os.path.join(root, "content", issue))
                  if f.endswith(".md") and not f.startswith("_"))[0]
    case_path = os.path.join(root, "content", issue, case)
    original = open(case_path, encoding="utf-8").read()

    # English whatever the system's language: the lines below are read by their words.
    proc = subprocess.Popen([args.bin, "--lang", "en", "--root", root, "serve", "--watch", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout], daemon=True).start()
    try:
        deadline = time.time() + 900  # the first build of 100,000 cases takes minutes
        url = None
        while url is None:
            line = lines.get(timeout=max(0.1, deadline - time.time()))
            m = re.search(r"(http://([\d.]+):(\d+)(/\S*))$", line.strip())
            if m:
                url, host, port, base = m.group(1), m.group(2), int(m.group(3)), m.group(4)
        events = queue.Queue()
        threading.Thread(target=sse_reader, args=(host, port, events), daemon=True).start()
        name, _ = events.get(timeout=30)
        assert name == "hello", name
        # The edited page: the case's URL, from its slug-less default (the file stem).
        page_url = None
        html = urllib.request.urlopen(url, timeout=30).read().decode()
        stem = case[:-3]
        for m in re.finditer(r'href="([^"]+)"', html):
            if m.group(1).rstrip("/").endswith("/" + stem):
                page_url = f"http://{host}:{port}{m.group(1)}"
                break
        if page_url is None:
            page_url = f"http://{host}:{port}{base}{issue}/{stem}/"

        to_event, to_page, rebuild = [], [], []
        for i in range(args.n + 1):  # the first edit warms the previous generation up
            token = f"测量标记{i}x{os.getpid()}"
            text = original.rstrip("\n") + f"\n\n{token}\n"
            if args.edit == "forces":
                text = toggle_force(text, i)
            while not lines.empty():
                lines.get_nowait()
            t0 = time.perf_counter()
            if args.mode == "inplace":
                with open(case_path, "w", encoding="utf-8") as f:
                    f.write(text)
            else:
                tmpf = os.path.join(os.path.dirname(case_path), f".{case}.tmp{i}")
                with open(tmpf, "w", encoding="utf-8") as f:
                    f.write(text)
                os.rename(tmpf, case_path)
            name, t1 = events.get(timeout=600)  # the first edit after a cold build, at 100,000
            assert name == "reload", name
            body = urllib.request.urlopen(page_url, timeout=30).read().decode()
            t2 = time.perf_counter()
            assert token in body, "the edited page does not show the edit"
            line = ""
            while "rebuilt:" not in line:
                line = lines.get(timeout=600)
            ms = re.search(r"in (\d+) ms", line)
            last_line = line.strip()
            if i > 0:
                to_event.append((t1 - t0) * 1000)
                to_page.append((t2 - t0) * 1000)
                if ms:
                    rebuild.append(int(ms.group(1)))
            time.sleep(args.gap)

        what = f"site {args.site}" if args.site else "bundled content"
        print(f"shequ serve --watch, {what}, {args.n} {args.edit} edits ({args.mode}), "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
        print(f"  last: {last_line}")
        # The server's memory: now, and its peak (the first build included).
        status = open(f"/proc/{proc.pid}/status").read()
        kib = {k: int(v.split()[0]) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(.*)$", status, re.M)}
        print(f"  RSS {kib['VmRSS'] / 1024:.0f} MiB after the edits, peak {kib['VmHWM'] / 1024:.0f} MiB")
        for label, v in (("save→event", to_event), ("save→page", to_page), ("rebuild", rebuild)):
            if v:
                print(f"  {label:11} median {statistics.median(v):6.1f} ms   p90 {pct(v, 90):6.1f}"
                      f"   min {min(v):6.1f}   max {max(v):6.1f}")
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
