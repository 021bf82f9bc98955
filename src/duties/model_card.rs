//! The instructions for use (a model card): what rolematch is for and not for, the versions
//! that make a result, the measured quality with what each figure means and its limits, the
//! blind-review measurement, how to read scores, bands and the audit log, the known failure
//! modes and the oversight features. No figure is typed here: each comes from a measurement
//! `eval --record` kept (this installation's, under `HOME/quality/`), or else from the ones
//! measured for this release and shipped inside it, each with its date.

use std::path::Path;

use serde::Serialize;

use super::page::Page;
use crate::eval::record::Measurement;
use crate::score::Calibration;
use crate::score::ScoreWeights;

/// The measurements made for this release (`eval --record` with the repository as home, and
/// `scripts/eval_realworld.py --record`), shipped inside the program.
const SHIPPED: &[&str] = &[
    include_str!("../../quality/labels.json"),
    include_str!("../../quality/jobs.json"),
    include_str!("../../quality/realworld.json"),
    include_str!("../../quality/blind-pairs.json"),
];

/// The kinds of measurement a card reports, in its order, with what each cannot tell.
const KINDS: &[(&str, &str)] = &[
    (
        "realworld",
        "Documents written by others (postings and resumes from several fields, formats and \
         sources), graded by this project's developers: the figure closest to real use, on a \
         small set. Fields and languages outside the set are not measured.",
    ),
    (
        "jobs",
        "Postings and resumes this project wrote, graded by hand: shows the ranking works as \
         designed, but the documents are cleaner than real ones, so expect lower figures in use.",
    ),
    (
        "labels",
        "Resumes this project wrote or collected, matched to the built-in catalog of AI and \
         software roles: says nothing about roles outside that catalog.",
    ),
    (
        "titles",
        "A public set of job titles matched to occupations: short texts, not resumes.",
    ),
];

/// Where a measurement came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Measured on this installation (`HOME/quality/`).
    Installation,
    /// Measured for this release and shipped with it.
    Release,
}

impl Origin {
    fn words(&self) -> &'static str {
        match self {
            Origin::Installation => "on this installation",
            Origin::Release => "for this release",
        }
    }
}

/// Everything the card says that is not a measurement: the versions and the settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardFacts {
    pub version: String,
    pub model: String,
    pub catalog_version: String,
    pub roles: usize,
    pub taxonomy_version: String,
    pub skills: usize,
    /// The fields the skill taxonomy knows (its categories).
    pub skill_fields: Vec<String>,
    pub calibration: Calibration,
    pub weights: ScoreWeights,
    pub retention_years: u32,
}

/// The card: its facts and measurements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelCard {
    pub facts: CardFacts,
    pub measurements: Vec<(Measurement, Origin)>,
    pub made_at: String,
}

/// The measurements for a card: this installation's where it has made one of a kind, the
/// release's otherwise. A file that cannot be read is named in the error.
pub fn measurements(home: &Path) -> Result<Vec<(Measurement, Origin)>, String> {
    let mut found = Vec::new();
    let kinds = KINDS.iter().map(|(k, _)| *k).chain(["blind-pairs"]);
    let shipped: Vec<Measurement> = SHIPPED
        .iter()
        .filter_map(|text| serde_json::from_str(text).ok())
        .collect();
    for kind in kinds {
        let path = Measurement::path(home, kind);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let m: Measurement = serde_json::from_str(&text).map_err(|e| {
                    format!(
                        "{}: {e}; measure again with `rolematch eval ... --record`",
                        path.display()
                    )
                })?;
                found.push((m, Origin::Installation));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(m) = shipped.iter().find(|m| m.kind == kind) {
                    found.push((m.clone(), Origin::Release));
                }
            }
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    Ok(found)
}

impl ModelCard {
    fn measurement(&self, kind: &str) -> Option<&(Measurement, Origin)> {
        self.measurements.iter().find(|(m, _)| m.kind == kind)
    }

    pub fn page(&self) -> Page {
        let f = &self.facts;
        let mut page = Page::new(format!("rolematch {}: instructions for use", f.version));
        page.paragraph(format!(
            "Written by `rolematch model-card` on {}. Every figure below comes from a dated \
             measurement; none is typed by hand.",
            self.made_at.split('T').next().unwrap_or(&self.made_at)
        ));

        page.heading("What it is for");
        page.paragraph(
            "rolematch ranks resumes for a job opening (a posting or a role of its catalog), \
             and roles for a resume, and explains each result by the skills both share, the \
             skills missing and the resume lines that show them. It is a screening aid: it \
             orders and explains, and a person reads the resumes and decides. It runs on the \
             user's own machine; no document leaves it.",
        );
        page.heading("What it is not for");
        page.list([
            "Deciding on its own: no one should be rejected, hired or promoted on its score \
             without a person reading the resume.",
            "Assessing personality, honesty, health, age, sex, race, religion, disability or any \
             other personal characteristic; it reads only what a resume says about work.",
            "Monitoring employees, or ranking people for anything but the job opening given.",
            "Resumes it cannot read: scanned images without text, or languages its model does \
             not read (see the failure modes below).",
        ]);

        page.heading("Versions");
        page.table(
            &["part", "version"],
            vec![
                vec!["rolematch".into(), f.version.clone()],
                vec!["embedding model".into(), f.model.clone()],
                vec![
                    "role catalog".into(),
                    format!("{} ({} roles)", f.catalog_version, f.roles),
                ],
                vec![
                    "skill taxonomy".into(),
                    format!("{} ({} skills)", f.taxonomy_version, f.skills),
                ],
                vec!["score calibration".into(), f.calibration.version.clone()],
            ],
        );

        page.heading("Measured quality");
        for (kind, limits) in KINDS {
            match self.measurement(kind) {
                Some((m, origin)) => {
                    page.paragraph(format!(
                        "{}. Measured {} on {}, with rolematch {}, model {}, catalog {}; data: {}.",
                        m.title,
                        origin.words(),
                        m.measured_at.split('T').next().unwrap_or(&m.measured_at),
                        m.rolematch_version,
                        m.model,
                        m.catalog_version,
                        m.source
                    ));
                    figures_table(&mut page, m);
                    page.paragraph(format!("Limits: {limits}"));
                }
                None => {
                    page.paragraph(format!(
                        "Not measured ({kind}): run `{}`.",
                        record_command(kind)
                    ));
                }
            }
        }
        page.paragraph(
            "Performance for specific groups: the bias audit (`rolematch audit bias`) gives \
             scoring and selection rates and impact ratios by sex and race/ethnicity for the \
             employer's own rankings; this card cannot, since it holds no one's demographics.",
        );

        page.heading("Blind review");
        match self.measurement("blind-pairs") {
            Some((m, origin)) => {
                page.paragraph(format!(
                    "{}, measured {} on {} ({}):",
                    m.title,
                    origin.words(),
                    m.measured_at.split('T').next().unwrap_or(&m.measured_at),
                    m.source
                ));
                figures_table(&mut page, m);
            }
            None => {
                page.paragraph("Not measured: run `rolematch eval --blind-pairs DIR --record`.");
            }
        }
        page.paragraph(
            "With blind review on (`--blind`, or a pool built with `pool build --blind`), \
             names, contacts, pronouns, ages, nationalities, affinity groups and schools are \
             replaced before anything is embedded, scored or kept.",
        );

        let c = &f.calibration;
        let w = &f.weights;
        page.heading("How to read a score");
        page.list([
            format!(
                "A score is {:.0}% how closely the resume's text matches the opening's (its best \
                 passage, the whole resume, and for postings each requirement) and {:.0}% the \
                 opening's skills the resume shows; a skill only named in a list earns {:.0}% \
                 of its weight.",
                w.semantic * 100.0,
                w.skills * 100.0,
                w.listed_only * 100.0
            ),
            format!(
                "The 0–100 match score is the raw score on a calibrated scale. Strong: {} and \
                 up, with at least {} of the opening's core skills shown in use. Partial: {} to \
                 {}. Weak: below {}.",
                c.strong_from,
                c.strong_needs_core_in_use,
                c.partial_from,
                c.strong_from.saturating_sub(1),
                c.partial_from
            ),
            "A score compares a resume with one opening. It is not a grade of the person, and \
             scores for different openings are not comparable."
                .to_string(),
            "\"Nobody fits\" is said when no candidate reaches partial: read the strongest \
             ones anyway before concluding."
                .to_string(),
        ]);

        page.heading("Known failure modes");
        page.list([
            "Scanned resumes (images without text) read as empty: they are refused with a \
             message, and must be converted to text first."
                .to_string(),
            "Languages the model does not read well: every result for such a resume carries a \
             caution; the model was trained on English."
                .to_string(),
            format!(
                "Fields the skill taxonomy does not cover: it knows {}. In other fields (nursing, \
                 teaching, logistics, finance…) the explanation names few skills and the score \
                 rests on the text.",
                f.skill_fields.join(", ")
            ),
            "Unusual layouts (columns, tables, text in images) can split or merge lines; \
             `rolematch read FILE` shows what was read."
                .to_string(),
            "Resumes that list many tools without showing them in use: such lists earn less, \
             and a list no honest resume writes is set aside; an honest long list can be \
             mistaken for one."
                .to_string(),
        ]);

        page.heading("Human oversight");
        page.list([
            "Every ranking shows why: shared and missing skills, and the resume lines behind them.",
            "Reviewers record each decision with a reason (`rolematch decide`); a decision \
             against the ranking is marked as an override, and every change is kept.",
            "Blind review removes identity cues before anything is scored.",
            "A candidate gets a plain-language explanation (`rolematch explain`), everything \
             held about them (`rolematch export-candidate`), and can ask for a person's review.",
            "The bias audit (`rolematch audit bias`) reports impact ratios by category.",
        ]);

        page.heading("The audit log");
        page.paragraph(format!(
            "Every ranking, match of a batch, pool change, decision, explanation and purge \
             appends a record to HOME/audit/log.jsonl: when, who, the action, the pool and \
             opening, the model and catalog, the settings, and the candidates by id and content \
             hash with their scores; never resume text. Each record holds the hash of the one \
             before, so `rolematch audit verify` finds any record changed, removed or \
             reordered; `rolematch audit show --since DATE --action rank` prints them. The log \
             is kept whole, past any purge, as the record of what was done; in a pool that is \
             not blind its ids are file names. Candidates, decisions and notes are kept for {} \
             after last use (HOME/retention.toml); `rolematch purge`, run when the employer \
             decides, removes what is older from every pool store and says what the log still \
             holds.",
            super::page::years(f.retention_years)
        ));
        page
    }
}

/// A measurement's figures as a table: name, value, what it means.
fn figures_table(page: &mut Page, m: &Measurement) {
    page.table(
        &["figure", "value", "what it means"],
        m.figures
            .iter()
            .map(|x| vec![x.name.clone(), x.value.clone(), x.meaning.clone()])
            .collect(),
    );
}

/// The command that records a kind of measurement.
fn record_command(kind: &str) -> String {
    match kind {
        "realworld" => "python3 scripts/eval_realworld.py FOLDER --record".to_string(),
        "titles" => {
            "rolematch eval --set QUERIES.jsonl --catalog CATALOG.jsonl --record".to_string()
        }
        "blind-pairs" => "rolematch eval --blind-pairs FOLDER --record".to_string(),
        kind => format!("rolematch eval --{kind} FILE --record"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::record::Figure;

    fn measurement(kind: &str, value: &str) -> Measurement {
        Measurement {
            kind: kind.into(),
            title: format!("title of {kind}"),
            source: format!("data/{kind}"),
            measured_at: "2031-05-06T07:08:09Z".into(),
            rolematch_version: "9.9.9".into(),
            model: "model-x".into(),
            catalog_version: "cat-1".into(),
            figures: vec![Figure {
                name: format!("figure of {kind}"),
                value: value.into(),
                meaning: "meaning".into(),
            }],
        }
    }

    fn facts() -> CardFacts {
        CardFacts {
            version: "9.9.9".into(),
            model: "model-x".into(),
            catalog_version: "cat-1".into(),
            roles: 20,
            taxonomy_version: "tax-1".into(),
            skills: 300,
            skill_fields: vec!["languages".into(), "ml-frameworks".into()],
            calibration: Calibration::builtin().clone(),
            weights: ScoreWeights::default(),
            retention_years: 4,
        }
    }

    #[test]
    fn the_card_shows_each_measurement_with_its_date_and_says_what_is_unmeasured() {
        let card = ModelCard {
            facts: facts(),
            measurements: vec![
                (measurement("jobs", "0.777"), Origin::Installation),
                (measurement("blind-pairs", "0.0001"), Origin::Release),
            ],
            made_at: "2031-06-01T00:00:00Z".into(),
        };
        let text = card.page().plain_text();
        for expected in [
            "What it is for",
            "What it is not for",
            "Versions",
            "Measured quality",
            "Blind review",
            "How to read a score",
            "Known failure modes",
            "Human oversight",
            "The audit log",
            "0.777",
            "0.0001",
            "2031-05-06",
            "on this installation",
            "Not measured (realworld)",
            "Not measured (labels)",
            "languages, ml-frameworks",
            "4 years",
        ] {
            assert!(text.contains(expected), "missing {expected}");
        }
        let c = Calibration::builtin();
        assert!(text.contains(&format!("Strong: {} and up", c.strong_from)));
    }

    #[test]
    fn the_release_measurements_are_shipped_and_read() {
        let home = tempfile::tempdir().unwrap();
        let found = measurements(home.path()).unwrap();
        let kinds: Vec<&str> = found.iter().map(|(m, _)| m.kind.as_str()).collect();
        assert_eq!(kinds, ["realworld", "jobs", "labels", "blind-pairs"]);
        assert!(found
            .iter()
            .all(|(m, o)| *o == Origin::Release && !m.figures.is_empty()));
        // This installation's own measurement of a kind replaces the release's.
        measurement("jobs", "0.5").save(home.path()).unwrap();
        let found = measurements(home.path()).unwrap();
        let jobs = found.iter().find(|(m, _)| m.kind == "jobs").unwrap();
        assert_eq!(
            (jobs.0.figures[0].value.as_str(), jobs.1),
            ("0.5", Origin::Installation)
        );
        std::fs::write(Measurement::path(home.path(), "labels"), "{").unwrap();
        assert!(measurements(home.path())
            .unwrap_err()
            .contains("labels.json"));
    }
}
