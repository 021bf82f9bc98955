use super::*;
use crate::skills::{SkillExtractor, Taxonomy};

fn blind(text: &str) -> Redacted {
    blind_file("resume.md", text)
}

fn blind_file(name: &str, text: &str) -> Redacted {
    let document = Document::new(name.into(), text.into());
    let extractor = SkillExtractor::new(Taxonomy::builtin().expect("built-in taxonomy"));
    redact(&document, &extractor.extract(&document))
}

fn blind_text(text: &str) -> String {
    blind(text).document.text().to_string()
}

#[test]
fn a_name_with_a_middle_initial_and_a_californian_address_are_replaced() {
    // As a real DOCX resume writes its header (tests/fixtures/realworld).
    let text = "## CONTACT INFORMATION\n\n## Molly A. Adams\n930 Via Mil Cumbres\nUnit 119\n\
                Solana Beach, CA 92075\nmissmadams@yahoo.com\n\n## Experience\n\
                Molly Adams led the web team at Convergence, 2004 - 2010.\n";
    let out = blind_text(text);
    for gone in [
        "Molly", "Adams", "930", "Via Mil", "Cumbres", "Solana", "92075", "yahoo",
    ] {
        assert!(!out.contains(gone), "{gone} left in:\n{out}");
    }
    assert!(out.contains("led the web team at Convergence"), "{out}");
}

#[test]
fn handles_made_of_the_name_are_replaced() {
    let text = "# Maya Okonkwo\nGitHub mayaokonkwo\nLinkedIn maya-okonkwo\nTwitter m.okonkwo_99\n\
                Mastodon maya\n## Experience\nBuilt the parser for employees at Acme.\n";
    let out = blind_text(text);
    for gone in ["mayaokonkwo", "maya-okonkwo", "m.okonkwo_99", "maya"] {
        assert!(!out.contains(gone), "{gone} left in:\n{out}");
    }
    assert!(out.contains("employees at Acme"), "{out}");
    // A middle initial the handle keeps, and a short name word.
    let out = blind_text("# John A. Smith\nGitHub jasmith\nTwitter johnasmith_\n## Skills\nGo\n");
    assert!(
        !out.contains("jasmith") && !out.contains("johnasmith"),
        "{out}"
    );
    let out = blind_text("# Li Wei\nGitHub liwei\nblog: wei-li.dev\n## Skills\nGo\n");
    assert!(!out.contains("liwei") && !out.contains("wei-li"), "{out}");
    // Ordinary words and skills are not handles, whatever letters they share with a name.
    for (name, text) in [
        ("Ava Jones", "Built Java services and a Jira board."),
        (
            "Sarah Park",
            "Ran Spark jobs in parks and on X. Awarded twice.",
        ),
        (
            "Mark Long",
            "Priced mark-to-market books and long-term loans.",
        ),
    ] {
        let out = blind_text(&format!("# {name}\n## Experience\n{text}\n"));
        assert!(out.ends_with(&format!("{text}\n")), "{name}: {out}");
    }
    // Folded as the name is: "lvasquez" for Lena Vasquez.
    let out = blind_text(
        "# Dr. Lena Vasquez\nGitHub lvasquez\nLinkedIn lena-vasquez-eng\n## Experience\nBuilt it.\n",
    );
    assert!(
        !out.contains("lvasquez") && !out.contains("vasquez-eng"),
        "{out}"
    );
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
        "Summary\nThey lead their team and mentors them; the award was theirs. They did it themself.\n"
    );
    // The verb after "they" agrees with it, past an adverb; other verbs stay.
    assert_eq!(
        blind_text("Summary\nHe is the owner; she has shipped it and he was first. She also leads QA. He's been there; she's leading. He said so.\n"),
        "Summary\nThey are the owner; they have shipped it and they were first. They also lead QA. They've been there; they're leading. They said so.\n"
    );
    assert_eq!(
        blind_text("Summary\nShe teaches, he studies, she does it and she always focuses.\n"),
        "Summary\nThey teach, they study, they do it and they always focus.\n"
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

#[test]
fn a_known_name_goes_everywhere_in_every_form() {
    // Only in a signature, with accents and an apostrophe; found again without them and
    // in the possessive.
    let out = blind_text(
        "Curriculum Vitae\nExperience\nSIOBHAN built it; O'Neil's team and Siobhan ran it.\n\nBest regards,\nSiobhán O'Neil\n",
    );
    assert_eq!(
        out,
        "Curriculum Vitae\nExperience\n[name] built it; [name]'s team and [name] ran it.\n\nBest regards,\n[name]\n"
    );
    // From the e-mail address's local part, German spellings and the sharp s folded.
    assert_eq!(
        blind_text(
            "Resume\njuergen.weiss@example.de\nExperience\nJürgen Weiß led it; Weiss wrote it.\n"
        ),
        "Resume\n[email]\nExperience\n[name] [name] led it; [name] wrote it.\n"
    );
    // From the file name, when the document writes one of its words as a name.
    assert_eq!(
        blind_file(
            "priya_ramaswamy_cv.md",
            "Resume\nSummary\nFor references, contact Priya at HR.\n"
        )
        .document
        .text(),
        "Resume\nSummary\nFor references, contact [name] at HR.\n"
    );
    // "contact X at" alone, and each part of a hyphenated name.
    assert_eq!(
        blind_text("Summary\nPlease contact Ngozi at the desk. Ngozi ships.\n"),
        "Summary\nPlease contact [name] at the desk. [name] ships.\n"
    );
    assert_eq!(
        blind_text("Anne-Marie Dubois-Laurent\nExperience\nDubois shipped; Anne-Marie reviewed.\n"),
        "[name]\nExperience\n[name] shipped; [name] reviewed.\n"
    );
    // A surname in an author list outside a Publications heading.
    assert_eq!(
        blind_text(
            "# Chidinma Okafor\n## Selected Writing\n- Okafor C, Briggs T. Small ASR. 2022.\n"
        ),
        "# [name]\n## Selected Writing\n- [name] C, Briggs T. Small ASR. 2022.\n"
    );
}

#[test]
fn a_name_that_is_also_a_word_or_a_skill_stays_as_one() {
    // Lower case is not the name; a skill mention is never replaced.
    let out = blind_text("Rose Julia\nSkills\nJulia, Python\nExperience\nRevenue rose 20%.\n");
    assert_eq!(
        out,
        "[name]\nSkills\nJulia, Python\nExperience\nRevenue rose 20%.\n"
    );
}

#[test]
fn headers_in_columns_and_other_scripts_are_names() {
    assert_eq!(
        blind_text(
            "Kwame Mensah     Machine Learning Engineer\nSummary\nKwame builds; Mensah's store.\n"
        ),
        "[name]     Machine Learning Engineer\nSummary\n[name] builds; [name]'s store.\n"
    );
    assert_eq!(
        blind_text("Mateusz Kowalczyk\tSenior Java Developer\nSummary\nMateusz leads.\n"),
        "[name]\tSenior Java Developer\nSummary\n[name] leads.\n"
    );
    for (header, later) in [
        ("王小明", "王小明负责后端"),
        ("ليلى حداد", "حداد"),
        ("Анна Петрова", "Петрова"),
        ("佐藤 花子", "佐藤"),
        ("अर्जुन शर्मा", "शर्मा"),
    ] {
        let out = blind_text(&format!(
            "{header}\nSummary\n{later} shipped Java services.\n"
        ));
        assert!(out.starts_with("[name]\nSummary\n[name]"), "{out}");
        assert!(out.contains("Java"), "{out}");
    }
}

#[test]
fn addresses_beyond_the_us_are_replaced() {
    for (line, left) in [
        (
            "14 Harbour View, Ballincollig, Co. Cork, P31 X2Y4",
            "[address]",
        ),
        ("221B Baker Street, London NW1 6XE", "[address]"),
        ("12 rue de la Paix, 75002 Paris", "[address]"),
        ("Musterstraße 12, 10115 Berlin", "[address]"),
        ("Keizersgracht 123, 1015 CJ Amsterdam", "[address]"),
        ("Via Roma 10, 20121 Milano", "[address]"),
        ("ul. Floriańska 15, 31-019 Kraków", "[address]"),
        ("上海市浦东新区张江路88号", "[address]"),
        ("〒150-0002 東京都渋谷区渋谷2-21-1", "[address]"),
        ("Montréal, QC H3B 1A7", "Montréal, QC [address]"),
        ("Dublin 2, D02 X285", "Dublin 2, [address]"),
        ("Shanghai 201203", "[address]"),
        ("Adresse : 8 avenue Jean Jaurès", "[address]"),
        // Number first, then a street word of another language, as in California.
        ("930 Via Mil Cumbres", "[address]"),
        ("12 Camino Real, San Clemente", "[address]"),
    ] {
        assert_eq!(
            blind_text(&format!("{line}\n")),
            format!("{left}\n"),
            "{line}"
        );
    }
    // Years, versions and sizes are not postcodes, nor a count "via" something an address.
    let text = "Experience\n2019 ML Engineer at Acme; P99 latency 40 ms; A100 GPUs; Python 3.11.\n\
                Cut costs 3 via Kafka batching.\nCut Latency 40 Via Caching Layer\n\
                Migrated 300 Vista PCs to Windows 10\n";
    assert_eq!(blind_text(text), text);
}

#[test]
fn messenger_handles_are_replaced() {
    assert_eq!(
        blind_text("WeChat: xiaoming_ml88 · WhatsApp: +233 24 555 0192 · Skype: live:nikos.p · LINE ID: hanako_s\nTelegram: @anna_qa · t.me/nikos_devops · Discord: hamish#4821 · 微信：wx_12345\n"),
        "WeChat: [handle] · WhatsApp: [handle] · Skype: [handle] · LINE ID: [handle]\nTelegram: [handle] · t.me/[profile] · Discord: [handle] · 微信：[handle]\n"
    );
}

#[test]
fn french_and_other_personal_details_are_replaced() {
    assert_eq!(
        blind_text("Née le 3 mars 1988 à Lyon · Nationalité : française · Mariée, 2 enfants\n"),
        "[date of birth] · [nationality] · [marital status]\n"
    );
    assert_eq!(
        blind_text("Développeur, né le 12/05/1991 à Oran. De nationalité algérienne. Célibataire. Âge : 33 ans.\n"),
        "Développeur, [date of birth]. [nationality]. [marital status]. [age].\n"
    );
    assert_eq!(
        blind_text(
            "Situation familiale : mère de deux enfants · Sexe : F · Photo d'identité jointe\n"
        ),
        "[marital status] · [gender] · [photo]\n"
    );
    assert_eq!(
        blind_text("Religion: Islam · Ethnicity: Arab · Gender: Male · Caste: Brahmin\nHamish is 38, married with one child.\n"),
        "[religion] · [ethnicity] · [gender] · [ethnicity]\nHamish is [age], [marital status].\n"
    );
    // Years of experience are not an age.
    let text = "Experience\n8 ans d'expérience en Python; depuis 5 ans chez Orange.\n";
    assert_eq!(blind_text(text), text);
}

#[test]
fn scholarships_and_faith_groups_are_replaced() {
    assert_eq!(
        blind_text("Awards\n- Diversity in Computing Scholarship, 2019\n- Hispanic Scholarship Fund scholar\n- Deacon, Greater Mount Zion Baptist Church\n- Beth Shalom Synagogue; Catholic Youth Ministry\n"),
        "Awards\n- [group], 2019\n- [group] scholar\n- Deacon, [group]\n- [group]; [group]\n"
    );
}

#[test]
fn held_out_cues_are_replaced() {
    // Found by the held-out resumes 33-38 of the hostile set, written after the first fixes.
    assert_eq!(
        blind_text("Resume of Mohammed Al-Farsi\nSummary\nAl-Farsi led it.\n"),
        "Resume of [name]\nSummary\n[name] led it.\n"
    );
    assert_eq!(
        blind_text("PO Box 123, Muscat 112 · 55/12 Sukhumvit Soi 31, Bangkok 10110\nSố 12 Phố Huế, Quận Hai Bà Trưng\n"),
        "[address] · [address]\n[address]\n"
    );
    assert_eq!(
        blind_text("Geboren am 14.02.1987 in Hamburg · She is 27 and single. A 35-year-old.\n"),
        "[date of birth] · They are [age] and [marital status]. A [age].\n"
    );
    assert_eq!(
        blind_text("Summary\nMembre de l'association Femmes & Sciences.\n"),
        "Summary\nMembre de l'association [group].\n"
    );
}

#[test]
fn second_held_out_cues_are_replaced() {
    // Found by the held-out resumes 39-42 of the hostile set.
    assert_eq!(
        blind_text("Curriculum Vitae — Ewa Zielińska-Nowak\nSummary\nNowak leads.\n"),
        "Curriculum Vitae — [name]\nSummary\n[name] leads.\n"
    );
    assert_eq!(
        blind_text("# 이서연 (Seo-yeon Lee)\n서울특별시 강남구 테헤란로 152\nSummary\nBorn 1994, female, unmarried.\n"),
        "# [name] ([name])\n[address]\nSummary\n[date of birth]\n"
    );
    assert_eq!(
        blind_text("Military Status: Completed | Religion: Muslim\nA first-generation college graduate; Ghanaian Students Association.\n"),
        "[gender] | [religion]\nA [group]; [group].\n"
    );
    let text =
        "Experience\nServed one man-month; a female connector; Python 3, male-to-male cables.\n";
    assert_eq!(blind_text(text), text);
}
