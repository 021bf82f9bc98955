//! Reading a job posting the way a recruiter does: its title, what the job is, what it
//! requires, what is only nice to have, and the parts that say nothing about the job (the
//! company blurb, benefits, equal-opportunity and how-to-apply lines), which are set aside.

use crate::read::Document;

/// What a part of a posting is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostingPart {
    /// The work itself: the role, the responsibilities, the team.
    Job,
    /// What a candidate must bring.
    Required,
    /// What helps but is not required.
    NiceToHave,
    /// About the company, benefits, equal-opportunity statements, how to apply.
    Boilerplate,
}

/// A posting split into its parts; each holds whole lines of the posting, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Posting {
    pub title: String,
    pub job: String,
    pub required: String,
    pub nice_to_have: String,
    pub boilerplate: String,
}

impl Posting {
    /// The text that says what the job is and needs: the job and its requirements.
    pub fn substance(&self) -> String {
        [self.job.trim(), self.required.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn text_mut(&mut self, part: PostingPart) -> &mut String {
        match part {
            PostingPart::Job => &mut self.job,
            PostingPart::Required => &mut self.required,
            PostingPart::NiceToHave => &mut self.nice_to_have,
            PostingPart::Boilerplate => &mut self.boilerplate,
        }
    }

    /// The job's duties and requirements one by one: each bullet, or each paragraph where
    /// there are no bullets, with its wrapped lines joined.
    pub fn requirements(&self) -> Vec<String> {
        let mut items: Vec<String> = Vec::new();
        for text in [&self.job, &self.required] {
            let mut open = false;
            for line in text.lines().map(str::trim) {
                if line.is_empty() {
                    open = false;
                    continue;
                }
                let bullet = line.starts_with(['-', '*', '•']);
                let body = line.trim_start_matches(['-', '*', '•', ' ']);
                match items.last_mut() {
                    Some(last) if open && !bullet => {
                        last.push(' ');
                        last.push_str(body);
                    }
                    _ => items.push(body.to_string()),
                }
                open = true;
            }
        }
        items.retain(|item| !item.is_empty());
        items
    }
}

/// Splits `posting` into its parts. The posting starts at its top-level heading (`# `, what an
/// HTML page's `<h1>` becomes) when it has one, so a job board's banner and menus above it are
/// left out; the first non-empty line from there is the title. Headings (Markdown,
/// bold, or short lines ending in a colon) and inline labels ("Nice to have: …") start a part;
/// text before the first heading is the job unless it is plainly about the company. A line
/// that is an equal-opportunity or benefits statement is boilerplate wherever it stands.
pub fn read_posting(posting: &Document) -> Posting {
    let mut parts = Posting {
        title: String::new(),
        job: String::new(),
        required: String::new(),
        nice_to_have: String::new(),
        boilerplate: String::new(),
    };
    let mut current = PostingPart::Job;
    let mut at_paragraph_start = true;
    let mut seen_heading = false;
    let starts_at = top_heading(posting).unwrap_or(1);
    for (_, line) in posting.lines().skip(starts_at - 1) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            at_paragraph_start = true;
            continue;
        }
        if parts.title.is_empty() {
            parts.title = trimmed
                .trim_matches(['#', '*', '_', ' '])
                .chars()
                .take(80)
                .collect();
            continue;
        }
        let mut part = current;
        let mut body = trimmed;
        if let Some(kind) = heading_part(trimmed) {
            current = kind;
            at_paragraph_start = true;
            seen_heading = true;
            continue;
        }
        if let Some((kind, rest)) = inline_label(trimmed) {
            current = kind;
            part = kind;
            body = rest;
        } else if !seen_heading
            && at_paragraph_start
            && current == PostingPart::Job
            && is_company_intro(trimmed)
        {
            current = PostingPart::Boilerplate;
            part = current;
        }
        if is_boilerplate_line(trimmed) {
            part = PostingPart::Boilerplate;
        }
        if part != current || at_paragraph_start {
            // A new part or paragraph never continues the last item of another.
            push_break(&mut parts, part);
        }
        at_paragraph_start = false;
        let text = parts.text_mut(part);
        text.push_str(body);
        text.push('\n');
    }
    parts
}

/// Ends the paragraph in `part`'s text with a blank line, so that items never run together.
fn push_break(parts: &mut Posting, part: PostingPart) {
    let text = parts.text_mut(part);
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
}

/// The part a heading line opens, when the line is a heading.
fn heading_part(line: &str) -> Option<PostingPart> {
    let markdown = line.starts_with('#');
    let bold = line.starts_with("**") && line.ends_with("**") && line.len() > 4;
    let colon = line.ends_with(':');
    if line.trim_end_matches(':').contains(':') {
        return None;
    }
    let name = clean_heading(line);
    let words = name.split_whitespace().count();
    if words == 0 || words > 8 {
        return None;
    }
    let kind = part_of_heading(&name);
    if markdown || bold || colon {
        return Some(kind.unwrap_or(PostingPart::Job));
    }
    // A bare short line is a heading only when it is a known one.
    if words <= 6 && !line.ends_with(['.', ',', ';']) {
        return kind;
    }
    None
}

/// The line of the posting's own top-level heading (`# Headteacher`), when the lines above
/// it are a site's banner and menus: it starts with a capital or a digit, names no part of a
/// posting ("# Benefits"), and nothing above it does either.
fn top_heading(posting: &Document) -> Option<usize> {
    let (line, _) = posting
        .lines()
        .find(|(_, line)| line.trim_start().starts_with("# "))?;
    let heading = posting.line(line).trim_start()[2..].trim_start();
    let names_a_part = |text: &str| part_of_heading(&clean_heading(text)).is_some();
    let plain_above = (1..line).all(|n| {
        let above = posting.line(n).trim();
        !names_a_part(above) && inline_label(above).is_none()
    });
    (heading.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && !names_a_part(heading)
        && plain_above)
        .then_some(line)
}

/// "Nice to have: Python, Rust" → (NiceToHave, "Python, Rust"); "**About Acme.** Acme is…"
/// → (Boilerplate, "Acme is…").
fn inline_label(line: &str) -> Option<(PostingPart, &str)> {
    let (label, rest) = match line.strip_prefix("**").and_then(|l| l.split_once("**")) {
        Some((label, rest)) => (label, rest.trim_start_matches([':', '.'])),
        None => line.split_once(':')?,
    };
    let name = clean_heading(label.trim_end_matches('.'));
    let words = name.split_whitespace().count();
    let plain = label
        .chars()
        .all(|c| c.is_alphanumeric() || " '’-&".contains(c) || c == '.' || c == '*');
    if words == 0 || words > 5 || !plain || rest.trim().is_empty() {
        return None;
    }
    part_of_heading(&name).map(|kind| (kind, rest.trim()))
}

fn clean_heading(line: &str) -> String {
    line.trim()
        .trim_matches(['#', '*', '_', ':', ' ', '-'])
        .to_lowercase()
        .replace(['’', '\''], "'")
}

/// What a heading's words say the part is about; `None` when they say nothing known.
fn part_of_heading(name: &str) -> Option<PostingPart> {
    let has = |cues: &[&str]| cues.iter().any(|cue| starts_a_word(name, cue));
    if has(&[
        "nice to have",
        "nice-to-have",
        "bonus",
        "preferred",
        "desirable",
        "good to have",
        "great if",
        "would be great",
        "pluses",
        "a plus",
        "extra credit",
    ]) {
        return Some(PostingPart::NiceToHave);
    }
    if has(&[
        "benefit",
        "perk",
        "we offer",
        "what we offer",
        "why join",
        "why us",
        "in it for you",
        "compensation",
        "reward",
        "salary",
        "who we are",
        "about us",
        "company",
        "our culture",
        "life at",
        "equal opportunit",
        "diversity",
        "how to apply",
        "apply",
        "our mission",
        "our values",
    ]) {
        return Some(PostingPart::Boilerplate);
    }
    if has(&[
        "require",
        "must",
        "qualification",
        "you have",
        "you should have",
        "looking for",
        "you bring",
        "about you",
        "who you are",
        "essential",
        "what you need",
        "what we need",
        "skills",
        "experience",
    ]) {
        return Some(PostingPart::Required);
    }
    if let Some(subject) = name.strip_prefix("about ") {
        let about_the_work = [
            "the role",
            "the job",
            "the position",
            "the team",
            "the opportunity",
            "this role",
        ];
        return Some(if about_the_work.contains(&subject) {
            PostingPart::Job
        } else {
            PostingPart::Boilerplate
        });
    }
    if has(&[
        "responsibilit",
        "the role",
        "the job",
        "the position",
        "the opportunity",
        "you will",
        "you'll",
        "in this role",
        "mission",
        "the team",
        "what you",
        "day to day",
        "duties",
    ]) {
        return Some(PostingPart::Job);
    }
    None
}

/// Whether `cue` occurs in `text` at the start of a word ("mission" in "your mission", not
/// "our mission" in it).
fn starts_a_word(text: &str, cue: &str) -> bool {
    text.match_indices(cue).any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// An opening paragraph about the employer: "Acme is a …", "We are a …", "Founded in …".
fn is_company_intro(line: &str) -> bool {
    let lower = line.to_lowercase();
    let first_sentence = lower.split(['.', '!']).next().unwrap_or("");
    [
        " is a ",
        " is an ",
        " is the ",
        " builds ",
        " helps ",
        " runs ",
        " serves ",
        " insures ",
        " moves ",
        " automates ",
        "we are a ",
        "we're a ",
        "founded in",
    ]
    .iter()
    .any(|cue| first_sentence.contains(cue))
        && !first_sentence.contains("you ")
}

/// Statements that appear in every posting and say nothing about the job.
fn is_boilerplate_line(line: &str) -> bool {
    let lower = line.to_lowercase();
    [
        "equal opportunity",
        "equal employment",
        "discriminat",
        "regardless of",
        "protected characteristic",
        "accommodation",
        "diverse team",
        "inclusive",
        "all backgrounds",
        "under-represented",
        "underrepresented",
        "minorities",
        "equality of opportunity",
        "celebrate diversity",
        "values diversity",
        "value diversity",
    ]
    .iter()
    .any(|cue| lower.contains(cue))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    fn read(text: &str) -> Posting {
        read_posting(&document_from_text("job.md", text))
    }

    #[test]
    fn markdown_sections_fall_into_their_parts() {
        let p = read(
            "# ML Engineer\n\nAcme is a bank in Oslo.\n\n## About the role\nOwn ranking models.\n\n\
             ## Requirements\n- PyTorch\n\n## Nice to have\n- Rust\n\n## Benefits\nGym.\n\n\
             Acme is an equal opportunity employer.\n",
        );
        assert_eq!(p.title, "ML Engineer");
        assert_eq!(p.job, "Own ranking models.\n");
        assert_eq!(p.required, "- PyTorch\n");
        assert_eq!(p.nice_to_have, "- Rust\n");
        assert!(p.boilerplate.contains("bank in Oslo"));
        assert!(p.boilerplate.contains("Gym"));
        assert!(p.boilerplate.contains("equal opportunity"));
        assert_eq!(p.substance(), "Own ranking models.\n- PyTorch");
    }

    #[test]
    fn a_job_board_banner_and_menus_above_the_top_heading_are_left_out() {
        let p = read(
            "[ [Jobs in Schools - North East] ]\n\n## Search for jobs\n* [Primary]\n* [Python jobs]\n\n\
             # Headteacher\n\nLead the school.\n\n## Requirements\n- QTS\n",
        );
        assert_eq!(p.title, "Headteacher");
        assert_eq!(p.job, "Lead the school.\n");
        assert_eq!(p.required, "- QTS\n");
        assert!(!p.boilerplate.contains("Python"));
        // A late `# ` line is not where the posting starts.
        let p = read("Data Engineer\nRequirements:\n- Python\n# of direct reports: 3\n");
        assert_eq!(p.title, "Data Engineer");
        assert!(p.required.contains("Python"), "{:?}", p.required);
        let p = read("Data Engineer\n\nBuild pipelines.\n\n# Benefits\nGym.\n");
        assert_eq!(p.title, "Data Engineer");
        assert_eq!(p.job, "Build pipelines.\n");
    }

    #[test]
    fn bare_and_colon_headings_and_inline_labels() {
        let p = read(
            "Voice AI Engineer\nCompany: Hello Harbor, phone agents for clinics.\n\n\
             Responsibilities\n- Build phone agents with Twilio.\n\nMust have:\n- Python\n\n\
             Nice to have: Rust, WebRTC\n\nWhy join: equity and a team offsite.\n",
        );
        assert_eq!(p.title, "Voice AI Engineer");
        assert_eq!(p.job, "- Build phone agents with Twilio.\n");
        assert_eq!(p.required, "- Python\n");
        assert_eq!(p.nice_to_have, "Rust, WebRTC\n");
        assert!(p.boilerplate.contains("Hello Harbor"));
        assert!(p.boilerplate.contains("offsite"));
    }

    #[test]
    fn preferred_qualifications_are_nice_to_have_and_about_you_is_required() {
        assert_eq!(
            heading_part("Preferred qualifications"),
            Some(PostingPart::NiceToHave)
        );
        assert_eq!(
            heading_part("Required qualifications"),
            Some(PostingPart::Required)
        );
        assert_eq!(heading_part("## About you"), Some(PostingPart::Required));
        assert_eq!(
            heading_part("### About Ledgerline"),
            Some(PostingPart::Boilerplate)
        );
        assert_eq!(heading_part("## About the team"), Some(PostingPart::Job));
        assert_eq!(heading_part("Build phone agents with Twilio."), None);
    }

    #[test]
    fn intro_and_labels_in_other_dress() {
        let p = read(
            "PM, AI\n\n**About Carebridge.** Carebridge builds software for clinics.\n\n\
             ## Your mission\nOwn the roadmap.\n\n## Perks\n- Annual retreat (last year: Lisbon).\n",
        );
        assert!(p.boilerplate.contains("Carebridge builds"));
        assert!(p.boilerplate.contains("(last year: Lisbon)"));
        assert_eq!(p.job, "Own the roadmap.\n");
        let p = read("ML Engineer\n\n## The role\nOur feed is the first thing users see.\n");
        assert_eq!(p.job, "Our feed is the first thing users see.\n");
    }

    #[test]
    fn requirements_are_bullets_with_their_wrapped_lines_or_paragraphs() {
        let p = read(
            "ML Engineer\n\n## The role\nOwn the feed.\nAll of it.\n\nShip weekly.\n\n\
             ## You will\n- Train models\n  in PyTorch.\n- Run A/B tests.\n\n\
             ## Requirements\n* Python\n\n## Nice to have\n- Rust\n",
        );
        assert_eq!(
            p.requirements(),
            vec![
                "Own the feed. All of it.",
                "Ship weekly.",
                "Train models in PyTorch.",
                "Run A/B tests.",
                "Python"
            ]
        );
    }

    #[test]
    fn a_posting_without_headings_is_all_job() {
        let p = read("Data engineer\nWe need someone to run Spark jobs and Airflow DAGs.\n");
        assert_eq!(
            p.job,
            "We need someone to run Spark jobs and Airflow DAGs.\n"
        );
        assert!(p.required.is_empty() && p.boilerplate.is_empty());
    }
}
