//! `rolematch read` on documents nobody here wrote: the text a score is based on, normalized,
//! with the line numbers that evidence points to; and the language every output reports.

use std::path::PathBuf;

use crate::common::{fixture, model_files, rolematch, stderr, stdout};

fn realworld(name: &str) -> PathBuf {
    fixture("realworld/files").join(name)
}

fn read_json(path: &std::path::Path) -> serde_json::Value {
    let out = rolematch()
        .args(["read", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn read_shows_normalized_text_whose_lines_are_the_lines_evidence_points_to() {
    for name in [
        "acadennial-cv__cv.pdf",
        "imprecv__example.pdf",
        "nnjr__resume.pdf",
        "textkernel-tx-dotnet__resume.docx",
        "hackmyresume__resume.html",
        // Word 2003 XML under a .doc name.
        "hackmyresume__resume.doc",
    ] {
        let path = realworld(name);
        let json = read_json(&path);
        let text = json["text"].as_str().unwrap();
        assert_eq!(json["language"]["code"], "eng", "{name}");
        assert_eq!(
            json["line_count"].as_u64().unwrap() as usize,
            text.lines().count()
        );
        // Nothing a layout leaves behind: soft hyphens, ligature characters, icon glyphs,
        // zero-width characters, runs of spaces inside a line.
        let leftovers: Vec<char> = text
            .chars()
            .filter(|&c| {
                matches!(c, '\u{ad}' | '\u{fb00}'..='\u{fb06}' | '\u{e000}'..='\u{f8ff}' | '\u{200b}' | '\u{feff}' | '\0')
            })
            .collect();
        assert!(leftovers.is_empty(), "{name}: {leftovers:?}");
        for line in text.lines() {
            assert!(!line.trim_start().contains("  "), "{name}: {line:?}");
        }
        // The skill evidence of the same file points into exactly these lines.
        let skills = rolematch()
            .args(["skills", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let hits: serde_json::Value = serde_json::from_str(&stdout(&skills)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for hit in hits["hits"].as_array().unwrap() {
            let line = lines[hit["line"].as_u64().unwrap() as usize - 1];
            let (start, end) = (
                hit["start"].as_u64().unwrap() as usize,
                hit["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&line[start..end], hit["text"].as_str().unwrap(), "{name}");
        }
        // The text view numbers the same lines (checked on the first line with words after
        // the second, so that an empty line cannot pass by accident).
        let table = rolematch().arg("read").arg(&path).output().unwrap();
        let shown = stdout(&table);
        let (index, line) = lines
            .iter()
            .enumerate()
            .skip(2)
            .find(|(_, l)| l.trim().len() > 3)
            .unwrap();
        // Below the heading lines (file, sections, the person when found, a template's
        // placeholders, experience and a line per position), one row per line.
        let heading_lines = shown
            .lines()
            .take_while(|l| !l.trim_start().starts_with("1  "))
            .count();
        let person = usize::from(shown.lines().any(|l| l.starts_with("person: ")));
        let template = usize::from(json.get("placeholders").is_some());
        assert_eq!(
            template,
            usize::from(shown.lines().any(|l| l.starts_with("template: "))),
            "{name}"
        );
        let positions = json["experience"]["positions"]
            .as_array()
            .map_or(0, Vec::len);
        let schooling = json["education"].as_array().map_or(0, Vec::len);
        let education = schooling + usize::from(schooling > 0);
        assert_eq!(
            heading_lines,
            3 + person + template + positions + education,
            "{name}"
        );
        let row = shown.lines().nth(index + heading_lines).unwrap();
        assert_eq!(
            row.trim_start(),
            format!("{}  {line}", index + 1),
            "{name}: {row:?}"
        );
    }
}

#[test]
fn a_pdf_s_running_header_and_page_numbers_are_read_once() {
    // A two-page posting repeats its title and "Performance Profile" atop page 2; a two-page
    // resume prints "1 / 2" and "2 / 2" at the foot of its pages.
    let posting = read_json(&realworld(
        "18f-join__tts-tech-ops-it-pm-customer-support-performance-profile.pdf",
    ));
    let text = posting["text"].as_str().unwrap();
    assert_eq!(
        text.matches("IT Project Manager & Customer Support")
            .count(),
        1,
        "{text}"
    );
    assert!(text.contains("Review invoices"), "page 2's own lines stay");
    let resume = read_json(&realworld("imprecv__example.pdf"));
    let text = resume["text"].as_str().unwrap();
    assert_eq!(
        text.matches("1 / 2").count(),
        1,
        "page 1 keeps its own: {text}"
    );
    assert!(!text.contains("2 / 2"), "{text}");
}

#[test]
fn read_names_the_file_and_says_what_to_do_when_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("cv.pdf");
    std::fs::write(&bad, b"%PDF-1.7\nnot really").unwrap();
    let out = rolematch().arg("read").arg(&bad).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("cv.pdf"), "{}", stderr(&out));
}

#[test]
fn a_french_posting_ranked_against_english_resumes_says_so_on_every_output() {
    model_files();
    let posting = realworld(
        "cds-snc__agente-administrative-agent-administratif-–-opérations-internes--eaa64e85-a48e-4974-a110-c01571ca3f3d.md",
    );
    let pool = tempfile::tempdir().unwrap();
    for name in [
        "rust-cli-resume-alignment__sample_resume.md",
        "jsonresume-org__career-changer.resume.json",
        "textkernel-tx-dotnet__resume.docx",
    ] {
        std::fs::copy(realworld(name), pool.path().join(name)).unwrap();
    }
    let rank = |format: &str| {
        let out = rolematch()
            .args(["rank", "--job"])
            .arg(&posting)
            .arg("--pool")
            .arg(pool.path())
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        stdout(&out)
    };
    let json: serde_json::Value = serde_json::from_str(&rank("json")).unwrap();
    assert_eq!(json["opening_language"]["code"], "fra");
    assert!(json["opening_caution"].as_str().unwrap().contains("French"));
    let candidates = json["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 3);
    for c in candidates {
        assert_eq!(c["language"]["code"], "eng", "{c}");
        let caution = c["caution"].as_str().unwrap();
        assert!(
            caution.starts_with("This resume is written in English, the opening in French"),
            "{caution}"
        );
    }
    let table = rank("table");
    assert!(
        table.contains("The opening is written in French"),
        "{table}"
    );
    assert_eq!(table.matches("caution:").count(), 4, "{table}");
    let csv = rank("csv");
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "caution").unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for row in reader.records() {
        assert!(row.unwrap()[column].contains("French"));
    }
}

#[test]
fn an_unfilled_template_is_named_by_read_and_never_ranked_above_a_written_resume() {
    model_files();
    // imprecv's example keeps Cicero's filler under every job: a template, not a person.
    let template = realworld("imprecv__example.pdf");
    let read = read_json(&template);
    assert_eq!(read["placeholders"][0], "lorem ipsum", "{read}");
    let written = read_json(&realworld("nnjr__resume.pdf"));
    assert!(written.get("placeholders").is_none(), "{written}");

    let pool = tempfile::tempdir().unwrap();
    for name in [
        "imprecv__example.pdf",
        "nnjr__resume.pdf",
        "rust-cli-resume-alignment__sample_resume.md",
    ] {
        std::fs::copy(realworld(name), pool.path().join(name)).unwrap();
    }
    let out = rolematch()
        .args(["rank", "--job"])
        .arg(realworld("jsonresume-schema__sample.job.json"))
        .arg("--pool")
        .arg(pool.path())
        .args(["--format", "json", "--min-score", "0"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let candidates = json["candidates"].as_array().unwrap();
    let last = candidates.last().unwrap();
    assert!(
        last["file"]
            .as_str()
            .unwrap()
            .ends_with("imprecv__example.pdf"),
        "{json}"
    );
    assert_eq!(last["score"], 0.0);
    assert_eq!(last["band"], "weak");
    assert!(
        last["caution"]
            .as_str()
            .unwrap()
            .starts_with("This resume is an unfilled template (it still says lorem ipsum)"),
        "{last}"
    );
    for c in &candidates[..candidates.len() - 1] {
        assert!(c["score"].as_f64().unwrap() > 0.2, "{c}");
        assert!(c.get("caution").is_none(), "{c}");
    }

    let out = rolematch()
        .args(["match", "--format", "json"])
        .arg(&template)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let report = &json["results"][0];
    assert!(report["caution"]
        .as_str()
        .unwrap()
        .contains("unfilled template"));
    assert!(report["matches"].as_array().unwrap().is_empty(), "{json}");
    assert!(report["advice"].as_array().unwrap().is_empty(), "{json}");
}

#[test]
fn years_of_experience_agree_with_a_careful_reader_on_real_resumes() {
    #[derive(serde::Deserialize)]
    struct Facts {
        resumes: std::collections::BTreeMap<String, Resume>,
    }
    #[derive(serde::Deserialize)]
    struct Resume {
        total_years: Option<f64>,
        /// The month "present" was read as: the document's own date, or its latest.
        as_of: Option<String>,
    }
    let facts: Facts =
        toml::from_str(&std::fs::read_to_string(fixture("realworld/resumes.toml")).unwrap())
            .unwrap();
    let mut agree = 0;
    let mut report = Vec::new();
    let mut seen = 0;
    for (name, resume) in &facts.resumes {
        let path = realworld(name);
        if !path.exists() {
            continue;
        }
        seen += 1;
        // "Present" as the careful reader took it; without it, this month.
        let mut read = rolematch();
        read.args(["read", "--format", "json"]).arg(&path);
        if let Some(month) = &resume.as_of {
            read.env("ROLEMATCH_AS_OF", month);
        }
        let out = read.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let read: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let got = read["experience"]["years"].as_f64();
        let same = match (resume.total_years, got) {
            (None, None) => true,
            (Some(want), Some(got)) => (want - got).abs() <= 0.5,
            _ => false,
        };
        agree += usize::from(same);
        report.push(format!(
            "{name}: read {got:?}, hand-read {:?}",
            resume.total_years
        ));
    }
    // Measured 2026-12-05 (stop 52, "present" as the reader took it): 15 of the 18 copied
    // resumes (21 of the 25 in all).
    assert!(seen >= 18, "{seen} resumes");
    assert!(
        agree >= 15,
        "{agree} of {seen} within half a year:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_name_and_headline_agree_with_a_careful_reader_on_real_resumes() {
    #[derive(serde::Deserialize)]
    struct Facts {
        resumes: std::collections::BTreeMap<String, Resume>,
    }
    #[derive(serde::Deserialize)]
    struct Resume {
        display_name: Option<String>,
        headline: Option<String>,
    }
    let facts: Facts =
        toml::from_str(&std::fs::read_to_string(fixture("realworld/resumes.toml")).unwrap())
            .unwrap();
    let (mut names, mut named, mut headlines, mut headlined) = (0, 0, 0, 0);
    let mut report = Vec::new();
    let same =
        |a: Option<&str>, b: &str| a.is_some_and(|a| a.trim().eq_ignore_ascii_case(b.trim()));
    for (file, resume) in &facts.resumes {
        let path = realworld(file);
        if !path.exists() {
            continue;
        }
        let profile = read_json(&path)["profile"].clone();
        let name = profile["name"]["text"].as_str();
        let headline = profile["headline"]["text"].as_str();
        if let Some(want) = &resume.display_name {
            named += 1;
            names += usize::from(same(name, want));
        }
        if let Some(want) = &resume.headline {
            headlined += 1;
            headlines += usize::from(same(headline, want));
        }
        report.push(format!("{file}: {name:?} / {headline:?}"));
    }
    // Measured 2026-12-05 (stop 53): 18 of 18 names and 9 of 14 headlines of the copied
    // resumes (23 of 25 and 12 of 20 in all); 11 of 18 names before middle initials ("Jane Q.
    // Fullstacker") and a form's "First name:" / "Last name:" fields were read. Names are read
    // as blind review finds them in the header.
    assert!(named >= 18 && headlined >= 14, "{named} {headlined}");
    assert!(
        names >= 18 && headlines >= 9,
        "{names} names, {headlines} headlines:\n{}",
        report.join("\n")
    );
}

#[test]
fn each_position_s_title_and_employer_agree_with_a_careful_reader_on_real_resumes() {
    #[derive(serde::Deserialize)]
    struct Facts {
        resumes: std::collections::BTreeMap<String, Resume>,
    }
    #[derive(serde::Deserialize)]
    struct Resume {
        #[serde(default)]
        positions: Vec<Position>,
    }
    #[derive(serde::Deserialize)]
    struct Position {
        title: Option<String>,
        employer: Option<String>,
        start: Option<String>,
    }
    let facts: Facts =
        toml::from_str(&std::fs::read_to_string(fixture("realworld/resumes.toml")).unwrap())
            .unwrap();
    let words = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    // The hand-read words, or their start ("Avalon Digital Marketing Systems" of "Avalon
    // Digital Marketing Systems, Inc."); never a guess where the reader found none.
    let agrees = |read: Option<&str>, want: Option<&String>| match (read, want) {
        (Some(read), Some(want)) => {
            let (read, want) = (words(read), words(want));
            !read.is_empty() && (read == want || want.starts_with(&read))
        }
        (None, None) => true,
        _ => false,
    };
    let (mut positions, mut titles, mut employers) = (0, 0, 0);
    let mut report = Vec::new();
    for (file, resume) in &facts.resumes {
        let path = realworld(file);
        if !path.exists() {
            continue;
        }
        let read = read_json(&path)["experience"]["positions"].clone();
        let read = read.as_array().cloned().unwrap_or_default();
        for want in &resume.positions {
            let Some(start) = &want.start else { continue };
            // The position the reader dated from the same month.
            let Some(found) = read.iter().find(|p| p["start"].as_str() == Some(start)) else {
                continue;
            };
            positions += 1;
            let title = found["title"].as_str();
            let employer = found["employer"].as_str();
            titles += usize::from(agrees(title, want.title.as_ref()));
            employers += usize::from(agrees(employer, want.employer.as_ref()));
            report.push(format!(
                "{file} {start}: {title:?} / {employer:?}, hand-read {:?} / {:?}",
                want.title, want.employer
            ));
        }
    }
    // Measured 2026-12-04: 38 titles and 36 employers of the 39 positions dated the same on
    // the copied resumes (48 and 49 of 52 over all 24 readable real-world resumes, read ones
    // that start the hand-read ones counted too).
    assert!(
        positions >= 35,
        "{positions} positions:\n{}",
        report.join("\n")
    );
    assert!(
        titles >= 36 && employers >= 34,
        "{titles} titles, {employers} employers of {positions}:\n{}",
        report.join("\n")
    );
}

#[test]
fn education_entries_agree_with_a_careful_reader_on_real_resumes() {
    #[derive(serde::Deserialize)]
    struct Facts {
        resumes: std::collections::BTreeMap<String, Resume>,
    }
    #[derive(serde::Deserialize)]
    struct Resume {
        education: Option<Vec<String>>,
    }
    let facts: Facts =
        toml::from_str(&std::fs::read_to_string(fixture("realworld/resumes.toml")).unwrap())
            .unwrap();
    let (mut resumes, mut counted_right, mut entries, mut found) = (0, 0, 0, 0);
    let mut report = Vec::new();
    for (file, resume) in &facts.resumes {
        let (path, Some(want)) = (realworld(file), &resume.education) else {
            continue;
        };
        if !path.exists() {
            continue;
        }
        let read = read_json(&path)["education"].clone();
        let read = read.as_array().cloned().unwrap_or_default();
        resumes += 1;
        counted_right += usize::from(read.len() == want.len());
        // A hand-read entry is found when the degree or the school read is written in it as
        // whole words ("MA" is not found in "Mathematics").
        let words = |text: &str| -> Vec<String> {
            text.to_lowercase()
                .split(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        for entry in want {
            entries += 1;
            let entry = words(entry);
            found += usize::from(read.iter().any(|r| {
                ["degree", "school"].iter().any(|field| {
                    r[field].as_str().is_some_and(|text| {
                        let text = words(text);
                        !text.is_empty() && entry.windows(text.len()).any(|w| w == text)
                    })
                })
            }));
        }
        report.push(format!("{file}: {read:?}, hand-read {want:?}"));
    }
    // Measured 2026-12-04: the right number of entries for 8 of the 12 copied resumes, and 15
    // of their 20 hand-read entries found (10 of 16 and 16 of 25 over all the real-world ones).
    assert!(resumes >= 12, "{resumes} resumes");
    assert!(
        counted_right >= 8 && found >= 15,
        "{counted_right} counted right, {found} of {entries} found:\n{}",
        report.join("\n")
    );
}

#[test]
fn present_in_a_resumes_dates_is_the_month_it_was_read_in_or_the_run_is_fixed_to() {
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.md");
    std::fs::write(
        &cv,
        "# Ana Costa\n\n## Experience\nStaff Nurse, St Mary's Hospital, March 2019 – Present\n- Patient care on a surgical ward.\n\nCare Assistant, Oakfield, June 2017 – February 2019\n- Personal care for residents.\n",
    )
    .unwrap();
    let read = |as_of: Option<&str>| {
        let mut command = rolematch();
        command.args(["read", "--format", "json"]).arg(&cv);
        if let Some(month) = as_of {
            command.args(["--as-of", month]);
        }
        let out = command.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        json["experience"].clone()
    };
    // The current job runs to the month of reading: it used to end where it began.
    let december = read(Some("2026-12"));
    assert_eq!(december["years"].as_f64(), Some(9.4), "{december}");
    assert_eq!(december["positions"][0]["end"], "2026-12");
    assert_eq!(december["positions"][0]["ongoing"], true);
    assert_eq!(read(Some("2021-03"))["years"].as_f64(), Some(3.7));
    // By default, this month: no earlier than the day this test was written.
    assert!(read(None)["years"].as_f64().unwrap() >= 9.4);
    let out = rolematch()
        .args(["read", "--as-of", "2026-13"])
        .arg(&cv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("YYYY-MM"), "{}", stderr(&out));
}
