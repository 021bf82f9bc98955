//! Resume section headings (Experience, Skills, Education, Publications…) recognised in any
//! format: Markdown `#` lines, bold or all-caps lines, or a bare heading line from a PDF.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::words::contains_word;

/// The kinds of section the explanation layer cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    Summary,
    Experience,
    Skills,
    Education,
    Projects,
    Publications,
    Certifications,
    /// Neither work nor qualifications: interests, hobbies, references, memberships. It ends
    /// the section above it, so a hobby is not read as a job's duty or a degree's course.
    Other,
}

/// A section: its heading's line and the lines up to the next heading (1-based, inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Section {
    pub kind: SectionKind,
    pub title: String,
    pub first_line: usize,
    pub last_line: usize,
}

const NAMES: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Summary,
        &[
            "summary",
            "profile",
            "about",
            "about me",
            "objective",
            "professional summary",
        ],
    ),
    (
        SectionKind::Experience,
        &[
            "experience",
            "work experience",
            "professional experience",
            "relevant experience",
            "employment",
            "employment history",
            "work history",
            "career history",
            "career",
            "professional history",
            "professional background",
            "employment record",
            "clinical rotations",
            "freelance work",
        ],
    ),
    (
        SectionKind::Skills,
        &[
            "skills",
            "technical skills",
            "core skills",
            "key skills",
            "skills and tools",
            "tools",
            "technologies",
            "tech stack",
            "competencies",
        ],
    ),
    (
        SectionKind::Education,
        &[
            "education",
            "academic background",
            "qualifications",
            "degrees",
        ],
    ),
    (
        SectionKind::Projects,
        &[
            "projects",
            "selected projects",
            "side projects",
            "open source",
            "open-source",
            "volunteering",
            "volunteer work",
            "volunteer experience",
        ],
    ),
    (
        SectionKind::Publications,
        &[
            "publications",
            "selected publications",
            "papers",
            "research",
            "talks",
            "publications and talks",
        ],
    ),
    (
        SectionKind::Certifications,
        &[
            "certifications",
            "certificates",
            "licenses and certifications",
            "license and certifications",
            "licences and certifications",
            "licence and certifications",
            "certifications and licenses",
            "certifications and licences",
            "awards",
        ],
    ),
    (
        SectionKind::Other,
        &[
            "interests",
            "hobbies",
            "personal interests",
            "hobbies and interests",
            "interests and hobbies",
            "references",
            "referees",
            "affiliations",
            "professional affiliations",
            "memberships",
            "professional memberships",
        ],
    ),
];

/// Every word of the known section headings ("education", "experience", ...), lower case.
pub(crate) fn heading_words() -> impl Iterator<Item = &'static str> {
    NAMES
        .iter()
        .flat_map(|(_, names)| names.iter())
        .flat_map(|name| name.split([' ', '-']))
        .filter(|w| w.chars().all(char::is_alphabetic))
}

/// The title of a LaTeX sectioning command (`\section{Experience}`, `\section*{Skills}`,
/// `\cvsection{Education}`), for resumes kept as LaTeX source.
fn latex_heading(line: &str) -> Option<&str> {
    let command = line.strip_prefix('\\')?;
    let open = command.find('{')?;
    let name = command[..open].trim_end_matches('*');
    let close = command.rfind('}')?;
    (name.ends_with("section") && close > open && command[close + 1..].trim().is_empty())
        .then(|| &command[open + 1..close])
}

/// The last word of a heading that names its section after words of the writer's own
/// ("Clinical experience", "Nursing student work experience", "Computer skills"), where the heading is dressed as one (see [`dressed_as_heading`]).
const ENDINGS: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Experience,
        &[
            "experience",
            "employment",
            "appointments",
            "positions",
            "internships",
        ],
    ),
    // Not "education": a degree ends with it ("MA in Education").
    (SectionKind::Skills, &["skills"]),
    (
        SectionKind::Certifications,
        &["certifications", "licenses", "licences", "licensure"],
    ),
];

/// The section a heading line opens, if it is one of the known section headings, or a
/// heading dressed as one whose last word names a section.
pub(crate) fn heading_kind(line: &str) -> Option<SectionKind> {
    let latex = latex_heading(line.trim());
    let bare = latex
        .unwrap_or(line)
        .trim()
        .trim_start_matches(['#', '*', '_', ' '])
        .trim_end_matches(['*', '_', ':', ' ']);
    // A number before a heading is the writer's where the line is dressed as a heading
    // ("## 2. Skills", "IV) WORK EXPERIENCE"); before a plain line, it makes a list item
    // ("1. Volunteering", "B. Projects").
    let numbered = crate::words::without_numbering(bare);
    if numbered.len() != bare.len() && latex.is_none() && !dressed_as_heading(line, numbered) {
        return None;
    }
    let bare = numbered;
    // "Licenses & Certifications" is "licenses and certifications".
    let name = bare
        .split_whitespace()
        .map(|w| if w == "&" { "and" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if name.is_empty() || name.len() > 40 {
        return None;
    }
    // One word for interests, references or memberships may also label a job's lines
    // ("References" under a teaching post): it heads a section only where the line is
    // dressed as one ("Professional Affiliations" is one as written).
    let known = NAMES
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(kind, _)| *kind)
        .filter(|kind| {
            *kind != SectionKind::Other
                || name.contains(' ')
                || latex.is_some()
                || dressed_as_heading(line, bare)
        });
    let words = name.split_whitespace().count();
    known.or_else(|| {
        let last = name.rsplit(' ').next()?;
        // A "label: value" line ("Heading: Work Experience") is a field, a line with a comma
        // or a digit a job or a sentence ("Special Education Teacher, Life Skills", "12+
        // Years Experience"), and one with "of", "in", "at" or "for" a title or a degree
        // ("Director of Patient Experience", "MS in User Experience").
        let plain = !bare.contains([':', ',']) && !bare.contains(|c: char| c.is_ascii_digit());
        let no_preposition = !name
            .split_whitespace()
            .any(|w| ["of", "in", "at", "for", "with", "to"].contains(&w));
        ((2..=4).contains(&words)
            && plain
            && no_preposition
            && (latex.is_some() || dressed_as_heading(line, bare)))
        .then(|| ENDINGS.iter().find(|(_, ends)| ends.contains(&last)))
        .flatten()
        .map(|(kind, _)| *kind)
    })
}

/// Whether a line is dressed as a heading rather than written as a line of text: a Markdown
/// heading, bold, ending in a colon, or in capitals. Capitalised words alone are not enough:
/// a job title is written so ("Director of Patient Experience"), and so is a bullet ("* Strong
/// Leadership Skills").
fn dressed_as_heading(line: &str, bare: &str) -> bool {
    let line = line.trim();
    let bullet = ["- ", "* ", "• ", "– "].iter().any(|b| line.starts_with(b));
    if bullet || !bare.starts_with(char::is_alphabetic) {
        return false;
    }
    line.starts_with('#')
        || line.starts_with("**") && line.ends_with("**")
        || line.starts_with("__") && line.ends_with("__")
        || line.ends_with(':')
        || bare
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Headings in a row with nothing between them, at least this many, are a list of the
/// sections rather than the sections themselves.
const HEADING_LIST_MIN: usize = 3;

/// The known sections of a text given as lines, in order.
///
/// Headings that open the text standing together, with nothing between them ("Skills /
/// Certifications / Projects / Summary / Experience / Education"), are a list of the
/// sections, not sections: a table of contents, or the sidebar of a two-column PDF whose text
/// came out apart from its headings. The headings below the list are the sections. When
/// fewer than half of the listed headings come back below and nothing but those does (the
/// sidebar: a "Tools" label at most), which section a line belongs to cannot be told, and
/// the text is read as having no sections. Headings in a row further down are empty
/// sections, as written.
pub(crate) fn find_sections<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<Section> {
    let lines: Vec<&str> = lines.collect();
    let mut headings: Vec<(usize, SectionKind)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let kind = if lines.get(i + 1).is_some_and(|next| underlines(line, next)) {
                heading_kind(&format!("# {}", line.trim()))
            } else {
                heading_kind(line)
            };
            kind.map(|kind| (i, kind))
        })
        .collect();
    // The run of headings the text opens with: only blank lines between them, each kind once
    // (a heading that repeats one starts the sections below a table of contents).
    let mut listed = usize::from(!headings.is_empty());
    while listed < headings.len()
        && lines[headings[listed - 1].0 + 1..headings[listed].0]
            .iter()
            .all(|line| line.trim().is_empty())
        && !headings[..listed]
            .iter()
            .any(|(_, kind)| *kind == headings[listed].1)
    {
        listed += 1;
    }
    if listed >= HEADING_LIST_MIN {
        let (list, below) = headings.split_at(listed);
        let back = list
            .iter()
            .filter(|(_, kind)| below.iter().any(|(_, k)| k == kind))
            .count();
        let only_listed = below
            .iter()
            .all(|(_, kind)| list.iter().any(|(_, k)| k == kind));
        if only_listed && back * 2 < list.len() {
            return Vec::new();
        }
        headings.drain(..listed);
    }
    // Jobs written as headings of the level of an Education heading above them ("## May
    // 2022-Current: Account Executive (Salesforce)" after "## EDUCATION"), with no
    // Experience heading of their own, are the experience.
    // Each section's heading line, its kind, and whether the line is a heading of its name.
    let mut with_jobs: Vec<(usize, SectionKind, bool)> = Vec::new();
    let has_experience = headings.iter().any(|(_, k)| *k == SectionKind::Experience);
    for (at, &(i, kind)) in headings.iter().enumerate() {
        with_jobs.push((i, kind, true));
        if kind != SectionKind::Education || has_experience {
            continue;
        }
        let Some(level) = markdown_level(lines[i]) else {
            continue;
        };
        let end = headings.get(at + 1).map_or(lines.len(), |(next, _)| *next);
        // The headings of its level below it: schools and their years, then the jobs; a
        // heading of another kind of its own ("## SERVICE") ends the search.
        let same_level: Vec<usize> = (i + 1..end)
            .filter(|&j| markdown_level(lines[j]) == Some(level))
            .collect();
        for (n, &j) in same_level.iter().enumerate() {
            // What the heading holds, down to the next of its level: a school's degree
            // ("## 2012 - 2016: Johns Hopkins" over "BSN, Nursing") makes it a school's.
            let below = &lines[j + 1..same_level.get(n + 1).copied().unwrap_or(end)];
            let schooling = below.iter().any(|line| names_schooling(line));
            match dated_heading(lines[j]).map(|job| job && !schooling) {
                Some(true) => {
                    with_jobs.push((j, SectionKind::Experience, false));
                    break;
                }
                Some(false) => {}
                None => break,
            }
        }
    }
    let mut sections: Vec<Section> = Vec::new();
    for (i, kind, named) in with_jobs {
        if let Some(last) = sections.last_mut() {
            last.last_line = i;
        }
        let title = if named {
            lines[i]
                .trim()
                .trim_matches(['#', '*', '_', ':', ' '])
                .to_string()
        } else {
            "Experience".to_string()
        };
        sections.push(Section {
            kind,
            title,
            first_line: i + 1,
            last_line: 0,
        });
    }
    if let Some(last) = sections.last_mut() {
        last.last_line = lines.len();
    }
    sections
}

/// Whether `next` underlines `line` as a heading, as Markdown's other way of writing one
/// does ("Work experience" over "======") and as plain text often does ("Skills" over
/// "------"): three or more of one of `=` or `-` under a line of words that is not an item of
/// a list.
fn underlines(line: &str, next: &str) -> bool {
    let next = next.trim();
    let line = line.trim();
    // A list item's marker ("- ", "* ", "+ ") is no letter or digit.
    next.len() >= 3
        && ['=', '-'].iter().any(|&c| next.chars().all(|n| n == c))
        && line.starts_with(char::is_alphanumeric)
}

/// The number of `#` that make `line` a Markdown heading, if it is one.
fn markdown_level(line: &str) -> Option<usize> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    (hashes > 0 && line[hashes..].starts_with(' ')).then_some(hashes)
}

/// Whether a heading with dates dates a job: `Some(true)` for a year and a range to another
/// year or to now with no word of schooling ("May 2022-Current: Account Executive
/// (Salesforce)"), `Some(false)` for a school's ("## Cornell University 2005 — 2008"), `None`
/// for a heading without a range.
fn dated_heading(line: &str) -> Option<bool> {
    static RANGE: OnceLock<Regex> = OnceLock::new();
    let range = RANGE.get_or_init(|| {
        Regex::new(r"(?i)\b(19|20)\d\d\s*(-|–|—|to)\s*([a-z]+\.?\s+)?((19|20)\d\d|present|current|now|today)\b")
            .expect("a valid pattern")
    });
    range.is_match(line).then(|| !names_schooling(line))
}

/// Whether a line names schooling: a school, a degree, grades or courses.
fn names_schooling(line: &str) -> bool {
    #[rustfmt::skip]
    const SCHOOLING: &[&str] = &[
        "university", "college", "school", "academy", "institute", "bachelor", "master",
        "degree", "diploma", "phd", "b.s.", "b.a.", "m.s.", "m.a.", "gpa", "course", "bsn",
        "bsc", "msc", "mba", "major", "minor", "thesis", "graduated", "honors", "honours",
    ];
    let lower = line.to_lowercase();
    SCHOOLING.iter().any(|w| contains_word(&lower, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_written_as_headings_after_the_education_are_the_experience() {
        let text = "# Sam Lee\n\n## EDUCATION\n\nUnited States Naval Academy\n\nB.S., English, 2013\n\n\
            ## May 2022-Current: Account Executive (Salesforce)\n\n- Sold deals\n\n\
            ## December 2018 to May 2021: Project Manager (Mitsubishi)\n\n- Built plants\n\n## Skills\n\n- CRM\n";
        let sections = find_sections(text.lines());
        let kinds: Vec<(SectionKind, usize, usize)> = sections
            .iter()
            .map(|s| (s.kind, s.first_line, s.last_line))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (SectionKind::Education, 3, 8),
                (SectionKind::Experience, 9, 16),
                (SectionKind::Skills, 17, 19),
            ]
        );
        assert_eq!(sections[1].title, "Experience");
        // A dated degree under the education stays there, and jobs below a heading of
        // another kind ("## SERVICE") are that heading's.
        let school = "## Education\n\n## 2013 - 2017: B.S. English, Naval Academy\n\n## Skills\n";
        assert_eq!(find_sections(school.lines()).len(), 2);
        let service = "## EDUCATION\n\n## Cornell University 2005 — 2008\n\n## SERVICE\n\n\
            ## Technical Consultant, Technology for Tots Nov 2003 — Jun 2005\n- Taught\n";
        let kinds = |text: &str| -> Vec<SectionKind> {
            find_sections(text.lines()).iter().map(|s| s.kind).collect()
        };
        assert_eq!(kinds(service), vec![SectionKind::Education]);
        // A school's years over its degree, and any heading where the resume has its own
        // Experience heading, stay education.
        let nurse = "## Education\n\n## 2012 - 2016: Johns Hopkins\nBSN, Nursing\n";
        assert_eq!(kinds(nurse), vec![SectionKind::Education]);
        let fellow = "## Experience\n\n## Nurse 2019 - 2024\n\n## Education\n\n\
            ## Teaching Fellow 2018 - 2020\n";
        assert_eq!(
            kinds(fellow),
            vec![SectionKind::Experience, SectionKind::Education]
        );
    }

    #[test]
    fn headings_in_any_dress() {
        for line in [
            "## Experience",
            "**Work Experience**",
            "EXPERIENCE",
            "Experience:",
            "  experience ",
            "\\section{Experience}",
            "\\section*{Work Experience}",
            "\\cvsection{Experience}",
        ] {
            assert_eq!(heading_kind(line), Some(SectionKind::Experience), "{line}");
        }
        assert_eq!(heading_kind("Technical Skills"), Some(SectionKind::Skills));
        // Other names for the jobs a resume lists: a skills list above them ends there.
        for line in [
            "PROFESSIONAL HISTORY",
            "Professional Background",
            "CLINICAL ROTATIONS",
        ] {
            assert_eq!(heading_kind(line), Some(SectionKind::Experience), "{line}");
        }
        // A number the writer put before the heading is not part of it.
        for (line, kind) in [
            ("## 2. Skills", SectionKind::Skills),
            ("## 1. Professional Summary", SectionKind::Summary),
            ("IV) WORK EXPERIENCE", SectionKind::Experience),
            ("**B. Education**", SectionKind::Education),
        ] {
            assert_eq!(heading_kind(line), Some(kind), "{line}");
        }
        assert_eq!(heading_kind("## 1.Skills"), None);
        for item in [
            "1. Volunteering",
            "B. Projects",
            "1. Summary",
            "x. Research",
        ] {
            assert_eq!(heading_kind(item), None, "{item}");
        }
        // A heading underlined, in Markdown or plain text.
        let underlined = "David\n\nEducation\n======\n- MSc, 2024\n\nWork experience\n======\n\
                          - Data Engineer\n\nComputational skills\n-----\n- Python\n";
        let kinds = |text: &str| -> Vec<SectionKind> {
            find_sections(text.lines()).iter().map(|s| s.kind).collect()
        };
        assert_eq!(
            kinds(underlined),
            vec![
                SectionKind::Education,
                SectionKind::Experience,
                SectionKind::Skills
            ]
        );
        assert!(kinds("Jane\nClinical experience\n- Nurse\n").is_empty());
        assert_eq!(heading_kind("\\textbf{Experience}"), None);
        assert_eq!(
            heading_kind("Publications & Talks"),
            Some(SectionKind::Publications)
        );
        assert_eq!(heading_kind("Experience with PyTorch at scale"), None);
        assert_eq!(heading_kind("Skills: Python, SQL"), None);
        // A heading of the writer's own words ends with what it is.
        for (line, kind) in [
            ("CLINICAL EXPERIENCE", SectionKind::Experience),
            (
                "**NURSING STUDENT WORK EXPERIENCE**",
                SectionKind::Experience,
            ),
            ("## Teaching Experience", SectionKind::Experience),
            ("ACADEMIC APPOINTMENTS", SectionKind::Experience),
            ("\\section{Research Positions}", SectionKind::Experience),
            ("Computer Skills:", SectionKind::Skills),
            ("Licenses and Certifications", SectionKind::Certifications),
            ("License & Certifications", SectionKind::Certifications),
        ] {
            assert_eq!(heading_kind(line), Some(kind), "{line}");
        }
        for sentence in [
            "Strong communication skills",
            "- Clinical Experience",
            "5 years of nursing experience",
            "Excellent written and verbal communication skills",
            "MA in Education",
            "Heading: Work Experience",
            "Special Education Teacher, Life Skills",
            "Director of Patient Experience",
            "MS IN USER EXPERIENCE",
            "12+ Years Experience",
            "* Strong Leadership Skills",
            "Clinical Experience",
        ] {
            assert_eq!(heading_kind(sentence), None, "{sentence}");
        }
    }

    #[test]
    fn headings_listed_together_are_not_sections() {
        let spans = |text: &str| -> Vec<(SectionKind, usize, usize)> {
            find_sections(text.lines())
                .iter()
                .map(|s| (s.kind, s.first_line, s.last_line))
                .collect()
        };
        // A two-column PDF's sidebar: the headings came out together, their text after.
        let sidebar = "John Doe\nWeb Developer\nProfiles\nSkills\nCertifications\nProjects\n\
                       Summary\nExperience\nEducation\nHTML5, JavaScript\nTools\nGit, Docker\n\
                       Creative Solutions Inc.\nSenior Web Developer\nJanuary 2019 to Present\n";
        assert_eq!(spans(sidebar), vec![]);
        // A table of contents whose headings come back over their sections.
        let contents = "Jane\nContents\nExperience\n\nEducation\nPublications\n\n\
                        Experience\nNurse, 2019 - 2024\nEducation\nBSN\nPublications\nA paper\n";
        assert_eq!(
            spans(contents),
            vec![
                (SectionKind::Experience, 8, 9),
                (SectionKind::Education, 10, 11),
                (SectionKind::Publications, 12, 13),
            ]
        );
        // Two headings in a row are an empty section and the next one.
        let two = "Jane\nSummary\nExperience\nNurse, 2019 - 2024\n";
        assert_eq!(
            spans(two),
            vec![
                (SectionKind::Summary, 2, 2),
                (SectionKind::Experience, 3, 4)
            ]
        );
        // Empty headings in a row below the text are empty sections: the skills section
        // above them stays one.
        let trailing = "Jane\nExperience\nNurse, 2019 - 2024\nSkills\nTriage\n\
                        Projects\n\nAwards\n\nPublications\n";
        assert_eq!(
            spans(trailing),
            vec![
                (SectionKind::Experience, 2, 3),
                (SectionKind::Skills, 4, 5),
                (SectionKind::Projects, 6, 7),
                (SectionKind::Certifications, 8, 9),
                (SectionKind::Publications, 10, 10),
            ]
        );
        // A list on top whose headings do not come back, over sections of other kinds: those
        // are the sections.
        let menu = "Jane\nProjects\nAwards\nPublications\nExperience\nNurse, 2019 - 2024\n\
                    Skills\nTriage\n";
        assert_eq!(spans(menu), vec![(SectionKind::Skills, 7, 8)]);
    }

    #[test]
    fn sections_run_to_the_next_heading() {
        let text = "Jane\n## Experience\nBuilt things\n\nSKILLS\nPython\nEducation\nBSc\n\
                    ## Hobbies & Interests\nChess";
        let s = find_sections(text.lines());
        let spans: Vec<(SectionKind, usize, usize)> = s
            .iter()
            .map(|s| (s.kind, s.first_line, s.last_line))
            .collect();
        assert_eq!(
            spans,
            vec![
                (SectionKind::Experience, 2, 4),
                (SectionKind::Skills, 5, 6),
                (SectionKind::Education, 7, 8),
                (SectionKind::Other, 9, 10)
            ]
        );
        assert_eq!(s[1].title, "SKILLS");
        // Hobbies, references and memberships end the section above them.
        for line in ["INTERESTS", "References:", "**Professional Affiliations**"] {
            assert_eq!(heading_kind(line), Some(SectionKind::Other), "{line}");
        }
        assert_eq!(heading_kind("Activities"), None);
    }
}
