//! Telling a resume from the documents sent in its place — a cover letter, a job posting, an
//! academic transcript — by rules on what each of them says, so that intake can warn a
//! reviewer before such a file is ranked as a person. The rules ask for two kinds of evidence
//! each, and a document with a resume's sections and dated positions is always a resume.

use serde::Serialize;

use crate::experience::Experience;
use crate::read::sections::{heading_kind, SectionKind};
use crate::read::Document;

/// What a document that is not a resume looks like instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OtherKind {
    CoverLetter,
    JobPosting,
    Transcript,
}

impl OtherKind {
    fn words(self) -> &'static str {
        match self {
            OtherKind::CoverLetter => "a cover letter",
            OtherKind::JobPosting => "a job posting",
            OtherKind::Transcript => "an academic transcript",
        }
    }
}

/// A document that reads as something other than a resume, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NotAResume {
    pub kind: OtherKind,
    /// What was seen, in words ("it opens with 'Dear Hiring Manager,' and closes with
    /// 'Sincerely,'").
    pub reason: String,
}

impl NotAResume {
    /// What to tell the person who added `id`.
    pub fn message(&self, id: &str) -> String {
        format!(
            "{id}: this reads like {}, not a resume ({}); it was added all the same: remove it \
             if it is not a resume",
            self.kind.words(),
            self.reason
        )
    }
}

/// A file added as a resume that reads as something else: its id, what was seen and what to
/// tell the person who added it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NotResume {
    pub candidate_id: String,
    #[serde(flatten)]
    pub seen: NotAResume,
    /// What to tell the person who added it.
    pub message: String,
}

/// Lines a letter opens with.
const SALUTATIONS: &[&str] = &[
    "dear ",
    "to whom it may concern",
    "hello hiring",
    "hi hiring",
];

/// Lines a letter closes with.
const CLOSINGS: &[&str] = &[
    "sincerely",
    "yours sincerely",
    "yours faithfully",
    "best regards",
    "kind regards",
    "warm regards",
    "regards,",
    "respectfully",
    "with gratitude",
    "thank you for your consideration",
    "thank you for your time",
];

/// Headings of a posting's parts.
const POSTING_HEADINGS: &[&str] = &[
    "responsibilities",
    "key responsibilities",
    "your responsibilities",
    "requirements",
    "qualifications",
    "minimum qualifications",
    "basic qualifications",
    "preferred qualifications",
    "what you'll do",
    "what you will do",
    "what you'll bring",
    "about the role",
    "about the job",
    "about you",
    "who you are",
    "what we offer",
    "benefits",
    "how to apply",
    "nice to have",
    "duties",
    "job description",
    "job summary",
    "the role",
    "your role",
    "about us",
    "skills and experience",
    "what we're looking for",
    "what we are looking for",
    "key duties",
    "main duties",
    "key tasks",
    "person specification",
    "essential criteria",
    "desirable criteria",
    "responsabilités",
    "qualifications essentielles",
    "atouts",
];

/// Phrases only a posting addresses its reader with.
const POSTING_PHRASES: &[&str] = &[
    "you will ",
    "you'll ",
    "we are looking for",
    "we're looking for",
    "we are seeking",
    "we're seeking",
    "the ideal candidate",
    "the successful candidate",
    "equal opportunity employer",
    "apply now",
    "to apply",
    "how to apply",
    "closing date",
    "salary range",
    "per annum",
    "we offer",
    "join our team",
    "join us",
    "applicants",
    "candidates must",
    "candidates should",
    "in this role",
    "this position",
    "the post holder",
    "the postholder",
    "pay range",
    "work schedule",
    "job type",
    "benefits include",
    "we encourage",
    "we welcome",
    "nous recherchons",
    "vous ",
    "le poste",
];

/// Whether `document`, with the dated positions `experience` found in it, reads as something
/// other than a resume.
pub(crate) fn not_a_resume(document: &Document, experience: &Experience) -> Option<NotAResume> {
    let lines: Vec<String> = document
        .lines()
        .map(|(_, line)| line.trim().to_lowercase())
        .filter(|line| !line.is_empty())
        .collect();
    let resume_sections = document
        .lines()
        .filter_map(|(_, line)| heading_kind(line))
        .filter(|kind| {
            matches!(
                kind,
                SectionKind::Experience | SectionKind::Education | SectionKind::Skills
            )
        })
        .count();
    // Dated jobs are a resume's own: a posting or a letter has none.
    if experience.positions.len() >= 2 {
        return None;
    }
    // A resume's sections with a letter's sign-off is a resume with a note.
    let letter = (resume_sections < 2)
        .then(|| cover_letter(&lines))
        .flatten();
    letter
        .or_else(|| job_posting(&lines))
        .or_else(|| transcript(&lines))
}

/// Opens with a salutation and closes with a sign-off.
fn cover_letter(lines: &[String]) -> Option<NotAResume> {
    let opening = lines
        .iter()
        .take(15)
        .find(|l| l.len() <= 80 && SALUTATIONS.iter().any(|s| l.starts_with(s)))?;
    let closing = lines
        .iter()
        .rev()
        .take(15)
        .find(|l| l.len() <= 60 && CLOSINGS.iter().any(|c| l.starts_with(c)))?;
    Some(NotAResume {
        kind: OtherKind::CoverLetter,
        reason: format!("it opens with '{opening}' and closes with '{closing}'"),
    })
}

/// A posting's headings and the phrases a posting speaks to its reader with: two headings
/// and a phrase, a heading and two phrases, or three phrases.
fn job_posting(lines: &[String]) -> Option<NotAResume> {
    let headings: Vec<&str> = lines
        .iter()
        .map(|l| {
            l.trim_start_matches(['#', '*', ' '])
                .trim_end_matches(['*', ':', ' '])
        })
        .filter(|l| POSTING_HEADINGS.contains(l))
        .collect();
    let phrases: Vec<&str> = POSTING_PHRASES
        .iter()
        .copied()
        .filter(|p| lines.iter().any(|l| l.contains(p)))
        .collect();
    let (h, p) = (headings.len(), phrases.len());
    if !((h >= 2 && p >= 1) || (h >= 1 && p >= 2) || p >= 3) {
        return None;
    }
    let quoted = |items: &[&str]| {
        items
            .iter()
            .take(3)
            .map(|i| format!("'{}'", i.trim_end()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let reason = if headings.is_empty() {
        format!("it says {}", quoted(&phrases))
    } else {
        format!(
            "it has the headings {} and says {}",
            quoted(&headings),
            quoted(&phrases)
        )
    };
    Some(NotAResume {
        kind: OtherKind::JobPosting,
        reason,
    })
}

/// Calls itself a transcript, or lists course codes by the handful with grades or credits.
fn transcript(lines: &[String]) -> Option<NotAResume> {
    let named = lines
        .iter()
        .take(10)
        .any(|l| l.contains("transcript") || l.contains("academic record"));
    let courses = lines.iter().filter(|l| starts_with_course_code(l)).count();
    let graded = lines
        .iter()
        .any(|l| l.contains("gpa") || l.contains("credits") || l.contains("credit hours"));
    if !(graded && (named || courses >= 8) && courses >= 4) {
        return None;
    }
    Some(NotAResume {
        kind: OtherKind::Transcript,
        reason: format!("it lists {courses} courses by their codes, with grades or credits"),
    })
}

/// "cs 101 …", "math2210 …": two to four letters and three or four digits first.
fn starts_with_course_code(line: &str) -> bool {
    let letters = line.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = line[letters..].trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (2..=4).contains(&letters) && (3..=4).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experience::experience;
    use crate::read::document_from_text;

    fn kind(text: &str) -> Option<OtherKind> {
        let document = document_from_text("x.md", text);
        not_a_resume(&document, &experience(&document)).map(|n| n.kind)
    }

    #[test]
    fn a_cover_letter_a_posting_and_a_transcript_are_told_from_resumes() {
        let letter = "Ana Lima\nana@example.com\n\nDear Hiring Manager,\n\nI am writing to apply \
                      for the data engineer role. At Acme I built Python pipelines.\n\nSincerely,\nAna Lima\n";
        assert_eq!(kind(letter), Some(OtherKind::CoverLetter));
        let posting = "Data Engineer\n\nAbout the role\nWe are looking for a data engineer.\n\n\
                       Responsibilities\n- You will build pipelines in Python.\n\nRequirements\n\
                       - 3+ years of SQL\n\nHow to apply\nSend your resume.\n";
        assert_eq!(kind(posting), Some(OtherKind::JobPosting));
        let transcript =
            "Official Transcript\nState University\nCS 101 Intro to Programming A 4 credits\n\
                          CS 201 Data Structures A- 4 credits\nMATH 221 Calculus B+ 3 credits\n\
                          PHYS 150 Mechanics A 4 credits\nCumulative GPA 3.8\n";
        assert_eq!(kind(transcript), Some(OtherKind::Transcript));
        let resume = "Ana Lima\nData Engineer\n\nExperience\nAcme, 2019 - 2023\n- You will find \
                      pipelines I built.\nGlobex, 2016 - 2019\n- Built reports.\n\nEducation\nBSc, 2016\n\n\
                      Skills\nPython, SQL\n";
        assert_eq!(kind(resume), None);
        // A resume that ends with a letter's sign-off is still a resume.
        let signed = format!("{resume}\nDear reader, thanks.\nSincerely,\nAna\n");
        assert_eq!(kind(&signed), None);
        let document = document_from_text("x.md", letter);
        let message = not_a_resume(&document, &experience(&document))
            .unwrap()
            .message("x.md");
        assert!(
            message.contains("cover letter") && message.contains("dear hiring manager"),
            "{message}"
        );
    }

    /// Every resume the repository holds (its own, the stuffed and hostile sets, the layouts
    /// and the real-world resumes) stays a resume; most postings, its own and the real-world
    /// ones, are told for what they are.
    #[test]
    fn no_resume_of_the_fixtures_is_taken_for_anything_else_and_most_postings_are_caught() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let reader = crate::read::Reader::in_process();
        let grades = std::fs::read_to_string(root.join("realworld/grades.toml")).unwrap();
        let is_real_posting = |name: &str| grades.contains(&format!("[postings.\"{name}\"]"));
        let (mut resumes, mut flagged, mut postings, mut caught) = (0, Vec::new(), 0, 0);
        for folder in [
            "resumes",
            "labelled",
            "stuffing",
            "blind_hostile",
            "blind_pairs",
            "layouts",
            "jobs",
            "realworld/files",
        ] {
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if name.ends_with(".txt") && name.starts_with("LICENSE") || name == "NOTICE.md" {
                    continue;
                }
                let Ok(document) = reader.read(&path) else {
                    continue;
                };
                let seen = not_a_resume(&document, &experience(&document));
                if folder == "jobs" || is_real_posting(&name) {
                    postings += 1;
                    caught += usize::from(seen.is_some_and(|s| s.kind == OtherKind::JobPosting));
                } else {
                    resumes += 1;
                    if let Some(seen) = seen {
                        flagged.push(format!("{folder}/{name}: {}", seen.reason));
                    }
                }
            }
        }
        eprintln!(
            "not_a_resume: {resumes} resumes, none flagged; {caught} of {postings} postings caught"
        );
        assert!(resumes > 100, "{resumes} resumes read");
        assert!(
            flagged.is_empty(),
            "resumes taken for something else: {flagged:#?}"
        );
        assert!(
            postings >= 25 && caught * 10 >= postings * 6,
            "{caught} of {postings} postings caught"
        );
    }
}
