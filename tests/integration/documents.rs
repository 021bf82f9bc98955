//! Real documents made by LibreOffice, qpdf and poppler (scripts/make_document_fixtures.py),
//! each with an asserted outcome: read in this process through the library, and through the
//! CLI, whose PDF, DOCX/ODT, RTF and DOC parsers run in a child process.

use std::collections::BTreeSet;
use std::path::PathBuf;

use rolematch::read::sections::SectionKind;
use rolematch::read::{read_document, Document, ExtractError, QualityProblem, ReadError};
use rolematch::skills::{SkillExtractor, Taxonomy};

use crate::common::{example, fixture, model_files, rolematch, stderr, stdout};

fn path(name: &str) -> PathBuf {
    fixture(&format!("documents/{name}"))
}

fn read(name: &str) -> Result<Document, ReadError> {
    read_document(&path(name))
}

fn skill_ids(doc: &Document) -> BTreeSet<String> {
    let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
    extractor
        .extract(doc)
        .hits
        .into_iter()
        .map(|h| h.skill)
        .collect()
}

fn section_kinds(doc: &Document) -> Vec<SectionKind> {
    doc.sections().iter().map(|s| s.kind).collect()
}

/// The first line (1-based) that contains `needle`.
fn line_with(doc: &Document, needle: &str) -> usize {
    doc.lines()
        .find(|(_, line)| line.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{}", doc.text()))
        .0
}

#[test]
fn one_resume_gives_the_same_skills_and_sections_in_every_format() {
    let pdf = read("single-column.pdf").unwrap();
    let expected = skill_ids(&pdf);
    for id in [
        "langchain",
        "pgvector",
        "fastapi",
        "kubernetes",
        "postgres",
        "typescript",
    ] {
        assert!(
            expected.contains(id),
            "{id} not found in the PDF: {expected:?}"
        );
    }
    for name in [
        "single-column.docx",
        "single-column.odt",
        "single-column.rtf",
        "single-column.doc",
        "single-column.html",
    ] {
        let doc = read(name).unwrap();
        assert_eq!(skill_ids(&doc), expected, "{name}");
        assert_eq!(
            section_kinds(&doc),
            vec![
                SectionKind::Experience,
                SectionKind::Skills,
                SectionKind::Education
            ],
            "{name}:\n{}",
            doc.text()
        );
    }
    assert_eq!(
        section_kinds(&pdf),
        vec![
            SectionKind::Experience,
            SectionKind::Skills,
            SectionKind::Education
        ]
    );
}

#[test]
fn two_columns_come_out_one_column_after_the_other() {
    for name in ["two-column.pdf", "two-column.docx", "two-column.doc"] {
        let doc = read(name).unwrap();
        let order = [
            line_with(&doc, "Skills"),
            line_with(&doc, "XGBoost"),
            line_with(&doc, "Education"),
            line_with(&doc, "Experience"),
            line_with(&doc, "Fjordline"),
            line_with(&doc, "Publications"),
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{name}: {order:?}");
        // Lines of the two columns are never glued together.
        assert!(
            doc.lines()
                .all(|(_, l)| !(l.contains("XGBoost") && l.contains("ranking"))),
            "{name}"
        );
        let skills = skill_ids(&doc);
        for id in ["pytorch", "spark", "airflow", "mlflow", "xgboost"] {
            assert!(skills.contains(id), "{name}: {id} missing from {skills:?}");
        }
        assert_eq!(
            section_kinds(&doc),
            vec![
                SectionKind::Skills,
                SectionKind::Education,
                SectionKind::Experience,
                SectionKind::Publications
            ],
            "{name}"
        );
    }
}

#[test]
fn a_table_layout_keeps_its_cells_and_rows() {
    for name in ["table-layout.pdf", "table-layout.docx", "table-layout.doc"] {
        let doc = read(name).unwrap();
        let skills = skill_ids(&doc);
        for id in ["vllm", "langfuse", "terraform", "prometheus", "grafana"] {
            assert!(skills.contains(id), "{name}: {id} missing from {skills:?}");
        }
        assert!(line_with(&doc, "Kora Payments (2023") < line_with(&doc, "Site Reliability"));
    }
    // DOCX and DOC cells are lines of their own, so the label cells become section headings.
    for name in ["table-layout.docx", "table-layout.doc"] {
        let kinds = section_kinds(&read(name).unwrap());
        for kind in [
            SectionKind::Experience,
            SectionKind::Skills,
            SectionKind::Education,
        ] {
            assert!(kinds.contains(&kind), "{name}: {kinds:?}");
        }
    }
}

#[test]
fn legacy_text_encodings_are_decoded() {
    for name in ["utf16le-bom.txt", "windows-1252.txt"] {
        let doc = read(name).unwrap();
        assert!(
            doc.text().starts_with("Zoë Müller"),
            "{name}: {}",
            doc.text()
        );
        assert!(skill_ids(&doc).contains("pandas"), "{name}");
    }
    assert!(read("windows-1252.txt").unwrap().text().contains('–'));
}

#[test]
fn a_pdf_restricted_only_for_printing_is_read() {
    let doc = read("restricted.pdf").unwrap();
    assert!(doc.text().contains("retrieval-augmented assistant"));
}

#[test]
fn every_unreadable_document_is_refused_with_its_reason() {
    type Expect = fn(&ReadError) -> bool;
    let cases: [(&str, Expect); 8] = [
        ("parser-panic.pdf", |e| {
            matches!(
                e,
                ReadError::Extract {
                    cause: ExtractError::ParserPanicked { .. },
                    ..
                }
            )
        }),
        ("scanned.pdf", |e| {
            matches!(
                e,
                ReadError::Extract {
                    cause: ExtractError::NoTextLayer { pages: 1 },
                    ..
                }
            )
        }),
        ("encrypted.pdf", |e| {
            matches!(
                e,
                ReadError::Extract {
                    cause: ExtractError::Encrypted,
                    ..
                }
            )
        }),
        ("truncated.pdf", |e| {
            matches!(
                e,
                ReadError::Extract {
                    cause: ExtractError::Malformed { .. },
                    ..
                }
            )
        }),
        ("looping.pdf", |e| {
            matches!(
                e,
                ReadError::Extract {
                    cause: ExtractError::Malformed { .. },
                    ..
                }
            )
        }),
        ("too-short.pdf", |e| {
            matches!(
                e,
                ReadError::Quality {
                    problem: QualityProblem::TooShort { .. },
                    ..
                }
            )
        }),
        ("zip-bomb.docx", |e| {
            matches!(
                e,
                ReadError::Extract {
                    cause: ExtractError::InflatesTooFar { .. },
                    ..
                }
            )
        }),
        ("photo-of-resume.png", |e| {
            matches!(e, ReadError::UnsupportedFormat { .. })
        }),
    ];
    for (name, expected) in cases {
        let err = read(name).unwrap_err();
        assert!(expected(&err), "{name}: {err:?}");
        assert!(err.to_string().contains(name), "{err}");
    }
    let scanned = read("scanned.pdf").unwrap_err().to_string();
    assert!(scanned.contains("OCR"), "{scanned}");
}

#[test]
fn the_child_parser_answers_in_json() {
    let out = rolematch()
        .args(["__extract", "PDF"])
        .arg(path("encrypted.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reply: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(reply["error"]["kind"], "encrypted");
}

#[test]
fn index_build_reads_the_good_documents_and_counts_the_rest() {
    model_files();
    let index = tempfile::tempdir().unwrap();
    let out = rolematch()
        .args(["pool", "build"])
        .arg(fixture("documents"))
        .args(["--pool", "docs", "--index-dir"])
        .arg(index.path())
        .output()
        .unwrap();
    let (out_text, err) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{err}");
    // restricted.pdf and single-column.pdf hold the same text, and so do the DOCX, RTF and
    // DOC of each resume: one person, added once.
    assert!(
        out_text.contains(
            "read 15 (10 added, 0 replaced, 0 unchanged, 5 duplicates left out), refused 5, failed 3"
        ),
        "{out_text}"
    );
    assert!(
        err.contains("single-column.pdf: the same text as 'restricted.pdf'"),
        "{err}"
    );
    for bad in [
        "parser-panic.pdf",
        "scanned.pdf",
        "encrypted.pdf",
        "truncated.pdf",
        "looping.pdf",
        "too-short.pdf",
        "zip-bomb.docx",
        "photo-of-resume.png",
    ] {
        assert!(err.contains(bad), "{bad} not reported: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn rank_over_a_folder_of_documents_puts_the_right_resume_first() {
    model_files();
    let out = rolematch()
        .args([
            "rank",
            "--role",
            "llmops-engineer",
            "--format",
            "json",
            "--pool",
        ])
        .arg(fixture("documents"))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // The copies of restricted.pdf's text and of each DOCX (its RTF and DOC) are ranked once
    // and listed with the files left out.
    assert!(err.contains("read 10, refused 10, failed 3"), "{err}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let first = json["candidates"][0]["candidate_id"].as_str().unwrap();
    assert!(first.starts_with("table-layout."), "{json:#}");
    assert_eq!(json["errors"].as_array().unwrap().len(), 13);
}

#[test]
fn a_parser_over_its_memory_limit_costs_only_its_file() {
    model_files();
    let index = tempfile::tempdir().unwrap();
    let out = rolematch()
        .arg("match")
        .arg(path("single-column.pdf"))
        .arg(example("resume.md"))
        .args([
            "--parser-memory-mib",
            "8",
            "--format",
            "json",
            "--index-dir",
        ])
        .arg(index.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("single-column.pdf: the PDF parser went over its 8 MiB memory limit"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["results"].as_array().unwrap().len(), 1);
    assert_eq!(json["errors"][0]["refused"], false);
}

#[test]
fn a_parser_that_runs_too_long_is_stopped_and_the_batch_goes_on() {
    model_files();
    let dir = tempfile::tempdir().unwrap();
    let deep = crate::common::slow_html(dir.path());
    let out = rolematch()
        .arg("match")
        .arg(&deep)
        .arg(example("resume.md"))
        .args(["--parser-timeout", "2", "--format", "json", "--index-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("deep.html: the HTML parser took longer than 2 s and was stopped"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["results"].as_array().unwrap().len(), 1);
}

#[test]
fn damaged_rtf_and_doc_files_give_text_or_an_error_never_a_panic() {
    use rolematch::read::extract::parse;
    use rolematch::read::Format;
    // Deterministic damage (a fixed-seed generator): cut short, or bytes overwritten.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |below: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % below as u64) as usize
    };
    for (name, format) in [
        ("single-column.rtf", Format::Rtf),
        ("single-column.doc", Format::Doc),
        ("table-layout.doc", Format::Doc),
        ("two-column.doc", Format::Doc),
    ] {
        let whole = std::fs::read(path(name)).unwrap();
        assert!(
            parse(format, &whole).unwrap().contains("Experience"),
            "{name}"
        );
        for round in 0..150 {
            let mut bytes = whole.clone();
            if round % 3 == 0 {
                bytes.truncate(next(whole.len()));
            } else {
                for _ in 0..1 + next(40) {
                    let at = next(bytes.len());
                    bytes[at] = next(256) as u8;
                }
            }
            // `parse` does not catch panics: one would fail this test.
            let _ = parse(format, &bytes);
        }
    }
}
