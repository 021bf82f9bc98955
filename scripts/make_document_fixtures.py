#!/usr/bin/env python3
"""Builds the document fixtures under tests/fixtures/documents/ with real tools.

LibreOffice (Debian: libreoffice-writer-nogui, libreoffice-draw-nogui) turns flat ODT
sources into DOCX, ODT, RTF, HTML and PDF; poppler-utils renders a page to an image for the
scanned PDF; qpdf encrypts. The hostile files (zip bomb, truncated and looping PDFs) and the
legacy text encodings are written byte by byte here. The committed outputs are small; run

    apt-get install libreoffice-writer-nogui libreoffice-draw-nogui poppler-utils qpdf
    python3 scripts/make_document_fixtures.py

to make them again. One fixture does not come from this script: parser-panic.pdf is a file the
`pdf` fuzz target found (a mutated restricted.pdf that makes pdf-extract panic on a missing
object), kept to show that such a panic costs only its file. LibreOffice stamps dates and ids into its output, so the bytes change
from run to run; the tests assert on extracted text, not on bytes.
"""

import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "documents"

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)

STYLES = """
<office:font-face-decls>
  <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"
    xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
  <style:default-style style:family="paragraph">
    <style:text-properties style:font-name="DejaVu Sans" fo:font-size="10pt"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Title" style:family="paragraph" style:class="chapter">
    <style:text-properties fo:font-size="18pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
    style:default-outline-level="1" style:class="text">
    <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.1cm"/>
    <style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
  </style:style>
</office:styles>
<office:automatic-styles>
  <style:style style:name="TwoColumns" style:family="section">
    <style:section-properties>
      <style:columns fo:column-count="2" fo:column-gap="0.8cm"/>
    </style:section-properties>
  </style:style>
  <style:style style:name="ColumnBreak" style:family="paragraph" style:parent-style-name="Heading_20_1">
    <style:paragraph-properties fo:break-before="column"/>
  </style:style>
  <style:style style:name="Grid" style:family="table">
    <style:table-properties style:width="17cm" table:align="left"/>
  </style:style>
  <style:style style:name="Grid.A" style:family="table-column">
    <style:table-column-properties style:column-width="4cm"/>
  </style:style>
  <style:style style:name="Grid.B" style:family="table-column">
    <style:table-column-properties style:column-width="13cm"/>
  </style:style>
</office:automatic-styles>
"""


def para(text, style="Standard"):
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def heading(text, style="Heading_20_1"):
    return f'<text:h text:style-name="{style}" text:outline-level="1">{escape(text)}</text:h>'


def fodt(body):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document {NS} office:version="1.2" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        f"{STYLES}<office:body><office:text>{body}</office:text></office:body></office:document>\n"
    )


# A single-column resume: an AI engineer who ships LLM features.
SINGLE = [
    para("Tomás Herrera — AI Engineer", "Title"),
    para("Lisbon, Portugal · tomas.herrera@example.org"),
    heading("Experience"),
    para("AI Engineer, Lumen Health (2022–present)"),
    para("Built a retrieval-augmented assistant over clinical guidelines with LangChain, "
         "pgvector and the OpenAI API; wrote an evaluation suite with RAGAS and golden sets "
         "that gates every prompt change in CI."),
    para("Shipped the assistant as a FastAPI service on Kubernetes with streaming responses, "
         "caching and per-tenant rate limits; cut p95 latency from 9 s to 2.5 s."),
    para("Backend Engineer, Quaystone (2018–2022)"),
    para("Python and TypeScript services, PostgreSQL, Docker, GitHub Actions."),
    heading("Skills"),
    para("Python, TypeScript, LangChain, LlamaIndex, RAG, pgvector, prompt engineering, "
         "evaluation, FastAPI, Docker, Kubernetes, PostgreSQL"),
    heading("Education"),
    para("BSc Computer Science, Universidade de Lisboa"),
]

# A two-column resume: skills and education on the left, experience on the right.
TWO_COLUMN = [
    para("Ingrid Solberg — Machine Learning Engineer", "Title"),
    para("Bergen, Norway · ingrid.solberg@example.org"),
    '<text:section text:style-name="TwoColumns" text:name="Columns">',
    heading("Skills"),
    para("PyTorch, scikit-learn, XGBoost"),
    para("Spark, Airflow, feature stores"),
    para("MLflow, Weights & Biases"),
    para("Docker, Kubernetes, Triton Inference Server"),
    heading("Education"),
    para("MSc Statistics, University of Oslo"),
    heading("Experience", "ColumnBreak"),
    para("Senior ML Engineer, Fjordline Media (2021–present): trained and deployed ranking "
         "models in PyTorch for the recommendations feed; owned training pipelines from raw "
         "event logs to the served model."),
    para("Rebuilt the feature pipelines in Spark and Airflow and added data quality checks "
         "that caught a label leak before launch."),
    para("Data Scientist, NordInsure (2017–2021): gradient boosting models for claims "
         "triage, A/B tests and model monitoring."),
    heading("Publications"),
    para("Workshop paper on calibration of ranking models, RecSys 2023."),
    "</text:section>",
]


def row(label, text):
    return (
        "<table:table-row>"
        f'<table:table-cell office:value-type="string">{para(label)}</table:table-cell>'
        f'<table:table-cell office:value-type="string">{para(text)}</table:table-cell>'
        "</table:table-row>"
    )


# A table-layout resume: each section is a row, the label on the left.
TABLE = [
    para("Amara Okafor — LLMOps Engineer", "Title"),
    para("Lagos, Nigeria · amara.okafor@example.org"),
    '<table:table table:name="Resume" table:style-name="Grid">',
    '<table:table-column table:style-name="Grid.A"/><table:table-column table:style-name="Grid.B"/>',
    row("Experience", "LLMOps Engineer, Kora Payments (2023–present): runs the serving "
        "platform for fine-tuned models on vLLM with autoscaling GPU pools; built prompt "
        "versioning, tracing with Langfuse and cost dashboards in Grafana."),
    row("Experience", "Site Reliability Engineer, Kora Payments (2019–2023): Kubernetes, "
        "Terraform, Prometheus, incident response and on-call for the payments API."),
    row("Skills", "vLLM, Kubernetes, Terraform, Prometheus, Grafana, Langfuse, Python, "
        "Go, CI/CD, observability, guardrails"),
    row("Education", "BEng Electrical Engineering, University of Lagos"),
    "</table:table>",
]

SHORT = [para("Curriculum Vitae")]


def soffice(src, fmt, outdir):
    profile = Path(tempfile.gettempdir()) / "rolematch-lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", fmt, "--outdir", str(outdir), str(src)],
        check=True, stdout=subprocess.DEVNULL,
    )


def convert(name, body, formats, work):
    src = work / f"{name}.fodt"
    src.write_text(fodt("".join(body)), encoding="utf-8")
    for fmt in formats:
        soffice(src, fmt, work)
        ext = fmt.split(":")[0]
        shutil.copy(work / f"{name}.{ext}", OUT / f"{name}.{ext}")


def scanned_pdf(work):
    """A PDF whose page is only a picture of text: what a scanner produces."""
    subprocess.run(["pdftoppm", "-r", "60", "-gray", "-png", "-singlefile",
                    str(OUT / "single-column.pdf"), str(work / "scanned")], check=True)
    soffice(work / "scanned.png", "pdf", work)
    shutil.copy(work / "scanned.pdf", OUT / "scanned.pdf")


def encrypted_pdfs():
    src = str(OUT / "single-column.pdf")
    # Needs a password to open: must be refused.
    subprocess.run(["qpdf", "--encrypt", "open-sesame", "owner-secret", "256", "--",
                    src, str(OUT / "encrypted.pdf")], check=True)
    # Opens without a password, only printing and editing are restricted: readable.
    subprocess.run(["qpdf", "--encrypt", "", "owner-secret", "256", "--print=none",
                    "--modify=none", "--", src, str(OUT / "restricted.pdf")], check=True)


def truncated_pdf():
    data = (OUT / "single-column.pdf").read_bytes()
    (OUT / "truncated.pdf").write_bytes(data[: len(data) // 3])


def looping_pdf():
    """A PDF whose page tree names itself as its own child."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    (OUT / "looping.pdf").write_bytes(out.getvalue())


def zip_bomb_docx():
    """A DOCX whose document.xml inflates to 64 MiB of whitespace."""
    source = zipfile.ZipFile(OUT / "single-column.docx")
    padding = b" " * (64 * 1024 * 1024)
    with zipfile.ZipFile(OUT / "zip-bomb.docx", "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, tail = data.partition(b"<w:body>")
                data = head + b"<w:body>" + padding + tail
            bomb.writestr(item.filename, data)


def legacy_encodings():
    text = ("Zoë Müller — Data Scientist\n\nExperience\nForecasting models in Python, "
            "pandas and scikit-learn for a café chain; Spark jobs and SQL reports.\n\n"
            "Skills\nPython, pandas, scikit-learn, SQL, Spark, statistics\n")
    (OUT / "utf16le-bom.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    (OUT / "windows-1252.txt").write_bytes(text.replace("—", "-").encode("cp1252")
                                           .replace(b"-", b"\x96", 1))


def main():
    for tool in ("soffice", "pdftoppm", "qpdf"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: apt-get install libreoffice-writer-nogui "
                     "libreoffice-draw-nogui poppler-utils qpdf")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        convert("single-column", SINGLE, ["pdf", "docx", "odt", "rtf", "doc", "html"], work)
        convert("two-column", TWO_COLUMN, ["pdf", "docx", "doc"], work)
        convert("table-layout", TABLE, ["pdf", "docx", "doc"], work)
        convert("too-short", SHORT, ["pdf"], work)
        scanned_pdf(work)
    encrypted_pdfs()
    truncated_pdf()
    looping_pdf()
    zip_bomb_docx()
    legacy_encodings()
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>9}  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
