//! Reading a job posting the way a recruiter does: its title, the duties, what it requires,
//! what it only prefers, and the parts that say nothing about the work — the logistics (pay,
//! schedule, contract, location, benefits, who may apply and how, equal-opportunity text)
//! and the employer's own blurb — which are never scored.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::read::normalize::{is_bullet, strip_bullet};
use crate::read::Document;
use crate::words::contains_word;

/// What a line of a posting is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PostingPart {
    /// The work itself: the role, the responsibilities, the team.
    Duties,
    /// What a candidate must bring.
    Required,
    /// What helps but is not required.
    Preferred,
    /// Pay, schedule, contract type, location, benefits, who may apply and how, and
    /// equal-opportunity statements: facts about the job, never requirements.
    Logistics,
    /// About the employer: what the company does, its mission and culture.
    Employer,
}

impl PostingPart {
    /// Whether lines of this part say what the job needs (and so are scored).
    pub(crate) fn is_scored(self) -> bool {
        matches!(
            self,
            PostingPart::Duties | PostingPart::Required | PostingPart::Preferred
        )
    }

    /// The part's name as a recruiter reads it.
    pub fn label(self) -> &'static str {
        match self {
            PostingPart::Duties => "duties",
            PostingPart::Required => "required",
            PostingPart::Preferred => "preferred",
            PostingPart::Logistics => "logistics",
            PostingPart::Employer => "employer",
        }
    }
}

/// One line of a posting with the part it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PostingLine {
    /// The line's number in the document (1-based), as evidence numbers lines.
    pub line: usize,
    pub part: PostingPart,
    /// The line's words, without a label that named its part ("Nice to have: Rust" → "Rust").
    pub text: String,
    /// Whether the line starts a new item: a bullet, a new paragraph or a new part.
    pub starts_item: bool,
}

/// A run of lines of one part, for a person to check the split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PartSpan {
    pub part: PostingPart,
    pub first_line: usize,
    pub last_line: usize,
}

/// A posting read into its parts: its title and each of its other non-empty lines with its
/// part, in order. Headings are not kept (they only say which part follows).
#[derive(Debug, Clone, PartialEq)]
pub struct Posting {
    pub title: String,
    /// The line the title was read from.
    pub title_line: Option<usize>,
    pub lines: Vec<PostingLine>,
}

impl Posting {
    /// The text of one part: its lines in order, a blank line between paragraphs.
    pub fn text(&self, part: PostingPart) -> String {
        self.text_of(|p| p == part)
    }

    /// The parts of the title that name the job: "Office Manager at Databricks" names an
    /// office manager, "Software Engineering Intern, Spring 2026" an intern, "Acme Health -
    /// Outreach and Marketing Lead" a lead. The title is cut at its separators (a comma, a
    /// colon, a dash after a space, a bar, " at ", " @ "), and only the pieces that hold a
    /// word for a worker are kept, so an employer's product, a team or a season
    /// the title also names asks for nothing.
    pub(crate) fn title_naming_the_job(&self) -> String {
        let mut pieces = vec![self.title.as_str()];
        for separator in [" at ", " @ ", "|", ": ", ", ", " -", " –", " —"] {
            pieces = pieces
                .into_iter()
                .flat_map(|piece| piece.split(separator))
                .collect();
        }
        pieces
            .into_iter()
            .filter(|piece| names_a_worker(piece))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The text that says what the job is and needs: the duties and the requirements.
    pub(crate) fn substance(&self) -> String {
        self.text_of(|p| matches!(p, PostingPart::Duties | PostingPart::Required))
            .trim()
            .to_string()
    }

    /// The text of the parts `wanted` picks, in the order of the posting.
    pub fn text_of(&self, wanted: impl Fn(PostingPart) -> bool) -> String {
        let mut text = String::new();
        let mut last: Option<PostingPart> = None;
        for line in self.lines.iter().filter(|l| wanted(l.part)) {
            let paragraph = line.starts_item && !is_bullet(&line.text);
            if !text.is_empty() && (paragraph || last != Some(line.part)) {
                text.push('\n');
            }
            text.push_str(&line.text);
            text.push('\n');
            last = Some(line.part);
        }
        text
    }

    /// The numbers of the lines that say what the job needs (duties and qualifications):
    /// where years asked are read, never the logistics.
    pub(crate) fn scored_lines(&self) -> Vec<usize> {
        self.lines
            .iter()
            .filter(|l| l.part.is_scored())
            .map(|l| l.line)
            .collect()
    }

    /// The job's duties and required qualifications one by one: each bullet, or each
    /// paragraph where there are no bullets, with its wrapped lines joined.
    pub fn requirements(&self) -> Vec<String> {
        self.items(|p| matches!(p, PostingPart::Duties | PostingPart::Required))
    }

    /// The qualifications the posting prefers but does not require, one by one.
    pub fn preferred(&self) -> Vec<String> {
        self.items(|p| p == PostingPart::Preferred)
    }

    fn items(&self, wanted: impl Fn(PostingPart) -> bool) -> Vec<String> {
        let mut items: Vec<String> = Vec::new();
        let mut leads = Vec::new();
        let mut open = false;
        let mut last_line = 0;
        for (index, line) in self.lines.iter().enumerate() {
            if !wanted(line.part) {
                open = false;
                continue;
            }
            let body = strip_bullet(&line.text);
            // A line continues the item above it only when it directly follows it.
            let continues = open && !line.starts_item && !is_bullet(&line.text);
            match items.last_mut() {
                Some(item) if continues && line.line == last_line + 1 => {
                    item.push(' ');
                    item.push_str(body);
                }
                _ => {
                    items.push(body.to_string());
                    leads.push(Self::is_lead(&self.lines, index));
                }
            }
            open = true;
            last_line = line.line;
        }
        // A lead's last sentence, which introduces its list, is said by the list's items; what
        // it asks before that sentence stays.
        for (item, lead) in items.iter_mut().zip(leads) {
            if lead {
                if let Some(end) = item.trim_end().rfind(['.', '?', '!']) {
                    item.truncate(end + 1);
                }
            }
        }
        // A duty written twice (for two grades, in two sections) is one requirement; a
        // connective alone ("AND") is none.
        let mut seen = std::collections::HashSet::new();
        items.retain(|item| says_something(item) && seen.insert(item.to_lowercase()));
        items
    }

    /// Whether the item that starts at `index` of `lines` is a lead: a paragraph ending in a
    /// colon whose next line in the same part is a list item ("… Specialized experience is
    /// defined as follows:" over its bullets).
    fn is_lead(lines: &[PostingLine], index: usize) -> bool {
        let mut end = index;
        while end + 1 < lines.len()
            && lines[end + 1].part == lines[index].part
            && !lines[end + 1].starts_item
            && !is_bullet(&lines[end + 1].text)
            && lines[end + 1].line == lines[end].line + 1
        {
            end += 1;
        }
        !is_bullet(&lines[index].text)
            && lines[end].text.trim_end().ends_with(':')
            && lines
                .get(end + 1)
                .is_some_and(|next| next.part == lines[index].part && is_bullet(&next.text))
    }

    /// The posting's parts as runs of lines, in order (consecutive lines of one part merged,
    /// the headings and blank lines between them included).
    pub fn spans(&self) -> Vec<PartSpan> {
        let mut spans: Vec<PartSpan> = Vec::new();
        for line in &self.lines {
            match spans.last_mut() {
                Some(span) if span.part == line.part => span.last_line = line.line,
                _ => spans.push(PartSpan {
                    part: line.part,
                    first_line: line.line,
                    last_line: line.line,
                }),
            }
        }
        spans
    }
}

/// Whether an item has a word beyond connectives: "Python" does, "AND" and "or:" do not.
fn says_something(item: &str) -> bool {
    const CONNECTIVES: &[&str] = &["and", "or", "and/or", "plus", "also", "either", "et", "ou"];
    item.split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| !w.is_empty())
        .any(|w| !CONNECTIVES.contains(&w.to_lowercase().as_str()))
}

/// Splits `posting` into its parts. The posting starts at its top-level heading (`# `, what an
/// HTML page's `<h1>` becomes) when it has one, so a job board's banner and menus above it are
/// left out; the first non-empty line from there is the title. Headings (Markdown, bold, or
/// short lines ending in a colon) start a part; a label at the start of a line ("Nice to
/// have: …") names the part of that line (and, for a qualification label, of the lines after
/// it); text before the first heading is the duties unless it is plainly about the company.
/// A line about pay, benefits, eligibility, applying or equal opportunity is logistics
/// wherever it stands.
pub(crate) fn read_posting(posting: &Document) -> Posting {
    let mut parts = Posting {
        title: String::new(),
        title_line: None,
        lines: Vec::new(),
    };
    let mut current = PostingPart::Duties;
    let mut at_paragraph_start = true;
    // Whether the part was set by a known heading or label (an employer's blurb can still
    // open a part that an unknown heading began).
    let mut known_part = false;
    let mut last_part: Option<PostingPart> = None;
    // A label heading ("**Location:**", "Salary:") opens its part for its own paragraph
    // only; after it the part before it goes on.
    let mut after_label: Option<(PostingPart, bool)> = None;
    let mut looked_for_title = false;
    // Whether only the title and lines naming the employer or place have been read: that is
    // where a posting names them, right under its title.
    let mut under_title = true;
    // Whether the list being read was introduced by a line about logistics ("You will have
    // access to many benefits including:", "For each job on your resume, provide:"): its
    // items are logistics too, whatever their own words — every bullet of it, or the one
    // paragraph right after the line when the list has no bullets.
    let mut list = LogisticsList::None;
    let starts_at = top_heading(posting).unwrap_or(1);
    // Whether a quotation (Markdown's "> ") is someone's words set in the posting; a posting
    // written mostly as one, as a board that reposts it does, is read as written.
    // Markdown quotes a line written ">Department: …" too, but ">5 years" asks for more than
    // five years.
    let is_quotation = |line: &str| {
        line == ">"
            || line.starts_with("> ")
            || line
                .strip_prefix('>')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphabetic() || c == '*'))
    };
    let quotations_are_asides = {
        let written: Vec<&str> = posting
            .lines()
            .map(|(_, line)| line.trim())
            .filter(|line| !line.is_empty())
            .collect();
        let quoted = written.iter().filter(|line| is_quotation(line)).count();
        quoted * 2 < written.len()
    };
    for (number, line) in posting.lines().skip(starts_at - 1) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            at_paragraph_start = true;
            if list == LogisticsList::InParagraph {
                list = LogisticsList::None;
            }
            if let Some((part, known)) = after_label.take() {
                current = part;
                known_part = known;
            }
            continue;
        }
        if !looked_for_title && is_slug(trimmed) {
            // A page's address name above its title ("senior-software-engineer-remote"), as
            // a scraped posting keeps it, is neither the title nor a duty.
            continue;
        }
        if !looked_for_title && PAGE_NAMES.contains(&clean_heading(trimmed).as_str()) {
            // The careers page's name ("## VACANCIES") over the posting is not its title; the
            // title may come next.
            continue;
        }
        if !looked_for_title {
            looked_for_title = true;
            // A first line that is a known heading ("About Us", "Job Description") opens its
            // part; it is not the job's title.
            // A title that holds a heading's word ("Travel Nurse", "Benefits Administrator",
            // "Company Secretary") is still the title: only a line of heading words opens a
            // part.
            let name = clean_heading(trimmed);
            let names_a_part = matches!(heading_part(trimmed), Some(Heading::Opens(_)))
                && part_of_heading(&name).is_some()
                && cue_at_start(&name)
                && only_heading_words(&name);
            if is_title(trimmed) && !names_a_part {
                parts.title = trimmed
                    .trim_start_matches('>')
                    .trim_matches(['#', '*', '_', ' '])
                    .chars()
                    .take(80)
                    .collect();
                parts.title_line = Some(number);
                continue;
            }
        }
        // A link right after a statement of logistics is that statement's ("[Assessment
        // accommodation]" under the equal-opportunity paragraph).
        let after_logistics = parts
            .lines
            .last()
            .is_some_and(|l| l.part == PostingPart::Logistics);
        if is_link_only(trimmed) && !(known_part && current.is_scored() && !after_logistics) {
            // A page's links and buttons ("[Apply online]") are not part of the posting; a
            // linked item under a known requirements heading ("- [Kubernetes]") is.
            continue;
        }
        let mut part = current;
        let mut body = trimmed;
        // Whether this line comes right under the last one read, in the same paragraph.
        let right_under =
            !at_paragraph_start && parts.lines.last().is_some_and(|l| l.line + 1 == number);
        // The part of the line above and whether it is a list item, when this line ends a
        // sentence wrapped from it ("… with others in the" / "organization"): such a line is
        // never a heading.
        let wraps = parts
            .lines
            .last()
            .filter(|l| right_under && continues_sentence(&l.text, trimmed))
            .map(|l| (l.part, is_bullet(&l.text)));
        let wrapped = wraps.is_some();
        let heading = heading_part(trimmed)
            .or_else(|| lead_in(trimmed, at_paragraph_start, posting.line(number + 1)));
        if let Some(heading) = heading.filter(|_| !wrapped) {
            // A short line that introduces a list ("For each job on your resume, provide:")
            // reads as a heading; what it says decides its list too.
            let markdown = trimmed.starts_with('#');
            let name = clean_heading(trimmed);
            let named = part_of_heading(&name);
            // A label named as logistics ("Benefits:", "**Location**") goes on through its
            // list, across blank lines, like a list an instruction introduces.
            let logistics_label = !markdown
                && named == Some(PostingPart::Logistics)
                && only_heading_words_or_cues(&name);
            list = if introduces_logistics_list(trimmed) || logistics_label {
                LogisticsList::AfterLead
            } else {
                LogisticsList::None
            };
            // A short sentence about applying that reads as a label ("To apply, you will
            // need:") says nothing about the lines after it: they stay in their part.
            let sentence_only = !markdown
                && named != Some(PostingPart::Logistics)
                && matches!(heading, Heading::Opens(PostingPart::Logistics));
            if let (Heading::Opens(kind), false) = (heading, sentence_only) {
                // A bare line on how to apply ("HOW TO APPLY") heads the part down to the
                // next heading, as a Markdown heading does: the address after it is where to
                // apply. A label ("Location", "Salary:", "**Benefits**") names its
                // paragraph only.
                let dressed_as_label = trimmed.ends_with(':')
                    || trimmed.starts_with("**")
                    || trimmed.starts_with("__");
                let applying = ["apply", "application"].iter().any(|w| name.contains(w));
                let label = !markdown
                    && (kind == PostingPart::Employer
                        || kind == PostingPart::Logistics && (dressed_as_label || !applying));
                if label {
                    after_label.get_or_insert((current, known_part));
                } else {
                    after_label = None;
                }
                known_part = named.is_some();
                current = kind;
            }
            under_title = false;
            at_paragraph_start = true;
            continue;
        }
        let labelled = inline_label(trimmed).is_some();
        if let Some((kind, rest)) = inline_label(trimmed) {
            // A label names its own line; a qualification label that starts a paragraph
            // (not a bullet: "Nice to have: Rust") names the lines after it too.
            let scored = kind.is_scored();
            if scored && !is_bullet(trimmed) {
                current = kind;
                known_part = true;
            }
            part = kind;
            body = rest;
        } else if !known_part
            && at_paragraph_start
            && current == PostingPart::Duties
            && is_company_intro(trimmed, &parts.title)
        {
            current = PostingPart::Employer;
            part = current;
        } else if known_part
            && current.is_scored()
            && at_paragraph_start
            && is_employer_paragraph(trimmed, &parts.title)
        {
            // The employer's blurb after the last list ("Crunch is a well-funded, remote-first
            // company … We are passionate about our product"): its own paragraph only.
            after_label.get_or_insert((current, known_part));
            current = PostingPart::Employer;
            part = current;
        } else if under_title
            && at_paragraph_start
            && posting.line(number + 1).trim().is_empty()
            && is_name_line(trimmed)
        {
            // A name alone under the title ("TechInnovate Solutions", "Berlin, Germany") says
            // who or where, not what the job asks.
            part = PostingPart::Employer;
        }
        // A quoted line with a qualification label of its own ("> **Must have:** Spark")
        // is a call-out of the posting's, not someone's words.
        let quoted = is_quotation(trimmed)
            && inline_label(trimmed[1..].trim_start()).is_none_or(|(kind, _)| !kind.is_scored());
        if quotations_are_asides && quoted {
            // A quotation ("> I've been in the industry for 15 years …", a candidate's or an
            // employee's words) speaks for the employer, never for the job.
            part = PostingPart::Employer;
        }
        if part != PostingPart::Employer {
            under_title = false;
        }
        let in_qualifications = known_part && part.is_scored();
        let bullet = is_bullet(trimmed);
        // The end of a sentence (or list item) wrapped from the line above: it goes on with
        // the sentence, or it is indented under a list item.
        let wraps_above = !bullet
            && (wrapped
                || right_under
                    && line.starts_with([' ', '\t'])
                    && list == LogisticsList::InBullets);
        list = list.next(bullet, wraps_above);
        let in_logistics_list = list != LogisticsList::None;
        let benefits_lead = !bullet && trimmed.ends_with(':') && introduces_benefits(trimmed);
        let logistics =
            benefits_lead || in_logistics_list || is_logistics_line(trimmed, in_qualifications);
        if logistics {
            part = PostingPart::Logistics;
        } else if matches!(part, PostingPart::Duties | PostingPart::Required)
            && says_it_is_optional(trimmed)
        {
            // "Master's degree preferred", "Experience with sensors is useful but not
            // required": a preferred qualification wherever it stands.
            part = PostingPart::Preferred;
        }
        // A sentence wrapped onto this line ("… trust us to" / "answer their calls.") is
        // part of what the line above was part of, unless this line says what it is itself
        // (a logistics word, a label), and a requirement under a known heading is never
        // carried into logistics by the words of the line above it.
        if let Some((above_part, above_is_bullet)) = wraps.filter(|_| !logistics && !labelled) {
            // A list item of qualifications that a logistics word ("security clearance")
            // marked is still a qualification on its next line.
            let into_logistics =
                above_part == PostingPart::Logistics && in_qualifications && above_is_bullet;
            if !into_logistics {
                part = above_part;
            }
        }
        // A line outside any list may introduce one (`LogisticsList::next` ends them).
        if list == LogisticsList::None
            && !bullet
            && trimmed.ends_with(':')
            && introduces_logistics_list(trimmed)
        {
            list = LogisticsList::AfterLead;
        }
        parts.lines.push(PostingLine {
            line: number,
            part,
            text: body.to_string(),
            starts_item: at_paragraph_start || last_part != Some(part) || is_bullet(body),
        });
        at_paragraph_start = false;
        last_part = Some(part);
    }
    // A posting that opens with a label about the job's place ("Department: Digital
    // Services", "Grade: PO7") names the job in a label of its own further on ("Position
    // Designation: Lead Product Designer", "Job Title: …"): that is its title.
    let opens_with_a_label = parts.title.is_empty()
        || label_and_value(&parts.title).is_some_and(|(label, _)| {
            !TITLE_LABELS.contains(&label.as_str()) && starts_with_any(&label, LOGISTICS_LEADS)
        });
    if opens_with_a_label {
        if let Some((number, title)) = labelled_title(posting) {
            parts.title = title;
            parts.title_line = Some(number);
        }
    }
    parts
}

/// Labels that name the job itself.
const TITLE_LABELS: &[&str] = &[
    "job title",
    "position title",
    "post title",
    "role title",
    "title",
    "position",
    "role",
    "position designation",
    "job",
];

/// A line written as "Label: value", its label in lower case without marks, both trimmed.
fn label_and_value(line: &str) -> Option<(String, String)> {
    let line = line.trim().trim_start_matches(['>', '#', '-', '*', ' ']);
    let (label, value) = line.split_once(':')?;
    let label = label.trim_matches(['*', '_', ' ']).to_lowercase();
    let value = value.trim_matches(['*', '_', ' ']).to_string();
    (!label.is_empty() && label.split_whitespace().count() <= 4 && !value.is_empty())
        .then_some((label, value))
}

/// Whether `text` starts with one of `leads` as whole words.
fn starts_with_any(text: &str, leads: &[&str]) -> bool {
    leads.iter().any(|lead| {
        text.strip_prefix(lead)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// The first line of `posting` that names the job in a label of its own ("Job Title: Lead
/// Product Designer"), with its number: a short value, not a sentence.
fn labelled_title(posting: &Document) -> Option<(usize, String)> {
    posting.lines().find_map(|(number, line)| {
        let (label, value) = label_and_value(line)?;
        let names_it = TITLE_LABELS.contains(&label.as_str())
            && value.split_whitespace().count() <= 10
            && !value.ends_with(['.', ';', ',']);
        names_it.then(|| (number, value.chars().take(80).collect()))
    })
}

/// Where the reader is in a list that a line about logistics introduced ("For each job on your
/// resume, provide:"): right after that line, in the paragraph that follows it (a list
/// without bullets, which ends at the next blank line), or in its bullets (which go on across
/// blank lines and through their wrapped lines, and end at any other line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LogisticsList {
    None,
    AfterLead,
    InParagraph,
    InBullets,
}

impl LogisticsList {
    /// The state for the next non-empty line, given whether it is a bullet and whether it
    /// ends a sentence wrapped from the line above.
    fn next(self, bullet: bool, wraps_above: bool) -> LogisticsList {
        use LogisticsList::*;
        match (self, bullet) {
            (AfterLead | InBullets, true) => InBullets,
            (AfterLead | InParagraph, false) => InParagraph,
            (InBullets, false) if wraps_above => InBullets,
            _ => None,
        }
    }
}

/// Whether `line` goes on with the sentence `above` left open: `above` does not end a
/// sentence or a label, and `line` starts in lower case, not as a new list item.
fn continues_sentence(above: &str, line: &str) -> bool {
    let above = above.trim_end();
    !above.is_empty()
        && !above.ends_with(['.', '!', '?', ':', ';'])
        && !is_bullet(line)
        && line.starts_with(|c: char| c.is_lowercase())
}

/// Whether a posting's first line is its title: short, not a sentence, not a list item.
fn is_title(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words <= 14 && !line.ends_with(['.', ';', ',']) && !is_bullet(line)
}

/// A page's address name: one lower-case token of three words or more joined by hyphens or
/// underscores ("senior-software-engineer-remote", "data_engineer_2024").
fn is_slug(line: &str) -> bool {
    !line.contains(char::is_whitespace)
        && line.split(['-', '_']).filter(|w| !w.is_empty()).count() >= 3
        && line
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_'))
}

/// A short line of capitalised words that says nothing in a sentence: a company's or a
/// place's name ("TechInnovate Solutions", "Austin, TX", "Acme Corp | Remote"), not a
/// duty ("Build data pipelines") nor a bullet.
fn is_name_line(line: &str) -> bool {
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| !matches!(*w, "&" | "|" | "-" | "–" | "—" | "·" | "/"))
        .collect();
    (1..=4).contains(&words.len())
        && !is_bullet(line)
        && !line.ends_with(['.', '!', '?', ':', ';'])
        && words.iter().all(|w| {
            w.trim_start_matches(['(', '"', '\''])
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

/// Words of a page's buttons: a row of links is buttons when each link holds one ("[Browse
/// Job Board] [Contact us]"), and a row of the job's tags when not ("[Python] [Django]").
const BUTTON_WORDS: &[&str] = &[
    "apply",
    "contact",
    "browse",
    "share",
    "back",
    "home",
    "view",
    "save",
    "print",
    "email",
    "login",
    "log",
    "sign",
    "register",
    "search",
    "jobs",
    "job",
    "more",
    "next",
    "previous",
    "facebook",
    "twitter",
    "linkedin",
    "instagram",
    "whatsapp",
    "careers",
    "menu",
    "about",
];

/// A line that is only a link or a button ("[Apply online]", "* [LinkedIn]"), or a row of
/// buttons ("[Browse Job Board] [Contact us]", see [`BUTTON_WORDS`]).
fn is_link_only(line: &str) -> bool {
    let line = strip_bullet(line).trim_matches(['*', '_', ' ']);
    let links: Vec<&str> = if line.starts_with('[') && line.ends_with(']') {
        line[1..line.len() - 1].split("] [").collect()
    } else {
        Vec::new()
    };
    let well_formed = !links.is_empty()
        && links
            .iter()
            .all(|link| !link.is_empty() && !link.contains(['[', ']']));
    let buttons = links.len() == 1
        || links.iter().all(|link| {
            link.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| BUTTON_WORDS.contains(&w))
        });
    well_formed && buttons || line.starts_with("[ [") && line.ends_with("] ]")
}

/// What a heading line does, when the line is a heading.
fn heading_part(line: &str) -> Option<Heading> {
    let markdown = line.starts_with('#');
    let bold = line.starts_with("**") && line.ends_with("**") && line.len() > 4;
    let bare = line.trim_matches(['*', '_', ' ']);
    let colon = bare.ends_with(':');
    let mut name = clean_heading(line);
    if bare.trim_end_matches(':').contains(':') {
        // A Markdown heading is one even with a colon in it ("### Applying for: Teacher"),
        // and what it opens is named before the colon.
        if !markdown {
            return None;
        }
        name = clean_heading(bare.split(':').next().unwrap_or_default());
    }
    let words = name.split_whitespace().count();
    if words == 0 || words > 8 && !markdown {
        return None;
    }
    let kind = if is_logistics_line(line, false) {
        Some(PostingPart::Logistics)
    } else {
        part_of_heading(&name)
    };
    if markdown {
        return Some(Heading::Opens(kind.unwrap_or(PostingPart::Duties)));
    }
    if bold || colon {
        // A sub-heading that names nothing known ("GS15 objectives:") goes on with the part.
        return Some(kind.map_or(Heading::Continues, Heading::Opens));
    }
    // A bare short line is a heading only when it is a known one and begins with what it
    // names ("Key responsibilities", "Requirements"), not a requirement that ends with a
    // heading's word ("Strong SQL skills", "3+ years of experience", "Mentor the team").
    let begins_with_cue = name
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .skip_while(|w| BARE_HEADING_LEADS.contains(w))
        .collect::<Vec<_>>()
        .join(" ");
    if words <= 6
        && !line.ends_with(['.', ',', ';'])
        && !is_bullet(line)
        && !name.contains(|c: char| c.is_ascii_digit())
        && part_of_heading(&begins_with_cue).is_some()
        && cue_at_start(&begins_with_cue)
        && only_heading_words_or_cues(&begins_with_cue)
    {
        return kind.map(Heading::Opens);
    }
    None
}

/// A short line that would lead into a list under it, ending in "you will" with no colon:
/// "In this position, you will", "As our support lead you'll". A sentence that goes on
/// ("you will report to the CFO."), a line with a colon (a label, read as one) or a list
/// item is no such line; [`lead_in`] also asks that it stand as a paragraph over a list.
fn leads_into_duties(line: &str) -> bool {
    if is_bullet(line) || line.trim_end().ends_with(':') {
        return false;
    }
    let lead = line
        .trim_matches(['*', '_', ' ', '#'])
        .trim_end_matches(['…', ' '])
        .trim_end_matches("...")
        .to_lowercase()
        .replace('’', "'");
    let words = lead.split_whitespace().count();
    (1..=12).contains(&words)
        && ["you will", "you'll", "you will be", "you'll be"]
            .iter()
            .any(|end| lead == *end || lead.ends_with(&format!(" {end}")))
}

/// The part a lead-in line ([`leads_into_duties`]) opens when it stands as its own paragraph
/// (`starts_paragraph`) over a list or a blank line (`next`): the part its words name
/// ("Ideally, you'll" prefers, "After applying, you'll" is logistics), else the duties. A
/// sentence wrapped over lines ("Reporting to the Head of Data, you will" / "need strong
/// stakeholder skills") leads into nothing.
fn lead_in(line: &str, starts_paragraph: bool, next: &str) -> Option<Heading> {
    let next = next.trim();
    if !starts_paragraph || !(next.is_empty() || is_bullet(next)) || !leads_into_duties(line) {
        return None;
    }
    let kind = if is_logistics_line(line, false) {
        PostingPart::Logistics
    } else {
        part_of_heading(&clean_heading(line)).unwrap_or(PostingPart::Duties)
    };
    Some(Heading::Opens(kind))
}

/// Words a bare heading may start with before the words that name its part ("Key
/// responsibilities", "Minimum qualifications").
const BARE_HEADING_LEADS: &[&str] = &[
    "key",
    "main",
    "your",
    "the",
    "our",
    "job",
    "minimum",
    "basic",
    "additional",
    "required",
    "preferred",
    "desired",
    "essential",
    "core",
    "general",
    "primary",
    "typical",
];

/// Whether every word of a bare heading names its part or joins such words ("Skills and
/// experience", "What you'll do"), so that "Must have Python" or "Experience with AWS" is
/// a requirement, not a heading.
fn only_heading_words(name: &str) -> bool {
    const JOINING: &[&str] = &[
        "and",
        "&",
        "of",
        "the",
        "your",
        "our",
        "a",
        "an",
        "to",
        "do",
        "ll",
        "will",
        "what",
        "we",
        "you",
        "need",
        "have",
        "bring",
        "get",
        "this",
        "in",
        "for",
        "about",
        "role",
        "job",
        "position",
        "day",
        "s",
        "re",
        "who",
        "are",
        "looking",
        "team",
        "opportunity",
        "offer",
        "us",
        "include",
        "includes",
    ];
    // "What's in it for you": "it" joins only in that phrase ("Experience in IT" is a
    // requirement).
    let name = name.replace("in it for", "in for");
    name.split(|c: char| !c.is_alphanumeric() && c != '&')
        .filter(|w| !w.is_empty())
        .all(|w| {
            JOINING.contains(&w)
                || BARE_HEADING_LEADS.contains(&w)
                || every_cue().any(|cue| !cue.contains(' ') && w.starts_with(cue))
        })
}

/// Whether a label's name (a bold line, a line ending in a colon) is made of heading words,
/// a cue of several words that opens it counting as such ("**Working Conditions and
/// Physical Effort**"): a bare line needs [`only_heading_words`], since "Experience in the
/// hiring process" is a requirement.
fn only_heading_words_or_cues(name: &str) -> bool {
    let phrases: Vec<&str> = every_cue().filter(|cue| cue.contains(' ')).collect();
    if !phrases.iter().any(|cue| name.starts_with(cue)) {
        return only_heading_words(name);
    }
    let mut name = name.to_string();
    for cue in phrases {
        if starts_a_word(&name, cue) {
            name = name.replace(cue, " ");
        }
    }
    only_heading_words(&name)
}

/// Every heading word or phrase that names a part, of every part.
fn every_cue() -> impl Iterator<Item = &'static str> {
    PART_CUES
        .iter()
        .flat_map(|(_, cues)| cues.iter())
        .chain(LOGISTICS_HEADINGS)
        .chain(LOGISTICS_LEADS)
        .chain(EMPLOYER_HEADINGS)
        .chain(EMPLOYER_LEADS)
        .copied()
}

/// Whether one of the part-naming cues is where `name` begins.
fn cue_at_start(name: &str) -> bool {
    every_cue().any(|cue| name.starts_with(cue))
        || name.starts_with("about ")
        // A question that names a part: "What's in it for you", "What we offer".
        || name.starts_with("what")
        || name.starts_with("preferred")
        || name.starts_with("required")
}

/// What a heading line does: open a part, or go on with the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    Opens(PostingPart),
    Continues,
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

/// "Nice to have: Python, Rust" → (Preferred, "Python, Rust"); "**About Acme.** Acme is…"
/// → (Employer, "Acme is…"); "**Location:** Remote" → (Logistics, "Remote").
fn inline_label(line: &str) -> Option<(PostingPart, &str)> {
    let line = strip_bullet(line);
    let (label, rest) = match line.strip_prefix("**").and_then(|l| l.split_once("**")) {
        Some((label, rest)) => (label, rest.trim_start_matches([':', '.'])),
        None => line.split_once(':')?,
    };
    let label = label.trim().trim_end_matches([':', '.']);
    let name = clean_heading(label);
    let words = name.split_whitespace().count();
    let plain = label
        .chars()
        .all(|c| c.is_alphanumeric() || " '’-&/()".contains(c) || c == '.' || c == '*');
    if words == 0 || words > 5 || !plain || rest.trim().trim_matches(['*', '_']).is_empty() {
        return None;
    }
    part_of_heading(&name).map(|kind| (kind, rest.trim()))
}

fn clean_heading(line: &str) -> String {
    crate::words::without_numbering(line.trim().trim_matches(['#', '*', '_', ':', ' ', '-']))
        .to_lowercase()
        .replace(['’', '\''], "'")
}

/// Heading words that open the logistics wherever they stand in the heading ("Salary and
/// benefits", "What we offer").
const LOGISTICS_HEADINGS: &[&str] = &[
    "benefit",
    "perk",
    "we offer",
    "we can offer",
    "why join",
    "why work",
    "why you should",
    "why you'll love",
    "why you will love",
    "reasons to join",
    "reasons to work",
    "why us",
    "in it for you",
    "compensation",
    "salary",
    "equal opportunit",
    "equal employment",
    "how to apply",
    "who may apply",
    "who can apply",
    "security clearance",
    "reasonable accommodation",
    "reasonable adjustment",
    "key dates",
    "job details",
    "basic information",
    "key information",
    "job information",
    "additional information",
    "important information",
    "position details",
    "employment requirements",
    "conditions of employment",
    "condition of employment",
    "how you will be evaluated",
    "selection process",
    "hiring process",
    "recruitment process",
    "interview process",
    "next steps",
    "what happens next",
    "number of vacancies",
    "promotion potential",
    "supervisory status",
    "work schedule",
    "contractual",
    "applying",
];

/// Heading words that open the logistics only as the heading's first words ("Location",
/// "Contract type"; not "Contract management experience").
const LOGISTICS_LEADS: &[&str] = &[
    // What the work asks of the body, which employers must describe: conditions of the
    // work, not qualifications ("Occasional lifting of 30 lbs"), where they lead the
    // heading ("Qualifications and Working Conditions" is the qualifications).
    "working conditions",
    "working condition",
    "work conditions",
    "work condition",
    "physical effort",
    "physical demands",
    "physical demand",
    "reward",
    "pay",
    "wage",
    "location",
    "work location",
    "job location",
    "based in",
    "where you'll work",
    "schedule",
    "hours",
    "working hours",
    "working pattern",
    "contract",
    "job type",
    "employment type",
    "position type",
    "appointment type",
    "work type",
    "start date",
    "starting date",
    "closing date",
    "closes",
    "deadline",
    "duration",
    "apply",
    "application",
    "eligibility",
    "clearance",
    "travel",
    "telework",
    "remote",
    "relocation",
    "visa",
    "diversity",
    "inclusion",
    "accommodation",
    "safeguarding",
    "job id",
    "reference",
    "posted",
    "last updated",
    "updated",
    "date posted",
    "posting date",
    "grade",
    "pay scale",
    "series",
    "department",
    "agency",
    "open to",
    "interview",
    "evaluation",
    "assessment",
    "announcement",
    "job title",
    "vacancy",
    "vacancies",
    "opening and closing",
    "closing",
    "opening date",
];

/// The names of a careers page, lower case: a heading that is only one of them names no part.
const PAGE_NAMES: &[&str] = &[
    "vacancies",
    "vacancy",
    "current vacancies",
    "job vacancies",
    "job vacancy",
    "open positions",
    "open roles",
    "current openings",
    "job openings",
    "job opportunities",
    "career opportunities",
    "careers",
    "jobs",
    "now hiring",
    "we're hiring",
    "we are hiring",
];

/// Heading words that open the employer's own blurb as the heading's first words ("School:
/// Ward Jackson Primary").
const EMPLOYER_LEADS: &[&str] = &[
    "school",
    "employer",
    "organisation",
    "organization",
    "hiring organization",
    "trust",
];

/// Heading words that open the employer's own blurb wherever they stand.
const EMPLOYER_HEADINGS: &[&str] = &[
    "who we are",
    "backed by",
    "our investors",
    "why join",
    "about us",
    "company",
    "our culture",
    "life at",
    "our mission",
    "our values",
    "our story",
    "our team",
];

/// Heading words that say what a qualification part holds.
const PREFERRED_CUES: &[&str] = &[
    "nice to have",
    "nice-to-have",
    "bonus",
    "preferred",
    "desirable",
    "desired",
    "good to have",
    "great if",
    "would be great",
    "would be awesome",
    "would be nice",
    "would be a plus",
    "even better",
    "make you stand out",
    "makes you stand out",
    "set you apart",
    "sets you apart",
    "an advantage",
    "advantageous",
    "pluses",
    "a plus",
    "extra credit",
    "ideally",
];
const REQUIRED_CUES: &[&str] = &[
    "require",
    "must",
    "qualification",
    "you have",
    "you should have",
    "you should",
    "looking for",
    "you bring",
    "you'll bring",
    "you will bring",
    "you'll need",
    "you will need",
    "ideal candidate",
    "fit right in",
    "a good fit",
    "a great fit",
    "interested in people who",
    "about you",
    "who you are",
    "essential",
    "what you need",
    "what we need",
    "skills",
    "experience",
    "person specification",
    "competenc",
];
const DUTIES_CUES: &[&str] = &[
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
    "job summary",
    "summary",
    "overview",
    "objective",
    "key tasks",
    "main tasks",
    "description",
];

/// Every part-naming cue list of the scored parts.
const PART_CUES: &[(PostingPart, &[&str])] = &[
    (PostingPart::Preferred, PREFERRED_CUES),
    (PostingPart::Required, REQUIRED_CUES),
    (PostingPart::Duties, DUTIES_CUES),
];

/// What a heading's words say the part is about; `None` when they say nothing known.
fn part_of_heading(name: &str) -> Option<PostingPart> {
    // The name of a careers page ("## VACANCIES", "Job Opportunities") heads the posting
    // itself, not its logistics.
    if PAGE_NAMES.contains(&name) {
        return None;
    }
    let has = |cues: &[&str]| cues.iter().any(|cue| starts_a_word(name, cue));
    if has(PREFERRED_CUES) {
        return Some(PostingPart::Preferred);
    }
    let leads = |cues: &[&str]| {
        let name = name
            .trim_start_matches("the ")
            .trim_start_matches("our ")
            .trim_start_matches("your ");
        cues.iter().any(|cue| {
            name.strip_prefix(cue)
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
        })
    };
    // "TO APPLY:" alone heads how to apply; "To apply, you will need:" leads a list of what
    // is asked.
    if has(LOGISTICS_HEADINGS) || leads(LOGISTICS_LEADS) || name == "to apply" {
        return Some(PostingPart::Logistics);
    }
    if has(EMPLOYER_HEADINGS) || leads(EMPLOYER_LEADS) {
        return Some(PostingPart::Employer);
    }
    if has(REQUIRED_CUES) {
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
            PostingPart::Duties
        } else {
            PostingPart::Employer
        });
    }
    if has(DUTIES_CUES) {
        return Some(PostingPart::Duties);
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

/// An opening paragraph about the employer: "Acme is a …", "We are a …", "Founded in …";
/// not one about the job ("The Registered Nurse is an integral part of …" in a nurse's
/// posting, "This role is a …").
fn is_company_intro(line: &str, title: &str) -> bool {
    let first_sentence = first_sentence(line).to_lowercase();
    let first_sentence = first_sentence.as_str();
    let cue = [
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
    .filter_map(|cue| first_sentence.find(cue))
    .min();
    let Some(at) = cue else {
        return false;
    };
    let subject = &first_sentence[..at];
    let title = title.to_lowercase();
    let about_the_job = ["role", "position", "job", "post ", "candidate", "you"]
        .iter()
        .any(|w| subject.contains(w))
        || subject
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 4)
            .any(|w| contains_word(&title, w));
    !about_the_job && !first_sentence.contains("you ")
}

/// A paragraph about the employer wherever it stands: a company's introduction
/// ([`is_company_intro`]) whose first sentence calls its subject a company ("Crunch is a
/// well-funded, remote-first company", "Acme is a nonprofit organisation") and that goes on
/// in the employer's voice ("we", "our") for fifteen words or more. A requirement that reads
/// like an introduction ("Kubernetes experience is a must, because our platform runs on it",
/// "Python is the main language of our tooling") names no company, and a paragraph that
/// introduces a list (ending in a colon) is its list's lead.
fn is_employer_paragraph(line: &str, title: &str) -> bool {
    const COMPANY: &[&str] = &[
        "company",
        "organization",
        "organisation",
        "startup",
        "start-up",
        "firm",
        "business",
        "nonprofit",
        "non-profit",
        "charity",
        "agency",
        "enterprise",
        "corporation",
        "consultancy",
        "employer",
    ];
    const QUALIFICATION: &[&str] = &[
        "experience",
        "knowledge",
        "skills",
        "degree",
        "familiarity",
        "proficiency",
        "ability",
        "understanding",
        "background",
        "certification",
        "licence",
        "license",
    ];
    if is_bullet(line) || line.trim_end().ends_with(':') {
        return false;
    }
    let lower = line.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let first: Vec<&str> = first_sentence(&lower)
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    words.len() >= 15
        && words.iter().any(|w| ["we", "our", "we're"].contains(w))
        && first.iter().any(|w| COMPANY.contains(w))
        && !first.iter().any(|w| QUALIFICATION.contains(w))
        && is_company_intro(line, title)
}

/// The first sentence of `line`: up to a full stop or an exclamation mark, not the stop of a
/// company's legal form or an abbreviation that the sentence goes on after ("GitLab Inc. is a
/// company", "Acme Pvt. Ltd. builds", "the No. 1 carrier"). A stop followed by a capital ends
/// the sentence ("… based in Boulder, CO. You will lead …"), unless another legal form follows.
fn first_sentence(line: &str) -> &str {
    const ABBREVIATIONS: &[&str] = &[
        "inc", "co", "corp", "ltd", "llc", "plc", "gmbh", "ag", "pvt", "pty", "bv", "b.v", "nv",
        "n.v", "sa", "s.a", "spa", "s.p.a", "srl", "s.r.l", "e.g", "i.e", "u.s", "st", "dr", "mr",
        "ms", "no", "vs",
    ];
    let word_before = |at: usize| {
        line[..at]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or_default()
            .to_lowercase()
    };
    let mut from = 0;
    while let Some(at) = line[from..].find(['.', '!']).map(|at| from + at) {
        let rest = &line[at + 1..];
        let inside_a_word = rest.starts_with(|c: char| c.is_alphanumeric());
        let next_word = rest.split_whitespace().next().unwrap_or_default();
        let goes_on = next_word.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
            || ABBREVIATIONS.contains(&next_word.trim_end_matches('.').to_lowercase().as_str());
        let abbreviation = line[at..].starts_with('.')
            && ABBREVIATIONS.contains(&word_before(at).as_str())
            && goes_on;
        if !abbreviation && !inside_a_word {
            return &line[..at];
        }
        from = at + 1;
    }
    line
}

/// Words by which one requirement says it is only preferred ("preferred" itself only where
/// it ends a clause: "Master's degree preferred", not "the preferred supplier list").
const OPTIONAL_PHRASES: &[&str] = &[
    "is a plus",
    "are a plus",
    "would be a plus",
    "a big plus",
    "nice to have",
    "nice-to-have",
    "not required",
    "not a requirement",
    "not a prerequisite",
    "not essential",
    "not mandatory",
    "preference will be given",
    "preference given",
    "is desirable",
    "are desirable",
    "is an advantage",
    "would be an advantage",
    "is a bonus",
    "bonus points",
];

/// Words by which a requirement calls itself an asset ("Bilingualism would be considered an
/// asset", "… would be an asset to the team"), not a noun that goes on ("an asset manager",
/// "an asset-backed security").
fn calls_itself_an_asset(lower: &str) -> bool {
    [
        "is an asset",
        "are an asset",
        "be an asset",
        "considered an asset",
        "a definite asset",
    ]
    .iter()
    .any(|cue| {
        lower.match_indices(cue).any(|(at, _)| {
            // Only a word that goes on with the sentence may follow ("an asset to the team").
            let rest = &lower[at + cue.len()..];
            let next_word = rest
                .trim_start()
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or_default();
            !rest.starts_with(|c: char| c.is_alphanumeric() || c == '-')
                && [
                    "", "to", "for", "in", "and", "but", "or", "if", "when", "as",
                ]
                .contains(&next_word)
        })
    })
}

/// Whether the bracketed aside around byte `at` of `line` says that what it names is only
/// preferred: "experience building data pipelines in Python (experience with PySpark is a
/// plus)" requires Python and prefers Spark.
pub(crate) fn in_optional_aside(line: &str, at: usize) -> bool {
    let Some(open) = line[..at]
        .rfind('(')
        .filter(|&o| !line[o..at].contains(')'))
    else {
        return false;
    };
    let Some(close) = line[at..].find(')').map(|c| at + c) else {
        return false;
    };
    // The clause of the aside that names it: "(Kubernetes is a must; Helm is a bonus)"
    // prefers Helm only, and "(AWS required, GCP preferred)" GCP only.
    let clause_of = |text: &str, at: usize, separators: &[char]| -> (usize, usize) {
        let start = text[..at].rfind(separators).map_or(0, |s| s + 1);
        let end = text[at..].find(separators).map_or(text.len(), |e| at + e);
        (start, end)
    };
    let aside = line[open + 1..close].to_lowercase();
    let at = at - open - 1;
    let (start, end) = clause_of(&aside, at, &[';']);
    let mut clause = &aside[start..end];
    if contains_word(clause, "required") || contains_word(clause, "must") {
        let (s, e) = clause_of(clause, at - start, &[',']);
        clause = &clause[s..e];
    }
    OPTIONAL_PHRASES
        .iter()
        .any(|cue| starts_a_word(clause, cue))
        || clause.contains("a plus")
        || calls_itself_an_asset(clause)
        || ["preferred", "ideally", "optional", "bonus"]
            .iter()
            .any(|w| contains_word(clause, w))
}

/// Words by which a requirement says its skill may be learnt on the job ("Experience with C
/// and C++ (or be ready to learn)"): preferred where they stand in brackets, or end a line
/// that asks for one thing known ("Experience with Epic or willing to learn"), not a line of
/// several requirements ("RN license; Epic experience or willing to learn") or a duty
/// ("coach new starters who are curious or eager to learn").
const LEARNABLE_PHRASES: &[&str] = &[
    "or be ready to learn",
    "or ready to learn",
    "or be willing to learn",
    "or willing to learn",
    "or are willing to learn",
    "or willingness to learn",
    "or a willingness to learn",
    "or the willingness to learn",
    "or be eager to learn",
    "or eager to learn",
    "or willing to be trained",
    "or be open to learning",
    "or open to learning",
];

/// Whether `lower` asks for something it says may be learnt on the job (see
/// [`LEARNABLE_PHRASES`]).
fn says_it_can_be_learnt(lower: &str) -> bool {
    LEARNABLE_PHRASES.iter().any(|phrase| {
        lower.match_indices(phrase).any(|(at, _)| {
            let before = &lower[..at];
            let bracketed = before
                .rfind('(')
                .is_some_and(|open| !before[open..].contains(')'));
            let asks_to_know = ["experience", "knowledge", "familiar", "proficien", "skills"]
                .iter()
                .any(|w| before.contains(w));
            bracketed || asks_to_know && !lower.contains(';') && !before.contains("who ")
        })
    })
}

/// Whether a line says it states a preference, not a requirement. A line that also says
/// what is required ("5+ years of Java required; Kotlin is a plus") stays a requirement.
fn says_it_is_optional(line: &str) -> bool {
    // Emphasis is not a word ("**Bachelor's degree preferred**"), and an aside in brackets
    // that names what is preferred qualifies only itself ("2-5 years of B2B sales (technology
    // services preferred)").
    let lower = without_qualifying_asides(&line.to_lowercase().replace('*', ""));
    if contains_word(&lower, "required") && !lower.contains("not required")
        || contains_word(&lower, "must")
    {
        return false;
    }
    let preferred_ends_a_clause = lower.match_indices("preferred").any(|(at, word)| {
        let after = lower[at + word.len()..].trim_start();
        starts_a_word(&lower[at..], "preferred")
            && (after.is_empty()
                || after.starts_with([',', '.', ';', ')', ':'])
                || after.starts_with("but ")
                || after.starts_with("or ")
                || after.starts_with("and "))
    });
    // "… literature for young people a plus."
    let ends_a_plus = sentences_of(line).len() == 1
        && lower
            .trim_end_matches(['.', '!', ' ', ')'])
            .ends_with(" a plus");
    preferred_ends_a_clause
        || ends_a_plus
        || calls_itself_an_asset(&lower)
        || OPTIONAL_PHRASES
            .iter()
            .any(|cue| starts_a_word(&lower, cue))
        // The whole line: the asides taken out above may be what says it ("(or be ready to
        // learn)").
        || says_it_can_be_learnt(&line.to_lowercase())
}

/// `lower` without its bracketed asides that say something besides a preference: "(technology
/// services preferred)" prefers a kind of the line's experience, not the line, where
/// "(preferred)" or "(a plus)" speaks of the whole line and stays.
fn without_qualifying_asides(lower: &str) -> String {
    // Words that say how much something is wanted, beside those of `OPTIONAL_PHRASES`.
    const DEGREE_WORDS: &[&str] = &[
        "preferred",
        "strongly",
        "highly",
        "but",
        "optional",
        "ideally",
    ];
    let cue_word = |w: &str| {
        DEGREE_WORDS.contains(&w)
            || OPTIONAL_PHRASES
                .iter()
                .any(|phrase| phrase.split_whitespace().any(|p| p == w))
    };
    let mut kept = String::with_capacity(lower.len());
    let mut rest = lower;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let aside = &rest[open + 1..close];
        let says_more = aside
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .any(|w| !cue_word(w));
        kept.push_str(&rest[..open]);
        if !says_more {
            kept.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    kept.push_str(rest);
    kept
}

/// Statements about equal opportunity and diversity: a paragraph that makes one is the
/// employer's statement as a whole, whatever its other sentences say.
const EQUAL_OPPORTUNITY_PHRASES: &[&str] = &[
    "equal opportunity",
    "equal employment",
    "discriminat",
    "protected characteristic",
    "reasonable accommodation",
    "request an accommodation",
    "diverse team",
    "all backgrounds",
    "under-represented",
    "underrepresented",
    "minorities",
    "equality of opportunity",
    "celebrate diversity",
    "values diversity",
    "value diversity",
    "accept difference",
    "celebrate difference",
    "reflective and inclusive",
];

/// Statements about applying and eligibility, which say nothing about the work wherever they
/// stand.
const APPLYING_PHRASES: &[&str] = &[
    "how to apply",
    "application process",
    "hiring process",
    "to apply,",
    "apply by ",
    "apply now",
    "apply online",
    "apply here",
    "please apply",
    "click apply",
    "submit your application",
    "please submit applications",
    "submit applications through",
    "submit applications by",
    "submit applications via",
    "applications must be submitted",
    "review of applications",
    "interviews will be",
    "interview will be",
    "interviews are conducted",
    "please send applications",
    "applications should be submitted",
    "applications should be sent",
    "direct any questions to",
    "questions about this position",
    "questions about the position",
    "questions regarding this position",
    "questions regarding the position",
    "applications close",
    "applications will",
    "closing date",
    "application deadline",
    "open positions",
    "other positions",
    "who may apply",
    "apply anyway",
    "federal style resume",
    "disqualif",
    "category rating",
    "minimally qualified",
    "linguistic profile",
    "an official website",
    // Where the job is, when a sentence says so, and travel as a condition of the job.
    "can be performed from anywhere",
    "work from anywhere",
    "fully distributed team",
    "occasional travel",
    "travel may be required",
    "travel will be required",
    "willing to travel",
    "willingness to travel",
    "position is located",
    "positions are located",
    "opportunities are located",
    "role is located",
    // Pay without an amount: how it will be set, where to read about it.
    "your salary",
    "maximum salary",
    "salary calculator",
    // Eligibility: a condition of employment, never a skill.
    "years of age",
    "years or older",
    "years old or older",
    "u.s. citizen",
    "us citizen",
    "citizenship",
    "trial period",
    "probationary period",
    "financial disclosure",
    "direct deposit",
    "work authorization",
    "work eligibility",
    "eligible to work",
    "eligibility to work",
    "employment eligibility",
    "authorized to work",
    "right to work",
    "visa sponsorship",
    "background investigation",
    "background check",
    "drug test",
    "drug screen",
    "e-verify",
    "selective service",
    "security clearance",
];

/// Statements about benefits and what to send, which say nothing about the work outside a
/// part named as qualifications or duties (where an HR role may administer them).
const BENEFIT_PHRASES: &[&str] = &[
    "health insurance",
    "dental insurance",
    "vision insurance",
    "life insurance",
    "401(k)",
    "401k",
    "paid time off",
    "paid leave",
    "parental leave",
    "annual leave",
    "pension scheme",
    "retirement plan",
    "tuition reimbursement",
    "employee assistance program",
    "compensation and benefits",
    "benefits package",
    "a cover letter",
    "application materials",
    "veterans' preference",
    "veterans will receive",
    // Pay and the selection process, outside the duties of a payroll or recruiting role.
    "starting salary",
    "locality pay",
    "salaries & wages",
    "salaries and wages",
    "best qualified",
    "pool of qualified",
];

/// A paragraph of at least this many sentences on one line is judged sentence by sentence.
const PARAGRAPH_SENTENCES: usize = 3;

/// A line about pay, benefits, eligibility, applying or equal opportunity: never a
/// requirement. Inside a part a heading named as qualifications or duties
/// (`in_qualifications`), only pay, applying and equal opportunity count — "3+ years
/// administering health insurance and 401(k) plans" is an HR requirement. A paragraph (a
/// posting written as one block) is logistics only when most of it is: one sentence saying
/// "new graduates are welcome to apply" does not make its duties logistics.
fn is_logistics_line(line: &str, in_qualifications: bool) -> bool {
    let sentences = sentences_of(line);
    if sentences.len() < PARAGRAPH_SENTENCES {
        // Under a qualifications heading, a requirement followed by a welcome to apply ("… a
        // PhD in ecology and programming in R. Under-represented groups are encouraged to
        // apply.") is still a requirement.
        let asks_then_welcomes = in_qualifications
            && sentences.len() == 2
            && asks_for_something(sentences[0])
            && !is_logistics_text(sentences[0], true)
            && is_equal_opportunity(&sentences[1].to_lowercase());
        return !asks_then_welcomes && is_logistics_text(line, in_qualifications);
    }
    // A statement of equal opportunity is one as a whole; under a qualifications heading a
    // paragraph that only ends with one ("… are especially encouraged to apply") is still
    // what it asks for, unless most of it is the statement.
    let statement = is_equal_opportunity(&line.to_lowercase())
        && !(in_qualifications && asks_for_something(sentences[0]));
    if statement {
        return true;
    }
    let logistics: usize = sentences
        .iter()
        .filter(|s| is_logistics_text(s, in_qualifications))
        .map(|s| s.len())
        .sum();
    logistics * 2 > line.len()
}

/// Words (whole words, or phrases) by which a sentence asks for a qualification
/// ("Applicants should have a PhD in ecology … and expertise in R", "Able to lift 50
/// pounds", "Fluent Spanish speakers preferred"), as an employer's welcome does not ("Our
/// team is small and remote-first", "We value the diverse experiences …", "For over 40
/// years, Acme has served …", "Acme is a certified B Corporation").
const ASKING_WORDS: &[&str] = &[
    "experience",
    "expertise",
    "degree",
    "years of",
    "years'",
    "must",
    "should have",
    "required",
    "preferred",
    "knowledge",
    "proficient",
    "proficiency",
    "familiar",
    "familiarity",
    "able",
    "ability",
    "fluent",
    "fluency",
    "comfortable",
    "certification",
    "licence",
    "license",
    "licensed",
    "phd",
    "bachelor",
    "bachelor's",
    "master's",
    "diploma",
];

/// Whether a sentence asks for a qualification (see [`ASKING_WORDS`]).
fn asks_for_something(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    ASKING_WORDS.iter().any(|w| contains_word(&lower, w))
}

/// The sentences of a line: split after ". ", "! " or "? " that ends a word in lower case or
/// a number ("U.S. Citizen" and a list's "1." do not) of a piece of three words or more, where
/// a capital or a digit begins the next.
fn sentences_of(line: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    let mut before = ' ';
    for (at, c) in line.char_indices() {
        let next = line[at + c.len_utf8()..].trim_start();
        let ends_a_word = before.is_lowercase() || before.is_ascii_digit();
        before = c;
        if matches!(c, '.' | '!' | '?')
            && ends_a_word
            && bytes.get(at + 1) == Some(&b' ')
            && line[start..at].split_whitespace().count() >= 3
            && next.starts_with(|n: char| n.is_uppercase() || n.is_ascii_digit())
        {
            sentences.push(&line[start..=at]);
            start = at + 1;
        }
    }
    sentences.push(&line[start..]);
    sentences.retain(|s| !s.trim().is_empty());
    sentences
}

/// Whether a text (lower case) states equal opportunity or diversity.
fn is_equal_opportunity(lower: &str) -> bool {
    EQUAL_OPPORTUNITY_PHRASES
        .iter()
        .any(|cue| lower.contains(cue))
        || regardless_of_who(lower)
}

/// Whether a sentence or a short line is about pay, benefits, eligibility, applying or equal
/// opportunity (see [`is_logistics_line`]).
fn is_logistics_text(line: &str, in_qualifications: bool) -> bool {
    let lower = line.to_lowercase();
    let has = |phrases: &[&str]| phrases.iter().any(|cue| lower.contains(cue));
    has(APPLYING_PHRASES)
        || says_whom_to_write_to(&lower)
        || is_contact_detail(&lower)
        || starts_with_the_start_date(&lower)
        || asks_to_send_an_application(&lower)
        || is_equal_opportunity(&lower)
        || INSTRUCTION_PHRASES
            .iter()
            .any(|cue| contains_word(&lower, cue))
        || is_pay_line(&lower)
        || !in_qualifications && has(BENEFIT_PHRASES)
        || opens_with_benefits(&lower)
        || is_disclaimer(&lower)
        || is_schedule(&lower)
        || states_an_age(&lower)
}

/// Whether a lowercased line is only an age the applicant must have reached ("17+ only",
/// "Must be 18+", "18 or over"): eligibility, never a skill or a year of experience.
fn states_an_age(lower: &str) -> bool {
    let line = strip_bullet(lower.trim()).trim_end_matches(['.', '!']);
    let words: Vec<&str> = line.split_whitespace().collect();
    // The age ends the line: "Teach 18+ students per class" is a duty.
    let age = |n: &str| n.parse::<u32>().is_ok_and(|n| (14..=25).contains(&n));
    words.len() <= 6
        && words.iter().enumerate().any(|(i, w)| {
            let after = &words[i + 1..];
            w.strip_suffix('+').is_some_and(age) && matches!(after, [] | ["only"])
                || age(w) && matches!(after, ["or", "over" | "older"])
        })
}

/// Whether a lowercased sentence asks to be available for the hours the job keeps
/// ("Requires approximately 55-60 hours per week including some nights and weekends",
/// "Willing to work overtime and weekends", "Exhibit regular and prompt attendance"): the
/// schedule, not a duty or a qualification. Hours named in a task or a requirement of its own
/// are not ("Forecast the overtime required …", "Participate in the on-call rotation as
/// required", "Manage overtime approvals and ensure staffing is available for weekends").
fn is_schedule(lower: &str) -> bool {
    const HOURS: &[&str] = &[
        "hours per week",
        "hours a week",
        "hours/week",
        "hours each week",
        "nights",
        "evenings",
        "weekends",
        "holidays",
        "overtime",
        "on-call",
        "on call",
        "shifts",
        "restaurant hours",
    ];
    // Words that ask the applicant to be there, not to do something.
    const AVAILABLE: &[&str] = &[
        "willing to work",
        "willingness to work",
        "available to work",
        "availability to work",
        "able to work",
        "ability to work",
        "flexibility to work",
        "flexible to work",
        "must be available",
        "must be willing to work",
        "must work",
        "expected to work",
        "requires approximately",
        "requires working",
        "work approximately",
    ];
    let has = |phrases: &[&str]| phrases.iter().any(|cue| lower.contains(cue));
    // A line that only states the hours ("15 - 25 hours per week", "Shifts from 6-10 hours",
    // "Full time, 37.5 hours a week").
    let line = strip_bullet(lower.trim());
    let per_period = [
        "hours per week",
        "hours a week",
        "hours/week",
        "hours per day",
        "hours a day",
    ];
    let states_hours = line.split_whitespace().count() <= 7
        && (line.starts_with(|c: char| c.is_ascii_digit())
            || [
                "shifts ",
                "full time",
                "full-time",
                "part time",
                "part-time",
            ]
            .iter()
            .any(|lead| line.starts_with(lead)))
        && (has(&per_period) || line.starts_with("shifts ") && contains_word(line, "hours"))
        && !asks_for_something(lower);
    states_hours
        || lower.split_whitespace().count() <= 25 && has(HOURS) && has(AVAILABLE)
        || [
            "prompt attendance",
            "regular attendance",
            "punctual attendance",
        ]
        .iter()
        .any(|cue| lower.contains(cue))
}

/// Whether a lowercased line opens by naming the benefits ("**Great benefits available
/// including: paid holidays…", "Benefits: 401(k)"), under any heading.
fn opens_with_benefits(lower: &str) -> bool {
    let line = strip_bullet(lower.trim()).trim_start_matches(['*', '_', '#', ' ']);
    let line = [
        "great ",
        "excellent ",
        "competitive ",
        "generous ",
        "comprehensive ",
        "full ",
        "our ",
    ]
    .iter()
    .find_map(|word| line.strip_prefix(word))
    .unwrap_or(line);
    let offered = [
        ":",
        "available",
        "include",
        "including",
        "package",
        "offered",
        "are available",
        "are offered",
    ];
    line.strip_prefix("benefits")
        .map(|rest| rest.trim_start_matches(['*', '_']).trim_start())
        .is_some_and(|rest| offered.iter().any(|word| rest.starts_with(word)))
}

/// Whether a lowercased line is the description's disclaimer about itself ("This job
/// description is not designed to cover or contain a comprehensive listing of activities…"):
/// boilerplate, neither a duty nor a qualification.
fn is_disclaimer(lower: &str) -> bool {
    const HEDGES: &[&str] = &[
        "not designed to",
        "not intended to",
        "not exhaustive",
        "not an exhaustive",
        "not all-inclusive",
        "not all inclusive",
        "comprehensive listing",
        "subject to change",
    ];
    const ITSELF: &[&str] = &[
        "this job description",
        "this position description",
        "this description",
        "the above statements",
        "the above description",
    ];
    // The clause a public employer adds to every description: all duties are done with
    // regard to its policies ("Undertake all duties with due regard to the provisions of
    // health and safety regulations …, the Council's Equal Opportunities and Customer Care
    // policies").
    const EVERY_DUTY: &[&str] = &[
        "all duties",
        "all of the duties",
        "their duties",
        "your duties",
    ];
    const WITH_REGARD: &[&str] = &[
        "due regard",
        "with regard to",
        "in accordance with",
        "in line with",
    ];
    let policy_clause = EVERY_DUTY.iter().any(|every| lower.contains(every))
        && WITH_REGARD.iter().any(|regard| lower.contains(regard))
        && lower.contains("polic");
    policy_clause
        || ITSELF.iter().any(|itself| lower.contains(itself))
            && HEDGES.iter().any(|hedge| lower.contains(hedge))
}

/// What an applicant sends: a line naming one of these and an address to send it to is how
/// to apply ("submit a short cover letter and CV to Dr. Meyer (apply@lab.org)"); without an
/// address it may be the work itself ("conduct resume and cover letter reviews").
const APPLICATION_PARTS: &[&str] = &[
    "cv",
    "cvs",
    "resume",
    "resumes",
    "résumé",
    "cover letter",
    "your application",
    "application to",
    "applications to",
    "application form",
    "application via",
    "application at",
    "apply",
    "your portfolio",
];

/// Whether a lowercased line opens by telling when the job starts ("The start date is
/// September 2021, with flexibility", "- Anticipated start date is August 1", "Expected start
/// date: September"), not a duty that records one ("Ensure the start date is entered in
/// Workday").
fn starts_with_the_start_date(lower: &str) -> bool {
    let line = strip_bullet(lower.trim());
    let line = line.strip_prefix("the ").unwrap_or(line);
    let line = [
        "anticipated ",
        "expected ",
        "projected ",
        "estimated ",
        "desired ",
        "position ",
        "proposed ",
    ]
    .iter()
    .find_map(|qualifier| line.strip_prefix(qualifier))
    .unwrap_or(line);
    [
        "start date is",
        "start date:",
        "starting date is",
        "starting date:",
        "start date of",
    ]
    .iter()
    .any(|lead| line.starts_with(lead))
}

/// Whether a lowercased line asks for an application at an address: it names what to send
/// and holds an e-mail address or a web address. A web application or an investment
/// portfolio beside a link is work ("Experience with web application frameworks
/// (https://…)"): only "your application", "application(s) to", "application form",
/// "application via" or "at", and "your portfolio" name what is sent.
fn asks_to_send_an_application(lower: &str) -> bool {
    let has_address = holds_an_email_address(lower)
        || lower.split_whitespace().any(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            word.starts_with("http") || word.starts_with("www.")
        });
    has_address
        && APPLICATION_PARTS
            .iter()
            .any(|part| contains_word(lower, part))
}

/// Whether a line holds an e-mail address: a user, then a domain whose last part is letters
/// ("daru@tamucc.edu", not a package pinned as "lodash@4.17.21").
fn holds_an_email_address(lower: &str) -> bool {
    lower.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        word.split_once('@').is_some_and(|(user, domain)| {
            let top = domain.rsplit('.').next().unwrap_or_default();
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && top.len() >= 2
                && top.chars().all(|c| c.is_ascii_alphabetic())
        })
    })
}

/// How a duty or a requirement that handles an e-mail address opens ("Monitor the
/// helpdesk@acme.com inbox", "Respond to inquiries sent to support@…", "Familiarity with
/// git@github.com remotes"); a line with an address that opens otherwise ("Informal enquiries
/// to Prof. Smith, email: …", "Questions? Email careers@…", "Email: jobs@…") tells the reader
/// whom to write to.
const TASK_OPENINGS: &[&str] = &[
    "monitor",
    "respond",
    "reply",
    "answer",
    "manage",
    "triage",
    "handle",
    "route",
    "maintain",
    "administer",
    "administrate",
    "configure",
    "support",
    "migrate",
    "migrating",
    "moving",
    "move",
    "set",
    "create",
    "update",
    "process",
    "review",
    "resolve",
    "assist",
    "coordinate",
    "provide",
    "track",
    "own",
    "run",
    "build",
    "design",
    "develop",
    "write",
    "draft",
    "prepare",
    "schedule",
    "organize",
    "organise",
    "oversee",
    "ensure",
    "use",
    "using",
    "work",
    "field",
    "familiarity",
    "familiar",
    "experience",
    "experienced",
    "knowledge",
    "proficiency",
    "proficient",
    "ability",
    "able",
    "skilled",
];

/// Whether a line gives an address to write to, not a task that handles one (see
/// [`TASK_OPENINGS`]).
fn says_whom_to_write_to(lower: &str) -> bool {
    let first = strip_bullet(lower.trim())
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .find(|w| !w.is_empty())
        .unwrap_or_default();
    holds_an_email_address(lower) && !TASK_OPENINGS.contains(&first)
}

/// Whether a short lowercased line is where to reach the employer, not what the job asks:
/// a labelled contact ("FAX: (212) 791-5266", "Attn: Recruiting Unit"), a telephone number, a
/// street address ("250 Broadway, 16th Floor", "P.O. Box 12") or a town with its ZIP code
/// ("New York, NY 10007").
fn is_contact_detail(lower: &str) -> bool {
    static PATTERNS: OnceLock<[Regex; 4]> = OnceLock::new();
    let [label, phone, street, town] = PATTERNS.get_or_init(|| {
        let regex = |pattern: &str| Regex::new(pattern).expect("a valid pattern");
        [
            regex(r"^(fax|phone|tel|telephone|attn|attention|mail|address|e-mail|email)\s*[:.]\s*"),
            regex(r"(\(\d{3}\)\s*|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b"),
            // A number, the street's name and its kind: written out ("250 Broadway", "1200
            // Dayton Street Suite 4"), or shortened after a name ("45 Oak Dr.", "300
            // Holiday Way, Suite 5"): "3 way match" and "64 slice CT scanner" are no streets.
            regex(
                r"^(\d+[a-z]?\s+([a-z0-9.'-]+,?\s+){0,3}(street|avenue|road|broadway|boulevard|drive|lane|place|court|parkway|highway|suite|floor)([.,]|$|\s+(suite|floor|unit|apt|#|\d))|\d+[a-z]?\s+([a-z0-9.'-]+,?\s+){1,3}(st|ave|rd|blvd|dr|ln|pl|ct|way|pkwy|hwy)([.,]|$)|p\.? ?o\.? box \d+)",
            ),
            regex(r"^[a-z][a-z .'-]*, [a-z]{2}\.? \d{5}(-\d{4})?$"),
        ]
    });
    let line = strip_bullet(lower.trim()).trim_end_matches([';', ',']);
    let words = line.split_whitespace().count();
    // "2 years on the floor" counts time, not doors.
    let counts_time = line.contains('%')
        || line.split(|c: char| !c.is_alphanumeric()).any(|w| {
            ["year", "month", "week", "day", "hour", "percent"].contains(&w.trim_end_matches('s'))
        });
    // A label gives what it labels: a number to call, an address to write to, someone to
    // write to; "Phone: answer and route calls" is a duty.
    let labelled = label.find(line).is_some_and(|m| {
        let value = &line[m.end()..];
        let digits = value.chars().filter(char::is_ascii_digit).count();
        match m.as_str().trim_end_matches([':', '.', ' ']) {
            "fax" | "phone" | "tel" | "telephone" => digits >= 7,
            "e-mail" | "email" => value.contains('@'),
            "attn" | "attention" => true,
            _ => digits > 0 || value.contains('@'),
        }
    });
    words <= 8
        && (labelled
            || phone.is_match(line) && words <= 5
            || street.is_match(line) && !counts_time
            || town.is_match(line.trim_end_matches('.')))
}

/// Whether a piece of a title holds a word for a worker ("Developer", "Nurse", "Lead").
fn names_a_worker(piece: &str) -> bool {
    const WORKERS: &str = "\
        developer engineer manager specialist teacher headteacher coordinator analyst \
        administrator nurse officer lead leader designer architect consultant scientist \
        representative assistant technician director head executive associate agent clerk \
        accountant recruiter writer editor researcher intern fellow expert supervisor operator \
        driver instructor tutor lecturer professor physician doctor therapist worker advisor \
        adviser planner programmer tester owner partner strategist marketer trainer buyer \
        controller bookkeeper cashier receptionist secretary translator interpreter \
        practitioner aide paramedic pharmacist technologist mechanic electrician chef cook \
        support steward auditor counsel lawyer paralegal investigator inspector";
    piece
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .any(|word| {
            let singular = word.strip_suffix('s').unwrap_or(&word);
            WORKERS
                .split_whitespace()
                .any(|worker| worker == word || worker == singular)
        })
}

/// Whether a lowercased line says "regardless of" someone's protected traits (an equal
/// opportunity statement: "regardless of race, religion or age") rather than of a thing
/// ("regardless of the underlying technology", a duty).
fn regardless_of_who(lower: &str) -> bool {
    // Whole words, and the stems of longer ones ("religious", "disabilities").
    const WORDS: &[&str] = &["race", "colour", "color", "creed", "sex", "gender", "age"];
    const STEMS: &[&str] = &[
        "religio",
        "national",
        "ethnic",
        "disabilit",
        "marital",
        "veteran",
        "ancestr",
        "pregnan",
        "genetic",
        "background",
        "belief",
        "identit",
        "orientation",
        "citizenship",
        "political",
    ];
    lower.match_indices("regardless of").any(|(at, cue)| {
        let after = &lower[at + cue.len()..];
        let end = after.char_indices().nth(80).map_or(after.len(), |(i, _)| i);
        after[..end]
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| WORDS.contains(&word) || STEMS.iter().any(|t| word.starts_with(t)))
    })
}

/// How a line introducing a list starts when the list is what the employer offers ("You will
/// have access to many benefits including:", "What we offer:"), not what it asks. Only the
/// start of the line's last sentence counts: "We provide payroll services. You will:" opens
/// duties, and so does "What you'll get to do".
const BENEFIT_LEADS: &[&str] = &[
    "what we offer",
    "we offer",
    "we can offer",
    "perks",
    "our benefits",
    "benefits include",
    "benefits including",
    "you will have access",
    "you'll have access",
    "in return",
    "what's in it for you",
];

/// Leads that offer only when the line names what is offered ("You will enjoy these
/// benefits:", not "You'll enjoy working with:"; "You will receive a benefits package
/// including:", not "You will receive and process:").
const BENEFIT_LEADS_NAMING: &[&str] = &[
    "you will enjoy",
    "you'll enjoy",
    "you will receive",
    "you'll receive",
];

/// Words that name what an employer offers.
const BENEFIT_WORDS: &[&str] = &["benefit", "perk", "package", "leave", "insurance", "bonus"];

/// Whether a line that introduces a list says the list is what the employer offers.
fn introduces_benefits(line: &str) -> bool {
    let lower = line
        .to_lowercase()
        .replace(['[', ']'], "")
        .replace('’', "'");
    let last = lower.rsplit(". ").next().unwrap_or(&lower);
    let last = last.trim_start_matches(['#', '*', '_', '-', ' ']);
    BENEFIT_LEADS.iter().any(|cue| last.starts_with(cue))
        || BENEFIT_LEADS_NAMING.iter().any(|cue| last.starts_with(cue))
            && BENEFIT_WORDS.iter().any(|word| last.contains(word))
}

/// Whether the list a line introduces is logistics item by item: the line tells applicants
/// what to put in their application ("For each job on your resume, provide:"), unless it
/// says what the application must show, or it introduces the benefits.
fn introduces_logistics_list(line: &str) -> bool {
    let lower = line.to_lowercase();
    let instruction = INSTRUCTION_PHRASES
        .iter()
        .any(|cue| contains_word(&lower, cue));
    (instruction && !speaks_of_qualifying(&lower)) || introduces_benefits(line)
}

/// Whether a line about the application says what it must show ("Your resume must demonstrate
/// the following experience:", "In your application, address the selection criteria:"): the
/// list it introduces is the qualifications.
fn speaks_of_qualifying(lower: &str) -> bool {
    [
        "demonstrat",
        "qualif",
        "experience",
        "criteria",
        "require",
        "meet",
        "essential",
        "desirabl",
        "skill",
        "knowledge",
        "abilit",
        "competenc",
        "evidence",
        "address",
        "show",
        "specification",
        "must have",
    ]
    .iter()
    .any(|cue| lower.contains(cue))
}

/// What to write in one's own application: an instruction to applicants, not a requirement,
/// wherever it stands ("Provide as much detail as possible on your resume"). Whole words:
/// "monitor your applications on AWS" is a duty.
const INSTRUCTION_PHRASES: &[&str] = &[
    "your resume",
    "your cv",
    "your cover letter",
    "your application",
];

/// A line that states pay: an amount of money and a word about pay ("$60,000 – $80,000 a
/// year", "Salary: £32k", "GS-15 Step 1 - $137,849"), or a salary range or scale.
fn is_pay_line(lower: &str) -> bool {
    let starts_with_word = |text: &str, word: &str| {
        text.strip_prefix(word)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
    };
    // The text before and after each currency sign.
    let signs = || {
        lower
            .char_indices()
            .filter(|&(_, c)| "$£€¥".contains(c))
            .map(|(at, c)| (&lower[..at], &lower[at + c.len_utf8()..]))
    };
    // An amount in millions ("a $5M/year budget", "$2.5 billion in assets") is money the job
    // handles, never a person's pay.
    let in_millions = |after: &str| {
        let rest = after
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
            .trim_start();
        ["m", "mm", "b", "bn", "million", "billion"]
            .iter()
            .any(|unit| starts_with_word(rest, unit))
    };
    let money = signs().any(|(_, after)| {
        after.trim_start().starts_with(|d: char| d.is_ascii_digit()) && !in_millions(after)
    }) || ["usd", "gbp", "eur", "cad"]
        .iter()
        .any(|code| contains_word(lower, code));
    let about_pay = [
        "salary",
        "pay ",
        "pay:",
        "wage",
        "compensation",
        "per hour",
        "an hour",
        "/hr",
        "/hour",
        "/year",
        "/yr",
        "/ hr",
        "/ hour",
        "/ year",
        "per annum",
        "stipend",
        "starting at",
        "gs-",
    ]
    .iter()
    .any(|cue| lower.contains(cue));
    // "£10.42 p/h", not "SAP/HANA" or "PHP/HTML".
    let per_hour = lower.match_indices("p/h").any(|(at, cue)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + cue.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphabetic() || c == '/' || c == '.')
            && !after.is_some_and(char::is_alphanumeric)
    });
    let about_pay = about_pay || per_hour;
    let salary_scale = [
        "salary range",
        "salary scale",
        "pay range",
        "pay scale",
        "pay band",
    ]
    .iter()
    .any(|cue| lower.contains(cue));
    // An amount before its sign, as much of Europe writes it ("1.767,- € gross a month"), is
    // pay only beside a word of pay itself: "manage a 40 000 € budget and pay suppliers" is a
    // duty.
    let amount_before_sign = signs().any(|(before, _)| {
        before
            .trim_end()
            .trim_end_matches(['.', ',', '-', '–'])
            .ends_with(|d: char| d.is_ascii_digit())
    });
    let pay_itself = [
        "salary",
        "wage",
        "gross",
        "brutto",
        "per month",
        "a month",
        "monthly",
        "per annum",
        "per year",
        "a year",
        "annually",
    ]
    .iter()
    .any(|cue| lower.contains(cue));
    (money && about_pay) || salary_scale || amount_before_sign && pay_itself
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    fn read(text: &str) -> Posting {
        read_posting(&document_from_text("job.md", text))
    }

    #[test]
    fn a_leads_last_sentence_is_said_by_its_list_and_what_it_asks_before_stays() {
        let text = "# Contract Specialist\n\n## Qualifications\n\n\
             To qualify, you must have one (1) year of specialized experience at the next\n\
             lower grade. Specialized experience is defined as follows:\n\n\
             - Contract administration\n- Writing acquisition plans\n\n\
             A sentence that ends in a colon without a list under it:\n\n\
             At least five years of Python in production, and hands-on experience with each \
             of the following tools:\n\n- Airflow\n";
        let p = read(text);
        assert_eq!(
            p.requirements(),
            [
                "To qualify, you must have one (1) year of specialized experience at the next \
                 lower grade.",
                "Contract administration",
                "Writing acquisition plans",
                "A sentence that ends in a colon without a list under it:",
                "At least five years of Python in production, and hands-on experience with \
                 each of the following tools:",
                "Airflow"
            ]
        );
        let doc = document_from_text("job.md", text);
        let years = crate::experience::years_asked(&doc, Some(&p.scored_lines()));
        // The most years any line asks, a lead's too.
        assert_eq!(years.map(|(years, _)| years), Some(5));
    }

    #[test]
    fn a_link_under_the_equal_opportunity_statement_and_how_interviews_run_are_not_requirements() {
        let p = read(
            "# Senior Front-End Developer\n\n## Requirements\n\n\
             - Competency with JavaScript frameworks such as React\n\
             - [Kubernetes]\n\n\
             CDS welcomes all applicants regardless of race, ethnicity, religion, sexual orientation \
             or disability.\n\n[Assessment accommodation]\n\n\
             *Out of an abundance of caution, all interviews will be conducted via video for the \
             foreseeable future.\n",
        );
        assert_eq!(
            p.requirements(),
            [
                "Competency with JavaScript frameworks such as React",
                "[Kubernetes]"
            ]
        );
    }

    #[test]
    fn where_the_job_can_be_done_and_its_travel_are_not_requirements() {
        let p = read(
            "# Technical Marketer\n\n**Mandatory requirements:**\n\n\
             - You have experience in B2B SaaS sales and/or marketing\n\
             - CDS is a fully distributed team. This job can be performed from anywhere in Canada. \
             In the future, occasional travel to Ottawa may be required.\n\
             - Willingness to travel up to 25% of the time\n",
        );
        assert_eq!(
            p.requirements(),
            ["You have experience in B2B SaaS sales and/or marketing"]
        );
    }

    #[test]
    fn working_conditions_benefits_and_the_descriptions_disclaimer_are_not_requirements() {
        // An IT help desk posting's physical effort is no qualification: a warehouse worker
        // who lifts boxes must not match it on that.
        let p = read(
            "# IT Support Specialist\n\n**Duties and Responsibilities**\n\n\
             * Set up and configure computers, peripherals, and accounts\n\
             * This job description is not designed to cover or contain a comprehensive listing of activities\n\n\
             **Knowledge, Skills and Abilities Required**\n\n\
             * Minimum 1 year experience in technical support\n\n\
             **Working Conditions and Physical Effort**\n\n\
             * Occasional lifting, carrying, pushing, and pulling of items weighing 30 lbs or more\n\
             * Must be able to climb ladders and/or operate high lift equipment\n\n\
             **Physical Demands**\n\n* Sitting or standing for extended periods of time\n\n\
             **Requirements**\n\n\
             **Great benefits available including: Paid holidays, paid time off and healthcare\n",
        );
        assert_eq!(
            p.requirements(),
            [
                "Set up and configure computers, peripherals, and accounts",
                "Minimum 1 year experience in technical support"
            ]
        );
        // A duty that names benefits or job descriptions is still a duty; qualifications
        // beside working conditions in one heading are still qualifications; a bare line of
        // a requirement that ends with a cue's words is no heading.
        let p = read(
            "# HR Generalist\n\n## Duties\n\n- Administer benefits enrollment for 300 staff\n\
             - Benefits administration for 300 employees\n\
             - Update job descriptions as duties are subject to change\n\n\
             ## Qualifications and Working Conditions\n\n- Current RN license\n\n\
             ## Requirements\n\nExperience in the interview process\nStrong Excel skills\n",
        );
        assert_eq!(
            p.requirements(),
            [
                "Administer benefits enrollment for 300 staff",
                "Benefits administration for 300 employees",
                "Update job descriptions as duties are subject to change",
                "Current RN license",
                // Not a heading: two lines of one paragraph, one item.
                "Experience in the interview process Strong Excel skills"
            ]
        );
    }

    #[test]
    fn a_list_introduced_by_logistics_is_logistics() {
        // What to put on the resume, under a heading of qualifications; as bullets and as
        // lines of one paragraph (the one right after the lead: a list without bullets ends at
        // the first blank line).
        for items in [
            "- The exact dates you held each job\n- Number of hours per week you worked",
            "the exact dates you held each job\nnumber of hours per week you worked",
            "The exact dates you held each job\nNumber of hours per week you worked",
        ] {
            let p = read(&format!(
                "# Contract Specialist\n\n## Qualifications\n\n- Award and administer contracts\n\n\
                 For each job on your resume, provide:\n\n{items}\n\n## Duties\n\n- Draft acquisition packages\n"
            ));
            assert_eq!(
                p.requirements(),
                [
                    "Award and administer contracts",
                    "Draft acquisition packages"
                ],
                "{items}"
            );
        }
        // A lead about the resume that says what it must show introduces the qualifications.
        let p = read(
            "# Contract Specialist\n\n## Qualifications\n\n\
             Your resume must demonstrate the following experience:\n\n\
             - Three years of contract administration\n- Writing acquisition plans\n",
        );
        assert_eq!(
            p.requirements(),
            [
                "Three years of contract administration",
                "Writing acquisition plans"
            ]
        );
        // A label named as benefits keeps its list across the blank line under it.
        let p = read(
            "# Analyst\n\n## Requirements\n\n- SQL\n\nBenefits:\n\n- Remote work flexibility\n- Paid parental leave\n",
        );
        assert_eq!(p.requirements(), ["SQL"]);
        // A bullet wrapped onto an indented line that starts with a capital stays in its list.
        let p = read(
            "# Contract Specialist\n\n## Qualifications\n\nFor each job on your resume, provide:\n\n\
             - Start and end dates for each\n  Federal position you held\n- Hours per week\n\n\
             ## Duties\n\n- Draft acquisition packages\n",
        );
        assert_eq!(p.requirements(), ["Draft acquisition packages"]);
        // A bullet wrapped onto a second line stays in its list, and so do the bullets after it.
        let p = read(
            "# Contract Specialist\n\n## Qualifications\n\nFor each job on your resume, provide:\n\n\
             - The exact dates you held each job, from month\n  and year to month and year\n\
             - Number of hours per week you worked\n\n## Duties\n\n- Draft acquisition packages\n",
        );
        assert_eq!(p.requirements(), ["Draft acquisition packages"]);
        // Leads that only look like logistics open real duties and requirements.
        for (lead, items) in [
            (
                "## What you'll get to do",
                "- Run payroll for 500 clients\n- Reconcile salaries and wages accounts",
            ),
            (
                "We provide payroll services to 500 clients. You will:",
                "- Run payroll\n- Build a pool of qualified candidates",
            ),
            (
                "Administer our benefits programs, including:",
                "- Health plan renewals\n- Pension enrolment",
            ),
            (
                "To apply, you will need:",
                "- Five years of nursing\n- A current RN licence",
            ),
            (
                "In your application, address the following selection criteria:",
                "- Lesson planning\n- Classroom management",
            ),
            (
                "In your cover letter, tell us how you meet the following:",
                "- Lesson planning\n- Classroom management",
            ),
            (
                "Your CV should show:",
                "- Lesson planning\n- Classroom management",
            ),
            (
                "You will receive and process:",
                "- Supplier invoices\n- Expense claims",
            ),
            (
                "You'll enjoy working with:",
                "- Python and SQL\n- Our data team",
            ),
            // Without a blank line under the lead.
            (
                "To apply, you will need:\n- Five years of nursing",
                "- A current RN licence",
            ),
        ] {
            let p = read(&format!(
                "# Officer\n\n## Duties\n\nServe the team.\n\n{lead}\n\n{items}\n"
            ));
            let kept: Vec<String> = items.lines().map(|i| i[2..].to_string()).collect();
            let requirements = p.requirements();
            assert!(
                kept.iter().all(|k| requirements.contains(k)),
                "{lead}: {requirements:?}"
            );
        }
        // What the employer offers, under the job summary, lead line included (an apostrophe
        // either way).
        let p = read(
            "# Contract Specialist\n\n## Job summary\n\nSolicit and award contracts.\n\n\
             GSA is a great employer. You’ll have access to many [benefits] including:\n\n\
             - Health insurance (choose from a wide range of plans)\n- Flexible work schedules and telework\n\
             - Training and development\n\n## Requirements\n\n- Two years of contracting\n",
        );
        assert_eq!(
            p.requirements(),
            ["Solicit and award contracts.", "Two years of contracting"]
        );
        // An HR duty that names benefits is still a duty.
        let p = read(
            "# HR Officer\n\n## Duties\n\nAdminister employee benefits including:\n\n\
             - health insurance enrolment\n- pension contributions\n",
        );
        assert_eq!(
            p.requirements(),
            ["health insurance enrolment", "pension contributions"]
        );
    }

    #[test]
    fn when_a_posting_was_updated_is_logistics() {
        let p = read("# Web Developer\n\n- Build web applications\n\nLast updated: Jul 2024\n");
        assert_eq!(p.requirements(), ["Build web applications"]);
        assert!(p.text(PostingPart::Logistics).contains("Jul 2024"));
    }

    #[test]
    fn pay_and_place_said_without_an_amount_are_logistics() {
        let p = read(
            "# Designer\n\n## Role\n\nDesign services.\n\nYour salary will be determined upon selection, \
             dependent on your duty location.\n\nThis position is located within the General Services \
             Administration.\n\nIf found minimally qualified, your score will be used to place you in a \
             category.\n",
        );
        assert_eq!(p.requirements(), ["Design services."]);
    }

    #[test]
    fn markdown_sections_fall_into_their_parts() {
        let p = read(
            "# ML Engineer\n\nAcme is a bank in Oslo.\n\n## About the role\nOwn ranking models.\n\n\
             ## Requirements\n- PyTorch\n\n## Nice to have\n- Rust\n\n## Benefits\nGym.\n\n\
             Acme is an equal opportunity employer.\n",
        );
        assert_eq!(p.title, "ML Engineer");
        assert_eq!(p.text(PostingPart::Duties), "Own ranking models.\n");
        assert_eq!(p.text(PostingPart::Required), "- PyTorch\n");
        assert_eq!(p.text(PostingPart::Preferred), "- Rust\n");
        assert!(p.text(PostingPart::Employer).contains("bank in Oslo"));
        assert!(p.text(PostingPart::Logistics).contains("Gym"));
        assert!(p.text(PostingPart::Logistics).contains("equal opportunity"));
        assert_eq!(p.substance(), "Own ranking models.\n\n- PyTorch");
    }

    #[test]
    fn the_job_is_named_by_the_pieces_of_its_title_that_name_a_worker() {
        let named = |title: &str| {
            read(&format!("# {title}\n\n## Duties\n- Work.\n")).title_naming_the_job()
        };
        assert_eq!(named("Office Manager at Databricks"), "Office Manager");
        assert_eq!(
            named("Software Engineering Intern, Spring 2026"),
            "Software Engineering Intern"
        );
        assert_eq!(
            named("Acme Health - Outreach and Marketing Lead"),
            "Outreach and Marketing Lead"
        );
        assert_eq!(named("Nurse (RN) - DC"), "Nurse (RN)");
        assert_eq!(
            named("Registered Nurse I or II -Denver"),
            "Registered Nurse I or II"
        );
        assert_eq!(named("Account Executive | Salesforce"), "Account Executive");
        assert_eq!(
            named("Senior Full-Stack Developer"),
            "Senior Full-Stack Developer"
        );
        // A title with no word for a worker names nothing.
        assert_eq!(named("Spring 2026 opening"), "");
    }

    #[test]
    fn regardless_of_a_person_is_equal_opportunity_and_of_a_thing_is_a_duty() {
        let p = read(
            "# Engineer\n\n## Duties\n\
             - Bring products from concept to validation, regardless of the underlying technology.\n\
             - Work with every agency regardless of the agency's size.\n\
             We hire regardless of race, religion, age or disability.\n",
        );
        assert_eq!(
            p.requirements(),
            [
                "Bring products from concept to validation, regardless of the underlying technology.",
                "Work with every agency regardless of the agency's size."
            ]
        );
        assert!(p
            .text(PostingPart::Logistics)
            .contains("regardless of race"));
    }

    #[test]
    fn a_job_board_banner_and_menus_above_the_top_heading_are_left_out() {
        let p = read(
            "[ [Jobs in Schools - North East] ]\n\n## Search for jobs\n* [Primary]\n* [Python jobs]\n\n\
             # Headteacher\n\nLead the school.\n\n## Requirements\n- QTS\n",
        );
        assert_eq!(p.title, "Headteacher");
        assert_eq!(p.text(PostingPart::Duties), "Lead the school.\n");
        assert_eq!(p.text(PostingPart::Required), "- QTS\n");
        assert!(!p.text(PostingPart::Logistics).contains("Python"));
        // A late `# ` line is not where the posting starts.
        let p = read("Data Engineer\nRequirements:\n- Python\n# of direct reports: 3\n");
        assert_eq!(p.title, "Data Engineer");
        assert!(
            p.text(PostingPart::Required).contains("Python"),
            "{:?}",
            p.text(PostingPart::Required)
        );
        let p = read("Data Engineer\n\nBuild pipelines.\n\n# Benefits\nGym.\n");
        assert_eq!(p.title, "Data Engineer");
        assert_eq!(p.text(PostingPart::Duties), "Build pipelines.\n");
    }

    #[test]
    fn bare_and_colon_headings_and_inline_labels() {
        let p = read(
            "Voice AI Engineer\nCompany: Hello Harbor, phone agents for clinics.\n\n\
             Responsibilities\n- Build phone agents with Twilio.\n\nMust have:\n- Python\n\n\
             Nice to have: Rust, WebRTC\n\nWhy join: equity and a team offsite.\n",
        );
        assert_eq!(p.title, "Voice AI Engineer");
        assert_eq!(
            p.text(PostingPart::Duties),
            "- Build phone agents with Twilio.\n"
        );
        assert_eq!(p.text(PostingPart::Required), "- Python\n");
        assert_eq!(p.text(PostingPart::Preferred), "Rust, WebRTC\n");
        assert!(p.text(PostingPart::Employer).contains("Hello Harbor"));
        assert!(p.text(PostingPart::Logistics).contains("offsite"));
    }

    #[test]
    fn preferred_qualifications_are_nice_to_have_and_about_you_is_required() {
        assert_eq!(
            heading_part("Preferred qualifications"),
            Some(Heading::Opens(PostingPart::Preferred))
        );
        assert_eq!(
            heading_part("Required qualifications"),
            Some(Heading::Opens(PostingPart::Required))
        );
        assert_eq!(
            heading_part("## About you"),
            Some(Heading::Opens(PostingPart::Required))
        );
        assert_eq!(
            heading_part("### About Ledgerline"),
            Some(Heading::Opens(PostingPart::Employer))
        );
        assert_eq!(
            heading_part("## About the team"),
            Some(Heading::Opens(PostingPart::Duties))
        );
        assert_eq!(heading_part("Build phone agents with Twilio."), None);
        // A heading's number is not its first word: "Location" still leads it.
        assert_eq!(
            heading_part("## 2. Location"),
            Some(Heading::Opens(PostingPart::Logistics))
        );
        let p = read("## Careers\n\n## Physics Teacher\n\nTeach physics to years 7 to 11.\n");
        assert_eq!(p.title, "Physics Teacher");
        assert_eq!(
            p.text(PostingPart::Duties),
            "Teach physics to years 7 to 11.\n"
        );
        // A careers page's name heads the posting; a label of its vacancies is logistics.
        assert_eq!(
            heading_part("## VACANCIES"),
            Some(Heading::Opens(PostingPart::Duties))
        );
        assert_eq!(
            heading_part("**Vacancy reference:**"),
            Some(Heading::Opens(PostingPart::Logistics))
        );
        assert_eq!(
            heading_part("**For the GS15 grade:**"),
            Some(Heading::Continues)
        );
        assert_eq!(
            heading_part("### Applying for: **KS2 Teacher**"),
            Some(Heading::Opens(PostingPart::Logistics))
        );
    }

    #[test]
    fn intro_and_labels_in_other_dress() {
        let p = read(
            "PM, AI\n\n**About Carebridge.** Carebridge builds software for clinics.\n\n\
             ## Your mission\nOwn the roadmap.\n\n## Perks\n- Annual retreat (last year: Lisbon).\n",
        );
        assert!(p.text(PostingPart::Employer).contains("Carebridge builds"));
        assert!(p
            .text(PostingPart::Logistics)
            .contains("(last year: Lisbon)"));
        assert_eq!(p.text(PostingPart::Duties), "Own the roadmap.\n");
        // A company's legal form does not end the sentence that says what it is, and a list
        // of reasons to work there is its pitch.
        let p = read(
            "Global Recruiter\n\nGitLab Inc. is a company based on the GitLab open-source \
             project. We value results.\n\n[Top 10 reasons] to work for GitLab:\n\n\
             1. Work on open source software.\n\n## Responsibilities\n* Screen candidates.\n",
        );
        assert!(p.text(PostingPart::Employer).contains("GitLab Inc. is a"));
        assert!(!p.substance().contains("open source"), "{}", p.substance());
        assert_eq!(p.substance(), "* Screen candidates.");
        assert_eq!(
            first_sentence("acme co. builds boats. we hire."),
            "acme co. builds boats"
        );
        assert_eq!(
            first_sentence("see gitlab.com for more! then"),
            "see gitlab.com for more"
        );
        let p = read("ML Engineer\n\n## The role\nOur feed is the first thing users see.\n");
        assert_eq!(
            p.text(PostingPart::Duties),
            "Our feed is the first thing users see.\n"
        );
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
    fn a_name_alone_under_the_title_is_not_a_duty() {
        let p = read(
            "Senior Full-Stack Developer - Remote\nTechInnovate Solutions\n\n\
             We are seeking a developer to build web applications.\n\n\
             Required Skills:\n- Python\n- SQL\n",
        );
        assert_eq!(
            p.requirements(),
            vec![
                "We are seeking a developer to build web applications.",
                "Python",
                "SQL"
            ]
        );
        assert_eq!(p.text(PostingPart::Employer), "TechInnovate Solutions\n");
        // A short duty in a sentence's words stays a duty; so does a name that runs on.
        let p = read("Data Engineer\n\nBuild data pipelines\n\nAcme Corp\nis hiring.\n");
        assert_eq!(
            p.requirements(),
            vec!["Build data pipelines", "Acme Corp is hiring."]
        );
        // Only right under the title: further down, a short capitalised line is a requirement
        // (a posting without headings), and so is a linked item under a known heading.
        let p = read("Truck Driver\n\nRegional routes.\n\nCDL Class A\n\nClean MVR\n");
        assert_eq!(
            p.requirements(),
            vec!["Regional routes.", "CDL Class A", "Clean MVR"]
        );
        let p = read(
            "Platform Engineer\n\n## Requirements\n- [Kubernetes]\n- Terraform\n\n[Apply online]\n",
        );
        assert_eq!(p.requirements(), vec!["[Kubernetes]", "Terraform"]);
        // A row of buttons is no duty; a sentence with a link in it is.
        let p = read(
            "Lobby Attendant\n\nServe breakfast to guests.\n\n[Browse Job Board] [Contact us]\n\n\
             Read the [menu] before each shift.\n",
        );
        assert_eq!(
            p.requirements(),
            vec![
                "Serve breakfast to guests.",
                "Read the [menu] before each shift."
            ]
        );
        // A row of the job's tags is the job's.
        let p = read("Backend Engineer\n\n[Python] [Django] [PostgreSQL]\n\nBuild APIs.\n");
        assert_eq!(
            p.requirements(),
            vec!["[Python] [Django] [PostgreSQL]", "Build APIs."]
        );
    }

    #[test]
    fn a_posting_without_headings_is_all_job() {
        let p = read("Data engineer\nWe need someone to run Spark jobs and Airflow DAGs.\n");
        assert_eq!(
            p.text(PostingPart::Duties),
            "We need someone to run Spark jobs and Airflow DAGs.\n"
        );
        assert!(
            p.text(PostingPart::Required).is_empty() && p.text(PostingPart::Logistics).is_empty()
        );
    }

    #[test]
    fn an_age_the_applicant_must_have_reached_is_eligibility() {
        for line in [
            "17+ only",
            "* Must be 18+",
            "Applicants must be 18 or over.",
            "Must be at least 21 years of age",
        ] {
            assert!(is_logistics_text(line, true), "{line}");
        }
        for line in [
            "5+ years of Python",
            "Teach 18+ students per class",
            "Managed a team of 20+ engineers across three sites",
        ] {
            assert!(!is_logistics_text(line, true), "{line}");
        }
    }

    #[test]
    fn pay_per_hour_written_p_h_is_pay_and_a_product_with_a_slash_is_not() {
        assert!(is_pay_line(
            "between £5.28 and £10.42 p/h depending on age and experience"
        ));
        assert!(is_pay_line("£11p/h plus tips"));
        assert!(!is_pay_line("lead a $2m sap/hana to snowflake migration"));
        assert!(!is_pay_line(
            "m.p.h. and experience managing a $2m cdc grant"
        ));
    }

    #[test]
    fn the_hours_a_job_keeps_are_its_schedule_not_a_duty() {
        for line in [
            "Requires approximately 55-60 hours per week including some nights and weekends.",
            "Willing to work overtime and weekends",
            "Demonstrate flexibility to work overtime and weekends as required",
            "Availability to work full time restaurant hours (including nights and weekends).",
            "Exhibit regular and prompt attendance",
            "15 - 25 hours per week",
            "* Shifts from 6-10 hours",
            "Full time, 37.5 hours a week",
        ] {
            assert!(is_schedule(&line.to_lowercase()), "{line}");
        }
        for line in [
            "Manage overtime budgets and staffing for the unit",
            "Plan weekend events for the volunteers",
            "Attendance tracking and reporting for the school",
            "Forecast the overtime required to meet service levels using SQL and Python",
            "Experience with on-call incident response (PagerDuty) required",
            "Maintain Prometheus alerting so that engineers on-call are paged only when required",
            "Manage overtime approvals and ensure staffing is available for weekends",
            "Required to maintain patient care records during weekends and overtime shifts",
            "Participate in the on-call rotation for the ICU as required",
            "2 years of experience working 12-hour shifts",
            "1,500 flight hours logged on nights",
            "- Supervise 12 staff across night shifts",
            "- Roster 40 nurses across shifts",
            "- Reduce overtime spend by 15%",
            "Own the 24/7 on-call rotation",
            "40 hours per week of clinical supervision required",
        ] {
            assert!(!is_schedule(&line.to_lowercase()), "{line}");
        }
    }

    #[test]
    fn logistics_are_never_requirements_wherever_they_stand() {
        let p = read(
            "# Outreach Lead\n\n**Location:** Washington, DC\n\n\
             **Salary Range:** GS-15 Step 1 - $137,849 to $166,500\n\n\
             ## Duties\n* Lead the marketing strategy.\n\
             * Please note the maximum salary available is **$166,500**\n\n\
             ## Key Requirements\n1. You must be a U.S. Citizen\n2. Experience running campaigns\n\
             Provide as much detail as possible on your resume so that we can evaluate your\n\
             previous experience.\n\n\
             ## Basic Information\n**Series & Grade:** 0301 - 15\n**Travel requirement:** 10%\n\n\
             For each job on your resume, provide:\n* the exact dates you held each job\n\n\
             ## How to apply\nSend your CV by Friday.\n",
        );
        assert_eq!(
            p.requirements(),
            vec![
                "Lead the marketing strategy.",
                "Experience running campaigns"
            ]
        );
        let logistics = p.text(PostingPart::Logistics);
        for line in [
            "Washington",
            "GS-15 Step 1",
            "$166,500",
            "U.S. Citizen",
            "0301",
            "10%",
            "exact dates",
            "Friday",
            "as much detail",
            "previous experience.",
        ] {
            assert!(logistics.contains(line), "{line} not in {logistics}");
        }
    }

    #[test]
    fn a_quotation_and_the_backers_speak_for_the_employer() {
        let p = read(
            "# Product Designer\n\n## What you'll do\n- Design the UI\n\n\
             ## Backed by the best\n- Microsoft CTO Kevin Scott\n\n\
             ## Hiring\n> I had interviews in my 15 years career; this was the best.\n",
        );
        assert_eq!(p.requirements(), vec!["Design the UI"]);
        assert!(p.text(PostingPart::Employer).contains("15 years career"));
        // "> 5 years" with no space is a requirement, and a quoted label keeps its part.
        let p = read(
            "# Data Engineer\n\n## Requirements\n>5 years of Python\n\n\
             > **Must have:** Spark\n\nMore text here\n\nAnd more\n",
        );
        let asked = p.requirements().join(" / ");
        assert!(
            asked.contains("5 years of Python") && asked.contains("Spark"),
            "{asked}"
        );
        // A posting reposted wholly as a quotation is still read.
        let p = read("# Designer\n\n> ## What you'll do\n> - Design the UI\n");
        assert!(!p.requirements().is_empty());
    }

    #[test]
    fn a_posting_that_opens_with_its_department_is_titled_by_its_job_title_label() {
        let p = read(
            ">Department: Digital and Customer Services\n>Grade: PO7\n\
             >Position Designation: Lead Product Designer\n\n## Main Duties\n\
             1. Build and lead a product design team.\n\n## Person Specification\n\
             Job Title: Lead Product Designer (Service Design)\n",
        );
        assert_eq!(p.title, "Lead Product Designer");
        assert_eq!(p.title_line, Some(3));
        // The quoted header is the employer's, not the job's duties.
        assert_eq!(
            p.requirements(),
            vec!["Build and lead a product design team."]
        );
        // A title line that is no label keeps its place, whatever labels follow.
        let p = read("# Nurse Manager\n\nDepartment: ICU\nJob title: Ward Manager\n");
        assert_eq!(p.title, "Nurse Manager");
        // With no label that names the job, the first line stays the title.
        let p = read("Department: Finance\n\nReconcile the ledgers each month.\n");
        assert_eq!(p.title, "Department: Finance");
    }

    #[test]
    fn a_to_apply_heading_heads_its_part_and_a_skill_to_apply_does_not() {
        let p = read(
            "Lab Technician\n\nRequired skills:\nGeneral microscopy use\nTO APPLY:\n\
             ALL APPLICATIONS MUST BE MADE DIRECTLY THROUGH THE UNIVERSITY JOB SITE.\n\
             We strive to build a community where everyone is treated with dignity.\n",
        );
        assert_eq!(p.requirements(), vec!["General microscopy use"]);
        let p = read("Analyst\n\nRequirements:\n- Ability to apply statistical methods\n");
        assert_eq!(
            p.requirements(),
            vec!["Ability to apply statistical methods"]
        );
    }

    #[test]
    fn where_to_reach_the_employer_is_logistics() {
        // A bare "HOW TO APPLY" heads a part of its own: the address after a "MAIL:" label
        // and a blank line is still part of it.
        let p = read(
            "Web Developer\n\nREQUIREMENTS\n\nExperience with PHP and WordPress.\n\n\
             HOW TO APPLY\n\nMAIL:\n\nNew York City Council\nAdministrative Services\n",
        );
        assert_eq!(p.requirements(), vec!["Experience with PHP and WordPress."]);
        // Contact lines are logistics wherever they stand; a duty with a number is not.
        let p = read(
            "Web Developer\n\nREQUIREMENTS\n\nExperience with PHP.\nFAX: (212) 791-5266\n\
             Call 555-123-4567\nAttn: Recruiting Unit/WDD\n250 Broadway, 16th Floor\n\
             New York, NY 10007\nP.O. Box 123\n1200 Dayton Street\n300 Holiday Way, Suite 5\n\
             - 2 years on the shop floor\n- Serve 200 covers a night on Main Street\n\
             - Phone: answer and route calls for 12 attorneys\n- 3 way match of POs and invoices\n\
             - 64 slice CT scanner operation\n",
        );
        assert_eq!(
            p.requirements(),
            vec![
                "Experience with PHP.",
                "2 years on the shop floor",
                "Serve 200 covers a night on Main Street",
                "Phone: answer and route calls for 12 attorneys",
                "3 way match of POs and invoices",
                "64 slice CT scanner operation"
            ]
        );
        // A bare label heads its own paragraph only.
        let p = read(
            "Backend Engineer\n\nLocation\nBerlin, Germany (hybrid)\n\n\
             We build payments.\n- Build REST APIs in Go\n",
        );
        assert!(p
            .requirements()
            .iter()
            .any(|r| r == "Build REST APIs in Go"));
    }

    #[test]
    fn a_label_alone_on_its_line_names_the_value_below_it() {
        let p = read(
            "# KS2 Teacher\n* **School:**\n  Ward Jackson Primary\n* **Salary:**\n  Main Scale\n\
             * **Contractual Status:**\n  Permanent\n\n[Apply online]\n\n\
             ## Duties\n- Teach Key Stage 2 classes\n",
        );
        assert_eq!(p.requirements(), vec!["Teach Key Stage 2 classes"]);
        assert!(p.text(PostingPart::Employer).contains("Ward Jackson"));
        assert!(p.text(PostingPart::Logistics).contains("Main Scale"));
        assert!(p.text(PostingPart::Logistics).contains("Permanent"));
        // A page's buttons are not part of the posting.
        assert!(!p.lines.iter().any(|l| l.text.contains("Apply online")));
    }

    #[test]
    fn a_lead_into_the_duties_and_a_closing_blurb_are_read_as_such() {
        let text = "# Customer Experience Manager\n\n\
             Crunch.io is an analytics company in the market research industry.\n\n\
             In this position, you will\n\n\
             * Own the customer support process\n* Develop user training materials\n\n\
             Required skills:\n\n* Excellent written communication\n\n\
             Nice to have, but not required:\n\n* Knowledge of SQL is a plus\n\n\
             Crunch is a well-funded, remote-first company with an open culture. We are \
             passionate about our product and our mission.\n";
        let p = read(text);
        assert_eq!(
            p.requirements(),
            [
                "Own the customer support process",
                "Develop user training materials",
                "Excellent written communication"
            ]
        );
        assert_eq!(p.preferred(), ["Knowledge of SQL is a plus"]);
        assert!(p.text(PostingPart::Employer).contains("well-funded"));
        assert!(p
            .text(PostingPart::Employer)
            .contains("market research industry"));
        // A bare heading of a phrase ("Nice to have") opens its part.
        let p =
            read("# Architect\n\nWhat you bring\n* Azure\n\nNice to have\n* AWS certification\n");
        assert_eq!(p.requirements(), ["Azure"]);
        assert_eq!(p.preferred(), ["AWS certification"]);
        // Requirements that read like an introduction, and a blurb that leads into a list,
        // are not the employer's.
        let p = read(
            "# Platform Engineer\n\nRequirements:\n\n\
             Kubernetes experience is a must, because our entire platform runs on it and we \
             deploy to production dozens of times every day.\n\n\
             Python is the main language of our tooling, and we expect our platform engineers \
             to write and review it daily.\n\n\
             Acme is a remote-first company, so we look for people who also bring the \
             following:\n- Written communication\n",
        );
        assert_eq!(p.requirements().len(), 4, "{:?}", p.requirements());
        // What the posting says it does not require is no requirement.
        let p = read(
            "# Support Lead\n\nIn this role you will:\n\n- Answer customers\n\n\
             Professional experience in software development is not a requirement for this \
             position.\n",
        );
        assert_eq!(p.requirements(), ["Answer customers"]);
        assert_eq!(p.preferred().len(), 1);
        // A sentence that goes on, or a list item, leads into nothing.
        assert!(leads_into_duties("As our support lead you'll"));
        assert!(!leads_into_duties(
            "In this role you will report to the CFO."
        ));
        assert!(!leads_into_duties("- you will"));
        // A lead-in that names another part opens that part; a sentence wrapped over lines
        // is no lead-in.
        let p = read(
            "# Analyst\n\nRequirements:\n\n- SQL\n\nIdeally, you'll\n\n- Know Looker\n\n\
             After applying, you will\n\n- Hear from us in a week\n\nRequirements:\n\n\
             This is a hybrid role based in our Leeds office.\n\
             Reporting to the Head of Data, you will\nneed strong stakeholder skills.\n",
        );
        assert_eq!(p.preferred()[0], "Know Looker");
        assert!(!p.requirements().iter().any(|r| r.contains("Hear from us")));
        assert!(p
            .requirements()
            .iter()
            .any(|r| r.contains("Reporting to the Head of Data, you will need")));
    }

    #[test]
    fn a_first_paragraph_about_the_job_is_not_the_employer_s_blurb() {
        let p =
            read("Nurse (RN) - DC\n\nThe Registered Nurse (RN) is an integral part of the team.\n");
        assert_eq!(p.requirements().len(), 1);
        let p = read("Nurse (RN)\n\nCarebridge is a network of clinics in Denver.\n");
        assert!(p.requirements().is_empty());
        assert!(p.text(PostingPart::Employer).contains("Carebridge"));
    }

    #[test]
    fn a_page_s_address_name_above_the_title_is_neither_title_nor_duty() {
        let p = read(
            "senior-software-engineer-remote-europe\nSenior Software Engineer (Haskell) - Europe\n\n\
             ## About the position\nBuild the product with a small team.\n\n\
             ## Why you should join Flint\n- DevOps: empowered teams\n",
        );
        assert_eq!(p.title, "Senior Software Engineer (Haskell) - Europe");
        assert_eq!(
            p.requirements(),
            vec!["Build the product with a small team."]
        );
        assert!(p.text(PostingPart::Logistics).contains("empowered teams"));
        assert!(!is_slug("Python") && !is_slug("full-stack") && !is_slug("Data-Engineer-Role"));
    }

    #[test]
    fn a_first_line_that_is_a_heading_is_not_the_title() {
        let p = read(
            "About Us\nAcme Inc. is the world leader in sensors.\n\nJob Description\n\
             We are seeking engineers to build our signal software.\n\n\
             Preference will be given to those who managed complex projects.\n\n\
             Qualifications\n- Fluent in Java or C++\n\
             - Experience with wearable sensors is useful but not required\n\
             - Master's degree preferred\n- Must be able to show valid work eligibility\n",
        );
        assert_eq!(p.title, "");
        assert!(p.text(PostingPart::Employer).contains("world leader"));
        assert_eq!(
            p.requirements(),
            vec![
                "We are seeking engineers to build our signal software.",
                "Fluent in Java or C++"
            ]
        );
        assert_eq!(
            p.preferred(),
            vec![
                "Preference will be given to those who managed complex projects.",
                "Experience with wearable sensors is useful but not required",
                "Master's degree preferred"
            ]
        );
        assert!(p.text(PostingPart::Logistics).contains("work eligibility"));
        // A title with a heading's word in it is still the title, and the paragraph under it
        // is the job.
        for title in [
            "Travel Nurse",
            "Company Secretary",
            "Benefits Administrator",
            "Experience Designer",
            "Contract Manager",
        ] {
            let p = read(&format!("# {title}\n\nWe build things.\n"));
            assert_eq!(p.title, title);
            assert_eq!(p.requirements(), vec!["We build things."], "{title}");
        }
        // "Preferred" as an adjective, a requirement that also says what is required, and
        // one's own applications as a duty.
        let p = read(
            "Buyer\n\nRequirements\n- Maintain the preferred supplier list\n\
             - 5+ years of Java required; Kotlin is a plus\n\
             - Deploy and monitor your applications on AWS\n\
             - Bachelor's degree preferred, or equivalent experience\n",
        );
        assert_eq!(
            p.requirements(),
            vec![
                "Maintain the preferred supplier list",
                "5+ years of Java required; Kotlin is a plus",
                "Deploy and monitor your applications on AWS"
            ]
        );
        assert_eq!(
            p.preferred(),
            vec!["Bachelor's degree preferred, or equivalent experience"]
        );
        // A title is still a title when it is not a heading's words.
        assert_eq!(
            read("Data Engineer\n\nBuild pipelines.\n").title,
            "Data Engineer"
        );
    }

    #[test]
    fn preferred_items_a_duty_written_twice_and_connectives() {
        let p = read(
            "Designer\n\n## Duties\n* Run user research\n\n**GS15 objectives for designers:**\n\
             * Run user research\n\nAND\n\n## Preferred qualifications\n- Spanish\n- Figma\n",
        );
        assert_eq!(p.requirements(), vec!["Run user research"]);
        assert_eq!(p.preferred(), vec!["Spanish", "Figma"]);
        assert_eq!(
            p.spans().iter().map(|s| s.part).collect::<Vec<_>>(),
            vec![PostingPart::Duties, PostingPart::Preferred]
        );
        // What may be learnt on the job is preferred; "You should:" says what is required.
        let p = read(
            "iOS Developer\n\n#### You Should:\n* Know Swift.\n\
             * Have experience with C and C++ (or be ready to learn).\n",
        );
        assert_eq!(p.text(PostingPart::Required), "* Know Swift.\n");
        assert_eq!(
            p.preferred(),
            vec!["Have experience with C and C++ (or be ready to learn)."]
        );
        let p = read("iOS Developer\n\n## Why You Should Work Here\n- 30 days of holiday\n");
        assert_eq!(p.text(PostingPart::Logistics), "- 30 days of holiday\n");
        assert!(says_it_can_be_learnt(
            "experience with epic or willingness to learn"
        ));
        assert!(!says_it_can_be_learnt(
            "current rn license and bls; epic experience or willing to learn."
        ));
        assert!(!says_it_can_be_learnt(
            "coach apprentices and new starters who are curious or eager to learn."
        ));
    }

    fn is_logistics_line_anywhere(line: &str) -> bool {
        is_logistics_line(line, false)
    }

    #[test]
    fn a_paragraph_is_logistics_only_when_most_of_it_is() {
        let duties = "Sonographer - Full-Time hours available Tues-Saturday. Primary \
            responsibility is operating ultrasound equipment for diagnostic purposes including \
            gestational sizing. Performs transvaginal and abdominal scans and records findings \
            for the physician. New graduates are welcome to apply.";
        assert!(!is_logistics_line_anywhere(duties));
        let logistics = "We offer health insurance and paid time off. Salary: $40,000 to \
            $45,000. To apply, send your resume by May 1. Questions go to the office.";
        assert!(is_logistics_line_anywhere(logistics));
        // An equal opportunity statement is one as a whole.
        let diversity = "At Acme, we don't just accept difference - we celebrate it. We \
            strive to make our teams look like the public we serve. Our ability to build good \
            services depends on many points of view.";
        assert!(is_logistics_line_anywhere(diversity));
        // Under a qualifications heading, what a paragraph asks stays asked when it ends by
        // welcoming everyone to apply.
        let qualifications = "Applicants should have a PhD in ecology or a related field, and \
            have demonstrated expertise in spatial analysis and programming in R. Prior \
            experience with GIS and Git would be an asset. Prospective postdocs from \
            traditionally under-represented groups are especially encouraged to apply.";
        assert!(is_logistics_line_anywhere(qualifications));
        assert!(!is_logistics_line(qualifications, true));
        assert!(is_logistics_line(diversity, true));
        // A paragraph that welcomes without asking anything is the employer's statement
        // under any heading.
        for welcome in [
            "At Acme, we believe great ideas come from everywhere. We are proud to be an equal \
             opportunity employer. All qualified applicants will receive consideration.",
            "Our team is small, friendly and remote-first. Candidates from under-represented \
             groups are strongly encouraged to apply.",
            "Hybrid schedule, three days in our Chicago office. We encourage candidates of all \
             backgrounds to apply.",
            "We value the diverse experiences our people bring. Women and minorities are \
             encouraged to apply.",
            "For over 40 years, Acme has served the region. Acme is an equal opportunity \
             employer.",
        ] {
            assert!(is_logistics_line(welcome, true), "{welcome}");
        }
        for asks in [
            "Able to lift 50 pounds and stand for 8-hour shifts. We are an equal opportunity \
             employer.",
            "Fluent Spanish speakers and strong communicators preferred. Candidates of all \
             backgrounds are encouraged to apply.",
        ] {
            assert!(!is_logistics_line(asks, true), "{asks}");
        }
        assert_eq!(
            sentences_of("1. You must be a U.S. Citizen. Apply by May 1."),
            vec!["1. You must be a U.S. Citizen.", " Apply by May 1."]
        );
    }

    #[test]
    fn what_to_send_and_where_is_how_to_apply() {
        for line in [
            "Interested applicants should submit a short cover letter and CV to Dr. Meyer \
             (apply@asmlab.org).",
            "Please email your resume and cover letter to charles@example.com.",
            "Email Ashley Tucker at ashley@example.com to apply.",
            "Please submit resume, cover letter, and three references to jobs@acme.com.",
            "Send CV to careers@example.org",
            "Upload your portfolio at https://example.com/jobs",
            "Send your application to hr@example.com by 1 March.",
            "Applications to jobs@example.org, quoting the reference.",
            "Direct any questions to Dr. Barnabas Daru at barnabas.daru@tamucc.edu",
            "Please submit applications to the lab's portal.",
            "The start date is September 2021, with flexibility.",
            "Contact jobs@acme.org with any questions.",
            "Informal enquiries may be made to Professor Jane Smith, email: j.smith@bristol.ac.uk",
            "Questions? Email careers@acme.com",
            "Email: recruiting@acme.com",
            "Anticipated start date is August 1, 2025.",
            "- The start date is flexible.",
            "Expected start date: September 2025",
            "Submit applications through Workday by March 1.",
        ] {
            assert!(is_logistics_line(line, true), "{line}");
        }
        // Duties and requirements about CVs, without an address to send one to, are work.
        for line in [
            "Screen CVs and cover letters against the role's criteria.",
            "Conduct one-on-one resume and cover letter reviews with students and alumni.",
            "Coach students to send a CV that fits each employer.",
            "Knowledge of how employers screen applicants and the judgment to apply.",
            "Experience with a web application framework such as Django \
             (https://www.djangoproject.com).",
            "Manage the client portfolio in Salesforce (www.salesforce.com).",
            // A duty that handles an address, or an address that is something else.
            "Monitor the helpdesk@acme.com inbox and triage incoming tickets in ServiceNow.",
            "Respond to customer inquiries sent to support@acme.com within a day.",
            "Familiarity with git@github.com SSH remotes and signed commits.",
            "Experience pinning npm packages (e.g. lodash@4.17.21) in a monorepo.",
            // Applications and questions that are the work.
            "Prepare and submit applications to federal and state agencies.",
            "Send applications and supporting documents to partner universities.",
            "Direct any questions from vendors to the appropriate department.",
            "Ensure the start date is entered in Workday.",
            "Manage distribution lists such as all-staff@acme.com for the office.",
        ] {
            assert!(!is_logistics_line(line, true), "{line}");
        }
    }

    #[test]
    fn the_clause_on_every_duty_is_boilerplate_and_a_policy_duty_is_not() {
        assert!(is_logistics_line_anywhere(
            "11. To undertake all duties with due regard to the provisions of health and safety \
             regulations and legislation, Data Protection/GDPR, the Council’s Equal \
             Opportunities and Customer Care policies."
        ));
        assert!(is_logistics_line_anywhere(
            "Carry out all duties in accordance with the company's health and safety policies."
        ));
        for duty in [
            "Ensure compliance with GDPR and the Council's data protection policies.",
            "Draft the council's procurement policies in line with the 2023 Act.",
            "Undertake all duties of a ward sister, including rota planning.",
        ] {
            assert!(!is_logistics_line_anywhere(duty), "{duty}");
        }
    }

    #[test]
    fn pay_is_told_from_money_the_job_handles() {
        assert!(is_logistics_line_anywhere("Salary: $90,000 - $110,000"));
        assert!(is_logistics_line_anywhere("$33.50 - $40.00 / hour"));
        assert!(is_logistics_line_anywhere("Pay scale: Main Scale"));
        assert!(is_logistics_line_anywhere(
            "We guarantee a competitive salary; the minimum wage is 1.767,- € gross a month."
        ));
        assert!(!is_logistics_line_anywhere(
            "Manage a 40 000 € budget and pay suppliers on time."
        ));
        assert!(is_logistics_line_anywhere(
            "Vergütung: 2.900,– € brutto monatlich"
        ));
        assert!(!is_logistics_line_anywhere(
            "Managed a $2M budget across five clinics"
        ));
        assert!(!is_logistics_line_anywhere(
            "Own a $5M/year paid media budget and report its return"
        ));
        assert!(!is_logistics_line_anywhere(
            "Oversee $2.5 billion per year in grants"
        ));
        assert!(is_logistics_line_anywhere("Pay: $85k/year plus benefits"));
        assert!(is_logistics_line_anywhere("$45/hour, paid monthly"));
        assert!(!is_logistics_line_anywhere(
            "Create an inclusive classroom environment"
        ));
    }

    #[test]
    fn short_requirements_are_not_headings_and_labels_name_only_their_paragraph() {
        let p = read(
            "Data Engineer\n\n## Requirements\n3+ years of experience\nStrong SQL skills\n\
             Mentor the team\n- Python\n- Bonus: Rust\n- Kubernetes\n\n**Location:**\nLondon\n\n\
             You will build Spark pipelines.\n",
        );
        assert_eq!(
            p.requirements(),
            vec![
                "3+ years of experience Strong SQL skills Mentor the team",
                "Python",
                "Kubernetes",
                "You will build Spark pipelines."
            ]
        );
        assert_eq!(p.preferred(), vec!["Rust"]);
        assert_eq!(p.text(PostingPart::Logistics), "London\n");
        // Bare headings still open their parts.
        let p = read(
            "Nurse\nKey responsibilities\nCare for patients\nRequirements\nBSN\n\
             Must have Python\nExperience with AWS\nSkills and experience\nCPR\n",
        );
        assert_eq!(p.text(PostingPart::Duties), "Care for patients\n");
        assert_eq!(
            p.text(PostingPart::Required),
            "BSN\nMust have Python\nExperience with AWS\n\nCPR\n"
        );
        // "… include" ends a heading as its colon would.
        let p = read(
            "Senior Accountant\n\nOur client is growing.\n\nRESPONSIBILITIES include\n\n\
             · Reconcile the general ledger.\n",
        );
        assert_eq!(
            p.text(PostingPart::Duties),
            "Our client is growing.\n· Reconcile the general ledger.\n"
        );
    }

    #[test]
    fn a_wrapped_sentence_stays_in_its_part_and_a_question_heading_opens_one() {
        let posting = read(
            "Voice AI Engineer\n\nCompany: Harbor, the phone agent for clinics. Businesses trust us to\n\
             answer their calls.\n\nResponsibilities\n- Build phone agents with Twilio.\n\n\
             What's in it for you\nEquity and a remote-first team.\n\n\
             Harbor is an equal opportunity employer. Accommodations are available on\n\
             request for candidates in every part of the selection process.\n",
        );
        assert_eq!(
            posting.requirements(),
            vec!["Build phone agents with Twilio."]
        );
        assert!(posting.preferred().is_empty(), "{:?}", posting.preferred());
        let part_of = |n: usize| posting.lines.iter().find(|l| l.line == n).unwrap().part;
        assert_eq!(part_of(4), PostingPart::Employer);
        assert_eq!(part_of(10), PostingPart::Logistics);
        assert_eq!(part_of(13), PostingPart::Logistics);
    }

    #[test]
    fn the_end_of_a_wrapped_sentence_is_not_a_heading() {
        let p = read(
            "Project Coordinator\n\nKey objectives\n\
             • Seek out best practices and discuss these with others in the\n\
             organization\n• Read about new technologies\n",
        );
        assert_eq!(
            p.requirements(),
            vec![
                "Seek out best practices and discuss these with others in the organization",
                "Read about new technologies"
            ]
        );
    }

    #[test]
    fn a_wrapped_line_keeps_its_own_part_when_it_says_what_it_is() {
        // A requirement whose first line names a clearance stays a requirement on its next
        // line; a logistics word on the wrapped line makes that line logistics.
        let posting = read(
            "Nurse\n\nRequirements\n- Active security clearance and 5+ years of\n\
             experience with Kubernetes and Terraform.\n- Experience in IT\n",
        );
        let part_of = |n: usize| posting.lines.iter().find(|l| l.line == n).unwrap().part;
        assert_eq!(part_of(5), PostingPart::Required);
        assert_eq!(part_of(6), PostingPart::Required);
    }

    #[test]
    fn a_posting_of_one_sentence_has_no_title_and_is_all_duties() {
        let p =
            read("We need a data engineer with 5+ years of Spark and Airflow; Python required.\n");
        assert!(p.title.is_empty());
        assert_eq!(p.requirements().len(), 1);
    }

    #[test]
    fn emphasis_and_asides_do_not_hide_or_spread_a_preference() {
        assert!(says_it_is_optional("**Bachelor's degree preferred**"));
        assert!(says_it_is_optional("- Kubernetes (preferred)"));
        assert!(says_it_is_optional("Terraform (would be a plus)"));
        assert!(says_it_is_optional(
            "* Knowledge about member libraries and/or literature for young people a plus."
        ));
        assert!(says_it_is_optional("French is an asset."));
        assert!(!says_it_is_optional("Add a plus sign to each entry."));
        assert!(!says_it_is_optional(
            "Our client is an asset manager in the City looking for a Fund Accountant"
        ));
        assert!(!says_it_is_optional(
            "Experience of valuing what is an asset-backed security under IFRS 9"
        ));
        // "a plus" at the end of a second sentence prefers that sentence, not the first.
        assert!(!says_it_is_optional(
            "5 years of Java and Spring. Kotlin a plus."
        ));
        for aside in [
            "(nice-to-have)",
            "(bonus points)",
            "(not mandatory)",
            "(preference given)",
        ] {
            assert!(
                says_it_is_optional(&format!("- Kubernetes {aside}")),
                "{aside}"
            );
        }
        assert!(!says_it_is_optional(
            "**2-5 years of B2B sales experience** (technology services preferred)"
        ));
        assert!(!says_it_is_optional(
            "Experience with Python (Django preferred)"
        ));
    }

    #[test]
    fn conversational_headings_name_their_parts() {
        for (heading, part) in [
            ("## What you'll bring", PostingPart::Required),
            ("**You'll fit right in if**", PostingPart::Required),
            ("## We're interested in people who", PostingPart::Required),
            ("## The ideal candidate", PostingPart::Required),
            ("**Would be awesome**", PostingPart::Preferred),
            ("## What will make you stand out", PostingPart::Preferred),
            ("## What you'll be doing", PostingPart::Duties),
        ] {
            assert_eq!(
                heading_part(heading),
                Some(Heading::Opens(part)),
                "{heading}"
            );
        }
    }

    #[test]
    fn an_hr_requirement_about_benefits_stays_a_requirement() {
        let p = read(
            "HR Generalist\n\n## Requirements\n- 3+ years administering health insurance and 401(k) plans\n\
             - US citizenship required\n\n## Benefits\n- Health insurance\n",
        );
        assert_eq!(
            p.requirements(),
            vec!["3+ years administering health insurance and 401(k) plans"]
        );
        assert!(p.text(PostingPart::Logistics).contains("citizenship"));
    }
}
