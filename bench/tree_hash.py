#!/usr/bin/env python3
"""Hash of the whole output of the synthetic archive (a command, not a test).

Generates the archive with bench/gen_corpus.py (`--layout ours`, deterministic;
default 1,000 cases), builds it with the release binary and prints one line: the SHA-256 of
every output file's path, length and bytes in path order (the generation's manifest left
out), and the file count. A restructuring that should change no byte of the site is checked
against the line recorded in bench/tree_hashes.txt:

  cargo build --release && python3 bench/tree_hash.py [-n 1000]
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.environ.get("GEN_CORPUS", os.path.join(REPO, "bench", "gen_corpus.py"))
BIN = os.path.join(REPO, "target", "release", "shequ")


def tree_hash(out):
    files = []
    for d, _, names in os.walk(out):
        for n in names:
            p = os.path.join(d, n)
            rel = os.path.relpath(p, out).replace(os.sep, "/")
            if rel != ".shequ-generation":
                files.append(rel)
    h = hashlib.sha256()
    for rel in sorted(files):
        with open(os.path.join(out, rel), "rb") as f:
            data = f.read()
        h.update(rel.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()[:32], len(files)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "corpus")
        subprocess.run([sys.executable, GEN, root, "-n", str(args.n), "--layout", "ours"],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.copytree(os.path.join(REPO, "themes"), os.path.join(root, "themes"),
                        dirs_exist_ok=True)
        subprocess.run([BIN, "--root", root, "build"], check=True, stdout=subprocess.DEVNULL)
        digest, count = tree_hash(os.path.join(root, "public"))
        print(f"synthetic {args.n}: {digest} {count} files")


if __name__ == "__main__":
    main()
