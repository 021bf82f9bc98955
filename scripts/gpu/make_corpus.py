"""Writes the GPU run's inputs from the repository's fixtures: texts.json (N texts of about
250 tokens), and resume folders of 1,000 and 10,000 files (fixture resumes with their lines
shuffled and a unique line, so no two are equal)."""
import glob, json, os, random, sys

out = sys.argv[1]
paths = sorted(glob.glob("tests/fixtures/resumes/*.md") + glob.glob("tests/fixtures/labelled/*.md"))
docs = [open(p, encoding="utf-8").read() for p in paths]
words = " ".join(docs).split()
texts = [" ".join(words[(i * 97) % (len(words) - 125):][:125]) for i in range(4096)]
json.dump(texts, open(f"{out}/texts.json", "w"))
rng = random.Random(17)
for n in (1000, 10000):
    folder = f"{out}/resumes{n}"
    os.makedirs(folder, exist_ok=True)
    for i in range(n):
        lines = docs[i % len(docs)].splitlines()
        head, body = lines[:3], lines[3:]
        rng.shuffle(body)
        text = "\n".join(head + body + [f"Reference number {i}."])
        open(f"{folder}/r{i:05d}.md", "w", encoding="utf-8").write(text)
