#!/usr/bin/env python3
"""Renders one resume's content into many layouts with real tools, for the layout-invariance
test (tests/integration/layouts.rs): the same person, the same words, one and two columns,
from three generators.

    pip install typst==0.15.0                      # Typst, from PyPI
    apt-get install chromium libreoffice-writer-nogui
    python3 scripts/make_layout_fixtures.py

writes tests/fixtures/layouts/: four PDFs printed by headless Chromium from HTML themes (a
classic single column, a sidebar on the left, a sidebar on the right with spaced capitals and
justified text, a compact one with dates set right of the titles), two from Typst (one column;
a two-column grid), and two from LibreOffice (a plain document; a two-column table), plus the
DOCX LibreOffice makes of the table layout and a DOCX whose sidebar is a text box (as Word
resume templates build sidebars). The outputs are committed; the test only reads them. The tools stamp dates and ids into their output, so the bytes change from run to run.
"""

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "layouts"

PERSON = {
    "name": "Amara Okafor",
    "headline": "Machine Learning Engineer",
    "contact": ["amara.okafor@example.com", "+44 20 7946 0321", "Manchester, UK",
                "github.com/amara-ok"],
    "summary": (
        "Machine learning engineer with six years of experience training, evaluating and "
        "serving models in production, from fraud detection at a payments company to "
        "ranking and recommendation for an online retailer."
    ),
    "experience": [
        {
            "title": "Senior Machine Learning Engineer",
            "employer": "Brightcart",
            "place": "Manchester, UK",
            "dates": "Mar 2021 – Present",
            "bullets": [
                "Trained and shipped the product ranking models in PyTorch, lifting search "
                "conversion by 6% in an A/B test across 40 million sessions.",
                "Built the feature pipelines in Spark and Airflow and the model registry in "
                "MLflow; retraining runs weekly on Kubernetes.",
                "Served models behind a FastAPI service with p99 latency under 40 ms, "
                "monitored with Prometheus and Grafana.",
                "Mentored three engineers and led the offline evaluation of every model "
                "change.",
            ],
        },
        {
            "title": "Machine Learning Engineer",
            "employer": "Paysure",
            "place": "London, UK",
            "dates": "Jun 2018 – Feb 2021",
            "bullets": [
                "Built gradient-boosted fraud models with XGBoost and scikit-learn on "
                "transaction data, cutting chargebacks by 18%.",
                "Wrote the real-time scoring service in Python and deployed it with Docker "
                "on AWS.",
                "Designed the labelling workflow and the data quality checks in SQL.",
            ],
        },
        {
            "title": "Data Analyst",
            "employer": "Northgrid Energy",
            "place": "Leeds, UK",
            "dates": "Sep 2016 – May 2018",
            "bullets": [
                "Forecast regional demand with time-series models in Python and pandas.",
                "Built weekly reporting in SQL and Tableau for the operations team.",
            ],
        },
    ],
    "skills": [
        ("Languages", "Python, SQL, Scala"),
        ("Machine learning", "PyTorch, scikit-learn, XGBoost, recommender systems"),
        ("Data and MLOps", "Spark, Airflow, MLflow, Docker, Kubernetes, AWS"),
    ],
    "education": [
        ("MSc Data Science", "University of Manchester", "2015 – 2016"),
        ("BSc Mathematics", "University of Leeds", "2012 – 2015"),
    ],
}


def esc(text):
    return html.escape(text, quote=False)


def experience_html(tag="h3"):
    out = []
    for job in PERSON["experience"]:
        out.append(
            f'<div class="job"><div class="jobhead"><{tag}>{esc(job["title"])}</{tag}>'
            f'<span class="dates">{esc(job["dates"])}</span></div>'
            f'<div class="employer">{esc(job["employer"])}, {esc(job["place"])}</div><ul>'
            + "".join(f"<li>{esc(b)}</li>" for b in job["bullets"])
            + "</ul></div>"
        )
    return "".join(out)


def skills_html():
    return "<ul class=\"skills\">" + "".join(
        f"<li><b>{esc(k)}:</b> {esc(v)}</li>" for k, v in PERSON["skills"]) + "</ul>"


def education_html():
    return "".join(
        f'<div class="edu"><b>{esc(d)}</b><br>{esc(s)}, {esc(y)}</div>'
        for d, s, y in PERSON["education"])


def contact_html(sep):
    return sep.join(esc(c) for c in PERSON["contact"])


def page(css, body):
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(PERSON['name'])}</title><style>{css}</style></head>"
            f"<body>{body}</body></html>")


def classic():
    css = """
      @page { size: A4; margin: 18mm; }
      body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.35; }
      h1 { margin: 0; font-size: 22pt; } .headline { font-size: 13pt; margin-bottom: 4pt; }
      h2 { border-bottom: 1px solid #333; font-size: 12pt; margin-top: 12pt; }
      h3 { display: inline; font-size: 11pt; } .dates { float: right; }
      ul { margin: 2pt 0 6pt 0; }"""
    body = (f"<h1>{esc(PERSON['name'])}</h1><div class=\"headline\">{esc(PERSON['headline'])}"
            f"</div><div>{contact_html(' · ')}</div><h2>Summary</h2><p>{esc(PERSON['summary'])}"
            f"</p><h2>Experience</h2>{experience_html()}<h2>Skills</h2>{skills_html()}"
            f"<h2>Education</h2>{education_html()}")
    return page(css, body)


def sidebar(left, capitals=False, justified=False):
    css = f"""
      @page {{ size: A4; margin: 12mm; }}
      body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; line-height: 1.4;
              {'text-align: justify;' if justified else ''} }}
      .grid {{ display: grid; grid-template-columns: {'62mm 1fr' if left else '1fr 58mm'};
               gap: 8mm; }}
      .side {{ background: #eef2f6; padding: 5mm; {'order: 2;' if not left else ''} }}
      h1 {{ font-size: 20pt; margin: 0 0 2pt 0; }}
      h2 {{ font-size: 11pt; color: #1d4e89; margin: 10pt 0 4pt 0;
            {'text-transform: uppercase; letter-spacing: 0.18em;' if capitals else ''} }}
      h3 {{ font-size: 10.5pt; margin: 0; }} .dates {{ color: #555; font-size: 9pt; }}
      .employer {{ font-style: italic; }} ul {{ padding-left: 14pt; margin: 2pt 0 6pt 0; }}
      .side ul {{ padding-left: 0; list-style: none; }}"""
    side = (f"<h2>Contact</h2><div>{contact_html('<br>')}</div><h2>Skills</h2>{skills_html()}"
            f"<h2>Education</h2>{education_html()}")
    main = (f"<h1>{esc(PERSON['name'])}</h1><div>{esc(PERSON['headline'])}</div>"
            f"<h2>Profile</h2><p>{esc(PERSON['summary'])}</p><h2>Work Experience</h2>"
            f"{experience_html()}")
    body = (f"<div class=\"grid\"><div class=\"side\">{side}</div>"
            f"<div class=\"main\">{main}</div></div>")
    return page(css, body)


def compact():
    css = """
      @page { size: Letter; margin: 10mm 14mm; }
      body { font-family: 'DejaVu Sans Condensed', 'DejaVu Sans', sans-serif; font-size: 9pt;
             line-height: 1.25; }
      header { text-align: center; } h1 { font-size: 17pt; margin: 0; letter-spacing: 0.05em; }
      h2 { font-size: 10pt; text-transform: uppercase; border-bottom: 2px solid #000;
           margin: 8pt 0 3pt 0; }
      .jobhead { display: flex; justify-content: space-between; }
      h3 { font-size: 9.5pt; margin: 0; } ul { margin: 1pt 0 4pt 0; padding-left: 12pt; }"""
    body = (f"<header><h1>{esc(PERSON['name'].upper())}</h1><div>{esc(PERSON['headline'])} | "
            f"{contact_html(' | ')}</div></header><h2>Summary</h2><p>{esc(PERSON['summary'])}"
            f"</p><h2>Professional Experience</h2>{experience_html()}<h2>Technical Skills</h2>"
            f"{skills_html()}<h2>Education</h2>{education_html()}")
    return page(css, body)


def table_layout():
    """Two columns as a table, as word-processor templates build them (LibreOffice)."""
    side = (f"<h2>Contact</h2><p>{contact_html('<br>')}</p><h2>Skills</h2>{skills_html()}"
            f"<h2>Education</h2>{education_html()}")
    main = (f"<h1>{esc(PERSON['name'])}</h1><p>{esc(PERSON['headline'])}</p><h2>Summary</h2>"
            f"<p>{esc(PERSON['summary'])}</p><h2>Experience</h2>{experience_html('h3')}")
    body = (f"<table width=\"100%\"><tr><td width=\"32%\" valign=\"top\">{side}</td>"
            f"<td width=\"68%\" valign=\"top\">{main}</td></tr></table>")
    return page("body { font-family: 'Liberation Sans', sans-serif; font-size: 10pt; }", body)


def plain_document():
    body = (f"<h1>{esc(PERSON['name'])}</h1><p>{esc(PERSON['headline'])}<br>"
            f"{contact_html(' | ')}</p><h2>Summary</h2><p>{esc(PERSON['summary'])}</p>"
            f"<h2>Experience</h2>"
            + "".join(
                f"<h3>{esc(j['title'])}, {esc(j['employer'])}</h3><p>{esc(j['place'])}, "
                f"{esc(j['dates'])}</p><ul>"
                + "".join(f"<li>{esc(b)}</li>" for b in j["bullets"]) + "</ul>"
                for j in PERSON["experience"])
            + f"<h2>Skills</h2>{skills_html()}<h2>Education</h2>{education_html()}")
    return page("body { font-family: 'Liberation Serif', serif; font-size: 11pt; }", body)


def text_box_document():
    """Flat OpenDocument text whose sidebar (contact, skills, education) is a text box anchored
    in the first paragraph, the main column beside it: a Word template's layout."""
    x = lambda text: html.escape(text, quote=False)
    p = lambda text: f"<text:p>{x(text)}</text:p>"
    h = lambda text, level=2: f'<text:h text:outline-level="{level}">{x(text)}</text:h>'
    items = lambda lines: ("<text:list>" + "".join(
        f"<text:list-item>{p(line)}</text:list-item>" for line in lines) + "</text:list>")
    side = (h("Contact") + "".join(p(c) for c in PERSON["contact"]) + h("Skills")
            + "".join(p(f"{k}: {v}") for k, v in PERSON["skills"]) + h("Education")
            + "".join(p(f"{d}, {s}, {y}") for d, s, y in PERSON["education"]))
    frame = ('<draw:frame draw:name="Sidebar" text:anchor-type="paragraph" svg:x="0cm" '
             'svg:y="0cm" svg:width="5.5cm" svg:height="24cm" draw:z-index="0">'
             f"<draw:text-box>{side}</draw:text-box></draw:frame>")
    main = (f"<text:p>{frame}{x(PERSON['headline'])}</text:p>" + h("Summary")
            + p(PERSON["summary"]) + h("Experience") + "".join(
                h(f"{j['title']}, {j['employer']}", 3) + p(f"{j['place']}, {j['dates']}")
                + items(j["bullets"]) for j in PERSON["experience"]))
    ns = " ".join(f'xmlns:{k}="urn:oasis:names:tc:opendocument:xmlns:{v}"' for k, v in [
        ("office", "office:1.0"), ("text", "text:1.0"), ("draw", "drawing:1.0"),
        ("svg", "svg-compatible:1.0"), ("style", "style:1.0")])
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document {ns} office:version="1.2" '
            'office:mimetype="application/vnd.oasis.opendocument.text"><office:body>'
            f"<office:text>{h(PERSON['name'], 1)}{main}</office:text></office:body>"
            "</office:document>\n")


def typst_escape(text):
    for ch in "\\#$*_@<>[]`~":
        text = text.replace(ch, "\\" + ch)
    return text


def typst_source(two_columns):
    t = typst_escape
    jobs = "\n".join(
        f"=== {t(j['title'])} #h(1fr) {t(j['dates'])}\n_{t(j['employer'])}, {t(j['place'])}_\n"
        + "\n".join(f"- {t(b)}" for b in j["bullets"]) + "\n"
        for j in PERSON["experience"])
    skills = "\n".join(f"- *{t(k)}:* {t(v)}" for k, v in PERSON["skills"])
    education = "\n".join(f"- *{t(d)}*, {t(s)}, {t(y)}" for d, s, y in PERSON["education"])
    contact = " \\\n".join(t(c) for c in PERSON["contact"])
    head = ('#set page(paper: "a4", margin: 14mm)\n'
            '#set text(font: "DejaVu Sans", size: 9.5pt)\n#set par(justify: true)\n')
    if not two_columns:
        return (head + f"= {t(PERSON['name'])}\n{t(PERSON['headline'])} \\\n{contact}\n\n"
                f"== Summary\n{t(PERSON['summary'])}\n\n== Experience\n{jobs}\n"
                f"== Skills\n{skills}\n\n== Education\n{education}\n")
    side = f"== Contact\n{contact}\n\n== Skills\n{skills}\n\n== Education\n{education}\n"
    main = (f"= {t(PERSON['name'])}\n{t(PERSON['headline'])}\n\n== Profile\n"
            f"{t(PERSON['summary'])}\n\n== Experience\n{jobs}")
    return head + f"#grid(columns: (58mm, 1fr), gutter: 7mm,\n[\n{side}\n],\n[\n{main}\n])\n"


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def chromium_pdf(html_text, out, work):
    source = work / (out.stem + ".html")
    source.write_text(html_text, encoding="utf-8")
    run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
         "--no-pdf-header-footer", f"--print-to-pdf={out}", source.as_uri()])


def libreoffice_docx(fodt_text, out, work):
    source = work / (out.stem + ".fodt")
    source.write_text(fodt_text, encoding="utf-8")
    run(["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
         str(work), str(source)])
    shutil.move(work / f"{out.stem}.docx", out)


def libreoffice(html_text, out, work, target="pdf"):
    source = work / (out.stem + ".html")
    source.write_text(html_text, encoding="utf-8")
    convert = {"pdf": "pdf:writer_web_pdf_Export", "docx": "docx:MS Word 2007 XML"}[target]
    run(["soffice", "--headless", "--convert-to", convert, "--outdir", str(work),
         str(source)])
    shutil.move(work / f"{out.stem}.{target}", out)


def main():
    import typst

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        chromium_pdf(classic(), OUT / "chromium-classic.pdf", work)
        chromium_pdf(sidebar(left=True), OUT / "chromium-sidebar-left.pdf", work)
        chromium_pdf(sidebar(left=False, capitals=True, justified=True),
                     OUT / "chromium-sidebar-right.pdf", work)
        chromium_pdf(compact(), OUT / "chromium-compact.pdf", work)
        for name, two in (("typst-plain", False), ("typst-sidebar", True)):
            source = work / f"{name}.typ"
            source.write_text(typst_source(two), encoding="utf-8")
            typst.compile(str(source), output=str(OUT / f"{name}.pdf"))
        libreoffice(plain_document(), OUT / "libreoffice-plain.pdf", work)
        libreoffice(table_layout(), OUT / "libreoffice-table.pdf", work)
        libreoffice(table_layout(), OUT / "libreoffice-table.docx", work, target="docx")
        libreoffice_docx(text_box_document(), OUT / "libreoffice-textbox.docx", work)
    for f in sorted(OUT.iterdir()):
        print(f"{f.relative_to(ROOT)}: {f.stat().st_size} bytes")


if __name__ == "__main__":
    sys.exit(main())
