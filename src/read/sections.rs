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

/// The known sections of a text given as lines, in order.
pub(crate) fn find_sections<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut count = 0;
    for (i, line) in lines.enumerate() {
        count = i + 1;
        if let Some(kind) = heading_kind(line) {
            if let Some(last) = sections.last_mut() {
                last.last_line = i;
            }
            sections.push(Section {
                kind,
                title: line
                    .trim()
                    .trim_matches(['#', '*', '_', ':', ' '])
                    .to_string(),
                first_line: i + 1,
                last_line: 0,
            });
        }
    }
    if let Some(last) = sections.last_mut() {
        last.last_line = count;
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
