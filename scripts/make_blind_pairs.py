#!/usr/bin/env python3
"""Writes tests/fixtures/blind_pairs/: resume pairs that differ only in identity cues (name and
e-mail, pronouns, an affinity group, a school of similar standing, a parental-leave reason,
age, marital status, nationality, gendered words, address and phone). Run from the repository
root; the files are committed, this script is how they were made."""
import pathlib

BASES = {
    "llm": """{header}

## Summary
{summary}

## Experience
**LLM Engineer, Northwind Labs** (2021 - present)
- Built a retrieval-augmented generation service with LangChain, pgvector and FastAPI.
- Fine-tuned Llama models with LoRA on PyTorch; evaluated with RAGAS and custom golden sets.
- Cut inference cost 40% by moving serving to vLLM on Kubernetes.

**Software Engineer, Contoso** (2018 - 2021)
- Python and Go backend services; CI/CD with GitHub Actions; Docker.
{gap}

## Education
{education}

## Activities
{activities}
""",
    "mle": """{header}

## Summary
{summary}

## Experience
**Machine Learning Engineer, Fabrikam** (2019 - present)
- Trained and deployed gradient-boosted and deep models (XGBoost, PyTorch) for fraud scoring.
- Owned the feature store and MLflow model registry; Airflow pipelines; drift monitoring.
- Served models behind FastAPI on Kubernetes with p99 under 30 ms.
{gap}

## Skills
Python, SQL, PyTorch, scikit-learn, XGBoost, MLflow, Airflow, Docker, Kubernetes, AWS SageMaker

## Education
{education}

## Activities
{activities}
""",
    "pm": """{header}

## Summary
{summary}

## Experience
**AI Product Manager, Litware** (2020 - present)
- Led the roadmap for an LLM assistant used by 30,000 support agents; defined evaluation metrics.
- Worked with ML engineers on prompt design, guardrails and A/B tests; wrote PRDs.
- Ran discovery interviews and translated findings into model requirements.
{gap}

## Education
{education}

## Activities
{activities}
""",
}

SUMMARY = {
    "llm": "Engineer who ships LLM features to production: retrieval, fine-tuning and evaluation.",
    "mle": "Machine learning engineer focused on reliable training and serving pipelines.",
    "pm": "Product manager for AI products, from discovery to launch and measurement.",
}

EDUCATION = {
    "llm": "M.S. Computer Science, {school}, 2018",
    "mle": "B.S. Statistics, {school}, 2017",
    "pm": "MBA, {school}, 2019",
}

DEFAULTS = dict(
    name="Alex Morgan",
    contact="alex.morgan@example.com · +1 415 555 0100",
    school="University of Michigan",
    activities="Volunteer mentor at a coding bootcamp.",
    gap="",
    summary=None,
)

# (base, cue kind, changes for a, changes for b)
PAIRS = [
    ("llm", "name-email", dict(name="Maria Garcia", contact="maria.garcia@example.com · +1 415 555 0101"),
     dict(name="James O'Connor", contact="james.oconnor@example.com · +1 415 555 0102")),
    ("mle", "name-email", dict(name="Aisha Mohammed", contact="aisha.m@example.com · linkedin.com/in/aisha-mohammed"),
     dict(name="Emily Walsh", contact="emily.w@example.com · linkedin.com/in/emily-walsh")),
    ("pm", "name-email", dict(name="Wei Zhang", contact="wei.zhang@example.com · github.com/weizhang"),
     dict(name="Tom Becker", contact="tom.becker@example.com · github.com/tombecker")),
    ("llm", "pronouns", dict(summary="She ships LLM features to production; her focus is retrieval, fine-tuning and evaluation."),
     dict(summary="He ships LLM features to production; his focus is retrieval, fine-tuning and evaluation.")),
    ("pm", "pronouns", dict(contact="alex.morgan@example.com · Pronouns: she/her"),
     dict(contact="alex.morgan@example.com · Pronouns: he/him")),
    ("mle", "affinity-group", dict(activities="Member, Women in Machine Learning; volunteer mentor."),
     dict(activities="Member, Black in AI; volunteer mentor.")),
    ("llm", "affinity-group", dict(activities="Treasurer, Muslim Students' Association; hackathon organiser."),
     dict(activities="Treasurer, Jewish Students' Association; hackathon organiser.")),
    ("pm", "affinity-group", dict(activities="Recipient of the Grace Hopper Celebration scholarship; debate club."),
     dict(activities="Recipient of the Society of Hispanic Professional Engineers scholarship; debate club.")),
    ("mle", "school", dict(school="Stanford University"), dict(school="University of California, Berkeley")),
    ("llm", "school", dict(school="Indian Institute of Technology Bombay"), dict(school="National University of Singapore")),
    ("mle", "parental-leave", dict(gap="- Career break 2022: maternity leave."),
     dict(gap="- Career break 2022: paternity leave.")),
    ("pm", "age-marital", dict(contact="alex.morgan@example.com · Date of birth: 12 May 1970 · Marital status: Married"),
     dict(contact="alex.morgan@example.com · Date of birth: 3 June 1996 · Marital status: Single")),
    ("llm", "nationality", dict(contact="alex.morgan@example.com · Nationality: Nigerian"),
     dict(contact="alex.morgan@example.com · Nationality: German")),
    ("mle", "gendered-words", dict(activities="Chairwoman of the data guild; mother of two children."),
     dict(activities="Chairman of the data guild; father of two children.")),
    ("pm", "address-phone", dict(contact="12 Elm Street, Springfield, IL 62704 · +1 (217) 555-0134"),
     dict(contact="480 Harbor Road, Oakland, CA 94607 · +1 (510) 555-0199")),
]


def render(base: str, changes: dict) -> str:
    values = {**DEFAULTS, **changes}
    summary = values["summary"] or SUMMARY[base]
    header = f"# {values['name']}\n{values['contact']}"
    return BASES[base].format(
        header=header,
        summary=summary,
        gap=values["gap"],
        education=EDUCATION[base].format(school=values["school"]),
        activities=values["activities"],
    )


def main() -> None:
    out = pathlib.Path("tests/fixtures/blind_pairs")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.md"):
        old.unlink()
    for i, (base, kind, a, b) in enumerate(PAIRS, 1):
        for side, changes in (("a", a), ("b", b)):
            (out / f"{i:02d}-{kind}-{side}.md").write_text(render(base, changes))


if __name__ == "__main__":
    main()
