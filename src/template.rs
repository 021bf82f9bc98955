//! Unfilled templates: a resume whose slots still say `[Your Name]`, `Job Title 1` or
//! `Month 20XX`, or whose bullets are lorem ipsum, is a template and shows no person's
//! experience, so it is never scored as a fit (see `score::score_opening`) and every output
//! says why.

use std::sync::LazyLock;

use regex::Regex;

use crate::read::Document;

/// Distinct placeholders it takes to call a resume a template: one or two can be a real
/// resume's ("[Company Name withheld]", an example address), three or more are a form nobody
/// filled in.
const PLACEHOLDERS_FOR_A_TEMPLATE: usize = 3;

/// Words a slot in square brackets is made of: a bracket holding two or more of these and
/// nothing else (`[Job Title]`, `[Start Date]`, `[University Name]`, `[City, State]`), or
/// holding `your` (`[Your Phone]`), is a slot to fill in; one with any other word
/// (`[Pre School]`, `[Acme Title & Escrow]`, `[Company Name withheld]`) is text, and so is one
/// word alone (`[Email]`, `[Business]`: a page's menu links read so).
const SLOT_WORDS: &[&str] = &[
    "name",
    "first",
    "last",
    "full",
    "job",
    "title",
    "position",
    "role",
    "company",
    "employer",
    "organization",
    "organisation",
    "business",
    "start",
    "end",
    "date",
    "dates",
    "month",
    "year",
    "years",
    "degree",
    "major",
    "field",
    "study",
    "university",
    "school",
    "college",
    "institution",
    "location",
    "city",
    "state",
    "country",
    "zip",
    "address",
    "street",
    "email",
    "phone",
    "number",
    "award",
    "recognition",
    "certification",
    "certificate",
    "gpa",
    "url",
    "website",
    "link",
    "skill",
    "skills",
    "language",
    "languages",
    "project",
    "description",
    "here",
    "of",
    "or",
    "and",
];

/// `[Your Name]`, `[Job Title]`: a bracket of one to five words, not a Markdown link (`](`),
/// not a checkbox or a citation (`[x]`, `[1]`).
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[([A-Za-z][A-Za-z/&.' -]{0,40})\](?:[^(]|$)").expect("valid pattern")
});
/// "Your Name", "YOUR NAME HERE", "Your Position or Tagline", "Your University".
static YOUR_SLOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\byour (?:full )?(?:name|position|tagline|university|school|college|discipline|company|employer|job title|title|degree|email|phone|address|city)\b",
    )
    .expect("valid pattern")
});
/// "Job Title 1", "Company 2", "Job description 1", "University Name", "Month 20XX".
static NUMBERED_SLOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:job title|company|company name|employer|job description|position title|university name|school name|degree name) ?[0-9]\b|\b(?:19|20)XX\b",
    )
    .expect("valid pattern")
});
/// Filler prose: Latin lorem ipsum, and the English of the same passage of Cicero that
/// template makers use in its place (H. Rackham's 1914 translation).
const FILLER: &[&str] = &[
    "lorem ipsum",
    "dolor sit amet",
    "consectetur adipiscing",
    "sed do eiusmod",
    "denouncing pleasure and praising pain",
    "rejects pleasures to secure other greater pleasures",
    "endures pains to avoid worse pains",
];
/// Lines of filler prose it takes to call a resume a template.
const FILLER_LINES_FOR_A_TEMPLATE: usize = 2;

/// The placeholders of `document`, in the order they first occur, when there are enough of
/// them to say it is an unfilled template (see [`PLACEHOLDERS_FOR_A_TEMPLATE`]); empty for a
/// resume someone wrote. Filler prose counts as the placeholder "lorem ipsum".
pub fn unfilled_placeholders(document: &Document) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        let text = text.trim().to_string();
        if !found.iter().any(|f| f.eq_ignore_ascii_case(&text)) {
            found.push(text);
        }
    };
    let mut filler_lines = 0;
    for (_, line) in document.lines() {
        for caps in BRACKETED.captures_iter(line) {
            let inside = caps[1].to_lowercase();
            let words: Vec<&str> = inside
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            // One word alone ("[Email]", "[Business]") is as often a menu's link text.
            let slot = words.contains(&"your")
                || (words.len() >= 2 && words.iter().all(|word| SLOT_WORDS.contains(word)));
            if slot {
                add(&format!("[{}]", &caps[1]));
            }
        }
        let brackets: Vec<std::ops::Range<usize>> = BRACKETED
            .captures_iter(line)
            .filter_map(|caps| caps.get(1).map(|m| m.range()))
            .collect();
        for m in YOUR_SLOT
            .find_iter(line)
            .chain(NUMBERED_SLOT.find_iter(line))
        {
            // "Your Name" inside "[Your Name]" is that bracket, already counted or not a slot.
            if !brackets.iter().any(|b| b.contains(&m.start())) {
                add(m.as_str());
            }
        }
        let lower = line.to_lowercase();
        if FILLER.iter().any(|f| lower.contains(f)) {
            filler_lines += 1;
        }
    }
    if filler_lines >= FILLER_LINES_FOR_A_TEMPLATE {
        found.insert(0, "lorem ipsum".to_string());
    } else if found.len() < PLACEHOLDERS_FOR_A_TEMPLATE {
        found.clear();
    }
    found
}

/// What every output says of a template: which placeholders it still holds and that it is
/// not scored.
pub fn caution(placeholders: &[String]) -> Option<String> {
    if placeholders.is_empty() {
        return None;
    }
    let shown: Vec<&str> = placeholders.iter().take(3).map(String::as_str).collect();
    Some(format!(
        "This resume is an unfilled template (it still says {}): it shows no person's \
         experience, so it is not scored until its placeholders are filled in.",
        shown.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<String> {
        unfilled_placeholders(&Document::new("cv.md".into(), text.into()))
    }

    #[test]
    fn a_form_with_bracketed_slots_is_a_template() {
        let found = placeholders(
            "[Your Name]\n[Your Email] | [Your Phone] | [LinkedIn]\n\n## Experience\n\
             ### [Job Title] | [Company Name] | [Start Date] - [End Date]\n\
             - Improved student test scores by 25%\n",
        );
        assert_eq!(
            found[..4],
            ["[Your Name]", "[Your Email]", "[Your Phone]", "[Job Title]"]
        );
        assert!(!found.contains(&"[LinkedIn]".to_string()), "{found:?}");
        assert!(caution(&found)
            .unwrap()
            .contains("[Your Name], [Your Email]"));
    }

    #[test]
    fn numbered_slots_and_your_name_here_are_a_template() {
        let found = placeholders(
            "YOUR NAME HERE\nYour Position or Tagline Here\nExperience\nJob Title 1\nCompany 1\n\
             Date: Month 20XX – Ongoing\n• Job description 1\n",
        );
        assert!(found.len() >= 5, "{found:?}");
    }

    #[test]
    fn filler_prose_is_a_template_even_under_a_real_looking_header() {
        let found = placeholders(
            "John Doe\nSenior Developer, X Company 2021 – Present\n\
             • Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\
             • The wise man rejects pleasures to secure other greater pleasures.\n",
        );
        assert_eq!(found, ["lorem ipsum"]);
    }

    #[test]
    fn a_written_resume_with_a_link_a_checkbox_or_one_withheld_name_is_not() {
        for text in [
            "Jane Roe\n- Shipped [the billing service](https://x.example) in Rust\n\
             - [x] Kubernetes [1]\n- Consulted for [Company Name withheld] in 2020\n\
             - Taught students to write your name in cursive\n",
            "Maria Lopez\nRegistered Nurse, St. Mary's 2019 – present\n\
             - Charted care for 20 patients a shift\n- Trained new staff on [EPIC] and [Pyxis]\n",
            "Sam Lee\nOffice manager 2015 – 2024\n- Ran payroll for [Acme Title & Escrow]\n\
             - Filed [State] and federal returns\n",
            "Phase: [All School Types] [Pre School] [Sixth Form College] [Primary School]\n\
             * [First]\n* [Business]\n* [Email]\n* [Location]\n",
        ] {
            assert!(placeholders(text).is_empty(), "{text}");
        }
    }
}
