//! Every figure checked against values worked out by hand.

use super::*;

fn person(score: f64, sex: Option<&str>, race: Option<&str>) -> (f64, Identity) {
    (
        score,
        Identity {
            sex: sex.map(str::to_string),
            race_ethnicity: race.map(str::to_string),
        },
    )
}

/// One ranking of `people` in the order given (best first), ids c0, c1, …
fn ranking_of(people: &[(f64, Identity)]) -> (Vec<Ranking>, HashMap<String, Identity>) {
    let ranking = Ranking {
        file: InputFile {
            path: "rank.json".into(),
            sha256: "x".into(),
        },
        model: "m".into(),
        catalog_version: "c".into(),
        role_id: "r".into(),
        blind: false,
        candidates: people
            .iter()
            .enumerate()
            .map(|(i, (s, _))| (format!("c{i}"), *s))
            .collect(),
    };
    let identities = people
        .iter()
        .enumerate()
        .map(|(i, (_, id))| (format!("c{i}"), id.clone()))
        .collect();
    (vec![ranking], identities)
}

fn report(people: &[(f64, Identity)], selection: Option<SelectionRule>) -> BiasReport {
    let (rankings, identities) = ranking_of(people);
    let demographics = InputFile {
        path: "d.csv".into(),
        sha256: "y".into(),
    };
    bias_report(
        &rankings,
        demographics,
        &identities,
        selection,
        "now".into(),
    )
}

fn figures<'a>(report: &'a BiasReport, breakdown: &str, category: &str) -> &'a CategoryFigures {
    report
        .breakdowns
        .iter()
        .find(|b| b.name == breakdown)
        .unwrap()
        .categories
        .iter()
        .find(|c| c.category == category)
        .unwrap_or_else(|| panic!("no {category} in {breakdown}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Ten people, best first. Median (0.55 + 0.6) / 2 = 0.575.
fn ten() -> Vec<(f64, Identity)> {
    vec![
        person(0.9, Some("Female"), Some("White")),
        person(0.8, Some("Female"), Some("White")),
        person(0.7, Some("Male"), Some("White")),
        person(0.65, None, Some("White")),
        person(0.6, Some("Male"), Some("White")),
        person(0.55, Some("Male"), Some("White")),
        person(0.5, Some("Female"), Some("Black")),
        person(0.4, Some("Female"), Some("Black")),
        person(0.3, Some("Male"), Some("Black")),
        person(0.2, Some("Male"), None),
    ]
}

#[test]
fn scoring_rates_and_impact_ratios_by_hand() {
    let r = report(&ten(), None);
    assert!(close(r.median_score, 0.575));
    assert_eq!(r.individuals, 10);

    // Sex: Female 2 of 4 above the median, Male 2 of 5; one unknown.
    let female = figures(&r, "sex", "Female");
    assert_eq!((female.count, female.scored_above_median), (4, 2));
    assert!(close(female.scoring_rate, 0.5));
    assert!(close(female.scoring_impact_ratio.unwrap(), 1.0));
    let male = figures(&r, "sex", "Male");
    assert!(close(male.scoring_rate, 0.4));
    // 0.4 / 0.5 = 0.8 exactly: not under four-fifths, not flagged.
    assert!(close(male.scoring_impact_ratio.unwrap(), 0.8));
    assert!(!male.flagged);
    assert_eq!(r.breakdowns[0].unknown, 1);

    // Race/ethnicity: White 5 of 6, Black 0 of 3; one unknown.
    let white = figures(&r, "race_ethnicity", "White");
    assert!(close(white.scoring_rate, 5.0 / 6.0));
    let black = figures(&r, "race_ethnicity", "Black");
    assert!(close(black.scoring_rate, 0.0));
    assert!(close(black.scoring_impact_ratio.unwrap(), 0.0));
    assert!(black.flagged);
    assert_eq!(r.breakdowns[1].unknown, 1);

    // Intersection: Female·White 2/2, Male·White 2/3, Female·Black 0/2, Male·Black 0/1;
    // two people have an unknown half.
    let mw = figures(&r, "intersection", "Male · White");
    assert!(close(mw.scoring_rate, 2.0 / 3.0));
    assert!(close(mw.scoring_impact_ratio.unwrap(), 2.0 / 3.0));
    assert!(mw.flagged);
    assert!(close(
        figures(&r, "intersection", "Female · White").scoring_rate,
        1.0
    ));
    assert_eq!(r.breakdowns[2].unknown, 2);
    assert_eq!(r.breakdowns[2].categories.len(), 4);

    assert_eq!(
        r.flags,
        vec![
            "race_ethnicity: Black (scoring impact ratio 0.00)",
            "intersection: Female · Black (scoring impact ratio 0.00)",
            "intersection: Male · Black (scoring impact ratio 0.00)",
            "intersection: Male · White (scoring impact ratio 0.67)",
        ]
    );
}

#[test]
fn selection_rates_by_hand() {
    // The first three: Female, Female, Male (all White).
    let r = report(&ten(), Some(SelectionRule::Top(3)));
    let female = figures(&r, "sex", "Female");
    assert_eq!(female.selected, Some(2));
    assert!(close(female.selection_rate.unwrap(), 0.5));
    let male = figures(&r, "sex", "Male");
    assert!(close(male.selection_rate.unwrap(), 0.2));
    assert!(close(male.selection_impact_ratio.unwrap(), 0.4));
    assert!(male.flagged);
    assert!(r
        .flags
        .contains(&"sex: Male (selection impact ratio 0.40)".to_string()));

    // Threshold 0.6: scores 0.9, 0.8, 0.7, 0.65, 0.6 selected; White 5 of 6.
    let r = report(&ten(), Some(SelectionRule::Threshold(0.6)));
    let white = figures(&r, "race_ethnicity", "White");
    assert_eq!(white.selected, Some(5));
    assert!(close(white.selection_rate.unwrap(), 5.0 / 6.0));
}

#[test]
fn ties_at_the_median_are_not_above_it() {
    let people = vec![
        person(0.7, Some("Female"), Some("Asian")),
        person(0.5, Some("Female"), Some("Asian")),
        person(0.5, Some("Male"), Some("Asian")),
        person(0.5, Some("Male"), Some("Asian")),
        person(0.5, Some("Male"), Some("Asian")),
    ];
    let r = report(&people, None);
    assert!(close(r.median_score, 0.5));
    assert_eq!(figures(&r, "sex", "Female").scored_above_median, 1);
    assert_eq!(figures(&r, "sex", "Male").scored_above_median, 0);
    assert!(close(
        figures(&r, "sex", "Male").scoring_impact_ratio.unwrap(),
        0.0
    ));
}

#[test]
fn when_nobody_scores_above_the_median_there_is_no_ratio() {
    let people = vec![
        person(0.5, Some("Female"), Some("Asian")),
        person(0.5, Some("Male"), Some("White")),
    ];
    let r = report(&people, None);
    let female = figures(&r, "sex", "Female");
    assert_eq!(female.scoring_rate, 0.0);
    assert_eq!(female.scoring_impact_ratio, None);
    assert!(r.flags.is_empty());
}

#[test]
fn all_unknown_input_has_no_categories() {
    let people: Vec<_> = (0..4).map(|i| person(i as f64 / 4.0, None, None)).collect();
    let r = report(&people, Some(SelectionRule::Top(2)));
    for b in &r.breakdowns {
        assert!(b.categories.is_empty());
        assert_eq!(b.unknown, 4);
    }
    assert!(r.flags.is_empty());
    assert!(render_table(&r).contains("No impact ratio under 0.8"));
}

#[test]
fn categories_under_two_percent_are_listed_without_a_ratio() {
    // 60 people: one Pacific Islander (1.7 %) scores highest, yet the best rate among the
    // others sets the ratios.
    let mut people = vec![person(1.0, Some("Male"), Some("Pacific Islander"))];
    for i in 0..59 {
        let race = if i % 2 == 0 { "White" } else { "Black" };
        people.push(person(0.9 - i as f64 / 100.0, Some("Male"), Some(race)));
    }
    let r = report(&people, None);
    let small = figures(&r, "race_ethnicity", "Pacific Islander");
    assert!(small.excluded_as_small);
    assert_eq!(small.count, 1);
    assert!(close(small.scoring_rate, 1.0));
    assert_eq!(small.scoring_impact_ratio, None);
    assert!(!small.flagged);
    // Median of 60: the mean of the 30th and 31st scores. White people hold the higher
    // half of each pair: 15 of 30 White and 14 of 29 Black are above it.
    let white = figures(&r, "race_ethnicity", "White");
    assert!(close(white.scoring_impact_ratio.unwrap(), 1.0));
    let black = figures(&r, "race_ethnicity", "Black");
    assert_eq!(
        (white.scored_above_median, black.scored_above_median),
        (15, 14)
    );
    assert!(close(
        black.scoring_impact_ratio.unwrap(),
        (14.0 / 29.0) / (15.0 / 30.0)
    ));
}

#[test]
fn html_is_self_contained_and_escapes_categories() {
    let mut people = ten();
    people[0].1.sex = Some("<script>x</script>".into());
    let html = render_html(&report(&people, Some(SelectionRule::Top(3))));
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(html.contains("four-fifths rule"));
    assert!(html.contains("not an independent bias audit"));
}

#[test]
fn the_public_summary_shows_every_field_the_rule_asks_for_from_the_same_figures() {
    let people = ten();
    let full = report(&people, Some(SelectionRule::Top(3)));
    let summary = render_summary(&full);
    for field in SUMMARY_FIELDS {
        assert!(summary.contains(field), "{field} is missing");
    }
    // The blanks only the employer can fill are marked, never left empty.
    assert_eq!(summary.matches("[TO BE FILLED BY THE EMPLOYER]").count(), 3);
    // Every category's figures are the full report's, for scoring and selection.
    for breakdown in &full.breakdowns {
        for c in &breakdown.categories {
            assert!(
                summary.contains(&format!("{:.3}", c.scoring_rate)),
                "{}",
                c.category
            );
            if let Some(ratio) = c.scoring_impact_ratio {
                assert!(summary.contains(&format!("{ratio:.3}")), "{}", c.category);
            }
        }
    }
    assert!(summary.contains("Selection rate") && summary.contains("the first 3 of each ranking"));
    assert!(summary.contains(&full.individuals.to_string()));
    assert!(!summary.contains("http://") && !summary.contains("https://"));
    // Without a selection rule, the scoring rate alone, and it says so.
    let scoring_only = render_summary(&report(&people, None));
    assert!(!scoring_only.contains("Selection rate"));
    assert!(scoring_only.contains("no selection rule was given"));
}

mod csv_errors {
    use super::super::inputs::*;
    use std::io::Write;

    fn csv(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file
    }

    fn read(text: &str) -> Result<usize, String> {
        let file = csv(text);
        read_demographics(file.path(), &|id| id.starts_with('c'))
            .map(|(_, people)| people.len())
            .map_err(|e| {
                e.to_string()
                    .replace(&file.path().display().to_string(), "FILE")
            })
    }

    #[test]
    fn good_csv_with_bom_other_columns_and_unknowns() {
        assert_eq!(
            read("\u{feff}Candidate_ID,age_band,sex,race_ethnicity\nc1,x,Female,\nc2,y,Prefer not to say,Asian\n"),
            Ok(2)
        );
        let file = csv("candidate_id,sex,race_ethnicity\nc1, declined ,Black\n");
        let (_, people) = read_demographics(file.path(), &|_| true).unwrap();
        assert_eq!(people["c1"].sex, None);
        assert_eq!(people["c1"].race_ethnicity.as_deref(), Some("Black"));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        assert_eq!(
            read("candidate_id,sex\nc1,Female\n"),
            Err("FILE: no column `race_ethnicity` (the header needs candidate_id, sex and race_ethnicity)".into())
        );
        assert_eq!(
            read("candidate_id,sex,race_ethnicity\nc1,F,A\nc2,M,B\nc1,F,B\n"),
            Err("FILE: line 4: candidate 'c1' appears twice (first on line 2)".into())
        );
        assert_eq!(
            read("candidate_id,sex,race_ethnicity\nc1,F,A\nzed,M,B\n"),
            Err("FILE: line 3: candidate 'zed' is in no ranking given".into())
        );
        assert_eq!(
            read("candidate_id,sex,race_ethnicity\n,F,A\n"),
            Err("FILE: line 2: empty candidate_id".into())
        );
        let short = read("candidate_id,sex,race_ethnicity\nc1,F\n").unwrap_err();
        assert!(short.starts_with("FILE: line 2: "), "{short}");
    }
}

#[test]
fn a_file_name_two_files_share_joins_nobody_but_their_paths_do() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    use std::io::Write;
    write!(
        file,
        "candidate_id,file\ncandidate-aa,/r/2025/jane.pdf\ncandidate-bb,/r/2026/jane.pdf\ncandidate-cc,/r/omar.pdf\n"
    )
    .unwrap();
    let (_, map) = read_id_map(file.path()).unwrap();
    assert_eq!(
        map.get("/r/2025/jane.pdf").map(String::as_str),
        Some("candidate-aa")
    );
    assert_eq!(
        map.get("/r/2026/jane.pdf").map(String::as_str),
        Some("candidate-bb")
    );
    assert_eq!(
        map.get("jane.pdf"),
        None,
        "ambiguous: it would join the wrong person"
    );
    assert_eq!(
        map.get("omar.pdf").map(String::as_str),
        Some("candidate-cc")
    );
}

#[test]
fn an_audit_joins_rows_by_file_or_pseudonym_and_refuses_one_person_named_twice() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let results = write(
        "run.json",
        r#"{"role_id": "nurse", "blind": true, "candidates": [
            {"candidate_id": "candidate-aa", "score": 0.8},
            {"candidate_id": "candidate-bb", "score": 0.4}]}"#,
    );
    let ids = write(
        "ids.csv",
        "candidate_id,file\ncandidate-aa,/r/jane.pdf\ncandidate-bb,/r/omar.pdf\n",
    );
    let request = |demographics: &str| BiasRequest {
        results: results.clone(),
        demographics: write("people.csv", demographics),
        ids: Some(ids.clone()),
        selection: None,
    };
    // One row by file name, one by pseudonym: both join.
    let report = audit_files(
        &request(
            "candidate_id,sex,race_ethnicity\njane.pdf,Female,Asian\ncandidate-bb,Male,White\n",
        ),
        "2026-12-04T00:00:00Z".into(),
    )
    .unwrap();
    assert_eq!(report.individuals, 2);
    assert!(report.id_map.is_some());
    // The same person by file and by pseudonym is refused, naming the file.
    let err = audit_files(
        &request(
            "candidate_id,sex,race_ethnicity\njane.pdf,Female,Asian\ncandidate-aa,Female,Asian\n",
        ),
        "2026-12-04T00:00:00Z".into(),
    )
    .unwrap_err();
    assert!(matches!(err, InputError::SamePersonTwice { ref id, .. } if id == "candidate-aa"));
    assert!(err.to_string().contains("people.csv"), "{err}");
}
