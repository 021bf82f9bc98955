//! Keyword stuffing, measured: six people outside AI, each as an honest resume and as a
//! stuffed one (a skills block of 124 tools, a headline of twelve titles, hidden-text style
//! repetition, a "Technologies" line under every job, a list of certificates, a summary of
//! buzzwords), in `tests/fixtures/stuffing/`. No stuffed resume may reach "strong" for any
//! role, its top role must be its honest twin's (or one its twin scores within a point of it), no one's largest gain over the honest twin
//! may grow past the figure recorded here (docs/quality.md's table, plus three points of slack),
//! and no honest twin's top score may fall below its record by more than a point; the gains
//! are printed.

use std::collections::BTreeMap;

use crate::common::{fixture, model_files, rolematch, stderr, stdout};

/// One role's result: calibrated score, band and raw score.
type Scored = (i64, String, f64);

/// The result of every role, per file name.
fn bands() -> BTreeMap<String, BTreeMap<String, Scored>> {
    model_files();
    let out = rolematch()
        .args(["match", "--format", "json", "-k", "16", "--min-score", "0"])
        .arg(fixture("stuffing"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let run: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let file = r["file"].as_str().unwrap();
            let name = file.rsplit('/').next().unwrap().to_string();
            let roles = r["matches"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    let role = m["role_id"].as_str().unwrap().to_string();
                    let band = m["band"].as_str().unwrap().to_string();
                    let raw = m["score"].as_f64().unwrap();
                    (role, (m["match_score"].as_i64().unwrap(), band, raw))
                })
                .collect();
            (name, roles)
        })
        .collect()
}

/// Each person's largest gain (match score points over the honest twin, any role) and the
/// honest twin's top score, as measured when each token was embedded once.
// The support resume's top fell from 32 to 30 when skills every trade claims (communication)
// stopped scoring (stop 44).
const RECORDED: [(&str, i64, i64); 6] = [
    ("analyst", 0, 11),
    ("backend", 20, 35),
    ("frontend", 0, 28),
    ("qa", 0, 21),
    ("pm", 0, 32),
    ("support", 0, 30),
];

/// The role with the highest raw score (ties by id).
fn top(scored: &BTreeMap<String, Scored>) -> (&String, &Scored) {
    scored
        .iter()
        .max_by(|a, b| a.1 .2.total_cmp(&b.1 .2).then_with(|| b.0.cmp(a.0)))
        .unwrap()
}

#[test]
fn no_stuffed_resume_reaches_strong_or_leaves_its_real_role_and_gains_stay_small() {
    let results = bands();
    assert_eq!(results.len(), 12, "{:?}", results.keys());
    for (person, recorded, honest_top) in RECORDED {
        let honest = &results[&format!("{person}-honest.md")];
        let stuffed = &results[&format!("{person}-stuffed.md")];
        assert_eq!(honest.len(), 16, "{person}: every role scored");
        for (role, (score, band, _)) in stuffed {
            assert_ne!(
                band, "strong",
                "{person}: stuffed resume strong for {role} ({score})"
            );
        }
        let (stuffed_role, (score, band, _)) = top(stuffed);
        let (_, (honest_score, _, _)) = top(honest);
        // Where the honest resume itself puts two roles within a point, either is its
        // experience's role.
        let honest_tops: Vec<&String> = honest
            .iter()
            .filter(|(_, (s, _, _))| s + 1 >= *honest_score)
            .map(|(role, _)| role)
            .collect();
        assert!(
            honest_tops.contains(&stuffed_role),
            "{person}: the stuffed resume's top role {stuffed_role} is not its experience's {honest_tops:?}"
        );
        assert!(
            *honest_score >= honest_top - 1,
            "{person}: the honest resume fell to {honest_score} (recorded {honest_top})"
        );
        let gain = score - honest[stuffed_role].0;
        let most = stuffed
            .iter()
            .map(|(role, (s, _, _))| s - honest[role].0)
            .max()
            .unwrap();
        eprintln!(
            "{person}: stuffed top {stuffed_role} {score}/100 ({band}), +{gain} over the honest twin; largest gain +{most}"
        );
        assert!(
            most <= recorded + 3,
            "{person}: stuffing gains {most} points, recorded {recorded}"
        );
    }
}
