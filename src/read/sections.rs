//! Resume section headings (Experience, Skills, Education, Publications…) recognised in any
//! format: Markdown `#` lines, bold or all-caps lines, or a bare heading line from a PDF.

use serde::Serialize;

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
            "skills & tools",
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
            "publications & talks",
        ],
    ),
    (
        SectionKind::Certifications,
        &[
            "certifications",
            "certificates",
            "licenses and certifications",
            "awards",
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

/// The section a heading line opens, if it is one of the known section headings.
pub(crate) fn heading_kind(line: &str) -> Option<SectionKind> {
    let name = latex_heading(line.trim())
        .unwrap_or(line)
        .trim()
        .trim_start_matches(['#', '*', '_', ' '])
        .trim_end_matches(['*', '_', ':', ' '])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if name.is_empty() || name.len() > 40 {
        return None;
    }
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(kind, _)| *kind)
}

/// Headings in a row with nothing between them, at least this many, are a list of the
/// sections rather than the sections themselves.
const HEADING_LIST_MIN: usize = 3;

/// The known sections of a text given as lines, in order.
///
/// Headings standing together with nothing between them ("Skills / Certifications / Projects
/// / Summary / Experience / Education") are a list of the sections, not sections: a table of
/// contents, or the sidebar of a two-column PDF whose text came out apart from the headings.
/// A table of contents repeats its headings over the sections below it, which are kept. When
/// the headings of the list do not come back (the sidebar), which section a line belongs to
/// cannot be told, and the text is read as having no sections.
pub(crate) fn find_sections<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<Section> {
    let lines: Vec<&str> = lines.collect();
    let headings: Vec<(usize, SectionKind)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| heading_kind(line).map(|kind| (i, kind)))
        .collect();
    // Runs of headings with only blank lines between them; a list names each section once,
    // so a heading that repeats one of its run starts the sections below a table of contents.
    let mut listed = vec![false; headings.len()];
    let mut run_start = 0;
    for h in 0..=headings.len() {
        let continues = h > 0
            && h < headings.len()
            && lines[headings[h - 1].0 + 1..headings[h].0]
                .iter()
                .all(|line| line.trim().is_empty())
            && !headings[run_start..h]
                .iter()
                .any(|(_, kind)| *kind == headings[h].1);
        if !continues {
            if h - run_start >= HEADING_LIST_MIN {
                listed[run_start..h].iter_mut().for_each(|l| *l = true);
            }
            run_start = h;
        }
    }
    let kept: Vec<(usize, SectionKind)> = headings
        .iter()
        .zip(&listed)
        .filter(|(_, listed)| !**listed)
        .map(|(h, _)| *h)
        .collect();
    let list_comes_back = headings
        .iter()
        .zip(&listed)
        .filter(|(_, listed)| **listed)
        .all(|((_, kind), _)| kept.iter().any(|(_, k)| k == kind));
    if !list_comes_back {
        return Vec::new();
    }
    let mut sections: Vec<Section> = Vec::new();
    for (i, kind) in kept {
        if let Some(last) = sections.last_mut() {
            last.last_line = i;
        }
        sections.push(Section {
            kind,
            title: lines[i]
                .trim()
                .trim_matches(['#', '*', '_', ':', ' '])
                .to_string(),
            first_line: i + 1,
            last_line: 0,
        });
    }
    if let Some(last) = sections.last_mut() {
        last.last_line = lines.len();
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(heading_kind("\\textbf{Experience}"), None);
        assert_eq!(
            heading_kind("Publications & Talks"),
            Some(SectionKind::Publications)
        );
        assert_eq!(heading_kind("Experience with PyTorch at scale"), None);
        assert_eq!(heading_kind("Skills: Python, SQL"), None);
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
    }

    #[test]
    fn sections_run_to_the_next_heading() {
        let text = "Jane\n## Experience\nBuilt things\n\nSKILLS\nPython\nEducation\nBSc";
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
                (SectionKind::Education, 7, 8)
            ]
        );
        assert_eq!(s[1].title, "SKILLS");
    }
}
