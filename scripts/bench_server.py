#!/usr/bin/env python3
"""Requests per second and latency of `POST /api/match` on loopback, at 1, 8 and 32 concurrent
clients, with the server's dynamic batching on (5 ms wait, up to 32 documents a pass) and off,
in one run. Each level sends a bounded number of requests (and stops after 60 s).

    cargo build --release && THREADS=2 python3 scripts/bench_server.py

The texts are the resume fixtures (one per built-in role), sent as JSON. Every answer is
checked: status 200 and the same top role as the first answer for that text.
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The repository is the scripts' home: its models/ is where the tests fetched the model.
os.environ.setdefault("ROLEMATCH_HOME", ROOT)
BIN = os.environ.get("ROLEMATCH_BIN", os.path.join(ROOT, "target/release/rolematch"))
LEVELS = [1, 8, 32]
REQUESTS = int(os.environ.get("REQUESTS", "96"))
TIME_LIMIT = 60.0


def texts():
    folder = os.path.join(ROOT, "tests/fixtures/resumes")
    return [open(os.path.join(folder, f)).read() for f in sorted(os.listdir(folder))]


def start(batch_wait_ms, index_dir):
    process = subprocess.Popen(
        [BIN, "-q", "serve", "--bind", "127.0.0.1:0", "--index-dir", index_dir,
         "--batch-wait-ms", str(batch_wait_ms)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    port = int(process.stdout.readline().strip().rsplit(":", 1)[1])
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                return process, port
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    sys.exit("the server never became ready")


def match(port, text):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    body = json.dumps({"text": text, "k": 3})
    start = time.perf_counter()
    c.request("POST", "/api/match", body, {"Content-Type": "application/json"})
    response = c.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise RuntimeError(f"status {response.status}: {data[:200]!r}")
    return elapsed, json.loads(data)["matches"][0]["role_id"]


def level(port, corpus, clients, expected):
    latencies, errors = [], []
    lock = threading.Lock()
    counter = iter(range(REQUESTS))
    began = time.perf_counter()

    def client():
        while time.perf_counter() - began < TIME_LIMIT:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            text = corpus[i % len(corpus)]
            try:
                elapsed, top = match(port, text)
                with lock:
                    latencies.append(elapsed)
                    if expected.setdefault(i % len(corpus), top) != top:
                        errors.append(f"text {i % len(corpus)}: top role {top}")
            except Exception as e:  # noqa: BLE001 - reported below
                with lock:
                    errors.append(str(e))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / wall, statistics.median(latencies), p99, errors


def main():
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} is missing: cargo build --release first")
    if os.environ.get("THREADS"):
        os.environ["RAYON_NUM_THREADS"] = os.environ["THREADS"]
    corpus = texts()
    expected = {}
    print(f"POST /api/match, {REQUESTS} requests per level, resume-length texts, "
          f"{os.environ.get('RAYON_NUM_THREADS', 'all')} model threads")
    print()
    print("| batching | clients | requests/s | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    failed = False
    with tempfile.TemporaryDirectory() as work:
        for name, wait in [("on (5 ms)", 5), ("off", 0)]:
            process, port = start(wait, os.path.join(work, "index"))
            try:
                match(port, corpus[0])  # warm
                for clients in LEVELS:
                    rps, p50, p99, errors = level(port, corpus, clients, expected)
                    print(f"| {name} | {clients} | {rps:.1f} | {p50 * 1000:.0f} | {p99 * 1000:.0f} |")
                    for e in errors[:3]:
                        print("  error:", e)
                    failed |= bool(errors)
            finally:
                process.terminate()
                process.wait()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
