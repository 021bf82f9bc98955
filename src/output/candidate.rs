//! `rolematch pool show` as text: who the candidate is, their years, and the resume as read
//! with line numbers and the skills found on each line.

use std::fmt::Write;

use super::reading::{education_line, position_line};
use super::terminal_safe;
use crate::candidate::CandidateView;

pub fn render_candidate_table(view: &CandidateView) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — pool {}{}",
        terminal_safe(&view.candidate_id),
        terminal_safe(&view.pool),
        if view.blind { " (blind review)" } else { "" }
    );
    if let Some(name) = &view.person.name {
        let _ = writeln!(out, "  name       {}", terminal_safe(name));
    }
    if let Some(headline) = &view.person.headline {
        let _ = writeln!(out, "  headline   {}", terminal_safe(headline));
    }
    if let Some(location) = &view.person.location {
        let _ = writeln!(out, "  location   {}", terminal_safe(location));
    }
    let years = view.total_years.map_or_else(
        || "no dated positions found".to_string(),
        |y| format!("{y:.1} (from {} dated positions)", view.positions.len()),
    );
    let _ = writeln!(out, "  years      {years}");
    for position in &view.positions {
        let _ = writeln!(out, "    {}", position_line(position));
    }
    for (i, entry) in view.education.iter().enumerate() {
        let label = if i == 0 { "education" } else { "" };
        let _ = writeln!(out, "  {label:<10} {}", education_line(entry));
    }
    out.push('\n');
    let width = view.lines.len().to_string().len();
    for line in &view.lines {
        let text: String = line.parts.iter().map(|p| p.text.as_str()).collect();
        let mut skills: Vec<&str> = Vec::new();
        for name in line.parts.iter().filter_map(|p| p.skill_name.as_deref()) {
            if !skills.contains(&name) {
                skills.push(name);
            }
        }
        let mut notes = Vec::new();
        if !skills.is_empty() {
            notes.push(format!("skills: {}", skills.join(", ")));
        }
        if line.set_aside {
            notes.push("set aside from scoring".to_string());
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("   [{}]", notes.join("; "))
        };
        let _ = writeln!(
            out,
            "  {:>width$} │ {}{}",
            line.number,
            terminal_safe(&text),
            terminal_safe(&notes)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Findings;
    use crate::read::document_from_text;
    use crate::skills::{SkillExtractor, Taxonomy};

    #[test]
    fn every_line_is_numbered_with_its_skills_named_once() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let text =
            "Ana Lima\nData Engineer\n\n- Built Python and Kafka pipelines in Python on AWS.\n";
        let document = document_from_text("cv.md", text);
        let findings = Findings::of(&document, &extractor);
        let view = CandidateView::new(
            "p",
            "cv.md",
            false,
            &document,
            &findings,
            extractor.taxonomy(),
        );
        let table = render_candidate_table(&view);
        assert!(table.contains("name       Ana Lima"), "{table}");
        assert!(table.contains("no dated positions found"), "{table}");
        let bullet = table.lines().find(|l| l.contains("Kafka")).unwrap();
        assert!(bullet.trim_start().starts_with("4 │"), "{bullet}");
        assert_eq!(bullet.matches("Python").count(), 3, "{bullet}");
    }
}
