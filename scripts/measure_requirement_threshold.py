#!/usr/bin/env python3
"""How close a resume passage must be to a posting's requirement for the candidate's
explanation to call the requirement "shown" (src/duties/explain.rs, REQUIREMENT_SHOWN_AT).

Every graded (posting, resume) pair of a set is ranked with `rank --job`; each requirement's
best-passage similarity is kept with the pair's grade. For each threshold the script prints the
share of requirements called shown for pairs graded 2 (good fit), 1 and 0 (not a fit), and
Youden's J (share for 2 minus share for 0): the threshold with the highest J separates fits
from non-fits best. Both sets are printed: the project's own postings and the real-world ones.

    cargo build
    ROLEMATCH_BIN=target/debug/rolematch python3 scripts/measure_requirement_threshold.py [REALWORLD_DIR]
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("ROLEMATCH_HOME", ROOT)
BIN = os.environ.get("ROLEMATCH_BIN", os.path.join(ROOT, "target/release/rolematch"))
FIX = os.path.join(ROOT, "tests/fixtures")


def run(args):
    out = subprocess.run([BIN, "--offline", "--no-audit-log", "-q", *args],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode not in (0, 1):
        sys.exit(out.stderr)
    return out.stdout


def pairs(postings, folder, work):
    """postings: [(posting path, {candidate id: grade})] -> [(grade, [similarities])]"""
    run(["pool", "build", folder, "--pool", "t", "--index-dir", work, "--keep-duplicates"])
    found = []
    for path, grades in postings:
        ranked = json.loads(run(["rank", "--job", path, "--pool", "t", "--index-dir", work,
                                 "-k", "1000", "--min-score", "0", "--format", "json"]))
        for c in ranked["candidates"]:
            sims = [r["similarity"] for r in c["explanation"].get("requirements", [])]
            if sims:
                found.append((grades.get(c["candidate_id"], 0), sims))
    return found


def own(work):
    jobs = tomllib.load(open(os.path.join(FIX, "jobs.toml"), "rb"))
    folder = os.path.join(work, "own")
    for sub in ("resumes", "labelled"):
        shutil.copytree(os.path.join(FIX, sub), os.path.join(folder, sub))
    postings = []
    for job in jobs["job"]:
        grades = {b: 2 for b in job.get("best", [])}
        grades.update({a: 1 for a in job.get("acceptable", [])})
        postings.append((os.path.join(FIX, job["file"]), grades))
    return pairs(postings, folder, os.path.join(work, "own-index"))


def realworld(corpus, work):
    grades = tomllib.load(open(os.path.join(FIX, "realworld/grades.toml"), "rb"))["postings"]
    resumes = tomllib.load(open(os.path.join(FIX, "realworld/resumes.toml"), "rb"))
    resumes = resumes.get("resumes", resumes)
    folder = os.path.join(work, "rw")
    os.makedirs(folder)
    for name in resumes:
        if os.path.exists(os.path.join(corpus, name)):
            shutil.copy(os.path.join(corpus, name), folder)
    postings = [(os.path.join(corpus, p), g.get("grades", {}))
                for p, g in sorted(grades.items())
                if g.get("language", "en") == "en" and os.path.exists(os.path.join(corpus, p))]
    return pairs(postings, folder, os.path.join(work, "rw-index"))


def table(name, found):
    print(f"{name}: {len(found)} graded pairs")
    print(f"{'threshold':>9} {'shown|2':>8} {'shown|1':>8} {'shown|0':>8} {'J':>6}")
    best = None
    for t in [x / 100 for x in range(30, 86, 5)]:
        share = {}
        for g in (0, 1, 2):
            sims = [s for grade, ss in found if grade == g for s in ss]
            share[g] = sum(s >= t for s in sims) / len(sims) if sims else float("nan")
        j = share[2] - share[0]
        best = max(best or (j, t), (j, t))
        print(f"{t:>9.2f} {share[2]:>8.2f} {share[1]:>8.2f} {share[0]:>8.2f} {j:>6.2f}")
    print(f"highest J {best[0]:.2f} at {best[1]:.2f}\n")


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "realworld")
    work = tempfile.mkdtemp(prefix="rolematch-threshold-")
    try:
        table("own postings (tests/fixtures/jobs.toml)", own(work))
        if os.path.isdir(corpus):
            table(f"real-world postings ({corpus})", realworld(corpus, work))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
