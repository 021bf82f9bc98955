//! The bias audit report: scoring rates, selection rates and impact ratios by sex,
//! race/ethnicity and their intersection, computed the way New York City's Local Law 144 rules
//! describe, with every ratio under four-fifths flagged. Demographic data is read here and
//! nowhere else, and written only into the report.

mod inputs;
mod render;

pub use inputs::{
    read_demographics, read_id_map, read_rankings, Identity, InputError, InputFile, Ranking,
};
pub use render::{render_html, render_summary, render_table, SUMMARY_FIELDS};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;

/// Categories under this share of the sample are listed but left out of impact ratios.
pub(crate) const SMALL_CATEGORY_SHARE: f64 = 0.02;
/// An impact ratio under this is flagged (the four-fifths rule).
pub(crate) const FOUR_FIFTHS: f64 = 0.8;

/// Who counts as selected, when selection is audited.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectionRule {
    /// The first N of each ranking.
    Top(usize),
    /// Every candidate whose score is at least this.
    Threshold(f64),
}

/// One assessed individual of one ranking.
#[derive(Debug, Clone)]
pub struct Individual {
    pub score: f64,
    pub selected: bool,
    pub identity: Identity,
}

/// The figures of one category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryFigures {
    pub category: String,
    pub count: usize,
    /// Share of all assessed individuals.
    pub share: f64,
    pub scored_above_median: usize,
    pub scoring_rate: f64,
    /// `None` for categories under 2 % of the sample, or when no category scores above the
    /// median.
    pub scoring_impact_ratio: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection_impact_ratio: Option<f64>,
    /// Under 2 % of the sample: listed, left out of impact ratios.
    pub excluded_as_small: bool,
    /// An impact ratio is under 0.8.
    pub flagged: bool,
}

/// The figures of one way of grouping people: sex, race/ethnicity, or both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    pub name: &'static str,
    pub categories: Vec<CategoryFigures>,
    /// Individuals left out because their category is unknown.
    pub unknown: usize,
}

/// A whole bias audit.
#[derive(Debug, Clone, Serialize)]
pub struct BiasReport {
    pub generated_at: String,
    pub rolematch_version: &'static str,
    pub rankings: Vec<RankingSummary>,
    pub demographics: InputFile,
    /// The pseudonym map the demographics' ids were translated through (blind pools).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_map: Option<InputFile>,
    pub individuals: usize,
    pub median_score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection: Option<SelectionRule>,
    pub breakdowns: Vec<Breakdown>,
    /// "sex: Female (scoring impact ratio 0.62)" for every flagged figure.
    pub flags: Vec<String>,
    pub definitions: Vec<(&'static str, &'static str)>,
    pub limits: &'static str,
}

/// What the report says about each ranking it read.
#[derive(Debug, Clone, Serialize)]
pub struct RankingSummary {
    pub file: InputFile,
    pub role_id: String,
    pub model: String,
    pub catalog_version: String,
    pub blind: bool,
    pub candidates: usize,
}

/// The definitions written out in every report.
pub(crate) const DEFINITIONS: &[(&str, &str)] = &[
    ("median score", "The median of the scores of every assessed individual in the sample (all rankings read together)."),
    ("scoring rate", "The share of a category's individuals whose score is above the sample's median score; a score equal to the median is not above it."),
    ("selection rate", "The share of a category's individuals who were selected: the first N of each ranking (--selected-top N) or every score at or above a threshold (--threshold S)."),
    ("impact ratio", "A category's rate divided by the highest rate of any category in the same breakdown. Categories under 2% of the sample are listed with their counts and rates but left out of impact ratios, as Local Law 144's rules allow."),
    ("four-fifths rule", "An impact ratio under 0.8 is flagged: the EEOC's usual screen for adverse impact. A flag is a reason to look closer, not a finding."),
    ("unknown category", "Individuals with no self-identified category (blank, unknown, declined, or no row in the CSV) are counted and left out of that breakdown's rates."),
];

/// What this report is not.
pub(crate) const LIMITS: &str =
    "Computed by rolematch from the rankings and self-identification data given. \
It is not an independent bias audit: Local Law 144 requires one by an independent auditor, \
on historical data of the tool's real use. Small samples make rates unstable.";

/// The individuals of `rankings`, with their identities (unknown where `people` has no row)
/// and whether `selection` selects them.
pub fn individuals(
    rankings: &[Ranking],
    people: &HashMap<String, Identity>,
    selection: Option<SelectionRule>,
) -> Vec<Individual> {
    rankings
        .iter()
        .flat_map(|ranking| {
            ranking
                .candidates
                .iter()
                .enumerate()
                .map(move |(rank, (id, score))| Individual {
                    score: *score,
                    selected: match selection {
                        Some(SelectionRule::Top(n)) => rank < n,
                        Some(SelectionRule::Threshold(t)) => *score >= t,
                        None => false,
                    },
                    identity: people.get(id).cloned().unwrap_or_default(),
                })
        })
        .collect()
}

/// The median of `scores` (the mean of the two middle ones for an even count).
pub(crate) fn median(scores: &[f64]) -> f64 {
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The three breakdowns of `people`: by sex, by race/ethnicity, and by both.
pub fn breakdowns(people: &[Individual], selection: bool) -> (f64, Vec<Breakdown>) {
    let scores: Vec<f64> = people.iter().map(|p| p.score).collect();
    let median = median(&scores);
    let by = |name: &'static str, key: &dyn Fn(&Identity) -> Option<String>| {
        breakdown(name, people, median, selection, key)
    };
    let all = vec![
        by("sex", &|i| i.sex.clone()),
        by("race_ethnicity", &|i| i.race_ethnicity.clone()),
        by("intersection", &|i| match (&i.sex, &i.race_ethnicity) {
            (Some(sex), Some(race)) => Some(format!("{sex} · {race}")),
            _ => None,
        }),
    ];
    (median, all)
}

fn breakdown(
    name: &'static str,
    people: &[Individual],
    median: f64,
    selection: bool,
    key: &dyn Fn(&Identity) -> Option<String>,
) -> Breakdown {
    let total = people.len();
    let mut groups: BTreeMap<String, Vec<&Individual>> = BTreeMap::new();
    let mut unknown = 0;
    for person in people {
        match key(&person.identity) {
            Some(category) => groups.entry(category).or_default().push(person),
            None => unknown += 1,
        }
    }
    let mut categories: Vec<CategoryFigures> = groups
        .into_iter()
        .map(|(category, members)| {
            let count = members.len();
            let above = members.iter().filter(|p| p.score > median).count();
            let selected = members.iter().filter(|p| p.selected).count();
            let share = count as f64 / total as f64;
            CategoryFigures {
                category,
                count,
                share,
                scored_above_median: above,
                scoring_rate: above as f64 / count as f64,
                scoring_impact_ratio: None,
                selected: selection.then_some(selected),
                selection_rate: selection.then_some(selected as f64 / count as f64),
                selection_impact_ratio: None,
                excluded_as_small: share < SMALL_CATEGORY_SHARE,
                flagged: false,
            }
        })
        .collect();
    let best = |rate: &dyn Fn(&CategoryFigures) -> Option<f64>| {
        categories
            .iter()
            .filter(|c| !c.excluded_as_small)
            .filter_map(rate)
            .fold(0.0, f64::max)
    };
    let best_scoring = best(&|c| Some(c.scoring_rate));
    let best_selection = best(&|c| c.selection_rate);
    for c in categories.iter_mut().filter(|c| !c.excluded_as_small) {
        let ratio = |rate: f64, best: f64| (best > 0.0).then(|| rate / best);
        c.scoring_impact_ratio = ratio(c.scoring_rate, best_scoring);
        c.selection_impact_ratio = c.selection_rate.and_then(|r| ratio(r, best_selection));
        c.flagged = [c.scoring_impact_ratio, c.selection_impact_ratio]
            .iter()
            .flatten()
            .any(|&r| r < FOUR_FIFTHS);
    }
    Breakdown {
        name,
        categories,
        unknown,
    }
}

/// The files a bias audit reads, and who counts as selected.
#[derive(Debug, Clone)]
pub struct BiasRequest {
    /// A `rank --format json` output, or a folder of them.
    pub results: PathBuf,
    /// The self-identification CSV (candidate_id, sex, race_ethnicity).
    pub demographics: PathBuf,
    /// A blind pool's `pool reveal` CSV, so that rows may name candidates by their files.
    pub ids: Option<PathBuf>,
    pub selection: Option<SelectionRule>,
}

/// Reads the rankings and the self-identification CSV, joins them and computes the report.
/// A row may name a candidate by its id in the rankings or, with an id map, by its file; two
/// rows that name one person are refused.
pub(crate) fn audit_files(
    request: &BiasRequest,
    generated_at: String,
) -> Result<BiasReport, InputError> {
    let rankings = read_rankings(&request.results)?;
    let ids: HashSet<&str> = rankings
        .iter()
        .flat_map(|r| r.candidates.iter().map(|(id, _)| id.as_str()))
        .collect();
    let (id_map, pseudonyms) = match &request.ids {
        Some(path) => {
            let (file, map) = read_id_map(path)?;
            (Some(file), map)
        }
        None => Default::default(),
    };
    let ranked_id = |id: &str| match pseudonyms.get(id) {
        Some(pseudonym) if !ids.contains(id) => pseudonym.clone(),
        _ => id.to_string(),
    };
    let (demographics, people) = read_demographics(&request.demographics, &|id| {
        ids.contains(ranked_id(id).as_str())
    })?;
    let mut joined = HashMap::new();
    for (id, identity) in people {
        let ranked = ranked_id(&id);
        if joined.insert(ranked.clone(), identity).is_some() {
            return Err(InputError::SamePersonTwice {
                path: request.demographics.clone(),
                id: ranked,
            });
        }
    }
    let mut report = bias_report(
        &rankings,
        demographics,
        &joined,
        request.selection,
        generated_at,
    );
    report.id_map = id_map;
    Ok(report)
}

/// The whole report.
pub(crate) fn bias_report(
    rankings: &[Ranking],
    demographics: InputFile,
    people: &HashMap<String, Identity>,
    selection: Option<SelectionRule>,
    generated_at: String,
) -> BiasReport {
    let individuals = individuals(rankings, people, selection);
    let (median_score, breakdowns) = breakdowns(&individuals, selection.is_some());
    let mut flags = Vec::new();
    for b in &breakdowns {
        for c in b.categories.iter().filter(|c| c.flagged) {
            let mut parts = Vec::new();
            if let Some(r) = c.scoring_impact_ratio.filter(|&r| r < FOUR_FIFTHS) {
                parts.push(format!("scoring impact ratio {r:.2}"));
            }
            if let Some(r) = c.selection_impact_ratio.filter(|&r| r < FOUR_FIFTHS) {
                parts.push(format!("selection impact ratio {r:.2}"));
            }
            flags.push(format!("{}: {} ({})", b.name, c.category, parts.join(", ")));
        }
    }
    BiasReport {
        generated_at,
        rolematch_version: env!("CARGO_PKG_VERSION"),
        rankings: rankings
            .iter()
            .map(|r| RankingSummary {
                file: r.file.clone(),
                role_id: r.role_id.clone(),
                model: r.model.clone(),
                catalog_version: r.catalog_version.clone(),
                blind: r.blind,
                candidates: r.candidates.len(),
            })
            .collect(),
        demographics,
        id_map: None,
        individuals: individuals.len(),
        median_score,
        selection,
        breakdowns,
        flags,
        definitions: DEFINITIONS.to_vec(),
        limits: LIMITS,
    }
}

#[cfg(test)]
mod tests;
