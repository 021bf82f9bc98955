//! Analysis: each document, once read, turned into everything scoring needs, exactly once —
//! its identity cues replaced (blind review), what it shows ([`Findings`]: skill mentions,
//! the lines that list skills and the lists set aside, dated positions), and the vectors of
//! its passages and of the whole. `match`, pools (files, folders, uploads), `rank` and the
//! server's batcher all take documents through [`analyze`]; a pool stores each candidate's
//! findings with its vectors, so ranking never reads the text again.
//!
//! Every passage of every document is embedded in one batch, so the model sees passages of
//! all lengths sorted together, and each token only once: the document's vector is the
//! word-weighted mean of its passages' vectors, not a second pass of the model over the whole
//! text. Lists that the resume does not back (see [`SkillHits::set_aside_lines`]) are blanked
//! out first: the model reads what a person did, not a dump of keywords.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::education::{education, EducationEntry};
use crate::embed::{DocumentEmbedding, EmbedError, Embedder, WindowEmbedding};
use crate::experience::{entry_starts, experience, Experience};
use crate::read::{passages, sections::heading_kind, Document};
use crate::redact::{redact, RedactionReport};
use crate::skills::{describes_work, SkillExtractor, SkillHits};
use crate::vector::normalize;

/// What a document shows, found once and kept with it (in pools too): scoring, advice and the
/// years check read these, never the text again. The default is findings not made yet (an
/// empty `made_with`), which whoever reads them makes anew.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Findings {
    /// What these were made with: the version of this analysis and the skill extractor's
    /// fingerprint (taxonomy version and content). A pool's findings made with anything else
    /// are made again when it is ranked.
    pub made_with: String,
    /// Every skill mention, with its line and span.
    pub skills: SkillHits,
    /// The lines that list skills (a skills section, or a line naming five or more).
    pub listing: BTreeSet<usize>,
    /// The listing lines set aside as no honest resume writes them (see
    /// [`SkillHits::set_aside_among`]).
    pub set_aside: BTreeSet<usize>,
    /// Whether the document describes work outside its lists (a bullet or a sentence; see
    /// [`describes_work`]), which is what a list's proportion is judged against.
    #[serde(default)]
    pub describes_work: bool,
    /// Dated positions (with their titles and employers) and the years they add up to.
    pub experience: Experience,
    /// The entries of the Education section.
    #[serde(default)]
    pub education: Vec<EducationEntry>,
    /// The placeholders of an unfilled template (`[Your Name]`, `Job Title 1`, lorem ipsum);
    /// empty for a resume someone wrote (see [`crate::template`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<String>,
    /// The month the document was received (`YYYY-MM`), which "present" in its dates stood
    /// for: kept, so that findings made again later read the dates as of the same month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<String>,
}

impl Findings {
    /// Finds skills, lists, dated positions and education entries in `document`.
    pub fn of(document: &Document, extractor: &SkillExtractor) -> Self {
        let skills = extractor.extract(document);
        let listing = skills.listing_lines(document);
        let described = describes_work(document, &listing);
        let set_aside = skills.set_aside_among(&listing, described);
        let experience = experience(document);
        let dated = !experience.positions.is_empty();
        Findings {
            made_with: made_with(extractor),
            skills,
            listing,
            set_aside,
            describes_work: described,
            experience,
            education: education(document),
            placeholders: crate::template::unfilled_placeholders(document, dated),
            received: document.received().map(|month| month.to_string()),
        }
    }

    /// True when these were found with `extractor`'s taxonomy.
    pub fn current_for(&self, extractor: &SkillExtractor) -> bool {
        !self.not_made() && self.made_with == made_with(extractor)
    }

    /// True for findings never made (see [`Findings::default`]).
    pub(crate) fn not_made(&self) -> bool {
        self.made_with.is_empty()
    }

    /// These findings when they were made with `extractor`'s taxonomy, or `document`'s made
    /// now (a pool made before findings were kept, or with another taxonomy).
    pub(crate) fn current_or_of(self, document: &Document, extractor: &SkillExtractor) -> Self {
        if self.current_for(extractor) {
            self
        } else {
            Findings::of(document, extractor)
        }
    }
}

/// A document examined but not yet embedded: the text scoring reads (redacted when blind),
/// what blind review replaced, and what it shows.
#[derive(Debug, Clone)]
pub struct Examined {
    pub document: Document,
    /// What blind review replaced, when the document was examined blind.
    pub redactions: Option<RedactionReport>,
    pub findings: Findings,
}

/// Examines one document: with `blind`, its identity cues are replaced first (skill mentions
/// are kept: the mentions found keep the redaction off every skill), then its findings are
/// made from the text that will be scored.
pub(crate) fn examine(document: Document, extractor: &SkillExtractor, blind: bool) -> Examined {
    let findings = Findings::of(&document, extractor);
    if !blind {
        return Examined {
            document,
            redactions: None,
            findings,
        };
    }
    let redacted = redact(&document, &findings.skills);
    // The redacted text is a new text, whose findings are its own (unless nothing changed).
    let findings = if redacted.document.text() == document.text() {
        findings
    } else {
        Findings::of(&redacted.document, extractor)
    };
    Examined {
        document: redacted.document,
        redactions: Some(redacted.report),
        findings,
    }
}

/// The version of the analysis itself (how lists are found and set aside, how dates, titles,
/// employers and education are read, how a skill is told from a name, what makes a template):
/// bump it when that code changes, so that kept findings
/// are made again.
pub(crate) const ANALYSIS_VERSION: u32 = 19;

/// What findings made now are made with.
fn made_with(extractor: &SkillExtractor) -> String {
    format!("analysis-{ANALYSIS_VERSION}/{}", extractor.fingerprint())
}

/// One document analysed: examined, and its passages and the whole embedded (byte ranges
/// into the text scoring reads).
#[derive(Debug, Clone)]
pub struct Analysis {
    pub document: Document,
    /// What blind review replaced, when the document was analysed blind.
    pub redactions: Option<RedactionReport>,
    pub findings: Findings,
    pub embedding: DocumentEmbedding,
    pub passages: Vec<WindowEmbedding>,
}

impl Analysis {
    /// A document whose vectors were made elsewhere (a benchmark's or a test's own), with its
    /// findings not made yet: they are made from its text when it is ranked.
    pub fn with_vectors(
        document: Document,
        vector: Vec<f32>,
        passages: Vec<WindowEmbedding>,
    ) -> Self {
        Analysis {
            document,
            redactions: None,
            findings: Findings::default(),
            embedding: DocumentEmbedding {
                vector,
                windows: Vec::new(),
            },
            passages,
        }
    }
}

/// Analyses `documents` (in input order): each is examined (see [`examine`]), then all are
/// embedded in one batch.
pub fn analyze(
    embedder: &dyn Embedder,
    extractor: &SkillExtractor,
    documents: Vec<Document>,
    blind: bool,
) -> Result<Vec<Analysis>, EmbedError> {
    let examined = documents
        .into_iter()
        .map(|document| examine(document, extractor, blind))
        .collect();
    embed(embedder, examined)
}

/// Embeds examined documents, all in one batch, in input order.
pub fn embed(
    embedder: &dyn Embedder,
    examined: Vec<Examined>,
) -> Result<Vec<Analysis>, EmbedError> {
    let documents: Vec<&Document> = examined.iter().map(|e| &e.document).collect();
    let set_aside: Vec<&BTreeSet<usize>> = examined.iter().map(|e| &e.findings.set_aside).collect();
    let embedded = embed_passages(embedder, &documents, &set_aside)?;
    Ok(examined
        .into_iter()
        .zip(embedded)
        .map(|(e, (embedding, passages))| Analysis {
            document: e.document,
            redactions: e.redactions,
            findings: e.findings,
            embedding,
            passages,
        })
        .collect())
}

/// The passages analysis cuts `document` into (see [`passages`]), each of its entries (a job,
/// a project, a degree) starting one.
pub fn document_passages(document: &Document) -> Vec<Range<usize>> {
    passages(document, &entry_starts(document))
}

/// Embeds every document's passages, with its `set_aside` lines blanked, and derives each
/// document's vector from them; in input order. A document with no passage once its
/// unbacked lists are set aside is embedded whole.
fn embed_passages(
    embedder: &dyn Embedder,
    documents: &[&Document],
    set_aside: &[&BTreeSet<usize>],
) -> Result<Vec<(DocumentEmbedding, Vec<WindowEmbedding>)>, EmbedError> {
    let read: Vec<String> = documents
        .iter()
        .zip(set_aside)
        .map(|(doc, lines)| blank_lines(doc, &with_their_headings(doc, (*lines).clone())))
        .collect();
    // Passages are cut from the text as read, so a set-aside list leaves no passage behind
    // and the rest fall as they would without it; their byte ranges hold in the original.
    let ranges: Vec<Vec<Range<usize>>> = documents
        .iter()
        .zip(&read)
        .map(|(doc, read)| {
            let starts = entry_starts(doc);
            passages(
                &Document::new(doc.path().to_path_buf(), read.clone()),
                &starts,
            )
        })
        .collect();
    let mut texts: Vec<&str> = Vec::new();
    for ((doc, doc_ranges), read) in documents.iter().zip(&ranges).zip(&read) {
        if doc_ranges.is_empty() {
            // Nothing left to read but what was set aside (or nothing at all): embed it whole.
            texts.push(doc.text());
        }
        texts.extend(doc_ranges.iter().map(|r| &read[r.clone()]));
    }
    let mut embedded = embedder.embed_documents(&texts)?.into_iter();
    let mut prepared = Vec::with_capacity(documents.len());
    for ((doc, doc_ranges), read) in documents.iter().zip(ranges).zip(&read) {
        if doc_ranges.is_empty() {
            let embedding = embedded.next().expect("one embedding per text");
            prepared.push((embedding, Vec::new()));
            continue;
        }
        let passages: Vec<WindowEmbedding> = doc_ranges
            .into_iter()
            .zip(embedded.by_ref())
            .map(|(byte_range, e)| WindowEmbedding {
                byte_range,
                vector: e.vector,
            })
            .collect();
        let vector = weighted_mean(doc, read, &passages, embedder.dimensions());
        prepared.push((
            DocumentEmbedding {
                vector,
                windows: Vec::new(),
            },
            passages,
        ));
    }
    Ok(prepared)
}

/// The unit-length mean of the passage vectors, each weighted by the words it holds outside
/// headings and set-aside lines (`read` is the text with those blanked). When no passage holds
/// such words, every passage counts by its words.
fn weighted_mean(
    doc: &Document,
    read: &str,
    passages: &[WindowEmbedding],
    dimensions: usize,
) -> Vec<f32> {
    let words = |text: &str| -> usize {
        text.lines()
            .filter(|line| !is_heading(line))
            .map(|line| line.split_whitespace().count())
            .sum()
    };
    let mut weights: Vec<usize> = passages
        .iter()
        .map(|p| words(&read[p.byte_range.clone()]))
        .collect();
    if weights.iter().all(|&w| w == 0) {
        weights = passages
            .iter()
            .map(|p| {
                doc.text()[p.byte_range.clone()]
                    .split_whitespace()
                    .count()
                    .max(1)
            })
            .collect();
    }
    let mut mean = vec![0.0f32; dimensions];
    for (passage, &weight) in passages.iter().zip(&weights) {
        for (m, v) in mean.iter_mut().zip(&passage.vector) {
            *m += weight as f32 * v;
        }
    }
    normalize(&mut mean);
    mean
}

/// A Markdown heading or a line that names a resume section ("Experience", "Skills").
fn is_heading(line: &str) -> bool {
    line.trim_start().starts_with('#') || heading_kind(line).is_some()
}

/// `lines` and every heading over nothing but such lines: a heading that only introduces an
/// unbacked list goes with it.
fn with_their_headings(doc: &Document, mut lines: BTreeSet<usize>) -> BTreeSet<usize> {
    if lines.is_empty() {
        return lines;
    }
    let count = doc.line_count();
    let mut headings = Vec::new();
    for n in 1..=count {
        if !is_heading(doc.line(n)) {
            continue;
        }
        let body: Vec<usize> = (n + 1..=count)
            .take_while(|&m| !is_heading(doc.line(m)))
            .filter(|&m| !doc.line(m).trim().is_empty())
            .collect();
        if !body.is_empty() && body.iter().all(|m| lines.contains(m)) {
            headings.push(n);
        }
    }
    lines.extend(headings);
    lines
}

/// The document's text with `lines` (1-based) blanked: every character but the line break
/// becomes spaces of the same byte length, so byte ranges into the text still hold.
fn blank_lines(doc: &Document, lines: &BTreeSet<usize>) -> String {
    if lines.is_empty() {
        return doc.text().to_string();
    }
    let mut text = String::with_capacity(doc.text().len());
    for (i, line) in doc.text().split_inclusive('\n').enumerate() {
        if lines.contains(&(i + 1)) {
            for c in line.chars() {
                match c {
                    '\n' | '\r' => text.push(c),
                    _ => text.extend(std::iter::repeat_n(' ', c.len_utf8())),
                }
            }
        } else {
            text.push_str(line);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::fake::FakeEmbedder;
    use crate::read::document_from_text;
    use crate::skills::Taxonomy;

    #[test]
    fn a_blind_analysis_reads_the_redacted_text_and_keeps_every_skill() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let embedder = FakeEmbedder { dimensions: 16 };
        let text = "# Maria Garcia\nmaria.garcia@example.com\n\n## Experience\n\
                    ML Engineer, Acme (2019 - 2023)\n- Built RAG services in Python and PyTorch\n";
        let document = document_from_text("maria.md", text);
        let open = analyze(&embedder, &extractor, vec![document.clone()], false).unwrap();
        let blind = analyze(&embedder, &extractor, vec![document], true).unwrap();
        let (open, blind) = (&open[0], &blind[0]);
        assert!(open.redactions.is_none() && open.document.text() == text);
        assert!(blind.redactions.is_some());
        assert!(!blind.document.text().contains("Garcia"));
        // The findings are of the text that is scored: every line they point at is there.
        let skills = |a: &Analysis| -> Vec<String> {
            a.findings
                .skills
                .hits
                .iter()
                .map(|h| h.skill.clone())
                .collect()
        };
        assert_eq!(skills(blind), skills(open));
        for hit in &blind.findings.skills.hits {
            assert_eq!(&blind.document.line(hit.line)[hit.start..hit.end], hit.text);
        }
        assert_eq!(blind.findings.experience.years, Some(4.0));
        assert!(blind.findings.current_for(&extractor));
    }

    #[test]
    fn findings_survive_a_round_trip_through_json_and_default_to_not_made() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let document = document_from_text(
            "cv.md",
            "## Experience\nData Engineer, Acme (Jan 2020 - Mar 2022)\nBuilt Kafka and Spark jobs\n\n## Skills\nPython, SQL, Kafka, Spark, Airflow, dbt\n",
        );
        let findings = Findings::of(&document, &extractor);
        assert!(!findings.skills.hits.is_empty() && !findings.listing.is_empty());
        assert_eq!(findings.experience.positions.len(), 1);
        let json = serde_json::to_string(&findings).unwrap();
        let back: Findings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, findings);
        assert!(Findings::default().not_made());
        assert!(!Findings::default().current_for(&extractor));
        let old: Findings =
            serde_json::from_str(&json.replace(&findings.made_with, "analysis-0/2020.1")).unwrap();
        assert!(!old.current_for(&extractor));
        assert_eq!(old.current_or_of(&document, &extractor), findings);
    }

    #[test]
    fn the_document_vector_is_the_word_weighted_mean_of_its_passages() {
        let doc = document_from_text("cv.md", "## Experience\nBuilt things\n\nShipped more\n");
        let passages = vec![
            WindowEmbedding {
                byte_range: 0..27,
                vector: vec![1.0, 0.0],
            },
            WindowEmbedding {
                byte_range: 28..41,
                vector: vec![0.0, 1.0],
            },
        ];
        // The heading does not count: two words each, equal weights.
        let mean = weighted_mean(&doc, doc.text(), &passages, 2);
        assert!((mean[0] - mean[1]).abs() < 1e-6 && (mean[0] - 0.70710677).abs() < 1e-6);
        // A passage whose words were all set aside weighs nothing.
        let read = blank_lines(&doc, &BTreeSet::from([2]));
        let mean = weighted_mean(&doc, &read, &passages, 2);
        assert_eq!(mean, vec![0.0, 1.0]);
    }

    #[test]
    fn a_heading_over_only_set_aside_lines_goes_with_them() {
        let doc = document_from_text(
            "cv.md",
            "## Skills\nSQL\n\n## Tools\ndump\ndump\n## Education\nBSc",
        );
        let lines = with_their_headings(&doc, BTreeSet::from([5, 6]));
        assert_eq!(lines, BTreeSet::from([4, 5, 6]));
        assert!(with_their_headings(&doc, BTreeSet::new()).is_empty());
    }

    #[test]
    fn blanked_lines_keep_every_byte_offset() {
        // Built directly: a CR is what normalization would remove, and this test wants one.
        let doc = crate::read::Document::new(
            "cv.md".into(),
            "Ana\nPyTorch, vLLM — é\r\nBuilt things\n".into(),
        );
        let text = blank_lines(&doc, &BTreeSet::from([2]));
        assert_eq!(text.len(), doc.text().len());
        assert_eq!(text.lines().nth(1).unwrap().trim(), "");
        assert!(text.ends_with("\r\nBuilt things\n"));
        assert_eq!(blank_lines(&doc, &BTreeSet::new()), doc.text());
    }
}
