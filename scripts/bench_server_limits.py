#!/usr/bin/env python3
"""Memory and connections of `rolematch serve` under load and abuse, in one run: the server's
resident memory (peak and settled) while 64 clients send a mix of requests for DURATION
seconds, then three 200 MB JSON bodies, six 240 MB multipart uploads and HALF_SENT half-sent
requests at once, with `/health` timed while they hold their connections.

    cargo build --release && python3 scripts/bench_server_limits.py

Targets (hardening issue): peak under 600 MB, settled within 50 MB of the start, `/health`
answering throughout. Every answer is checked (status codes listed per case).
"""

import http.client
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The repository is the scripts' home: its models/ is where the tests fetched the model.
os.environ.setdefault("ROLEMATCH_HOME", ROOT)
BIN = os.environ.get("ROLEMATCH_BIN", os.path.join(ROOT, "target/release/rolematch"))
DURATION = float(os.environ.get("DURATION", "60"))
CLIENTS = int(os.environ.get("CLIENTS", "64"))
HALF_SENT = int(os.environ.get("HALF_SENT", "20000"))
MB = 1024 * 1024


def rss_mb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


class Sampler:
    """The largest VmRSS seen while a case runs, sampled every 50 ms."""

    def __init__(self, pid):
        self.pid, self.peak, self.running = pid, 0.0, True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.05)

    def stop(self):
        self.running = False
        self.thread.join()
        return self.peak


def start(index_dir):
    process = subprocess.Popen(
        [BIN, "-q", "serve", "--bind", "127.0.0.1:0", "--index-dir", index_dir],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    port = int(process.stdout.readline().strip().rsplit(":", 1)[1])
    deadline = time.time() + 120
    while time.time() < deadline:
        if health(port, timeout=5) == 200:
            return process, port
        time.sleep(0.2)
    process.kill()
    sys.exit("the server never became ready")


def health(port, timeout=30):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        c.request("GET", "/health")
        return c.getresponse().status
    except OSError:
        return None


def request(port, method, path, body=None, headers=None, timeout=300):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        c.request(method, path, body, headers or {})
        r = c.getresponse()
        r.read()
        return r.status
    except OSError as e:
        return type(e).__name__


def multipart(files, fields=()):
    boundary = "rolematchbench"
    parts = []
    for name, value in fields:
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode())
    for name, data in files:
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def resumes():
    folder = os.path.join(ROOT, "tests/fixtures/resumes")
    return [(f, open(os.path.join(folder, f), "rb").read()) for f in sorted(os.listdir(folder))]


def mixed_load(port, statuses):
    docs = resumes()
    deadline = time.time() + DURATION

    def client(n):
        i = n
        while time.time() < deadline:
            name, data = docs[i % len(docs)]
            kind = i % 4
            if kind == 0:
                s = request(port, "POST", "/api/match", json.dumps({"text": data.decode(), "k": 3}),
                            {"Content-Type": "application/json"})
            elif kind == 1:
                body, headers = multipart([(name, data)])
                s = request(port, "POST", "/api/match", body, headers)
            elif kind == 2:
                s = request(port, "POST", "/api/rank",
                            json.dumps({"pool": "bench", "role_id": "ml-engineer", "k": 5}),
                            {"Content-Type": "application/json"})
            else:
                s = request(port, "GET", "/api/pools")
            statuses[s] += 1
            i += CLIENTS

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def big_json(port, statuses):
    """Three 200 MB JSON bodies at once, sent as fast as the server reads them."""
    def send():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=60)
            s.sendall(b"POST /api/match HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                      b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (port, 200 * MB))
            chunk = b'{"text": "' + b"x" * (MB - 10)
            sent = 0
            try:
                while sent < 200 * MB:
                    s.sendall(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the server answered and closed: the point
            s.settimeout(30)
            answer = s.recv(64).decode(errors="replace")
            statuses[answer.split(" ")[1] if " " in answer else "closed"] += 1
        except OSError as e:
            statuses[type(e).__name__] += 1
    threads = [threading.Thread(target=send) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def big_uploads(port, statuses):
    """Six 240 MB multipart uploads at once (one file each: over the 16 MiB per-file cap)."""
    data = os.urandom(MB) * 240
    body, headers = multipart([("big.pdf", data)])
    def send():
        statuses[request(port, "POST", "/api/pools/bench/candidates", body, headers)] += 1
    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def half_sent(port, statuses):
    """HALF_SENT connections that send half a request line and stop; /health is timed while
    they are open."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    sockets = []
    for _ in range(min(HALF_SENT, hard - 100)):
        try:
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            sockets.append(s)
        except OSError:
            statuses["client out of sockets"] += 1
            break
    time.sleep(0.5)
    for s in sockets:
        try:
            s.send(b"GET /api/pools HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        except OSError:
            pass
    statuses[f"{len(sockets)} opened"] += 1
    times = []
    for _ in range(5):
        t = time.perf_counter()
        statuses[f"health {health(port, timeout=60)}"] += 1
        times.append(time.perf_counter() - t)
        time.sleep(1)
    for s in sockets:
        s.close()
    return max(times)


def main():
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} not found: run `cargo build --release` first")
    index = tempfile.mkdtemp(prefix="rolematch-bench-")
    process, port = start(index)
    body, headers = multipart(resumes())
    assert request(port, "POST", "/api/pools/bench/candidates", body, headers) == 200
    time.sleep(2)
    start_rss = rss_mb(process.pid)
    print(f"rolematch serve (pid {process.pid}), {CLIENTS} clients, {DURATION:.0f} s; start RSS {start_rss:.0f} MB")
    print(f"{'case':<34} {'peak MB':>8} {'after MB':>9}  answers")
    cases = [
        ("64-client mix", mixed_load),
        ("3 x 200 MB JSON bodies", big_json),
        ("6 x 240 MB multipart uploads", big_uploads),
        (f"{HALF_SENT} half-sent requests", half_sent),
    ]
    for name, case in cases:
        statuses = Counter()
        sampler = Sampler(process.pid)
        extra = case(port, statuses)
        peak = sampler.stop()
        time.sleep(3)
        note = f"  (/health slowest {extra:.2f} s)" if extra is not None else ""
        print(f"{name:<34} {peak:>8.0f} {rss_mb(process.pid):>9.0f}  {dict(statuses)}{note}", flush=True)
    time.sleep(5)
    settled = rss_mb(process.pid)
    print(f"settled RSS {settled:.0f} MB ({settled - start_rss:+.0f} MB from the start); "
          f"peak of the whole run (VmHWM) {rss_mb(process.pid, 'VmHWM'):.0f} MB; "
          f"/health {health(port)}")
    process.terminate()
    process.wait(timeout=60)


if __name__ == "__main__":
    main()
