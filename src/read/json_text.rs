//! A JSON or YAML document (a JSON Resume, a FRESH resume, a RenderCV `cv:` file, a JSON job
//! description) read as the text a person would see when it is rendered: the name as the
//! title, each section under a heading
//! ("Work Experience", "Education", "Skills"…), each entry's title, its dates as a range
//! ("Dec 2013 – Jan 2015"), its text and its lists as bullets. Keys, quotes and braces are not
//! text: read raw, two JSON files look alike to the model whatever they say, and a person
//! reading the evidence would see syntax, not their own words.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Keys that hold nothing a reader of the document sees.
const SKIPPED: &[&str] = &[
    "$schema",
    "meta",
    "canonical",
    "version",
    "lastmodified",
    "theme",
];
/// Keys at any depth that hold a builder's settings for the page, not text (Reactive
/// Resume's `"visible": true`, `"columns": 2`, `"id": "spdhh9rr…"`).
const SETTINGS: &[&str] = &[
    "id",
    "visible",
    "enable",
    "enabled",
    "hidden",
    "columns",
    "separatelinks",
    "icon",
    "layout",
    "css",
    "typography",
    "template",
];
/// Keys whose value names an entry, in the order they make its title line.
const TITLE_KEYS: &[&str] = &[
    "position",
    "subtitle",
    "title",
    "role",
    "studytype",
    "area",
    "degree",
    "name",
    "institution",
    "organization",
    "company",
    "employer",
    "school",
    "issuer",
    "awarder",
    "publisher",
];
/// Keys that name a resume section wherever they are nested.
const SECTION_KEYS: &[&str] = &[
    "work",
    "employment",
    "experience",
    "positions",
    "education",
    "skills",
    "projects",
    "volunteer",
    "awards",
    "certifications",
    "certificates",
    "publications",
    "languages",
    "interests",
    "references",
    "summary",
    "profiles",
];
const START_KEYS: &[&str] = &["startdate", "datestart", "start", "from"];
const END_KEYS: &[&str] = &["enddate", "dateend", "end", "to"];
/// The longest value that still names an entry.
const MAX_TITLE_CHARS: usize = 80;
const DATE_KEYS: &[&str] = &["date", "dates", "period", "releasedate", "awarded"];
/// Endings of keys whose one value styles the page (`glowColor`, `className`,
/// `headerStyle`), never text.
const STYLE_ENDINGS: &[&str] = &["color", "colour", "classname", "class", "style", "gradient"];
/// Whether a value styles a page: classes or colours (`from-ocean-blue to-aqua-glow`,
/// `md:flex`, `#0af`, `rgb(0, 0, 0)`), never words ("First Class Honours", "concise").
fn styles(value: &str) -> bool {
    let value = value.trim();
    !value.is_empty()
        && !value.chars().any(char::is_uppercase)
        && (value.starts_with("rgb")
            || value.starts_with("hsl")
            || value
                .split_whitespace()
                .all(|t| t.starts_with('#') || t.contains(['-', ':'])))
}

/// Keys at any depth (or their endings: `profileImage`) that hold a picture (its path, its
/// size, its alt text), never text.
const MEDIA: &[&str] = &[
    "picture",
    "image",
    "images",
    "photo",
    "avatar",
    "logo",
    "thumbnail",
];

/// A JSON value that keeps its keys in the order the file writes them.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Text(if v { "yes" } else { "no" }.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Text(plain(v)))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Text(plain(&v)))
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Text(String::new()))
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Text(String::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Node>()? {
                    // A setting is a flag, a number or an id; a list or an object under such
                    // a key ("CSS": ["Sass"]) is content.
                    let lower = key.to_lowercase();
                    let setting = match &value {
                        Node::Text(text) => {
                            SETTINGS.contains(&lower.as_str())
                                || (STYLE_ENDINGS.iter().any(|end| lower.ends_with(end))
                                    && styles(text))
                        }
                        _ => false,
                    };
                    // A picture is a path or a record of one (`src`, `width`, `alt`); a list
                    // under "Photo" is a photographer's skills.
                    let media =
                        MEDIA.iter().any(|m| lower.ends_with(m)) && !matches!(value, Node::List(_));
                    if !setting && !media {
                        entries.push((key, value));
                    }
                }
                Ok(Node::Map(entries))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// The text of a JSON document whose top level is an object; `None` for anything else (a
/// text file that only starts with a brace is read as text).
pub(crate) fn to_text(json: &str) -> Option<String> {
    let trimmed = json.trim_start();
    if !trimmed.starts_with('{') {
        return None;
    }
    let Ok(Node::Map(entries)) = serde_json::from_str::<Node>(trimmed) else {
        return None;
    };
    root_to_text(&entries)
}

/// Keys under which a YAML file holds the resume itself, beside its builder's settings
/// (RenderCV's `cv:` next to `design:` and `locale:`).
const WRAPPER_KEYS: &[&str] = &["cv", "resume"];

/// The text of a YAML document whose top level is a mapping (a file named `.yaml` or `.yml`);
/// `None` for anything else (a list, a scalar, several documents, or YAML that does not
/// parse), which is then read as text.
pub(crate) fn yaml_to_text(yaml: &str) -> Option<String> {
    let entries = match Node::deserialize(serde_yaml_ng::Deserializer::from_str(yaml)) {
        Ok(Node::Map(entries)) => entries,
        Ok(Node::List(items)) => return section_list_to_text(&items),
        _ => return None,
    };
    let wrapped = entries.iter().find_map(|(k, v)| match v {
        Node::Map(inner) if WRAPPER_KEYS.contains(&key(k).as_str()) => Some(inner),
        _ => None,
    });
    root_to_text(wrapped.unwrap_or(&entries))
}

/// Keys under which a section of a site's resume data file names itself.
const SECTION_NAME_KEYS: &[&str] = &["title", "name", "section", "heading"];

/// The text of a site's resume data file that is a list of sections, each a record with its
/// own short name and its entries (a Jekyll `_data/resume.yml`: `- title: Experience` over
/// `items: [...]`): each section under its name as a heading, read as a JSON Resume's
/// sections are. `None` unless every item is such a section and there are two or more.
fn section_list_to_text(items: &[Node]) -> Option<String> {
    let sections: Vec<(String, Vec<(String, Node)>)> = items
        .iter()
        .map(|item| {
            let Node::Map(fields) = item else {
                return None;
            };
            let (name_key, name) = fields.iter().find_map(|(k, v)| {
                SECTION_NAME_KEYS
                    .contains(&key(k).as_str())
                    .then(|| scalar(v).map(|name| (k.clone(), name)))
                    .flatten()
            })?;
            let holds_entries = fields.iter().any(|(_, v)| matches!(v, Node::List(_)));
            (name.chars().count() <= MAX_TITLE_CHARS && holds_entries).then(|| {
                let rest = fields
                    .iter()
                    .filter(|(k, _)| *k != name_key)
                    .cloned()
                    .collect();
                (name, rest)
            })
        })
        .collect::<Option<_>>()?;
    if sections.len() < 2 {
        return None;
    }
    let mut out = Vec::new();
    for (name, fields) in &sections {
        out.push(String::new());
        out.push(format!("## {}", name.trim()));
        out.push(String::new());
        for (k, v) in fields {
            match v {
                // A section's one-word values (`type: list`, `icon: briefcase`) style it;
                // words with spaces are its text.
                Node::Text(t) if SETTINGS.contains(&key(k).as_str()) || !t.trim().contains(' ') => {
                }
                Node::Text(t) => out.push(t.trim().to_string()),
                other => write_value(other, &mut out),
            }
        }
    }
    let text = out.join("\n");
    Some(text.trim_start().to_string())
}

/// How long a top-level value may be and still be a labelled line, not a paragraph.
const PARAGRAPH: usize = 200;

/// Keys of a site page's front matter that are about the page (its layout, date, place in
/// menus and feeds), never on it.
const PAGE_KEYS: &[&str] = &[
    "layout",
    "draft",
    "date",
    "lastmod",
    "publishdate",
    "expirydate",
    "weight",
    "type",
    "slug",
    "url",
    "permalink",
    "aliases",
    "menu",
    "tags",
    "categories",
    "keywords",
    "sitemap",
    "toc",
    "comments",
    "math",
    "widget",
    "headless",
    "active",
    "design",
    "advanced",
    "dateformat",
];

/// The text of a page whose YAML front matter holds the page itself (a site theme's resume
/// page: `experience:` as a list of records with their sentences, and a body that only calls
/// the layout): its fields rendered like a YAML resume's, the page's metadata left out.
/// `None` unless one of its lists holds records, one of whose values `is_prose`.
pub(crate) fn data_page_to_text(
    yaml: &str,
    is_prose: impl Fn(&str) -> bool,
    about_the_page: impl Fn(&str) -> bool,
) -> Option<String> {
    let Ok(Node::Map(entries)) = Node::deserialize(serde_yaml_ng::Deserializer::from_str(yaml))
    else {
        return None;
    };
    let has_records_of_prose = entries.iter().any(|(_, value)| match value {
        Node::List(items) => items.iter().any(|item| match item {
            Node::Map(fields) => fields
                .iter()
                .any(|(_, v)| matches!(v, Node::Text(t) if is_prose(t))),
            _ => false,
        }),
        _ => false,
    });
    if !has_records_of_prose {
        return None;
    }
    let on_the_page: Vec<(String, Node)> = entries
        .into_iter()
        .filter(|(k, _)| !PAGE_KEYS.contains(&key(k).as_str()) && !about_the_page(k))
        .collect();
    root_to_text(&on_the_page)
}

/// The text of a document's top-level entries.
fn root_to_text(entries: &[(String, Node)]) -> Option<String> {
    let mut out = Vec::new();
    // The name (or a posting's title) first, as the document's title.
    let header = entries
        .iter()
        .find(|(k, _)| matches!(key(k).as_str(), "basics" | "info" | "contact"));
    if let Some((_, Node::Map(basics))) = header {
        write_basics(basics, &mut out);
    }
    for (k, value) in entries {
        let k_low = key(k);
        let is_header = header.is_some_and(|(h, _)| h == k);
        if SKIPPED.contains(&k_low.as_str()) || is_header {
            continue;
        }
        match value {
            // The name heads the document, and a title beside it is their headline; a
            // posting's title alone heads it.
            Node::Text(text) if k_low == "name" && !text.trim().is_empty() => {
                if let Some(title) = out.first_mut().filter(|l| l.starts_with("# ")) {
                    *title = title[2..].to_string();
                }
                out.insert(0, format!("# {}", text.trim()));
            }
            Node::Text(text)
                if matches!(k_low.as_str(), "title" | "jobtitle" | "positiontitle")
                    && !text.trim().is_empty() =>
            {
                if out.first().is_some_and(|l| l.starts_with("# ")) {
                    out.insert(1, text.trim().to_string());
                } else {
                    out.insert(0, format!("# {}", text.trim()));
                }
            }
            // A paragraph (several lines, or a long one) stands under its key as a heading, as a
            // page shows it; a short value is a labelled line.
            Node::Text(text) if text.trim().contains('\n') || text.trim().len() > PARAGRAPH => {
                out.push(String::new());
                out.push(format!("## {}", heading(k)));
                out.push(String::new());
                out.push(text.trim().to_string());
            }
            Node::Text(text) if !text.trim().is_empty() => {
                out.push(format!("{}: {}", heading(k), text.trim()));
            }
            Node::Text(_) => {}
            _ => match named_sections(k, value) {
                Some(sections) => write_sections(sections, &mut out),
                None => {
                    out.push(String::new());
                    out.push(format!("## {}", heading(k)));
                    out.push(String::new());
                    write_value(value, &mut out);
                }
            },
        }
    }
    // When the document was last written: what "present" in its dates means.
    let modified = entries
        .iter()
        .find_map(|(k, v)| match (key(k).as_str(), v) {
            ("meta", Node::Map(meta)) => meta
                .iter()
                .find_map(|(k, v)| (key(k) == "lastmodified").then(|| scalar(v)).flatten()),
            ("lastmodified", v) => scalar(v),
            _ => None,
        });
    if let Some(date) = modified {
        out.push(String::new());
        out.push(format!(
            "Last updated: {}",
            month_year(date.get(..10).unwrap_or(&date))
        ));
    }
    let text = out.join("\n");
    (!text.trim().is_empty()).then_some(text)
}

/// A key compared without case, `_` or `-`.
fn key(k: &str) -> String {
    k.to_ascii_lowercase().replace(['_', '-'], "")
}

/// A section heading for a key: the names resumes use, else the key in words.
fn heading(k: &str) -> String {
    match key(k).as_str() {
        "work" | "employment" | "experience" | "experiences" | "workexperience" | "jobs"
        | "positions" => "Work Experience".into(),
        "certificates" => "Certifications".into(),
        "volunteer" => "Volunteering".into(),
        _ => {
            // A constant's name (`PERSONAL_INFO`) is words in capitals, not initials.
            let lowered;
            let k = if k.chars().any(char::is_lowercase) {
                k
            } else {
                lowered = k.to_lowercase();
                &lowered
            };
            let mut words = String::new();
            for (i, c) in k.chars().enumerate() {
                if c == '_' || c == '-' {
                    words.push(' ');
                } else if c.is_uppercase() && i > 0 {
                    words.push(' ');
                    words.extend(c.to_lowercase());
                } else if i == 0 {
                    words.extend(c.to_uppercase());
                } else {
                    words.push(c);
                }
            }
            words
        }
    }
}

/// The person's name, headline, contacts and location, then their summary.
fn write_basics(basics: &[(String, Node)], out: &mut Vec<String>) {
    let text = |name: &str| {
        basics.iter().find_map(|(k, v)| match v {
            Node::Text(t) if key(k) == name && !t.trim().is_empty() => Some(t.trim().to_string()),
            _ => None,
        })
    };
    if let Some(name) = text("name") {
        out.push(format!("# {name}"));
    }
    for headline in ["label", "headline", "brief"] {
        if let Some(line) = text(headline) {
            out.push(line);
        }
    }
    let contacts: Vec<String> = ["email", "phone", "url", "website"]
        .iter()
        .filter_map(|k| text(k))
        .collect();
    if !contacts.is_empty() {
        out.push(contacts.join(" · "));
    }
    for (k, v) in basics {
        match (key(k).as_str(), v) {
            ("location", Node::Map(parts)) => {
                let place: Vec<String> = parts.iter().filter_map(|(_, v)| scalar(v)).collect();
                if !place.is_empty() {
                    out.push(place.join(", "));
                }
            }
            ("profiles", Node::List(profiles)) => {
                for profile in profiles {
                    let line = match profile {
                        Node::Map(fields) => fields
                            .iter()
                            .filter_map(|(_, v)| scalar(v))
                            .collect::<Vec<_>>()
                            .join(" "),
                        other => scalar(other).unwrap_or_default(),
                    };
                    if !line.is_empty() {
                        out.push(line);
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(summary) = text("summary") {
        out.push(String::new());
        out.push("## Summary".into());
        out.push(String::new());
        out.push(summary);
    }
}

/// A text as a person reads it: builders that store rich text (Reactive Resume's
/// `<ul><li><p>…`) have its tags turned into lines and bullets, and its entities into
/// characters; any other text is kept as written. A plain scan, no HTML parser: a JSON string
/// is read in the main process, where nothing may recurse as deep as a hostile file nests.
fn plain(text: &str) -> String {
    const MARKUP: &[&str] = &[
        "<p>", "<p ", "<li>", "<ul>", "<ol>", "<br", "<strong>", "<em>", "</",
    ];
    if !MARKUP.iter().any(|tag| text.contains(tag)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close]
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match tag.as_str() {
            "li" if !rest[open + 1..].starts_with('/') => out.push_str("\n- "),
            "p" | "br" | "div" | "ul" | "ol" | "li" | "h1" | "h2" | "h3" | "h4" => out.push('\n'),
            _ => {}
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let out = super::markdown::entities_as_characters(&out);
    let mut lines: Vec<&str> = Vec::new();
    for line in out.lines().map(str::trim) {
        // "- " then the paragraph inside the item: one bullet.
        if let Some(last) = lines.last() {
            if *last == "-" && !line.is_empty() {
                lines.pop();
                lines.push(line);
                continue;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    let mut joined = Vec::new();
    let mut bullet_next = false;
    for line in lines {
        if line == "-" {
            bullet_next = true;
            continue;
        }
        joined.push(if bullet_next {
            format!("- {line}")
        } else {
            line.to_string()
        });
        bullet_next = false;
    }
    joined.join("\n")
}

fn scalar(node: &Node) -> Option<String> {
    match node {
        Node::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    }
}

/// The sections a `sections` mapping holds when each of its keys is a section's own title
/// over its list of entries (RenderCV's `sections: {experience: [...], selected_honors:
/// [...]}`); `None` for any other key or shape (Reactive Resume's `sections` hold objects,
/// read through by [`write_value`]).
fn named_sections<'a>(k: &str, value: &'a Node) -> Option<&'a [(String, Node)]> {
    match value {
        Node::Map(fields)
            if key(k) == "sections"
                && !fields.is_empty()
                && fields.iter().all(|(_, v)| matches!(v, Node::List(_))) =>
        {
            Some(fields)
        }
        _ => None,
    }
}

/// Each of [`named_sections`]' sections under its title as a heading.
fn write_sections(sections: &[(String, Node)], out: &mut Vec<String>) {
    for (name, list) in sections {
        out.push(String::new());
        out.push(format!("## {}", heading(name)));
        out.push(String::new());
        write_value(list, out);
    }
}

/// A section's value: a list of entries, a list of words, a nested object or a text.
fn write_value(value: &Node, out: &mut Vec<String>) {
    match value {
        Node::Text(text) => out.push(text.trim().to_string()),
        Node::List(items) => {
            // The section the last entry said it belongs to.
            let mut section: Option<String> = None;
            for item in items {
                match item {
                    Node::Map(fields) => {
                        // One list of every entry, each saying its section
                        // (`"itemType": "Experience"`): a heading where the section changes.
                        if let Some(named) = section_named(fields) {
                            if section.as_deref() != Some(named.as_str()) {
                                out.push(String::new());
                                out.push(format!("## {named}"));
                                out.push(String::new());
                                section = Some(named);
                            }
                        }
                        write_entry(fields, out);
                        out.push(String::new());
                    }
                    Node::Text(text) if !text.trim().is_empty() => {
                        out.push(format!("- {}", text.trim()));
                    }
                    Node::Text(_) => {}
                    list => write_value(list, out),
                }
            }
        }
        Node::Map(fields) => {
            // FRESH nests its lists one level down ("employment": {"history": [...]}), Reactive
            // Resume its sections ("sections": {"experience": {"items": [...]}}): a key that
            // names a resume section becomes a heading, others are read through.
            for (k, v) in fields {
                match v {
                    Node::Text(t) if !t.trim().is_empty() => {
                        out.push(format!("{}: {}", heading(k), t.trim()))
                    }
                    Node::Text(_) => {}
                    other => {
                        if let Some(sections) = named_sections(k, other) {
                            write_sections(sections, out);
                            continue;
                        }
                        if SECTION_KEYS.contains(&key(k).as_str()) {
                            out.push(String::new());
                            out.push(format!("## {}", heading(k)));
                            out.push(String::new());
                        }
                        write_value(other, out)
                    }
                }
            }
        }
    }
}

/// One entry (a position, a degree, a project): its title line, its dates as a range, its
/// texts, then its lists as bullets.
fn write_entry(fields: &[(String, Node)], out: &mut Vec<String>) {
    let field = |names: &[&str]| {
        fields.iter().find_map(|(k, v)| {
            names
                .contains(&key(k).as_str())
                .then(|| scalar(v))
                .flatten()
        })
    };
    // A title names: a value of a sentence's length (`role: "Led product shoots for …"`) is
    // text, written with the entry's other lines.
    let names = |v: &String| v.chars().count() <= MAX_TITLE_CHARS;
    let title: Vec<String> = TITLE_KEYS
        .iter()
        .filter_map(|k| field(&[k]))
        .filter(names)
        .collect();
    if !title.is_empty() {
        out.push(title.join(", "));
    }
    // The dates may sit in a field of their own: `date: {start: 2024-01-01, end: null}`.
    let in_dates = |names: &[&str]| {
        fields.iter().find_map(|(k, v)| match v {
            Node::Map(inner) if DATE_KEYS.contains(&key(k).as_str()) => {
                inner.iter().find_map(|(k, v)| {
                    names
                        .contains(&key(k).as_str())
                        .then(|| scalar(v))
                        .flatten()
                })
            }
            _ => None,
        })
    };
    let start = field(START_KEYS).or_else(|| in_dates(START_KEYS));
    let end = field(END_KEYS).or_else(|| in_dates(END_KEYS));
    match (start, end) {
        (Some(start), end) => out.push(format!(
            "{} – {}",
            month_year(&start),
            end.map_or_else(|| "present".to_string(), |e| month_year(&e))
        )),
        (None, Some(end)) => out.push(month_year(&end)),
        (None, None) => {
            if let Some(date) = field(DATE_KEYS) {
                out.push(month_year(&date));
            }
        }
    }
    let dated: Vec<&str> = [START_KEYS, END_KEYS, DATE_KEYS].concat();
    let section = section_named(fields);
    for (k, v) in fields {
        let k_low = key(k);
        let titled = TITLE_KEYS.contains(&k_low.as_str()) && scalar(v).is_some_and(|t| names(&t));
        let its_section = SECTION_TYPE_KEYS.contains(&k_low.as_str()) && scalar(v) == section;
        if titled || its_section || dated.contains(&k_low.as_str()) {
            continue;
        }
        match v {
            Node::Text(t) if !t.trim().is_empty() => out.push(t.trim().to_string()),
            Node::Text(_) => {}
            Node::List(items) if fragments(items).is_some() => {
                out.extend(fragments(items));
            }
            Node::List(items) => {
                for item in items {
                    match item {
                        Node::Text(t) if !t.trim().is_empty() => {
                            out.push(format!("- {}", t.trim()))
                        }
                        // A position held at a company listed with its own positions
                        // (`items: [{title: Director of Product, start_date: …}]`): an entry of
                        // its own, with its title, dates and text.
                        Node::Map(inner) if is_entry(inner) => {
                            out.push(String::new());
                            write_entry(inner, out);
                        }
                        Node::Map(inner) => {
                            let line: Vec<String> =
                                inner.iter().filter_map(|(_, v)| scalar(v)).collect();
                            if !line.is_empty() {
                                out.push(format!("- {}", line.join(", ")));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Node::Map(inner) => {
                let line: Vec<String> = inner.iter().filter_map(|(_, v)| scalar(v)).collect();
                if !line.is_empty() {
                    out.push(line.join(", "));
                }
            }
        }
    }
}

/// Keys under which an entry may say which section of the resume it belongs to.
const SECTION_TYPE_KEYS: &[&str] = &["itemtype", "type", "section", "category", "kind"];

/// The section an entry says it belongs to (`"itemType": "Experience"`), where the value
/// names one of a resume's sections; `None` for any other type (`type: highlight`).
fn section_named(fields: &[(String, Node)]) -> Option<String> {
    fields.iter().find_map(|(k, v)| {
        let value = scalar(v)?;
        let names_a_section = SECTION_TYPE_KEYS.contains(&key(k).as_str())
            && (SECTION_KEYS.contains(&key(&value).as_str())
                || matches!(
                    key(&value).as_str(),
                    "workexperience" | "experiences" | "jobs"
                ));
        names_a_section.then_some(value)
    })
}

/// Whether a record is an entry of its own: it has a short title and dates.
fn is_entry(fields: &[(String, Node)]) -> bool {
    let has = |names: &[&str], short: bool| {
        fields.iter().any(|(k, v)| {
            names.contains(&key(k).as_str())
                && scalar(v).is_some_and(|t| !short || t.chars().count() <= MAX_TITLE_CHARS)
        })
    };
    has(TITLE_KEYS, true) && has(&[START_KEYS, END_KEYS, DATE_KEYS].concat(), false)
}

/// Keys under which a piece of rich text holds its words.
const FRAGMENT_TEXT_KEYS: &[&str] = &["value", "text", "content"];

/// A paragraph written as pieces of rich text, each with its words and its style
/// (`[{type: text, value: "Led the "}, {type: highlight, value: "new platform"}]`): the pieces
/// joined as the page shows them. `None` unless every item is such a piece, styled, and some
/// piece stops short of a sentence's end: a list of whole sentences (`[{text: "Built the
/// API."}, {text: "Led three people."}]`) stays a list.
fn fragments(items: &[Node]) -> Option<String> {
    let mut line = String::new();
    let mut unfinished = false;
    for item in items {
        let Node::Map(fields) = item else {
            return None;
        };
        let mut words = None;
        let mut styled = false;
        for (k, v) in fields {
            match v {
                Node::Text(t) if FRAGMENT_TEXT_KEYS.contains(&key(k).as_str()) => words = Some(t),
                // Anything else names the piece's style in a word.
                Node::Text(t) if !t.trim().contains(' ') => styled = true,
                _ => return None,
            }
        }
        let words = words.filter(|_| styled)?;
        unfinished |= !words.trim_end().ends_with(['.', '!', '?']);
        line.push_str(words);
    }
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    (unfinished && !line.is_empty()).then_some(line)
}

/// An ISO date as a person writes it: "2013-12-01" and "2013-12" → "Dec 2013"; a year, or
/// anything else, as given.
fn month_year(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = date.trim().split('-');
    match (parts.next(), parts.next()) {
        (Some(year), Some(month))
            if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) =>
        {
            match month.parse::<usize>() {
                Ok(m @ 1..=12) => format!("{} {year}", MONTHS[m - 1]),
                _ => date.trim().to_string(),
            }
        }
        _ => date.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_resume_reads_as_its_rendered_text() {
        let json = r#"{
          "$schema": "https://example.org/schema.json",
          "basics": {"name": "Ana Díaz", "label": "Data Analyst", "email": "ana@example.org",
                     "summary": "Analyst who turns SQL into decisions.",
                     "location": {"city": "Austin", "region": "TX"}},
          "work": [{"name": "Café Lumen", "position": "Operations Lead", "startDate": "2016-03-01",
                    "endDate": "2023-08", "summary": "Ran the floor.",
                    "highlights": ["Cut overtime by 18%", "Hired 35 people"]},
                   {"name": "Acme", "position": "Analyst", "startDate": "2023-09"}],
          "skills": [{"name": "Data", "keywords": ["SQL", "Python"]}],
          "meta": {"version": "v1"}
        }"#;
        let text = to_text(json).unwrap();
        assert_eq!(
            text,
            "# Ana Díaz\nData Analyst\nana@example.org\nAustin, TX\n\n## Summary\n\nAnalyst who turns SQL into decisions.\n\n## Work Experience\n\nOperations Lead, Café Lumen\nMar 2016 – Aug 2023\nRan the floor.\n- Cut overtime by 18%\n- Hired 35 people\n\nAnalyst, Acme\nSep 2023 – present\n\n\n## Skills\n\nData\n- SQL\n- Python\n"
        );
        assert!(!text.contains('"') && !text.contains('{'));
    }

    #[test]
    fn pictures_are_left_out_and_dates_in_their_own_field_are_read() {
        let yaml = "roles:\n  - role: Content Creator\n    date:\n      start: 2024-01-01\n      \
            end: null\n    picture:\n      src: /img/a.webp\n      alt: Picture of a dish\n      \
            width: 664\n    description: I write copy and film promotional videos for clients.\n";
        let text = yaml_to_text(yaml).unwrap();
        assert_eq!(
            text,
            "\n## Roles\n\nContent Creator\nJan 2024 – present\nI write copy and film promotional videos for clients.\n"
        );
    }

    #[test]
    fn a_name_heads_its_title_and_styles_and_constant_names_read_as_words() {
        let json = r#"{"title": "Registered Nurse (BSN, RN)", "name": "Hasara Mudalige",
            "profileImage": "/her.png", "SERVICES": [{"title": "Patient Care",
            "glowColor": "from-ocean-blue to-aqua-glow", "description": "Attentive care."}]}"#;
        assert_eq!(
            to_text(json).unwrap(),
            "# Hasara Mudalige\nRegistered Nurse (BSN, RN)\n\n## Services\n\nPatient Care\nAttentive care.\n"
        );
    }

    #[test]
    fn style_and_picture_keys_are_left_out_only_when_they_hold_styles_and_pictures() {
        let yaml = "skills:\n  Photo:\n    - Lightroom\n  Logo design:\n    - Illustrator\n\
            education:\n  - degree: BA\n    degreeClass: First Class Honours\n    \
            badgeColor: bg-blue-500\n    logo:\n      src: /uni.png\n\
            work:\n  - role: Led product shoots for e-commerce clients and retouched images in Photoshop for years.\n    \
            company: Studio Norte\n";
        let text = yaml_to_text(yaml).unwrap();
        for kept in [
            "Lightroom",
            "Illustrator",
            "First Class Honours",
            "Studio Norte\nLed product shoots",
        ] {
            assert!(text.contains(kept), "{kept} missing in {text}");
        }
        assert!(
            !text.contains("bg-blue") && !text.contains("uni.png"),
            "{text}"
        );
        assert!(styles("from-ocean-blue to-aqua-glow") && styles("#0af") && !styles("concise"));
    }

    #[test]
    fn a_data_page_needs_records_of_prose() {
        let prose = |t: &str| t.split_whitespace().count() >= 5;
        assert_eq!(
            data_page_to_text("title: Home\nlayout: home\n", prose, |_: &str| false),
            None
        );
        assert_eq!(
            data_page_to_text(
                "links:\n  - name: GitHub\n    url: https://github.com/x\n",
                prose,
                |_: &str| false
            ),
            None
        );
        let page = data_page_to_text(
            "title: CV\ndate: 2024-01-01\nseo_title: Cook\njobs:\n  - title: Cook\n    text: I cooked for two hundred guests a night.\n",
            prose,
            |k: &str| k.starts_with("seo"),
        )
        .unwrap();
        assert_eq!(
            page,
            "# CV\n\n## Work Experience\n\nCook\nI cooked for two hundred guests a night.\n"
        );
    }

    #[test]
    fn a_rendercv_yaml_resume_reads_as_its_rendered_text() {
        let yaml = "cv:\n  name: Maria Lopez\n  location: Austin, TX\n  sections:\n    \
            experience:\n      - company: St. David's Medical Center\n        \
            position: ICU Registered Nurse\n        start_date: 2019-03\n        \
            end_date: present\n        highlights:\n          - Titrated vasoactive drips\n    \
            selected_honors:\n      - Daisy Award, 2021\n\
            design:\n  theme: classic\n  page_size: letterpaper\n";
        let text = yaml_to_text(yaml).unwrap();
        assert_eq!(
            text,
            "# Maria Lopez\nLocation: Austin, TX\n\n## Work Experience\n\n\
             ICU Registered Nurse, St. David's Medical Center\nMar 2019 – present\n\
             - Titrated vasoactive drips\n\n\n## Selected honors\n\n- Daisy Award, 2021"
        );
        // The builder's settings beside `cv:` are not the person's text.
        assert!(!text.contains("classic") && !text.contains("letterpaper"));
        // A JSON Resume written as YAML reads as the JSON one does.
        let json_resume = "basics:\n  name: Ana Díaz\n  label: Data Analyst\n\
            work:\n  - name: Acme\n    position: Analyst\n    startDate: 2023-09\n";
        assert_eq!(
            yaml_to_text(json_resume).unwrap(),
            "# Ana Díaz\nData Analyst\n\n## Work Experience\n\nAnalyst, Acme\nSep 2023 – present\n"
        );
        // A site's data file that lists its sections, each over its entries, reads as a
        // resume whose sections carry those names.
        let site_data = "- title: Experience\n  type: list\n  items:\n    - title: Line Cook\n      \
            company: Bistro 9\n      start: 2021-04\n      description: Ran the grill station.\n\
            - title: Education\n  items:\n    - degree: AAS Culinary Arts\n      school: Metro College\n";
        assert_eq!(
            yaml_to_text(site_data).unwrap(),
            "## Experience\n\nLine Cook, Bistro 9\nApr 2021 – present\nRan the grill station.\n\n\n\
             ## Education\n\nAAS Culinary Arts, Metro College\n"
        );
        // Anything that is not a mapping, or a list of named sections, is left to be read as
        // text.
        for not_a_mapping in [
            "- one\n- two\n",
            "- title: Experience\n  items: [a, b]\n",
            "- title: A\n  text: no entries\n- title: B\n  text: none\n",
            "just words",
            "a: [unclosed\n",
            "---\na: 1\n---\nb: 2\n",
        ] {
            assert_eq!(yaml_to_text(not_a_mapping), None, "{not_a_mapping}");
        }
    }

    #[test]
    fn entries_that_name_their_section_are_read_under_it() {
        let json = r#"{"RESUME": [
          {"itemType": "Education", "title": "Brigham Young University",
           "subtitle": "MS Accounting", "date": "Class of 2021"},
          {"itemType": "Experience", "title": "Ivanti", "subtitle": "Accountant",
           "date": "May 2018 - Present", "listItems": ["Automated journal entries with VBA"]},
          {"itemType": "Experience", "title": "PwC", "subtitle": "Risk Assurance Intern",
           "date": "Jul - Aug 2020"}]}"#;
        let text = to_text(json).unwrap();
        assert_eq!(
            text,
            "\n## Resume\n\n\n## Education\n\nMS Accounting, Brigham Young University\n\
             Class of 2021\n\n\n## Experience\n\nAccountant, Ivanti\nMay 2018 - Present\n\
             - Automated journal entries with VBA\n\nRisk Assurance Intern, PwC\nJul - Aug 2020\n"
        );
    }

    #[test]
    fn positions_under_a_company_and_rich_text_pieces_read_as_entries_and_lines() {
        let yaml = "experience:\n- name: Demyst Data\n  type: FinTech SaaS\n  tech_stack:\n  - React\n  \
            items:\n  - title: Director of Product\n    start_date: Mar 2021\n    end_date: Jan 2023\n    \
            description:\n    - type: text\n      value: 'Led the '\n    - type: highlight\n      \
            value: API-first platform\n    - type: text\n      value: ' launch.'\n";
        assert_eq!(
            yaml_to_text(yaml).unwrap(),
            "\n## Work Experience\n\nDemyst Data\nFinTech SaaS\n- React\n\nDirector of Product\n\
             Mar 2021 – Jan 2023\nLed the API-first platform launch.\n"
        );
        // Whole sentences, each a record of its own, stay a list.
        let sentences = "work:\n- name: Acme\n  position: Developer\n  highlights:\n  \
            - {type: text, value: Built the billing API.}\n  - {type: text, value: Led three people.}\n";
        let text = yaml_to_text(sentences).unwrap();
        assert!(
            text.lines().any(|l| l.ends_with("Built the billing API."))
                && text.lines().any(|l| l.ends_with("Led three people.")),
            "{text}"
        );
        // A list of records that are neither entries nor pieces of text stays one line each.
        let links = "work:\n- name: Acme\n  position: Developer\n  links:\n  - label: Demo\n    \
            url: https://acme.example/demo\n";
        assert!(yaml_to_text(links)
            .unwrap()
            .contains("\n- Demo, https://acme.example/demo"));
    }

    #[test]
    fn rich_text_fields_read_as_lines_not_markup() {
        let json = r#"{"basics": {"name": "Ana"}, "work": [{"name": "Acme", "position": "Engineer",
          "summary": "<p>Built the <strong>billing</strong> API.</p><ul><li><p>Cut costs 20%</p></li><li><p>Led 3 people</p></li></ul>"}]}"#;
        let text = to_text(json).unwrap();
        assert!(!text.contains('<'), "{text}");
        assert!(text.contains("billing"), "{text}");
        assert!(
            text.contains("Cut costs 20%") && text.contains("Led 3 people"),
            "{text}"
        );
        // A builder's page settings are not text.
        let json = r#"{"basics": {"name": "Ana"}, "sections": {"summary": {"id": "summary",
          "visible": true, "columns": 1, "content": "Analyst."}}}"#;
        let text = to_text(json).unwrap();
        assert!(
            text.contains("Analyst.") && !text.contains("Visible") && !text.contains("Columns"),
            "{text}"
        );
        // Under a settings key, a list is content.
        let json = r#"{"basics": {"name": "Ana"}, "skills": {"CSS": ["Sass", "Tailwind"]}}"#;
        assert!(to_text(json).unwrap().contains("Tailwind"));
        // Deep nesting is text to scan, not a tree to descend.
        let deep = format!("<p>{}Led</p>", "<div>".repeat(100_000));
        assert_eq!(plain(&deep), "Led");
        // A text that merely mentions a sign is kept as written.
        assert_eq!(plain("latency < 50 ms"), "latency < 50 ms");
    }

    #[test]
    fn a_json_posting_gets_its_title_first_and_other_text_is_left_alone() {
        let text = to_text(
            r#"{"title": "Web Developer", "company": "Acme", "responsibilities": ["Build pages"]}"#,
        )
        .unwrap();
        assert!(text.starts_with("# Web Developer\nCompany: Acme"), "{text}");
        assert!(
            text.contains("## Responsibilities\n\n- Build pages"),
            "{text}"
        );
        assert_eq!(to_text("[1, 2]"), None);
        assert_eq!(to_text("{ not json"), None);
        assert_eq!(to_text("Plain text"), None);
        assert_eq!(month_year("2019"), "2019");
        assert_eq!(month_year("2019-13-01"), "2019-13-01");
    }
}
