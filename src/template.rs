//! Unfilled templates: a resume whose slots still say `[Your Name]`, `Job Title 1` or
//! `Month 20XX`, or whose bullets are lorem ipsum, is a template and shows no person's
//! experience, so it is never scored as a fit (see `score::score_opening`) and every output
//! says why.

use std::sync::LazyLock;

use regex::Regex;

use crate::read::Document;

/// Kinds of placeholder it takes to call a resume a template: one or two can be a real
/// resume's ("[Company Name]" where an agency blanked the employer, a merge field a marketer
/// names), three or more are a form nobody filled in.
const KINDS_FOR_A_TEMPLATE: usize = 3;
/// The same where the resume has dated positions (real years): a redacted resume blanks its
/// contact lines and employers, a template has no years to show.
const KINDS_FOR_A_DATED_TEMPLATE: usize = 5;

/// Words a slot in square brackets is made of: a bracket holding two or more of these and
/// nothing else (`[Job Title]`, `[Start Date]`, `[City, State]`), one of them numbered
/// (`[Responsibility 1]`), or `your` (`[Your Phone]`), is a slot to fill in. One with any other
/// word (`[Pre School]`, `[Company Name withheld]`) is text, and so is one word alone
/// (`[Email]`, `[Business]`: a page's menu links read so).
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
    "accomplishment",
    "achievement",
    "responsibility",
    "here",
    "of",
    "or",
    "and",
];

/// A whole field that is a slot without brackets, as word processors' templates print them
/// ("Job Title | Company Name, City, State | MM/YYYY – MM/YYYY", "FIRSTNAME LASTNAME").
const BARE_SLOTS: &[&str] = &[
    "your name",
    "firstname lastname",
    "first name last name",
    "first last",
    "job title",
    "position title",
    "company name",
    "employer name",
    "organization name",
    "start date",
    "end date",
    "degree name",
    "school name",
    "university name",
    "graduation year",
    "mm/yyyy",
    "mm/yy",
    "yyyy",
    "month year",
    "month yyyy",
    "street address",
];

/// Sample contact details and employers of the most used design templates (Canva's), which
/// stand in for a person's: each is one kind of placeholder.
const SAMPLE_CONTACTS: &[&str] = &[
    "reallygreatsite",
    "123 anywhere st",
    "borcelle",
    "fauget",
    "wardiere",
    "larana",
    "arowwai",
];

/// A bracket that opens with a letter and holds up to 51 letters, digits, commas and the like:
/// `[Your Name]`, `[City, State]`, `[Job Title 1]`; whether it is a slot, [`is_slot`] says.
static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([\p{L}][\p{L}\p{N}/&.,' -]{0,50})\]").expect("valid pattern"));
/// "Your Name", "YOUR NAME HERE", "Your Position or Tagline", written as a slot is: capital
/// first (a sentence's "your company" is not one).
static YOUR_SLOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:Your|YOUR) (?:(?i)full )?(?i:name|position|tagline|university|school|college|discipline|company|employer|job title|title|degree|email|phone|address|city)\b",
    )
    .expect("valid pattern")
});
/// "Job Title 1", "Company 2", "Job description 1" as a whole field.
static NUMBERED_SLOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:job title|company|company name|employer|job description|position title|university name|school name|degree name) ?[0-9]$",
    )
    .expect("valid pattern")
});
/// A year left for the writer to fill in.
static OPEN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)XX\b").expect("valid pattern"));

/// Latin words of lorem ipsum and of LaTeX's `lipsum`: a line with three of them is filler.
const LATIN_FILLER: &[&str] = &[
    "lorem",
    "ipsum",
    "dolor",
    "amet",
    "consectetur",
    "consectetuer",
    "adipiscing",
    "eiusmod",
    "tempor",
    "incididunt",
    "labore",
    "dolore",
    "aliqua",
    "curabitur",
    "pellentesque",
    "aenean",
    "vestibulum",
    "mauris",
    "donec",
    "quisque",
    "fusce",
    "praesent",
    "phasellus",
    "etiam",
    "morbi",
    "suspendisse",
    "vivamus",
    "maecenas",
    "nullam",
    "habitant",
    "tristique",
    "senectus",
    "netus",
    "gravida",
    "arcu",
    "libero",
    "nisl",
    "sapien",
    "tellus",
    "elementum",
    "lectus",
    "augue",
    "ultricies",
    "faucibus",
    "pharetra",
    "feugiat",
    "vulputate",
    "euismod",
    "tincidunt",
    "sollicitudin",
    "lobortis",
    "venenatis",
];
/// The English of the same passage of Cicero, which template makers use in its place (H.
/// Rackham's 1914 translation).
const ENGLISH_FILLER: &[&str] = &[
    "denouncing pleasure and praising pain",
    "rejects pleasures to secure other greater pleasures",
    "endures pains to avoid worse pains",
];
/// Lines of filler prose that make a resume a template on their own; one is one placeholder.
const FILLER_LINES_FOR_A_TEMPLATE: usize = 2;

/// The placeholders of `document`, one of each kind in the order they first occur, when it
/// is an unfilled template (three kinds or more, five where it has `dated_positions`, or
/// filler prose on two lines); empty for a resume someone wrote. Filler prose is the
/// placeholder "lorem ipsum". A slot counts only as a field of its own (between `|`, commas,
/// dashes or bullets, or alone on its line): "[State University] Medical Center" is a name.
pub fn unfilled_placeholders(document: &Document, dated_positions: bool) -> Vec<String> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut add = |kind: String, shown: &str| {
        if !found.iter().any(|(k, _)| *k == kind) {
            found.push((kind, shown.trim().to_string()));
        }
    };
    let mut filler_lines = 0;
    for (_, line) in document.lines() {
        if is_filler(line) {
            filler_lines += 1;
            add("lorem ipsum".into(), "lorem ipsum");
        }
        for m in BRACKETED.captures_iter(line) {
            let (whole, inside) = (m.get(0).expect("match"), &m[1]);
            if alone_in_its_field(line, whole.start(), whole.end()) && is_slot(inside) {
                add(kind_of(inside), whole.as_str());
            }
        }
        for field in fields(line) {
            let lower = field.to_lowercase();
            if BARE_SLOTS.contains(&lower.as_str()) || NUMBERED_SLOT.is_match(field) {
                add(kind_of(field), field);
            } else if let Some(m) = YOUR_SLOT.find(field) {
                let words = field.split_whitespace().count();
                if m.start() == 0 && words <= 6 {
                    add(kind_of(m.as_str()), m.as_str());
                }
            }
        }
        if let Some(m) = OPEN_YEAR.find(line) {
            add("20xx".into(), m.as_str());
        }
        let lower = line.to_lowercase();
        for sample in SAMPLE_CONTACTS.iter().filter(|s| lower.contains(*s)) {
            add((*sample).into(), sample);
        }
    }
    let needed = if dated_positions {
        KINDS_FOR_A_DATED_TEMPLATE
    } else {
        KINDS_FOR_A_TEMPLATE
    };
    if filler_lines < FILLER_LINES_FOR_A_TEMPLATE && found.len() < needed {
        return Vec::new();
    }
    found.into_iter().map(|(_, shown)| shown).collect()
}

/// Whether a bracket's words make a slot (see [`SLOT_WORDS`]).
fn is_slot(inside: &str) -> bool {
    let lower = inside.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let (numbers, letters): (Vec<&str>, Vec<&str>) = words
        .iter()
        .partition(|w| w.chars().all(|c| c.is_ascii_digit()));
    let numbered = !numbers.is_empty();
    words.contains(&"your")
        || ((letters.len() >= 2 || numbered && letters.len() == 1)
            && letters.iter().all(|w| SLOT_WORDS.contains(w)))
}

/// One kind per slot whatever its number or brackets: "[Job Title 2]" is "job title".
fn kind_of(slot: &str) -> String {
    slot.to_lowercase()
        .split(|c: char| !c.is_alphabetic() && c != '/')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What separates the fields of a line, besides a hyphen set off by spaces (" - ").
const FIELD_SEPARATORS: [char; 7] = ['|', ',', '•', '·', '—', '–', '\t'];

/// The fields of a line: the pieces between `|`, commas, dashes set off by spaces, bullets
/// and tabs, without the Markdown around them.
fn fields(line: &str) -> impl Iterator<Item = &str> {
    line.split(FIELD_SEPARATORS)
        .flat_map(|piece| piece.split(" - "))
        .map(strip_markup)
        .filter(|f| !f.is_empty())
}

/// A field without the bullets, emphasis and angle brackets around it.
fn strip_markup(field: &str) -> &str {
    field
        .trim()
        .trim_start_matches(['-', '*', '#', '>', '<', '_', '+', ' '])
        .trim_end_matches(['*', '_', ':', '>', ' ', '.', ';'])
}

/// Whether the bracket at `start..end` of `line` is its field's only text.
fn alone_in_its_field(line: &str, start: usize, end: usize) -> bool {
    let before = line[..start]
        .rsplit(FIELD_SEPARATORS)
        .next()
        .unwrap_or_default();
    let before = before.rsplit(" - ").next().unwrap_or_default();
    let after = line[end..]
        .split(FIELD_SEPARATORS)
        .next()
        .unwrap_or_default();
    let after = after.split(" - ").next().unwrap_or_default();
    strip_markup(before).is_empty() && strip_markup(after).is_empty()
}

/// Whether a line is filler prose: three Latin filler words, or Cicero's English.
fn is_filler(line: &str) -> bool {
    let lower = line.to_lowercase();
    if ENGLISH_FILLER.iter().any(|f| lower.contains(f)) {
        return true;
    }
    let mut latin: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| LATIN_FILLER.contains(w))
        .collect();
    latin.sort_unstable();
    latin.dedup();
    latin.len() >= 3
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
        unfilled_placeholders(&Document::new("cv.md".into(), text.into()), false)
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
    fn templates_of_every_common_kind_are_found() {
        for text in [
            // Numbered slots and "Your Name Here".
            "YOUR NAME HERE\nYour Position or Tagline Here\nExperience\nJob Title 1\nCompany 1\n\
             Date: Month 20XX – Ongoing\n• Job description 1\n",
            // Brackets with commas and numbers.
            "[Your Name]\n[City, State] | [Phone] | [Email]\nExperience\n[Company], [City, State]\n\
             [Title] | [Month Year] – [Month Year]\n- [Accomplishment 1]\n",
            "[Job Title 1], [Company Name 1], [2018] – [2020]\n- [Responsibility 1]\n\
             [Job Title 2], [Company Name 2], [2020] – [Present]\n",
            // A word processor's slots without brackets.
            "FIRSTNAME LASTNAME\nStreet Address, City, State ZIP | (555) 555-5555\n\
             Job Title | Company Name, City, State | MM/YYYY – MM/YYYY\n• Describe a key accomplishment.\n",
            "Your Name\nExperience\nJob Title — Company Name, City, ST\nStart Date – End Date\n",
            // A design template's sample contacts and employers, even beside years.
            "OLIVIA WILSON\n+123-456-7890 | hello@reallygreatsite.com | 123 Anywhere St., Any City\n\
             Borcelle Studio | 2030 - PRESENT\nFauget Studio | 2025 - 2029\n\
             Wardiere University | 2029 - 2030\n",
            // Sample contacts and one line of lorem ipsum.
            "Olivia Wilson\nhello@reallygreatsite.com | 123 Anywhere St., Any City\n\
             Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n",
        ] {
            assert!(placeholders(text).len() >= 3, "{text}");
        }
        let canva = "Borcelle Studio | 2030 - PRESENT\nFauget Studio | 2025 - 2029\n\
                     hello@reallygreatsite.com | 123 Anywhere St.\nWardiere University\n";
        let canva = Document::new("cv.pdf".into(), canva.into());
        assert_eq!(unfilled_placeholders(&canva, true).len(), 5);
    }

    #[test]
    fn filler_prose_is_a_template_even_under_a_real_looking_header() {
        let found = placeholders(
            "John Doe\nSenior Developer, X Company 2021 – Present\n\
             • Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\
             • The wise man rejects pleasures to secure other greater pleasures.\n",
        );
        assert_eq!(found, ["lorem ipsum"]);
        // LaTeX's lipsum filler is Latin too.
        assert!(!placeholders(
            "Jo Roe\n- Curabitur dictum gravida mauris, nam arcu libero.\n\
             - Pellentesque habitant morbi tristique senectus et netus.\n"
        )
        .is_empty());
    }

    #[test]
    fn written_resumes_that_use_brackets_numbers_or_filler_words_are_not() {
        for text in [
            "Jane Roe\n- Shipped [the billing service](https://x.example) in Rust\n\
             - [x] Kubernetes [1]\n- Consulted for [Company Name withheld] in 2020\n\
             - Taught students to write your name in cursive\n",
            "Maria Lopez\nRegistered Nurse, St. Mary's 2019 – present\n\
             - Charted care for 20 patients a shift\n- Trained new staff on [EPIC] and [Pyxis]\n",
            "Phase: [All School Types] [Pre School] [Sixth Form College] [Primary School]\n\
             * [First]\n* [Business]\n* [Email]\n* [Location]\n",
            // Fire and army companies are numbered; a designer writes about lorem ipsum.
            "Firefighter, Engine Company 8 (2016 – present)\nLadder Company 3 (2014 – 2016)\n\
             Rescue Company 1 (2012 – 2014)\nJob Title 1 was a sergeant's\n",
            "Designer\n- Replaced lorem ipsum placeholder text with real copy in 40 mockups\n\
             - Taught a workshop on why lorem ipsum hides content problems\n",
            // A sentence's "your company", a hospital named for a state university, merge
            // fields a marketer names.
            "Objective: To bring 8 years of customer success to your company and your employer.\n\
             - Taught owners to set up your company profile, your email domain and your phone.\n",
            "- Charge Nurse, [State University] Medical Center (2018 – present)\n\
             - Staff Nurse, [City College] Hospital (2014 – 2018)\n",
            "- Personalized emails with merge fields ([First Name], [Company Name], [Job Title]).\n",
            // What blind review writes in place of the person.
            "[name]\n[email] | [phone] | [address] | [link]\n[date of birth] | [marital status]\n\
             - Taught at [school] for six years\n",
        ] {
            assert!(placeholders(text).is_empty(), "{text}: {:?}", placeholders(text));
        }
        // An agency's redacted resume blanks its contacts and employers but keeps its years.
        let redacted = Document::new(
            "cv.md".into(),
            "[Candidate Name Redacted]\n[Phone Number] | [Email Address] | Chicago, IL\n\
             Senior Accountant, [Company Name] (2019 – present)\n[Street Address]\n"
                .into(),
        );
        assert!(unfilled_placeholders(&redacted, true).is_empty());
    }
}
