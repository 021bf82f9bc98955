//! A resume or posting kept as data in a JavaScript or TypeScript module (a portfolio site's
//! `const experiences = [{ role: "Accountant", … }]`, a careers page's
//! `export const jobDescription = { responsibilities: [ … ] }`) read as that data: each
//! object or array literal assigned to a name is written out as JSON and read as a JSON
//! resume is, and the code around it (imports, functions, JSX placeholders) is left out.

use std::sync::OnceLock;

use regex::Regex;

/// The literals of `source`, rendered as a JSON document's text, and the source without them
/// and without its code; `None` unless one of them holds a sentence (`is_prose`).
pub(crate) fn split(source: &str, is_prose: impl Fn(&str) -> bool) -> Option<(String, String)> {
    static ASSIGNED: OnceLock<Regex> = OnceLock::new();
    let assigned = ASSIGNED.get_or_init(|| {
        Regex::new(
            r#"(?:\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;{}\n]+)?=|\bexport\s+default)\s*([\[{"'`])"#,
        )
        .expect("a valid pattern")
    });
    let mut literals: Vec<Literal> = Vec::new();
    let mut prose = false;
    for found in assigned.captures_iter(source).take(MAX_LITERALS) {
        let open = found.get(2).map_or(0, |m| m.start());
        if literals.iter().any(|l| open >= l.start && open < l.end) {
            continue;
        }
        // A literal is read within a bounded stretch of the source, so a file of unclosed
        // brackets or comments costs a bounded time per attempt.
        let mut reach = source.len().min(open + MAX_LITERAL_BYTES);
        while !source.is_char_boundary(reach) {
            reach -= 1;
        }
        let mut parser = Parser {
            text: &source[..reach],
            at: open,
            depth: 0,
            prose: false,
            is_prose: &is_prose,
        };
        let Some(json) = parser.value() else {
            continue;
        };
        prose |= parser.prose;
        literals.push(Literal {
            name: found.get(1).map_or("entries", |m| m.as_str()).to_string(),
            json,
            start: open,
            end: parser.at,
        });
    }
    if !prose {
        return None;
    }
    // The largest object of the module is the document itself ("title", "responsibilities");
    // any other stands under its own name, as arrays and strings do.
    let document = literals
        .iter()
        .enumerate()
        .filter(|(_, l)| l.json.starts_with('{'))
        .max_by_key(|(i, l)| (l.json.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    let entries: Vec<String> = literals
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            if document == Some(i) {
                let inner = l.json[1..l.json.len() - 1].trim();
                (!inner.is_empty()).then(|| inner.to_string())
            } else {
                Some(format!("{}:{}", quoted(&l.name), l.json))
            }
        })
        .collect();
    let text = super::json_text::to_text(&format!("{{{}}}", entries.join(",")))?;
    let mut rest = String::with_capacity(source.len());
    let mut from = 0;
    literals.sort_by_key(|l| l.start);
    for literal in &literals {
        rest.push_str(&source[from..literal.start]);
        // The literal's lines stay as empty lines, so the code around it keeps its place.
        rest.extend(
            source[literal.start..literal.end]
                .matches('\n')
                .map(|_| '\n'),
        );
        from = literal.end;
    }
    rest.push_str(&source[from..]);
    Some((text, without_code(&rest)))
}

/// Whether a script holds JSX markup: a line that opens with a tag, and a closing tag.
pub(crate) fn holds_markup(source: &str) -> bool {
    source.contains("</")
        && source
            .lines()
            .any(|line| line.trim_start().starts_with('<') && !line.trim_start().starts_with("<="))
}

/// How many assignments are tried, and how far one literal may reach: a module of data is
/// far smaller, and a file of unclosed brackets must not cost more than this.
const MAX_LITERALS: usize = 500;
const MAX_LITERAL_BYTES: usize = 256 * 1024;
/// How deep literals may nest: data is a few levels deep, and the parser recurses.
const MAX_DEPTH: usize = 32;

/// A literal assigned to a name, written out as JSON, and where it stands in the source.
struct Literal {
    name: String,
    json: String,
    start: usize,
    end: usize,
}

/// A string as JSON writes it.
fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// The words of statements that open a line of code, not of text.
const CODE_OPENINGS: &[&str] = &[
    "import ",
    "export ",
    "const ",
    "let ",
    "var ",
    "function ",
    "return",
    "\"use client\"",
    "'use client'",
    "\"use strict\"",
    "'use strict'",
    "//",
    "interface ",
    "type ",
    "* ",
    "*/",
    "as const",
    "satisfies ",
];

/// `source` without its comments, its lines of code (imports, declarations, `return (`,
/// statements, a type's fields, lines of brackets) and without JSX's placeholders
/// (`{exp.role}`) and handlers (`onClick={() => …}`), which are not text.
pub(crate) fn without_code(source: &str) -> String {
    static PLACEHOLDER: OnceLock<Regex> = OnceLock::new();
    static TYPED_FIELD: OnceLock<Regex> = OnceLock::new();
    let placeholder = PLACEHOLDER.get_or_init(|| {
        Regex::new(r"=?\{[^{}<>]*=>[^{}<>]*\}|\{\s*[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*\s*\}")
            .expect("a valid pattern")
    });
    // `{" "}`, `{'—'}`: a string placed in JSX is its text.
    static STRING_PLACEHOLDER: OnceLock<Regex> = OnceLock::new();
    let string_placeholder = STRING_PLACEHOLDER.get_or_init(|| {
        Regex::new(r#"\{\s*(?:"([^"{}\n]*)"|'([^'{}\n]*)')\s*\}"#).expect("a valid pattern")
    });
    let typed_field = TYPED_FIELD.get_or_init(|| {
        Regex::new(r"^[A-Za-z_$][\w$]*\??\s*:\s*[A-Za-z_$][\w$<>\[\]| ]*;?$")
            .expect("a valid pattern")
    });
    without_comments(source)
        .lines()
        .map(|line| {
            let trimmed = line.trim();
            let markup = line.contains('<');
            let code = (CODE_OPENINGS.iter().any(|w| trimmed.starts_with(w)) && !markup)
                // `{items.map((item) => {`: a placeholder that opens a block of code.
                || (trimmed.starts_with('{') && trimmed.ends_with(['{', '(']))
                // A statement (`window.scrollTo(0, 0);`, `useEffect(() => {`), the end of a
                // block (`] as const;`) or a type's field (`role?: string;`).
                || (!markup
                    && ((trimmed.ends_with([';', '{']) && trimmed.contains(['(', '=']))
                        || trimmed.starts_with(['}', ']', ')'])
                        || typed_field.is_match(trimmed)))
                || trimmed
                    .chars()
                    .all(|c| matches!(c, '(' | ')' | '{' | '}' | '[' | ']' | ';' | ',' | ' '));
            if code {
                String::new()
            } else {
                let line = string_placeholder.replace_all(line, "$1$2");
                placeholder.replace_all(&line, "").into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// `source` with its `/* … */` comments (a JSDoc block, JSX's `{/* … */}`) as empty lines:
/// a note to the code's readers, not text. An unclosed comment runs to the end.
fn without_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(open) = rest.find("/*") {
        out.push_str(&rest[..open]);
        let comment = &rest[open..];
        let end = comment.find("*/").map_or(comment.len(), |end| end + 2);
        out.extend(comment[..end].matches('\n').map(|_| '\n'));
        rest = &comment[end..];
    }
    out.push_str(rest);
    out
}

/// A JavaScript literal read from `text` at `at`, written out as JSON.
struct Parser<'a, P> {
    text: &'a str,
    at: usize,
    /// How many objects and arrays are open.
    depth: usize,
    /// Whether a string of the literal reads as a sentence.
    prose: bool,
    is_prose: &'a P,
}

impl<'a, P: Fn(&str) -> bool> Parser<'a, P> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    /// Skips white space and comments.
    fn skip(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.at += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.at += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if let Some(comment) = trimmed.strip_prefix("/*") {
                // An unclosed comment runs to the end: nothing after it is a literal.
                self.at += comment.find("*/").map_or(trimmed.len(), |end| end + 4);
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip();
        if self.rest().starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// A value as JSON; `None` for anything a literal of data does not hold (a call, JSX, a
    /// spread, a function).
    fn value(&mut self) -> Option<String> {
        let value = self.bare_value()?;
        // TypeScript's `"Analyst" as const`, `[…] satisfies Job[]`: a type, not data.
        self.skip();
        for word in ["as ", "satisfies "] {
            if self.rest().starts_with(word) {
                let end = self
                    .rest()
                    .find([',', '}', ']', ';', '\n'])
                    .unwrap_or(self.rest().len());
                self.at += end;
            }
        }
        Some(value)
    }

    fn bare_value(&mut self) -> Option<String> {
        self.skip();
        let first = self.rest().chars().next()?;
        match first {
            // An icon written as JSX (`<FaChartBar />`): no text.
            '<' => {
                let end = self.rest().find("/>")?;
                if self.rest()[1..end].contains(['<', '>']) {
                    return None;
                }
                self.at += end + 2;
                Some("null".to_string())
            }
            '{' => self.object(),
            '[' => self.array(),
            '"' | '\'' | '`' => {
                let text = self.string()?;
                if (self.is_prose)(&text) {
                    self.prose = true;
                }
                Some(quoted(&text))
            }
            _ => {
                // A number, `true`, `null`, or a name (an icon, a constant): a word, dots
                // between, never followed by a call or JSX.
                let word = self
                    .rest()
                    .split(|c: char| {
                        !(c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '-' | '+'))
                    })
                    .next()
                    .unwrap_or("");
                if word.is_empty() {
                    return None;
                }
                self.at += word.len();
                self.skip();
                if self.rest().starts_with(['(', '<', '=']) {
                    return None;
                }
                Some(match word {
                    "true" | "false" | "null" => word.to_string(),
                    _ if word.parse::<f64>().is_ok_and(f64::is_finite) => quoted(word),
                    _ => "null".to_string(),
                })
            }
        }
    }

    fn object(&mut self) -> Option<String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.eat('{');
        let mut fields = Vec::new();
        loop {
            if self.eat('}') {
                self.depth -= 1;
                return Some(format!("{{{}}}", fields.join(",")));
            }
            self.skip();
            let key = match self.rest().chars().next()? {
                '"' | '\'' => self.string()?,
                _ => {
                    let word = self
                        .rest()
                        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '$')))
                        .next()
                        .unwrap_or("");
                    if word.is_empty() {
                        return None;
                    }
                    self.at += word.len();
                    word.to_string()
                }
            };
            if !self.eat(':') {
                // A shorthand property or a method: code, not data.
                return None;
            }
            let value = self.value()?;
            fields.push(format!("{}:{value}", quoted(&key)));
            if !self.eat(',') {
                self.depth -= 1;
                return self.eat('}').then(|| format!("{{{}}}", fields.join(",")));
            }
        }
    }

    fn array(&mut self) -> Option<String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.eat('[');
        let mut items = Vec::new();
        loop {
            if self.eat(']') {
                self.depth -= 1;
                return Some(format!("[{}]", items.join(",")));
            }
            items.push(self.value()?);
            if !self.eat(',') {
                self.depth -= 1;
                return self.eat(']').then(|| format!("[{}]", items.join(",")));
            }
        }
    }

    /// A quoted string's text, escapes read; a template's `${…}` parts left out.
    fn string(&mut self) -> Option<String> {
        let quote = self.rest().chars().next()?;
        self.at += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next()? {
                    (_, 'n') => out.push('\n'),
                    (_, 't') => out.push('\t'),
                    (_, 'r') => {}
                    (j, 'u') => {
                        // `\u00e9`: four hex digits.
                        let hex = self.rest().get(j + 1..j + 5)?;
                        out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                        for _ in 0..4 {
                            chars.next();
                        }
                    }
                    (_, other) => out.push(other),
                },
                '$' if quote == '`' && self.rest()[i..].starts_with("${") => {
                    // A placeholder, braces inside it counted; a template inside one is code.
                    let mut open = 0usize;
                    for (_, c) in chars.by_ref() {
                        match c {
                            '{' => open += 1,
                            '}' if open <= 1 => break,
                            '}' => open -= 1,
                            '`' => return None,
                            _ => {}
                        }
                    }
                }
                '\n' if quote != '`' => return None,
                c if c == quote => {
                    self.at += i + 1;
                    return Some(out);
                }
                c => out.push(c),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> bool {
        text.split_whitespace().count() >= 5
    }

    #[test]
    fn an_array_of_records_in_a_component_reads_as_a_resume_section() {
        let source = "import { motion } from 'framer-motion';\n\nexport const Experience = () => {\n    \
            const experiences = [\n        {\n            role: \"Accountant\",\n            \
            company: 'Rock Bridge Ministries',\n            period: \"Aug 2024 – Present\",\n            \
            description: \"Managing full-cycle accounting, financial reporting and payroll.\" // note\n        },\n    ];\n\n    \
            return (\n        <section>\n            <h3>{exp.role}</h3>\n            {/* Content Card */}\n            \
            <p>Every entry, in order.</p>\n        </section>\n    );\n};\n";
        let (text, rest) = split(source, prose).unwrap();
        assert_eq!(
            text,
            "\n## Work Experience\n\nAccountant, Rock Bridge Ministries\nAug 2024 – Present\nManaging full-cycle accounting, financial reporting and payroll.\n"
        );
        assert!(
            !rest.contains("import") && !rest.contains("return") && !rest.contains("exp.role"),
            "{rest}"
        );
        assert!(
            !rest.contains("Content Card") && rest.contains("<p>Every entry, in order.</p>"),
            "{rest}"
        );
        assert!(rest.starts_with("<section>"), "{rest}");
    }

    #[test]
    fn a_typed_object_gives_the_document_its_fields() {
        let source = "export const jobDescription: JobDescription = {\n  jobTitle: \" Logistics Coordinator\",\n  \
            workingdays: 6,\n  remote: false,\n  icon: Briefcase,\n  \
            responsibilities: [\n    `Lead daily coordination of fuel delivery routes across hubs`,\n    \
            \"Monitor and maintain inventory levels with care\",\n  ],\n};\n";
        let (text, _) = split(source, prose).unwrap();
        assert!(
            text.contains("- Lead daily coordination of fuel delivery routes across hubs"),
            "{text}"
        );
        assert!(
            text.contains("Logistics Coordinator") && text.contains("Workingdays: 6"),
            "{text}"
        );
        assert!(!text.contains('{') && !text.contains("Briefcase"), "{text}");
    }

    #[test]
    fn templates_escapes_and_markup_in_strings_are_read() {
        let source = "export var role = {\n    header: `Reports to: ${manager}<br>\n    As our coordinator, you\\'ll keep campaigns on track.<br>`,\n};";
        let (text, _) = split(source, prose).unwrap();
        assert!(
            text.contains("Reports to: \n") || text.contains("Reports to:"),
            "{text}"
        );
        assert!(
            text.contains("As our coordinator, you'll keep campaigns on track."),
            "{text}"
        );
        assert!(!text.contains("${") && !text.contains("<br>"), "{text}");
    }

    #[test]
    fn beside_a_sentence_every_literal_is_read_and_objects_keep_their_names() {
        let source = "export const summary = \"Registered nurse with eight years in intensive care units.\";\n\
            export const skills = [\"Triage\", \"Wound care\"] as const;\n\
            export const job = { title: \"Night Nurse\", duties: [\"Care for twelve patients on the night shift.\"], icon: <FaBed /> };\n\
            export const company = { name: \"Lakeside\" };\n";
        let (text, rest) = split(source, prose).unwrap();
        assert!(text.starts_with("# Night Nurse\n"), "{text}");
        assert!(text.contains("Registered nurse with eight years"), "{text}");
        assert!(text.contains("- Triage\n- Wound care"), "{text}");
        assert!(text.contains("## Company\n\nName: Lakeside"), "{text}");
        assert!(rest.is_empty(), "{rest}");
    }

    #[test]
    fn hostile_sources_cost_a_bounded_time_and_never_overflow() {
        let deep = format!("const x = {}", "[".repeat(200_000));
        assert_eq!(split(&deep, prose), None);
        let comments = "const a = [0,/* ".repeat(20_000);
        let started = std::time::Instant::now();
        assert_eq!(split(&comments, prose), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn a_long_literal_is_cut_on_a_character_boundary() {
        // The reach of one literal ends inside a two-byte character.
        let source = format!(
            "const a = [\"{}é\"];\nconst b = [\"Cooked for two hundred guests every night.\"];",
            "x".repeat(MAX_LITERAL_BYTES - 3)
        );
        let (text, _) = split(&source, prose).unwrap();
        assert!(text.contains("Cooked for two hundred guests"), "{text}");
    }

    #[test]
    fn comments_statements_and_types_are_not_text() {
        let source = "/**\n * Uses Kubernetes-style cards; TODO migrate to Angular\n */\n\
            interface Job {\n  role?: string;\n}\n\
            const jobs = [{ role: \"Cook\", text: \"Cooked for two hundred guests every night.\" }];\n\
            useEffect(() => {\n  window.scrollTo(0, 0);\n});\n\
            <div>{/* a note\n about forklifts */}<p onClick={() => setOpen(true)}>Menu</p></div>\n";
        let (_, rest) = split(source, prose).unwrap();
        for code in [
            "Kubernetes",
            "Angular",
            "role?",
            "scrollTo",
            "useEffect",
            "forklifts",
            "setOpen",
        ] {
            assert!(!rest.contains(code), "{code} in {rest}");
        }
        assert!(rest.contains("Menu"), "{rest}");
    }

    #[test]
    fn code_and_literals_without_prose_are_not_data() {
        assert_eq!(
            split("const x = [1, 2, 3];\nconst y = { a: 'b' };", prose),
            None
        );
        assert_eq!(split("const f = { run() { return 1 } };", prose), None);
        assert_eq!(
            split(
                "const items = [<li>Managed a team of nine nurses daily</li>];",
                prose
            ),
            None
        );
        assert_eq!(
            split("const broken = [\"Managed a team of nine nurses", prose),
            None
        );
        assert_eq!(split("", prose), None);
    }
}
