#!/usr/bin/env python3
"""Time and peak memory of `rolematch match` on hostile documents, one cold process each.

The corpus is the kind of file a stranger's folder delivers: one line of a million skill names,
a million-line Markdown file, a one-line HTML page, a DOCX of 350,000 paragraphs, a 15 MB word,
and the worst cases just under the text caps (40,000 characters, 4,000 lines). Each file
must finish within 5 s and 400 MB: refused fast when over a cap, matched when under.

    cargo build --release && python3 scripts/bench_hostile.py
    ROLEMATCH_BIN=target/release/rolematch THREADS=2 python3 scripts/bench_hostile.py

It prints a Markdown table (file, size, outcome, seconds, peak MB) and exits 1 when a file
misses the target.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The repository is the scripts' home: its models/ is where the tests fetched the model.
os.environ.setdefault("ROLEMATCH_HOME", ROOT)
BIN = os.environ.get("ROLEMATCH_BIN", os.path.join(ROOT, "target/release/rolematch"))
SECONDS, MEGABYTES = 5.0, 400

SKILLS = "PyTorch R Go Kubernetes vLLM "


def docx(paragraphs):
    body = "".join("<w:p><w:r><w:t>Python</w:t></w:r></w:p>" for _ in range(paragraphs))
    xml = f'<?xml version="1.0"?><w:document xmlns:w="w"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)
    return out.getvalue()


def corpus():
    yield "million-skills-one-line.txt", (SKILLS * 280_000).encode()
    yield "million-lines.md", ("- Python\n" * 1_000_000).encode()
    yield "one-line.html", (
        "<html><body><p>" + "Python engineer " * 300_000 + "</p></body></html>"
    ).encode()
    yield "350k-paragraphs.docx", docx(350_000)
    yield "one-15mb-word.txt", b"a" * (15 * 1024 * 1024)
    yield "skills-just-under-cap.txt", (SKILLS * 1_379).encode()
    yield "lines-just-under-cap.md", ("Python Go\n" * 3_999).encode()
    yield "word-just-under-cap.txt", b"Python engineer " + b"a" * 39_900
    yield "prose-just-under-cap.md", (
        "Built training pipelines in PyTorch on Kubernetes; served models with vLLM.\n" * 520
    ).encode()


def run(path, index_dir):
    cmd = ["/usr/bin/time", "-f", "%e %M", BIN, "-q", "match", path, "--format", "json",
           "--index-dir", index_dir]
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds, kb = done.stderr.strip().splitlines()[-1].split()
    if done.returncode in (0, 1):
        matches = json.loads(done.stdout)["results"][0]["matches"]
        outcome = f"read and scored ({len(matches)} roles above the threshold)"
    else:
        reason = done.stderr.strip().splitlines()[0] if done.stderr.strip() else ""
        outcome = reason.split("refused: ", 1)[-1][:60]
    return outcome, float(seconds), int(kb) / 1024


def main():
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} is missing: cargo build --release first")
    threads = os.environ.get("THREADS")
    if threads:
        os.environ["RAYON_NUM_THREADS"] = threads
    print(f"| file | bytes | outcome | seconds | peak MB |")
    print("|---|---:|---|---:|---:|")
    missed = 0
    with tempfile.TemporaryDirectory() as work:
        index_dir = os.path.join(work, "index")
        # Role vectors cached once, so every row times the document, not the catalog.
        warm = os.path.join(work, "warm.md")
        with open(warm, "w") as f:
            f.write("ML engineer: PyTorch, Kubernetes and MLflow pipelines in Python.\n")
        run(warm, index_dir)
        for name, data in corpus():
            path = os.path.join(work, name)
            with open(path, "wb") as f:
                f.write(data)
            outcome, seconds, mb = run(path, index_dir)
            ok = seconds < SECONDS and mb < MEGABYTES
            missed += not ok
            mark = "" if ok else " **over target**"
            print(f"| {name} | {len(data):,} | {outcome} | {seconds:.2f}{mark} | {mb:.0f} |")
            os.remove(path)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
