use super::*;
use crate::skills::{SkillExtractor, Taxonomy};

fn blind(text: &str) -> Redacted {
    let document = Document::new("resume.md".into(), text.into());
    let extractor = SkillExtractor::new(Taxonomy::builtin().expect("built-in taxonomy"));
    redact(&document, &extractor.extract(&document))
}

fn blind_text(text: &str) -> String {
    blind(text).document.text().to_string()
}

#[test]
fn header_name_contacts_and_links_are_replaced() {
    let text = "# Maria Garcia\nML Engineer · maria.garcia@example.com · +1 (415) 555-0134 · \
                linkedin.com/in/maria-garcia · github.com/mgarcia · mariagarcia.dev · @mgarcia\n\
                ## Experience\nBuilt PyTorch pipelines at Acme, 2019 - 2023.\n";
    let out = blind(text);
    assert_eq!(
        out.document.text(),
        "# [name]\nML Engineer · [email] · [phone] · linkedin.com/[profile] · github.com/[profile] · [link] · [handle]\n\
         ## Experience\nBuilt PyTorch pipelines at Acme, 2019 - 2023.\n"
    );
    let counts = &out.report.counts;
    assert_eq!(counts[&CueKind::Name], 1);
    assert_eq!(counts[&CueKind::Link], 3);
    assert!(!out.document.text().contains("garcia"));
    assert_eq!(out.report.total(), 7);
    // Spans point into the original text.
    let email = out
        .report
        .spans
        .iter()
        .find(|s| s.kind == CueKind::Email)
        .unwrap();
    assert_eq!(&text[email.start..email.end], "maria.garcia@example.com");
    assert_eq!(email.line, 2);
}

#[test]
fn line_numbers_are_kept() {
    let text = "Wei Zhang\nwei@example.com\n\nExperience\nShe trained models.\n";
    let out = blind(text);
    assert_eq!(
        out.document.line_count(),
        Document::new("x".into(), text.into()).line_count()
    );
    assert_eq!(out.document.line(5), "They trained models.");
}

#[test]
fn pronouns_become_neutral() {
    assert_eq!(
        blind_text("Summary\nShe leads her team and mentors him; the award was hers. He did it himself.\n"),
        "Summary\nThey leads their team and mentors them; the award was theirs. They did it themself.\n"
    );
    assert_eq!(
        blind_text("Summary\nI worked with her on it.\n"),
        "Summary\nI worked with them on it.\n"
    );
    assert_eq!(blind_text("Pronouns: she/her\n"), "\n");
}

#[test]
fn gendered_words_and_titles_become_neutral() {
    assert_eq!(
        blind_text("Experience\nChairwoman of the ML guild; former salesman. Career break: maternity leave. Ms. Lee\n"),
        "Experience\nChair of the ML guild; former salesperson. Career break: parental leave. Lee\n"
    );
    // "ms" as milliseconds is not a title.
    assert_eq!(
        blind_text("Cut p99 latency to 40 ms.\n"),
        "Cut p99 latency to 40 ms.\n"
    );
}

#[test]
fn personal_status_is_replaced() {
    let out = blind_text(
        "Date of birth: 12 March 1990 | Age: 34 | Marital status: Married\n\
         Nationality: Nigerian; US citizen; mother of two children\n\
         Address: 12 Elm Street, Springfield\n",
    );
    assert_eq!(
        out,
        "[date of birth] | [age] | [marital status]\n[nationality]; [nationality]; [family status]\n[address]\n"
    );
}

#[test]
fn ordinary_numbers_and_words_stay() {
    let text =
        "Experience\nServed 12,000 requests/s in 2019 - 2021; single GPU; 5 years of Python.\n\
                Trained on 1000000 samples. Born-again? No: reborn service.\n";
    assert_eq!(blind_text(text), text);
}

#[test]
fn affinity_groups_are_replaced_by_name_and_by_shape() {
    assert_eq!(
        blind_text("Activities\nMember, Women in Machine Learning (WiML); treasurer, Muslim Students' Association\n"),
        "Activities\nMember, [group] ([group]); treasurer, [group]\n"
    );
    assert_eq!(
        blind_text(
            "Awards\nRecipient of the Black in AI Scholarship. Captain, Women's Rugby Team.\n"
        ),
        "Awards\nRecipient of the [group]. Captain, [group].\n"
    );
    // An identity word outside a group's name stays.
    let text = "Experience\nBuilt Chinese NLP models for Asian markets; cloud native stack.\n";
    assert_eq!(blind_text(text), text);
}

#[test]
fn schools_are_replaced_and_degrees_kept() {
    assert_eq!(
        blind_text("Education\nM.S. Computer Science, Stanford University, 2018\nB.Tech Electrical Engineering, IIT Bombay\nB.Sc. Physics, the University of Toronto in 2012\n"),
        "Education\nM.S. Computer Science, [school], 2018\nB.Tech Electrical Engineering, [school]\nB.Sc. Physics, the [school] in 2012\n"
    );
    // Short names only count under Education.
    let text = "Experience\nCollaborated with MIT researchers.\n";
    assert_eq!(blind_text(text), text);
}

#[test]
fn self_citations_lose_the_name() {
    let text = "Maria Garcia\nPublications\nM. Garcia, J. Lee. Fast retrieval. 2022.\nLee J, Garcia M. Slow retrieval. 2021.\nGarcia et al. (2020) showed it.\n";
    assert_eq!(
        blind_text(text),
        "[name]\nPublications\n[name], J. Lee. Fast retrieval. 2022.\nLee J, [name]. Slow retrieval. 2021.\n[name] (2020) showed it.\n"
    );
}

#[test]
fn skills_are_never_replaced() {
    // "Ray" and "Julia" are skills here, not names; a group-shaped phrase with a skill stays.
    let text = "Skills\nRay, Julia, Spark\nExperience\nMentored the Women in PyTorch group.\n";
    let out = blind(text);
    assert!(out.document.text().contains("Ray, Julia, Spark"));
    assert!(out.document.text().contains("PyTorch"));
}

#[test]
fn photos_are_replaced() {
    assert_eq!(
        blind_text("![Headshot of Maria](me.jpg)\nPhoto: smiling at a desk\n"),
        "[photo]\n[photo]\n"
    );
}

#[test]
fn signature_and_summary() {
    let out = blind("Emily Walsh\nExperience\nBuilt things.\n\n— Emily\n");
    assert_eq!(
        out.document.text(),
        "[name]\nExperience\nBuilt things.\n\n— [name]\n"
    );
    assert_eq!(out.report.summary(), "name 2");
    assert_eq!(RedactionReport::default().summary(), "nothing");
}

/// The resumes of the repository's fixtures and the README's example.
fn fixture_resumes() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("examples/resume.md")];
    for dir in [
        "tests/fixtures/resumes",
        "tests/fixtures/labelled",
        "tests/fixtures/blind_pairs",
    ] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("fixture folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        paths.extend(files);
    }
    paths
}

#[test]
fn blind_mode_removes_no_skill_from_real_looking_resumes() {
    let extractor = SkillExtractor::new(Taxonomy::builtin().expect("built-in taxonomy"));
    let mut redacted_somewhere = 0;
    for path in fixture_resumes() {
        let text = std::fs::read_to_string(&path).expect("fixture");
        let document = Document::new(path.clone(), text);
        let before = extractor.extract(&document);
        let out = redact(&document, &before);
        let after = extractor.extract(&out.document);
        let skills = |hits: &SkillHits| {
            hits.hits
                .iter()
                .map(|h| h.skill.clone())
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(skills(&before), skills(&after), "{}", path.display());
        redacted_somewhere += usize::from(out.report.total() > 0);
    }
    assert!(
        redacted_somewhere >= 20,
        "only {redacted_somewhere} resumes had anything to redact"
    );
}

#[test]
fn identity_pairs_read_the_same_when_blind() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/blind_pairs");
    let mut pairs = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for a in files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with("-a.md"))
    {
        let b = a.with_file_name(
            a.file_name()
                .unwrap()
                .to_string_lossy()
                .replace("-a.md", "-b.md"),
        );
        let (text_a, text_b) = (
            std::fs::read_to_string(a).unwrap(),
            std::fs::read_to_string(&b).unwrap(),
        );
        assert_ne!(text_a, text_b);
        assert_eq!(blind_text(&text_a), blind_text(&text_b), "{}", a.display());
        pairs += 1;
    }
    assert!(pairs >= 12, "{pairs} pairs");
}

#[test]
fn a_school_in_running_text_is_replaced() {
    assert_eq!(
        blind_text("Summary\nShe built Python services with PyTorch at Stanford University; member of Women in AI (2019).\n"),
        "Summary\nThey built Python services with PyTorch at [school]; member of [group] (2019).\n"
    );
}
