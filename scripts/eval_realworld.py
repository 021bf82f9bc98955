#!/usr/bin/env python3
"""Ranking quality on documents nobody here wrote: every graded posting of
tests/fixtures/realworld/grades.toml is ranked against a pool of the real-world resumes, and
the ranking is compared with the hand grades (2 good fit, 1 partial, 0 not a fit).

    cargo build --release
    python3 scripts/eval_realworld.py                       # ../shared/realworld (all 50)
    python3 scripts/eval_realworld.py tests/fixtures/realworld/files   # the copied subset

Prints, per posting, nDCG@5, whether a best fit ranks first, and the top candidate's band;
then the means: nDCG@5 over the postings with any fit, best fit first over those with one,
and how many postings where nobody fits are reported as such (no candidate "partial" or
"strong"). Files missing from the folder are skipped and counted.
"""

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("ROLEMATCH_BIN", os.path.join(ROOT, "target/release/rolematch"))
GRADES = os.path.join(ROOT, "tests/fixtures/realworld/grades.toml")
RESUMES = os.path.join(ROOT, "tests/fixtures/realworld/resumes.toml")


def run(args):
    out = subprocess.run([BIN, "--offline", "--no-audit-log", "-q", *args],
                         capture_output=True, text=True, cwd=ROOT)
    return out


def dcg(gains):
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "realworld")
    grades = tomllib.load(open(GRADES, "rb"))["postings"]
    resumes = tomllib.load(open(RESUMES, "rb"))
    resumes = resumes.get("resumes", resumes)
    work = tempfile.mkdtemp(prefix="rolematch-realworld-")
    folder = os.path.join(work, "resumes")
    os.makedirs(folder)
    missing = 0
    for name in resumes:
        path = os.path.join(corpus, name)
        if os.path.exists(path):
            shutil.copy(path, folder)
        else:
            missing += 1
    built = run(["index", "build", folder, "--pool", "realworld", "--index-dir", work])
    if built.returncode != 0:
        sys.exit(built.stderr)
    listed = run(["index", "list", "--pool", "realworld", "--index-dir", work, "--format", "json"])
    in_pool = {row["id"] for row in json.loads(listed.stdout)}
    print(f"pool: {len(in_pool)} resumes ({missing} not in {corpus}, "
          f"{len(resumes) - missing - len(in_pool)} unreadable)")
    print(f"{'posting':<60} {'nDCG@5':>6} {'best 1st':>8}  top candidate")
    ndcgs, firsts, none_fit, none_said = [], [], 0, 0
    for posting, g in sorted(grades.items()):
        path = os.path.join(corpus, posting)
        if not os.path.exists(path):
            missing += 1
            continue
        ranked = run(["rank", "--job", path, "--pool", "realworld", "--index-dir", work,
                      "-k", "100", "--min-score", "0", "--format", "json"])
        if ranked.returncode not in (0, 1):
            print(f"{posting[:60]:<60} refused: {ranked.stderr.strip()[:80]}")
            continue
        candidates = json.loads(ranked.stdout)["candidates"]
        rel = g.get("grades", {})
        gains = [rel.get(c["candidate_id"], 0) for c in candidates if c["candidate_id"] in in_pool]
        ideal = sorted((rel.get(r, 0) for r in in_pool), reverse=True)
        top = candidates[0] if candidates else None
        top_text = f"{top['candidate_id']} {top.get('match_score')} {top.get('band')}" if top else "-"
        if not any(ideal):
            none_fit += 1
            said = all(c.get("band") == "weak" for c in candidates)
            none_said += said
            print(f"{posting[:60]:<60} {'-':>6} {'-':>8}  nobody fits; {'said' if said else 'NOT said'}: {top_text}")
            continue
        score = dcg(gains[:5]) / dcg(ideal[:5])
        ndcgs.append(score)
        best = [r for r in g.get("best_fit", []) if r in in_pool]
        first = "-"
        if best:
            first = "yes" if candidates and candidates[0]["candidate_id"] in best else "no"
            firsts.append(first == "yes")
        print(f"{posting[:60]:<60} {score:>6.3f} {first:>8}  {top_text}")
    print()
    if ndcgs:
        print(f"nDCG@5 (postings with any fit): {sum(ndcgs) / len(ndcgs):.3f} over {len(ndcgs)}")
    if firsts:
        print(f"best fit first: {sum(firsts)} of {len(firsts)}")
    print(f"nobody fits, said so: {none_said} of {none_fit}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
