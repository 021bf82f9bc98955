#!/usr/bin/env python3
"""Ranking quality on documents nobody here wrote: every graded posting of
tests/fixtures/realworld/grades.toml is ranked against a pool of the real-world resumes, and
the ranking is compared with the hand grades (2 good fit, 1 partial, 0 not a fit).

    cargo build --release
    python3 scripts/eval_realworld.py                       # ../shared/realworld (all 50)
    python3 scripts/eval_realworld.py tests/fixtures/realworld/files   # the copied subset
    python3 scripts/eval_realworld.py --record    # also keep the figures in HOME/quality/realworld.json

Prints, per posting, nDCG@5, whether a best fit ranks first, and the top candidate's band;
then the means: nDCG@5 over the postings with any fit (and beside it, the same with each
doubtful pair at the grade the graders considered instead of the one written), best fit first over those with one,
how many postings where nobody fits are reported as such (the ranking's `nobody_fits`), how
many fitting postings are wrongly reported as fitting nobody, and the calibration table: for
each band, how the graded pairs that got it were graded (twice: with the written grades, then
with each doubtful pair at its considered grade). Postings in a language the model does
not read are listed apart, with whether every candidate carries a caution. Files missing from
the folder are skipped and counted.
"""

import datetime
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The repository is the scripts' home: its models/ is where the tests fetched the model.
os.environ.setdefault("ROLEMATCH_HOME", ROOT)
BIN = os.environ.get("ROLEMATCH_BIN", os.path.join(ROOT, "target/release/rolematch"))
# Another graded set (its postings and resumes in one folder) can be measured the same way:
# GRADES=its/grades.toml RESUMES=its/resumes.toml python3 scripts/eval_realworld.py its/folder
GRADES = os.environ.get("GRADES", os.path.join(ROOT, "tests/fixtures/realworld/grades.toml"))
RESUMES = os.environ.get("RESUMES", os.path.join(ROOT, "tests/fixtures/realworld/resumes.toml"))


def run(args):
    out = subprocess.run([BIN, "--offline", "--no-audit-log", "-q", *args],
                         capture_output=True, text=True, cwd=ROOT)
    return out


def dcg(gains):
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def keep(corpus, work, figures, in_pool, postings):
    """Writes the figures as `rolematch model-card` reads them (src/eval/record.rs)."""
    stats = json.loads(run(["pool", "stats", "--pool", "realworld", "--index-dir", work,
                            "--format", "json"]).stdout)
    version = run(["--version"]).stdout.split()[-1]
    home = os.environ["ROLEMATCH_HOME"]
    measurement = {
        "kind": "realworld",
        "title": "Real resumes ranked for real postings written by others, against grades given by hand",
        "source": f"{len(in_pool)} resumes and {postings} postings written by others "
                  f"({os.path.basename(os.path.normpath(corpus))}; sources and licences in "
                  f"tests/fixtures/realworld/README.md)",
        "measured_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rolematch_version": version,
        "model": stats["model"],
        "catalog_version": stats["catalog_version"],
        "figures": [{"name": n, "value": v, "meaning": m} for n, v, m in figures],
    }
    os.makedirs(os.path.join(home, "quality"), exist_ok=True)
    path = os.path.join(home, "quality", "realworld.json")
    with open(path + ".tmp", "w") as f:
        json.dump(measurement, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print(f"kept in {path}")


def main():
    args = [a for a in sys.argv[1:] if a != "--record"]
    record = "--record" in sys.argv[1:]
    corpus = args[0] if args else os.path.join(ROOT, "..", "shared", "realworld")
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
    built = run(["pool", "build", folder, "--pool", "realworld", "--index-dir", work])
    if built.returncode != 0:
        sys.exit(built.stderr)
    listed = run(["pool", "list", "--pool", "realworld", "--index-dir", work, "--format", "json"])
    in_pool = {row["id"] for row in json.loads(listed.stdout)}
    print(f"pool: {len(in_pool)} resumes ({missing} not in {corpus}, "
          f"{len(resumes) - missing - len(in_pool)} unreadable)")
    print(f"{'posting':<60} {'nDCG@5':>6} {'best 1st':>8}  top candidate")
    ndcgs, firsts, none_fit, none_said, fit_denied = [], [], 0, 0, 0
    ndcgs_considered = []
    # One person's resume in several formats (same source, same name): each English posting's
    # scores of one such group should not depend on the format.
    twins = {}
    for name, facts in resumes.items():
        if name in in_pool and facts.get("display_name"):
            twins.setdefault((name.split("__")[0], facts.get("display_name")), []).append(name)
    twins = [group for group in twins.values() if len(group) > 1]
    spreads = []  # (points between a group's highest and lowest score, posting, group)
    near_duplicates = []
    bands = {}  # band -> [count graded 0, 1, 2]
    bands_considered = {}  # the same, each doubtful pair at the grade the graders considered
    foreign = []
    for posting, g in sorted(grades.items()):
        path = os.path.join(corpus, posting)
        if not os.path.exists(path):
            missing += 1
            continue
        # Every file is graded on its own, so each is ranked, the same resume in several
        # formats too; the near-duplicates a recruiter is spared are counted below.
        ranked = run(["rank", "--job", path, "--pool", "realworld", "--index-dir", work,
                      "-k", "100", "--min-score", "0", "--format", "json", "--keep-duplicates"])
        if not near_duplicates and ranked.returncode in (0, 1):
            plain = run(["rank", "--job", path, "--pool", "realworld", "--index-dir", work,
                         "-k", "100", "--min-score", "0", "--format", "json"])
            if plain.returncode in (0, 1):
                near_duplicates = json.loads(plain.stdout).get("near_duplicates", [])
        if ranked.returncode not in (0, 1):
            print(f"{posting[:60]:<60} refused: {ranked.stderr.strip()[:80]}")
            continue
        run_json = json.loads(ranked.stdout)
        candidates = run_json["candidates"]
        rel = g.get("grades", {})
        language = (run_json.get("opening_language") or {}).get("code", "eng")
        if language != "eng":
            cautioned = all(c.get("caution") for c in candidates)
            foreign.append((posting, language, cautioned))
            continue
        scores = {c["candidate_id"]: c["match_score"] for c in candidates}
        for group in twins:
            got = [scores[r] for r in group if r in scores]
            if len(got) > 1:
                spreads.append((max(got) - min(got), posting, group))
        considered = dict(rel)
        for d in g.get("doubtful", []):
            considered[d["resume"]] = d["considered"]
        for c in candidates:
            if c["candidate_id"] in in_pool:
                bands.setdefault(c["band"], [0, 0, 0])[rel.get(c["candidate_id"], 0)] += 1
                bands_considered.setdefault(c["band"], [0, 0, 0])[
                    considered.get(c["candidate_id"], 0)] += 1
        gains = [rel.get(c["candidate_id"], 0) for c in candidates if c["candidate_id"] in in_pool]
        ideal = sorted((rel.get(r, 0) for r in in_pool), reverse=True)
        top = candidates[0] if candidates else None
        top_text = f"{top['candidate_id']} {top.get('match_score')} {top.get('band')}" if top else "-"
        if not any(ideal):
            none_fit += 1
            said = run_json.get("nobody_fits", False)
            none_said += said
            print(f"{posting[:60]:<60} {'-':>6} {'-':>8}  nobody fits; {'said' if said else 'NOT said'}: {top_text}")
            continue
        fit_denied += run_json.get("nobody_fits", False)
        score = dcg(gains[:5]) / dcg(ideal[:5])
        ndcgs.append(score)
        # The same with each doubtful pair at the grade the graders considered (README: a
        # scorer may accept either), beside the written grades, never instead of them.
        gains_c = [considered.get(c["candidate_id"], 0) for c in candidates
                   if c["candidate_id"] in in_pool]
        ideal_c = sorted((considered.get(r, 0) for r in in_pool), reverse=True)
        if any(ideal_c):
            ndcgs_considered.append(dcg(gains_c[:5]) / dcg(ideal_c[:5]))
        best = [r for r in g.get("best_fit", []) if r in in_pool]
        first = "-"
        if best:
            first = "yes" if candidates and candidates[0]["candidate_id"] in best else "no"
            firsts.append(first == "yes")
        print(f"{posting[:60]:<60} {score:>6.3f} {first:>8}  {top_text}")
        if os.environ.get("DETAIL"):
            for rank, c in enumerate(candidates[:8], 1):
                print(f"    {rank}. {c['candidate_id'][:50]:<50} {c.get('match_score'):>3} "
                      f"{c.get('band'):<7} graded {rel.get(c['candidate_id'], 0)}")
            for rank, c in enumerate(candidates, 1):
                if rank > 8 and rel.get(c["candidate_id"], 0):
                    print(f"    {rank}. {c['candidate_id'][:50]:<50} {c.get('match_score'):>3} "
                          f"{c.get('band'):<7} graded {rel.get(c['candidate_id'])}")
    print()
    if ndcgs:
        print(f"nDCG@5 (postings with any fit): {sum(ndcgs) / len(ndcgs):.3f} over {len(ndcgs)}")
        if ndcgs_considered:
            print(f"    the same, doubtful pairs at their considered grade: "
                  f"{sum(ndcgs_considered) / len(ndcgs_considered):.3f} "
                  f"over {len(ndcgs_considered)}")
    if firsts:
        print(f"best fit first: {sum(firsts)} of {len(firsts)}")
    print(f"nobody fits, said so: {none_said} of {none_fit}")
    print(f"somebody fits, but 'nobody fits' said: {fit_denied} of {len(ndcgs)}")
    print()
    for title, table in (("calibration (English postings, every graded pair ranked):", bands),
                         ("the same, doubtful pairs at their considered grade:",
                          bands_considered)):
        print(title)
        print(f"{'band':<8} {'pairs':>5} {'graded 2':>9} {'graded 1':>9} {'graded 0':>9}")
        for band in ("strong", "partial", "weak"):
            n0, n1, n2 = table.get(band, [0, 0, 0])
            n = n0 + n1 + n2
            share = (lambda k: f"{k / n:>9.0%}") if n else (lambda k: f"{'-':>9}")
            print(f"{band:<8} {n:>5} {share(n2)} {share(n1)} {share(n0)}")
    if spreads:
        widest = max(spreads)
        print(f"one resume in several formats: {len(twins)} people, score spread per posting "
              f"mean {sum(s for s, _, _ in spreads) / len(spreads):.1f} points, "
              f"widest {widest[0]} ({widest[1][:40]}: {', '.join(widest[2])})")
    print(f"near-duplicates set aside without --keep-duplicates (first posting): "
          f"{len(near_duplicates)}")
    for d in near_duplicates:
        print(f"    {d['candidate_id']} = {d['same_as']} ({d['shared_wording']:.0%} of the wording)")
    for posting, language, cautioned in foreign:
        print(f"{posting[:60]}: {language}, "
              f"{'every candidate cautioned' if cautioned else 'NOT every candidate cautioned'}")
    if record:
        def shares(band):
            n0, n1, n2 = bands.get(band, [0, 0, 0])
            n = n0 + n1 + n2
            if not n:
                return "no pairs"
            return f"{n2 / n:.0%} / {n1 / n:.0%} / {n0 / n:.0%} of {n}"
        figures = [
            ("nDCG@5", f"{sum(ndcgs) / len(ndcgs):.3f}" if ndcgs else "-",
             f"how close the first five candidates are to the order graded by hand, over the "
             f"{len(ndcgs)} postings that someone fits (1 is the graded order)"),
            ("best fit first", f"{sum(firsts)} of {len(firsts)}",
             "postings with a clear best fit whose first candidate is one"),
            ("'nobody fits' said where nobody fits", f"{none_said} of {none_fit}",
             "postings no resume fits for which the ranking says so"),
            ("'nobody fits' said wrongly", f"{fit_denied} of {len(ndcgs)}",
             "postings someone fits for which the ranking says nobody does"),
        ] + ([
            ("format spread", f"{sum(s for s, _, _ in spreads) / len(spreads):.1f} points",
             "how far apart one person's scores for one posting are, mean over postings, "
             "when the same resume is given in several formats (PDF, HTML, Word, Markdown)"),
        ] if spreads else []) + [
            (f"{band} band: graded good / partial / no fit", shares(band),
             f"how the pairs scored {band} were graded by hand")
            for band in ("strong", "partial", "weak")
        ]
        keep(corpus, work, figures, in_pool, len(ndcgs) + none_fit + len(foreign))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
