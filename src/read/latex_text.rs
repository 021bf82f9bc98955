//! A LaTeX resume (`.tex` source, as resume templates on GitHub ship it) read as the text it
//! typesets to: the preamble left out, sections as headings, `\item` as bullets, a macro's
//! arguments as its text (`\resumeSubheading{Acme}{2020 -- 2022}{Engineer}{Paris}` gives
//! "Acme, 2020 – 2022, Engineer, Paris"), layout commands and comments dropped.

/// Commands whose arguments are layout or set-up, not text.
const LAYOUT: &[&str] = &[
    "vspace",
    "hspace",
    "setlength",
    "addtolength",
    "titleformat",
    "titlespacing",
    "renewcommand",
    "newcommand",
    "usepackage",
    "documentclass",
    "pagestyle",
    "fancyhf",
    "input",
    "include",
    "label",
    "color",
    "fontsize",
    "selectfont",
    "rule",
    "hrule",
    "includegraphics",
    "geometry",
    "hypersetup",
    "setlist",
    "definecolor",
    "newlength",
    "pdfgentounicode",
    "faicon",
    "icon",
    "begin",
    "end",
    "phantom",
    "ref",
];

/// How deep arguments are read as LaTeX; deeper ones (no resume nests so) as plain words, so
/// a hostile file cannot exhaust the stack.
const MAX_DEPTH: usize = 16;

/// The longest source converted (four times the longest text a document may have); a longer
/// one is read as it is, and refused for its length.
const MAX_SOURCE: usize = 4 * super::quality::MAX_CHARS;

/// Commands that open a section.
const SECTIONS: &[&str] = &[
    "section",
    "subsection",
    "cvsection",
    "resumesection",
    "chapter",
];

/// The text of a LaTeX document; `None` when `text` is not one (it has no
/// `\documentclass` or `\begin{document}`).
pub(crate) fn to_text(text: &str) -> Option<String> {
    let class = text.find("\\documentclass")?;
    let start = text.find("\\begin{document}").filter(|&at| at > class)?;
    if text.len() > MAX_SOURCE {
        return None;
    }
    let body = &text[start + "\\begin{document}".len()..];
    let body = body.split("\\end{document}").next().unwrap_or(body);
    let without_comments: String = body
        .lines()
        .map(strip_comment)
        .collect::<Vec<_>>()
        .join("\n");
    let converted = convert(&without_comments, 0);
    let mut lines: Vec<String> = Vec::new();
    for line in converted.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        let line = line
            .trim_matches(|c: char| c == ',' || c == ' ')
            .to_string();
        let blank = line.is_empty() || line == "-";
        if blank && lines.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        // A blank line between two items of one list is the source's spacing, not the page's.
        if line.starts_with("- ")
            && lines.last().is_some_and(|l| l.is_empty())
            && lines
                .iter()
                .rev()
                .nth(1)
                .is_some_and(|l| l.starts_with("- "))
        {
            lines.pop();
        }
        lines.push(if blank { String::new() } else { line });
    }
    let text = lines.join("\n").trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// A line without its comment: `%` to the end, unless escaped (`\%`).
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // Escaped only after an odd run of backslashes: `\\%` is a line break, then a comment.
        if b != b'%' {
            continue;
        }
        let backslashes = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
        if backslashes % 2 == 0 {
            return &line[..i];
        }
    }
    line
}

/// LaTeX source as text: commands replaced by what they print.
fn convert(source: &str, depth: usize) -> String {
    if depth > MAX_DEPTH {
        // Deeper than any template nests: the rest is read as its words.
        return source.replace(['{', '}', '\\'], " ");
    }
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let name: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                if name.is_empty() {
                    // An escaped character (`\&`, `\%`, `\\` is a line break).
                    match chars.get(i + 1) {
                        Some('\\') => {
                            out.push('\n');
                            // `\\[4pt]`: the space after the break is layout.
                            if chars.get(i + 2) == Some(&'[') {
                                i = group_end(&chars, i + 2, '[', ']').0;
                                continue;
                            }
                        }
                        Some(&escaped) if "&%$#_{}".contains(escaped) => out.push(escaped),
                        _ => {}
                    }
                    i += 2;
                    continue;
                }
                i += 1 + name.len();
                let name = name.trim_end_matches('*').to_string();
                // A starred form (`\section*`) and its optional and required arguments.
                if chars.get(i) == Some(&'*') {
                    i += 1;
                }
                let mut args: Vec<String> = Vec::new();
                loop {
                    // Arguments may follow on the next line, not after a blank one.
                    let mut j = i;
                    let mut newlines = 0;
                    while let Some(c) = chars.get(j).filter(|c| c.is_whitespace()) {
                        newlines += usize::from(*c == '\n');
                        j += 1;
                    }
                    if newlines > 1 {
                        break;
                    }
                    match chars.get(j) {
                        Some('[') => i = group_end(&chars, j, '[', ']').0,
                        Some('{') => {
                            let (end, closed) = group_end(&chars, j, '{', '}');
                            let inner_end = if closed { end - 1 } else { end };
                            let inner: String = chars[j + 1..inner_end].iter().collect();
                            args.push(convert(&inner, depth + 1));
                            i = end;
                        }
                        _ => break,
                    }
                }
                let lower = name.to_ascii_lowercase();
                if LAYOUT.contains(&lower.as_str()) {
                    continue;
                }
                if SECTIONS.contains(&lower.as_str()) {
                    out.push_str(&format!("\n\n## {}\n\n", args.join(" ").trim()));
                } else if lower == "item" {
                    out.push_str("\n- ");
                    out.push_str(&args.concat());
                } else if matches!(
                    lower.as_str(),
                    "href" | "textcolor" | "raisebox" | "colorbox"
                ) && args.len() >= 2
                {
                    // The text is the last argument; the others are a link, a colour, a lift.
                    out.push_str(&args[args.len() - 1]);
                } else if !args.is_empty() {
                    let parts: Vec<&str> = args
                        .iter()
                        .map(|a| a.trim())
                        .filter(|a| !a.is_empty())
                        .collect();
                    // A macro of several arguments is an entry's line; of one, a text style.
                    if parts.len() > 1 {
                        // "\textbf{Languages}{: Java}": an argument that goes on with
                        // punctuation is joined as written.
                        let mut line = String::new();
                        for part in parts {
                            if !line.is_empty() && !part.starts_with([':', ',', ';', '.', ')']) {
                                line.push_str(", ");
                            }
                            line.push_str(part);
                        }
                        out.push('\n');
                        out.push_str(&line);
                        out.push('\n');
                    } else {
                        out.push_str(&parts.concat());
                    }
                } else if matches!(lower.as_str(), "par" | "newline" | "linebreak") {
                    out.push('\n');
                } else {
                    out.push(' ');
                }
            }
            '{' | '}' | '$' => i += 1,
            '~' => {
                out.push(' ');
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                let dashes = chars[i..].iter().take_while(|c| **c == '-').count();
                out.push(if dashes >= 3 { '—' } else { '–' });
                i += dashes;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The index just past the group that opens at `start` (nested groups skipped), and whether
/// it was closed (an unclosed group runs to the end).
fn group_end(chars: &[char], start: usize, open: char, close: char) -> (usize, bool) {
    let mut depth = 0usize;
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            i += 2;
            continue;
        }
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return (i + 1, true);
            }
        }
        i += 1;
    }
    (chars.len(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_latex_resume_reads_as_its_typeset_text() {
        let tex = r"\documentclass[letterpaper,11pt]{article}
\usepackage{titlesec}
\newcommand{\resumeSubheading}[4]{\item #1 #2}
\begin{document}
\begin{center}
    \textbf{\Huge \scshape Jake Ryan} \\ \vspace{1pt}
    \small 123-456-7890 $|$ \href{mailto:x@y.com}{\underline{x@y.com}}
\end{center}
%-----------EXPERIENCE-----------
\section{Experience}
  \resumeSubHeadingListStart
    \resumeSubheading
      {Undergraduate Research Assistant}{June 2020 -- Present}
      {Texas A\&M University}{College Station, TX}
      \begin{itemize}
        \item{Developed a REST API using FastAPI and PostgreSQL} % 100\% done
        \item Explored methods to generate video game dungeons
      \end{itemize}
\section*{Technical Skills}
 \textbf{Languages}{: Java, Python, C/C++, SQL (Postgres)}
\end{document}";
        let text = to_text(tex).unwrap();
        assert!(!text.contains('\\') && !text.contains('{'), "{text}");
        assert!(text.starts_with("Jake Ryan"), "{text}");
        assert!(text.contains("x@y.com"), "{text}");
        assert!(text.contains("\n## Experience\n"), "{text}");
        assert!(
            text.contains(
                "Undergraduate Research Assistant, June 2020 – Present, Texas A&M University, College Station, TX"
            ),
            "{text}"
        );
        assert!(
            text.contains("- Developed a REST API using FastAPI and PostgreSQL"),
            "{text}"
        );
        assert!(text.contains("\n## Technical Skills\n"), "{text}");
        assert!(
            text.contains("Languages: Java, Python, C/C++, SQL (Postgres)"),
            "{text}"
        );
        assert!(
            !text.contains("usepackage") && !text.contains("100"),
            "{text}"
        );
    }

    #[test]
    fn text_that_is_not_latex_is_left_alone() {
        assert_eq!(to_text("Jane Doe\nEngineer with \\n in a line"), None);
        // A text that quotes `\begin{document}` without being a LaTeX document.
        assert_eq!(to_text("Taught LaTeX: \\begin{document} and more"), None);
        // Unbalanced braces do not panic.
        assert!(
            to_text("\\documentclass{article}\\begin{document}\\textbf{open \\section{x").is_some()
        );
    }

    #[test]
    fn hostile_sources_neither_overflow_the_stack_nor_blow_up() {
        let nested = format!(
            "\\documentclass{{a}}\\begin{{document}}{}Jane",
            "\\a{".repeat(8_000)
        );
        let text = to_text(&nested).unwrap();
        assert!(text.contains("Jane"));
        let wide = format!(
            "\\documentclass{{a}}\\begin{{document}}{}{}",
            "\\b{".repeat(100),
            "word ".repeat(30_000)
        );
        assert!(to_text(&wide).is_some());
        // Escapes, breaks with spacing, colours, and a comment after a line break.
        let text = to_text(
            "\\documentclass{a}\\begin{document}\\textcolor{blue}{Jane Doe} \\\\[4pt] 100\\% done \\\\% note\n\\end{document}",
        )
        .unwrap();
        assert!(
            text.contains("Jane Doe") && text.contains("100% done"),
            "{text}"
        );
        assert!(!text.contains("4pt") && !text.contains("note"), "{text}");
    }
}
