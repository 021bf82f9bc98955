#!/usr/bin/env python3
"""Skill recall on resumes nobody here wrote: of the skills a careful reader found in each
real-world resume (tests/fixtures/realworld/resumes.toml, `skills`) that the taxonomy knows by
name or alias (catalog/skills.toml and catalog/esco.toml), how many `rolematch skills` finds
as written (not only implied by a narrower skill). Prints the figure and every miss.

    cargo build --release
    python3 scripts/measure_skill_recall.py                     # ../shared/realworld
    python3 scripts/measure_skill_recall.py tests/fixtures/realworld/files
"""

import json
import os
import subprocess
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("ROLEMATCH_HOME", ROOT)
BIN = os.environ.get("ROLEMATCH_BIN", os.path.join(ROOT, "target/release/rolematch"))


def forms():
    """Every name and alias of the taxonomy, lowercase, with the skill ids it names."""
    found = {}

    def walk(node):
        if isinstance(node, dict):
            if "id" in node and "name" in node:
                for form in [node["name"], *node.get("aliases", [])]:
                    found.setdefault(form.lower(), set()).add(node["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("skills.toml", "esco.toml"):
        walk(tomllib.load(open(os.path.join(ROOT, "catalog", name), "rb")))
    return found


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "realworld")
    known_forms = forms()
    resumes = tomllib.load(open(os.path.join(ROOT, "tests/fixtures/realworld/resumes.toml"), "rb"))
    known = found = 0
    misses = []
    for name, facts in sorted(resumes["resumes"].items()):
        path = os.path.join(corpus, name)
        if not os.path.exists(path):
            continue
        out = subprocess.run([BIN, "--offline", "--no-audit-log", "skills", path, "--format", "json"],
                             capture_output=True, text=True)
        # Exit 1: no skill found, still a reading.
        if out.returncode not in (0, 1):
            print(f"{name}: unreadable: {out.stderr.strip()[:120]}")
            continue
        hits = {h["skill"] for h in json.loads(out.stdout)["hits"] if not h.get("implied")}
        for skill in facts.get("skills", []):
            ids = known_forms.get(skill.lower())
            if not ids:
                continue
            known += 1
            if ids & hits:
                found += 1
            else:
                misses.append((name, skill))
    print(f"hand-read skills the taxonomy knows: {known}; found {found}; "
          f"recall {found / max(known, 1):.3f}")
    for name, skill in misses:
        print(f"  missed: {name}: {skill}")


if __name__ == "__main__":
    main()
