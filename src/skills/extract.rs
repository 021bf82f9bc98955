//! Finding skill mentions in a document: whole-word, alias-aware, with case and context rules
//! for ambiguous terms, each hit keeping its line and span.

use std::collections::{BTreeMap, BTreeSet};

/// A line naming this many distinct skills is a list, not evidence of use.
const LISTING_MIN_SKILLS: usize = 5;
/// A line of at most this many words (or two per skill) that is mostly skills is an item of
/// a column, when others stand above and below it.
const BARE_MAX_WORDS: usize = 4;
/// Most words a list's group label holds ("Frameworks", "* **Cloud**", "Project tools").
pub(crate) const LABEL_MAX_WORDS: usize = 3;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

use super::Taxonomy;
use crate::read::normalize::{is_bullet, strip_bullet};
use crate::read::sections::{heading_kind, SectionKind};
use crate::read::Document;

/// One mention of a skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillHit {
    /// The skill's id in the taxonomy.
    pub skill: String,
    /// 1-based line number.
    pub line: usize,
    /// Byte span within the line.
    pub start: usize,
    pub end: usize,
    /// The text as written in the document.
    pub text: String,
    /// A mention of a broader skill that this span shows through a narrower one (MySQL shows
    /// relational databases): it follows the narrower hit, and lists and stuffing count only
    /// the narrower one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implied: bool,
}

/// All skill mentions of one document, in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillHits {
    pub hits: Vec<SkillHit>,
}

impl SkillHits {
    pub fn contains(&self, skill: &str) -> bool {
        self.hits.iter().any(|h| h.skill == skill)
    }

    /// Lines that only list skills — a "Skills:" line, a line under a Skills heading, one
    /// naming five or more skills with hardly a word besides or strung between separators, or
    /// a column of five or more short lines that hold hardly anything but skills (as a skills
    /// section under an unknown heading prints them, one tool or one group per line) — as
    /// opposed to lines that show them in use. A sentence that names five tools in use ("Built
    /// the feature pipelines in Spark and Airflow and the model registry in MLflow; retraining
    /// runs weekly on Kubernetes.") shows them whether a layout prints it on one line or wraps
    /// it over two.
    pub(crate) fn listing_lines(&self, doc: &Document) -> BTreeSet<usize> {
        let mut per_line: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
        let mut skill_words: BTreeMap<usize, usize> = BTreeMap::new();
        for hit in self.written() {
            per_line
                .entry(hit.line)
                .or_default()
                .insert(hit.skill.as_str());
            *skill_words.entry(hit.line).or_default() += hit.text.split_whitespace().count();
        }
        let mut listing = BTreeSet::new();
        // Short lines that hold hardly anything but skills ("Python", "Python (advanced)",
        // "Go, Rust"), for the columns.
        let mut bare = BTreeSet::new();
        for (&line, skills) in &per_line {
            let text = strip_bullet(doc.line(line))
                .trim_start_matches(['#', '*', '-', '•', ' '])
                .to_lowercase();
            let words = text
                .split_whitespace()
                .filter(|w| !matches!(*w, "," | "and" | "&" | "/" | "|" | "·" | "or"))
                .count();
            let other_words = words.saturating_sub(skill_words[&line]);
            // Names strung between separators ("ML Engineer | AI Engineer | …", "Go,
            // Java, Redis, …") are a list whatever words they hold.
            let short_items = text
                .split([',', '|', '·', '•', ';'])
                .filter(|item| (1..=4).contains(&item.split_whitespace().count()))
                .count();
            let dense = skills.len() >= LISTING_MIN_SKILLS
                && (other_words <= skills.len()
                    || short_items >= LISTING_MIN_SKILLS
                    || self.enumerated(doc, line) >= 3);
            let section = doc.section_at(line).map(|s| s.kind);
            // A skill named among interests or memberships is claimed, not shown in work.
            if dense
                || matches!(section, Some(SectionKind::Skills | SectionKind::Other))
                || text.starts_with("skills")
                || text.starts_with("languages")
            {
                listing.insert(line);
            }
            // A degree's line ("BSc Mathematics") names its field, not a tool.
            if other_words <= skill_words[&line]
                && words <= BARE_MAX_WORDS.max(2 * skills.len())
                && section != Some(SectionKind::Education)
            {
                bare.insert(line);
            }
        }
        // Columns: runs of such lines, with blank lines and short labels between them
        // ("Frameworks", "Advanced"), as a skills section under a heading rolematch does not
        // know prints them. Five in a column are a list, as five on one line are.
        let is_label = |line: usize| {
            let text = doc.line(line).trim();
            !per_line.contains_key(&line)
                && text.split_whitespace().count() <= LABEL_MAX_WORDS
                && !text.ends_with('.')
                && heading_kind(text).is_none()
        };
        let mut run: Vec<usize> = Vec::new();
        // A column's blank lines and labels belong to it, so a list that spaces its tools is
        // one list, not one list per tool.
        let mut flush = |run: &mut Vec<usize>| {
            if run.len() >= LISTING_MIN_SKILLS {
                listing.extend(run[0]..=run[run.len() - 1]);
            }
            run.clear();
        };
        for &line in &bare {
            let follows = run.last().is_some_and(|&last| {
                (last + 1..line)
                    .all(|between| doc.line(between).trim().is_empty() || is_label(between))
            });
            if !follows {
                flush(&mut run);
            }
            run.push(line);
        }
        flush(&mut run);
        listing
    }

    /// How many of the line's parts between separators (commas, bars, bullets) are a skill's
    /// name and hardly more ("RAG, agentic AI, LangChain, LangGraph": three after the first),
    /// however the line dresses them in a sentence ("deep expertise in …").
    fn enumerated(&self, doc: &Document, line: usize) -> usize {
        let text = doc.line(line);
        let mut items = Vec::new();
        let mut start = 0;
        for (at, c) in text.char_indices() {
            if matches!(c, ',' | '|' | '·' | '•') {
                items.push(start..at);
                start = at + c.len_utf8();
            }
        }
        items.push(start..text.len());
        items
            .into_iter()
            .filter(|item| {
                let words = text[item.clone()].split_whitespace().count();
                (1..=3).contains(&words)
                    && self
                        .written()
                        .any(|h| h.line == line && h.start >= item.start && h.end <= item.end)
            })
            .count()
    }

    /// The mentions as written, without the broader skills they imply.
    pub(crate) fn written(&self) -> impl Iterator<Item = &SkillHit> {
        self.hits.iter().filter(|h| !h.implied)
    }

    /// Each skill found, with the lines that mention it (sorted, without repeats).
    pub(crate) fn lines_by_skill(&self) -> BTreeMap<&str, Vec<usize>> {
        self.lines_by_skill_for(|_, _| false)
    }

    /// The lines of each skill, where one mention meets one thing an opening asks: a broader
    /// skill shown only through a narrower one's span is left out where `meets(narrower,
    /// broader)` says the narrower one already earns that mention its due (an opening that
    /// asks for React and front-end engineering alike: "React" meets React). An opening that
    /// asks for PHP and not Laravel, or requires PHP and only prefers Laravel, still finds
    /// PHP in a resume's Laravel.
    pub(crate) fn lines_by_skill_for(
        &self,
        meets: impl Fn(&str, &str) -> bool,
    ) -> BTreeMap<&str, Vec<usize>> {
        let written: BTreeMap<(usize, usize, usize), &str> = self
            .hits
            .iter()
            .filter(|hit| !hit.implied)
            .map(|hit| ((hit.line, hit.start, hit.end), hit.skill.as_str()))
            .collect();
        let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for hit in &self.hits {
            let narrower = written.get(&(hit.line, hit.start, hit.end));
            if hit.implied && narrower.is_some_and(|narrower| meets(narrower, &hit.skill)) {
                continue;
            }
            map.entry(hit.skill.as_str()).or_default().push(hit.line);
        }
        for lines in map.values_mut() {
            lines.sort_unstable();
            lines.dedup();
        }
        map
    }
}

/// Finds skills of a taxonomy in text. Build once, use for many documents.
#[derive(Clone)]
pub struct SkillExtractor {
    taxonomy: Taxonomy,
    automaton: AhoCorasick,
    /// For each pattern: the skill's index in the taxonomy and the surface form.
    patterns: Vec<(usize, String)>,
    /// For each pattern: whether its form is the name of a job ("team lead"), which is not a
    /// skill right after words that make it someone else's.
    names_a_job: Vec<bool>,
    /// Every one-word surface form and every context word, lowercase: a capitalised
    /// neighbour among them is not part of a person's name.
    known_words: std::collections::HashSet<String>,
}

/// A match that passed the word and case checks, before overlaps and context are resolved.
struct Candidate {
    skill: usize,
    line: usize,
    start: usize,
    end: usize,
    /// An ambiguous form without a version after it: it still needs context.
    needs_context: bool,
}

impl SkillExtractor {
    pub fn new(taxonomy: Taxonomy) -> Self {
        let mut patterns = Vec::new();
        for (i, skill) in taxonomy.skills().iter().enumerate() {
            let mut seen = std::collections::HashSet::new();
            for form in skill.surface_forms() {
                let key = if skill.case_sensitive || skill.is_ambiguous(form) {
                    form.to_string()
                } else {
                    form.to_lowercase()
                };
                if seen.insert(key) {
                    patterns.push((i, form.to_string()));
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|(_, form)| form.as_str()))
            .expect("skill patterns build an automaton");
        let known_words = patterns
            .iter()
            .map(|(_, form)| form.to_lowercase())
            .filter(|form| !form.contains(' '))
            .chain(taxonomy.context_words.iter().cloned())
            .collect();
        let names_a_job = patterns
            .iter()
            .map(|(_, form)| names_a_person(form))
            .collect();
        SkillExtractor {
            taxonomy,
            automaton,
            patterns,
            names_a_job,
            known_words,
        }
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// What this extractor finds, in 16 hex digits: the taxonomy's version and a blake3 of
    /// every skill and surface form it looks for, so that an edited taxonomy (a custom file
    /// that kept its version, say) gives another fingerprint.
    pub fn fingerprint(&self) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(self.taxonomy.version.as_bytes());
        for (skill, form) in &self.patterns {
            let id = &self.taxonomy.skills()[*skill].id;
            hasher.update(id.as_bytes());
            hasher.update(b"\0");
            hasher.update(form.as_bytes());
            hasher.update(b"\n");
        }
        for skill in self.taxonomy.skills() {
            for broader in &skill.broader {
                hasher.update(format!("{} > {broader}\n", skill.id).as_bytes());
            }
        }
        let hex = hasher.finalize().to_hex();
        format!("{}-{}", self.taxonomy.version, &hex[..16])
    }

    /// Every skill mention in the document.
    pub fn extract(&self, doc: &Document) -> SkillHits {
        self.extract_with_acronyms(doc, acronyms_defined(doc), BTreeMap::new())
    }

    /// The skills of `part`, a piece of `whole` read on its own (a posting's duties), with the
    /// acronyms `whole` defines elsewhere for the forms that are also ordinary words or names:
    /// "Technology Transformation Services (TTS)" in the employer's blurb still says what
    /// "TTS" in a duty stands for, while "Application Programming Interface (API)" in the
    /// blurb leaves a duty's API alone.
    pub fn extract_part(&self, part: &Document, whole: &Document) -> SkillHits {
        self.extract_with_acronyms(part, acronyms_defined(part), acronyms_defined(whole))
    }

    /// `defined`: the acronyms `doc` defines; `elsewhere`: those defined around it, which
    /// count only for ambiguous forms.
    fn extract_with_acronyms(
        &self,
        doc: &Document,
        defined: BTreeMap<String, String>,
        elsewhere: BTreeMap<String, String>,
    ) -> SkillHits {
        let skills = self.taxonomy.skills();
        let mut candidates = Vec::new();
        let mut cue_lines = vec![false; doc.line_count() + 2];
        let lists = ListBlocks::of(doc);
        for (line_no, line) in doc.lines() {
            let words = Words::of(line);
            cue_lines[line_no] = words.any_of(&self.taxonomy.context_words);
            let list_words = lists.words_at(line_no);
            let mut in_line: Vec<Candidate> = self
                .automaton
                .find_overlapping_iter(line)
                .filter_map(|m| {
                    let pattern = m.pattern().as_usize();
                    let needs_context =
                        self.accepts(line, &words, list_words, pattern, m.start(), m.end())?;
                    Some(Candidate {
                        skill: self.patterns[pattern].0,
                        line: line_no,
                        start: m.start(),
                        end: m.end(),
                        needs_context,
                    })
                })
                .collect();
            in_line.extend(self.packages(line, line_no));
            // A web address names where something is ("github.com/jdoe", "www.r-project.org"),
            // and the name of its site beside it is its label ("GitHub: github.com/jdoe"):
            // neither shows a skill in use.
            let links = link_spans(line);
            let hosts: Vec<String> = links
                .iter()
                .filter_map(|&(a, b)| host_name(&line[a..b]))
                .collect();
            in_line.retain(|c| {
                let named = line[c.start..c.end].to_lowercase();
                !links.iter().any(|&(a, b)| c.start < b && a < c.end) && !hosts.contains(&named)
            });
            // The longest mention at the leftmost position wins; overlapping ones are dropped.
            in_line.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.skill));
            let mut last_end = 0;
            let mut kept: Vec<Candidate> = Vec::new();
            for c in in_line {
                if c.start >= last_end {
                    last_end = c.end;
                    kept.push(c);
                }
            }
            mutual_languages(&mut kept, skills);
            candidates.extend(kept);
            if line_no > 1 {
                // A wrapped name that overlaps a mention already found on the line above
                // ("Google Cloud" / "platform") is that mention, not a second one.
                let above = line_no - 1;
                let wrapped: Vec<Candidate> = self
                    .wrapped(doc.line(above), line, above)
                    .into_iter()
                    .filter(|w| {
                        !candidates
                            .iter()
                            .any(|c| c.line == above && c.start < w.end && w.start < c.end)
                    })
                    .collect();
                candidates.extend(wrapped);
            }
        }
        // Lines with an anchoring skill, looked up in constant time: a line of a million skill
        // names must not cost a million times a million.
        let mut anchored = vec![false; doc.line_count() + 2];
        for c in &candidates {
            if !c.needs_context && skills[c.skill].anchors_context {
                anchored[c.line] = true;
            }
        }
        let listed = lists.context(&cue_lines, &anchored);
        let has_context = |line: usize| {
            cue_lines[line]
                || anchored[line - 1]
                || anchored[line]
                || anchored[line + 1]
                || listed[line]
        };
        let hits = candidates
            .into_iter()
            .filter(|c| !c.needs_context || has_context(c.line))
            .filter(|c| {
                // "Technology Transformation Service (TTS)": the document says what its
                // acronym stands for, and it is not this skill.
                let text = &doc.line(c.line)[c.start..c.end];
                let skill = &skills[c.skill];
                let expansion = defined
                    .get(text)
                    .or_else(|| elsewhere.get(text).filter(|_| skill.is_ambiguous(text)));
                expansion.is_none_or(|expansion| names_skill(skill, expansion))
            })
            .flat_map(|c| {
                let skill = &skills[c.skill];
                let hit = |id: &str, implied| SkillHit {
                    skill: id.to_string(),
                    line: c.line,
                    start: c.start,
                    end: c.end,
                    text: doc.line(c.line)[c.start..c.end].to_string(),
                    implied,
                };
                std::iter::once(hit(&skill.id, false))
                    .chain(skill.broader.iter().map(move |id| hit(id, true)))
                    .collect::<Vec<_>>()
            })
            .collect();
        SkillHits { hits }
    }

    /// Names of several words that a narrow column wrapped from the end of `above` (line
    /// `above_no`) onto the start of `below`: "the model" / "registry in MLflow". Only a
    /// paragraph's wrap counts — `below` goes on with lowercase words, not a new bullet,
    /// heading or entry — and only a match that spans the break. The hit is the name's part
    /// on the line above ("model"), where evidence points.
    fn wrapped(&self, above: &str, below: &str, above_no: usize) -> Vec<Candidate> {
        const REACH: usize = 40;
        let tail_text = above.trim_end();
        let head_text = below.trim_start();
        let continues = head_text.starts_with(|c: char| c.is_lowercase())
            && !tail_text.ends_with(['.', ':', ';', '!', '?'])
            && !tail_text.trim_start().starts_with('#');
        if tail_text.is_empty() || !continues {
            return Vec::new();
        }
        // The last few words above and the first few below, cut at spaces.
        let mut tail_start = tail_text.len().saturating_sub(REACH);
        while !tail_text.is_char_boundary(tail_start) {
            tail_start += 1;
        }
        if tail_start > 0 {
            tail_start = tail_text[tail_start..]
                .find(' ')
                .map_or(tail_text.len(), |at| tail_start + at + 1);
        }
        let mut head_end = head_text.len().min(REACH);
        while !head_text.is_char_boundary(head_end) {
            head_end -= 1;
        }
        if head_end < head_text.len() {
            head_end = head_text[..head_end].rfind(' ').unwrap_or(head_end);
        }
        let tail = &tail_text[tail_start..];
        let seam = format!("{tail} {}", &head_text[..head_end]);
        let words = Words::of(&seam);
        self.automaton
            .find_overlapping_iter(&seam)
            .filter(|m| m.start() < tail.len() && m.end() > tail.len() + 1)
            .filter(|m| self.patterns[m.pattern().as_usize()].1.contains(' '))
            .filter_map(|m| {
                let pattern = m.pattern().as_usize();
                let needs_context =
                    self.accepts(&seam, &words, None, pattern, m.start(), m.end())?;
                Some(Candidate {
                    skill: self.patterns[pattern].0,
                    line: above_no,
                    start: tail_start + m.start(),
                    end: tail_text.len(),
                    needs_context,
                })
            })
            .collect()
    }

    /// Package names that prove their language ("Flux.jl" is Julia).
    fn packages(&self, line: &str, line_no: usize) -> Vec<Candidate> {
        let mut found = Vec::new();
        for (i, skill) in self.taxonomy.skills().iter().enumerate() {
            let Some(suffix) = &skill.package_suffix else {
                continue;
            };
            for (at, _) in line.match_indices(suffix.as_str()) {
                let end = at + suffix.len();
                let name_start = line[..at]
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
                    .last()
                    .map(|(i, _)| i);
                let after = line[end..].chars().next();
                if let Some(start) = name_start {
                    if !after.is_some_and(|c| c.is_alphanumeric()) {
                        found.push(Candidate {
                            skill: i,
                            line: line_no,
                            start,
                            end,
                            needs_context: false,
                        });
                    }
                }
            }
        }
        found
    }

    /// Word boundaries, capitalisation and the skill's rules. `None` rejects the mention;
    /// `Some(true)` accepts it if context turns up, `Some(false)` outright. `list_words` are
    /// the words of the list the line is an item of: an ambiguous form's `only_with` words
    /// may stand there ("- Excel" under "Data Analysis" beside "- SQL").
    fn accepts(
        &self,
        line: &str,
        words: &Words,
        list_words: Option<&Words>,
        pattern: usize,
        start: usize,
        end: usize,
    ) -> Option<bool> {
        let (skill_index, form) = &self.patterns[pattern];
        let skill = &self.taxonomy.skills()[*skill_index];
        let before = line[..start].chars().next_back();
        let rest = &line[end..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        // "Qwen2.5-72B", "Llama 3.1", "Claude 3 Haiku": a model family with its version.
        let versioned = skill.versioned && starts_with_version(rest);
        let after = rest.chars().next();
        if !versioned && after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '+' | '#'))
        {
            return None;
        }
        let ambiguous = skill.is_ambiguous(form);
        if (skill.case_sensitive || ambiguous) && &line[start..end] != form {
            return None;
        }
        // "support the project team lead", "reports to the Project Manager": another
        // person's job, not a skill of the writer or one the opening asks for.
        if self.names_a_job[pattern]
            && (someone_elses_role(&line[..start])
                || rest.starts_with(['\'', '’'])
                || set_beside_a_name(&line[..start], rest))
        {
            return None;
        }
        if versioned || (!ambiguous && !skill.guard_all_forms) {
            return Some(false);
        }
        // Only as many characters as the longest rule are lowercased, not the rest of the line:
        // the work per mention stays constant on a line of any length.
        if !skill.not_followed_by.is_empty() {
            let next = lowercase_prefix(rest, longest(&skill.not_followed_by));
            if skill
                .not_followed_by
                .iter()
                .any(|s| next.starts_with(&s.to_lowercase()))
            {
                return None;
            }
        }
        if !skill.not_preceded_by.is_empty() {
            let head = lowercase_suffix(&line[..start], longest(&skill.not_preceded_by));
            if skill
                .not_preceded_by
                .iter()
                .any(|s| head.ends_with(&s.to_lowercase()))
            {
                return None;
            }
        }

        if words.any_of(&skill.not_with) {
            return None;
        }
        if !ambiguous {
            return Some(false);
        }
        // "Payroll Specialist", "Payroll Clerk": a job named by its trade is that trade
        // (unless it is someone else's: "reports to the Payroll Manager"). Only a trade's
        // practice by its own name: a tool's is a product's ("Greenhouse Assistant" at Kew,
        // "Windows Technician" at a glazier's).
        let trade_by_name =
            skill.of_a_trade && !skill.generic && form.eq_ignore_ascii_case(&skill.name);
        if trade_by_name && names_its_trade(rest) && !someone_elses_role(&line[..start]) {
            return Some(false);
        }
        if reads_as_a_name(line, start, end, &self.known_words) {
            return None;
        }
        if !skill.only_with.is_empty() {
            // The words it needs are its context.
            let near = words.any_of(&skill.only_with)
                || list_words.is_some_and(|list| list.any_of(&skill.only_with));
            return near.then_some(false);
        }
        Some(true)
    }
}

/// Words an acronym's letters skip: "Department of Labor (DOL)", "Research and Development
/// (R&D)".
const ACRONYM_SKIPS: &[&str] = &[
    "of", "and", "for", "the", "to", "in", "on", "&", "de", "des", "du", "la", "le", "et",
];

/// The acronyms a document defines, each with the words it stands for (lowercased):
/// "… Technology Transformation Service (TTS) …" gives `TTS` → "technology transformation
/// service". Only an acronym of 2 to 6 capitals in parentheses whose letters are the initials
/// of the words right before it counts.
fn acronyms_defined(doc: &Document) -> BTreeMap<String, String> {
    let mut defined = BTreeMap::new();
    for (_, line) in doc.lines() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(open) = rest.find('(') {
            let at = offset + open;
            let inside = &line[at + 1..];
            let Some(close) = inside.find(')') else { break };
            let acronym = &inside[..close];
            if (2..=6).contains(&acronym.len()) && acronym.chars().all(|c| c.is_ascii_uppercase()) {
                if let Some(expansion) = expansion_before(&line[..at], acronym) {
                    defined.entry(acronym.to_string()).or_insert(expansion);
                }
            }
            offset = at + 1;
            rest = &line[offset..];
        }
    }
    defined
}

/// The words right before `before`'s end whose initials spell `acronym`, small words
/// skipped, lowercased; `None` when they do not.
fn expansion_before(before: &str, acronym: &str) -> Option<String> {
    let letters: Vec<char> = acronym.chars().rev().collect();
    let mut taken: Vec<&str> = Vec::new();
    let mut matched = 0;
    for word in before.split_whitespace().rev() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        if word.is_empty() {
            return None;
        }
        if matched == letters.len() {
            break;
        }
        let initial = word.chars().next()?.to_ascii_uppercase();
        if initial != letters[matched] {
            // A small word the letters skip, or the end of the match.
            if matched > 0 && ACRONYM_SKIPS.contains(&word.to_lowercase().as_str()) {
                taken.push(word);
                continue;
            }
            return None;
        }
        taken.push(word);
        matched += 1;
    }
    (matched == letters.len()).then(|| {
        taken.reverse();
        taken.join(" ").to_lowercase()
    })
}

/// Whether `expansion` is the skill's name or one of its forms.
fn names_skill(skill: &super::Skill, expansion: &str) -> bool {
    std::iter::once(&skill.name)
        .chain(&skill.aliases)
        .any(|form| form.to_lowercase() == expansion)
}

/// The lists of short items in a document (a skills list printed one name per line, as JSON
/// Resume keywords and many templates are): each line's list, and each list's words.
struct ListBlocks {
    /// For each 1-based line, the index of the list it is an item of.
    block_of: Vec<Option<usize>>,
    blocks: Vec<ListBlock>,
}

impl ListBlocks {
    fn of(doc: &Document) -> ListBlocks {
        let count = doc.line_count();
        let mut block_of = vec![None; count + 2];
        let mut blocks = Vec::new();
        let mut line = 1;
        while line <= count {
            let Some(first_marked) = list_item(doc.line(line)) else {
                line += 1;
                continue;
            };
            // The line above, unless it is an item of the list before ("Interests" after
            // "- SQL" starts a list of its own, and "- SQL" says nothing about it).
            let heading = (line > 1 && list_item(doc.line(line - 1)).is_none()).then(|| line - 1);
            let first = line;
            let mut seen_marked = first_marked;
            line += 1;
            while line <= count {
                match list_item(doc.line(line)) {
                    // An unmarked line after bulleted items heads the next list.
                    Some(false) if seen_marked => break,
                    Some(marked) => seen_marked |= marked,
                    None => break,
                }
                line += 1;
            }
            if line - first >= 2 {
                let mut text = String::new();
                for l in heading.unwrap_or(first)..line {
                    text.push_str(doc.line(l));
                    text.push('\n');
                }
                for slot in &mut block_of[first..line] {
                    *slot = Some(blocks.len());
                }
                blocks.push(ListBlock {
                    lines: first..line,
                    heading,
                    words: Words::of(&text),
                });
            }
        }
        ListBlocks { block_of, blocks }
    }

    /// The words of the list that 1-based `line` is an item of, its heading's included.
    fn words_at(&self, line: usize) -> Option<&Words> {
        self.block_of[line].map(|b| &self.blocks[b].words)
    }

    /// Lines where a list gives an ambiguous name its meaning (1-based, like `cue_lines` and
    /// `anchored`): every item of a list that holds a skill or a technical word, or whose
    /// heading does. "- Go" between "Programming Languages" and "- Python" is the language;
    /// "- Go" among "- Chess" and "- Hiking" is not.
    fn context(&self, cue_lines: &[bool], anchored: &[bool]) -> Vec<bool> {
        let mut listed = vec![false; cue_lines.len()];
        let vouches = |line: usize| cue_lines[line] || anchored[line];
        for block in &self.blocks {
            if block.lines.clone().any(vouches) || block.heading.is_some_and(vouches) {
                for l in block.lines.clone() {
                    listed[l] = true;
                }
            }
        }
        listed
    }
}

/// One list of short items.
struct ListBlock {
    /// Its items' 1-based lines.
    lines: std::ops::Range<usize>,
    /// The line right above it, when that is not an item of another list.
    heading: Option<usize>,
    /// The words of its items and its heading.
    words: Words,
}

/// Whether a line is one item of a list of names, and whether it is bulleted: a bullet of at
/// most five words, or an unmarked line of at most three and no comma ("Phoenix, AZ" is a
/// place), that does not end a sentence.
fn list_item(line: &str) -> Option<bool> {
    let text = line.trim();
    let (body, most, marked) = if is_bullet(text) {
        (strip_bullet(text).trim(), 5, true)
    } else {
        (text, 3, false)
    };
    let words = body.split_whitespace().count();
    let item = (1..=most).contains(&words)
        && !body.ends_with(['.', '!', '?', ';'])
        && (marked || !body.contains(','));
    item.then_some(marked)
}

/// Ambiguous programming languages named together on one line ("from R to Julia") are each
/// other's context.
fn mutual_languages(candidates: &mut [Candidate], skills: &[super::Skill]) {
    let languages: std::collections::BTreeSet<usize> = candidates
        .iter()
        .filter(|c| c.needs_context && skills[c.skill].category == "languages")
        .map(|c| c.skill)
        .collect();
    if languages.len() >= 2 {
        for c in candidates.iter_mut() {
            if languages.contains(&c.skill) {
                c.needs_context = false;
            }
        }
    }
}

/// Whether the text right after a form starts with a version or size: "3.1", " 7B", "-72B".
fn starts_with_version(rest: &str) -> bool {
    let rest = rest.strip_prefix([' ', '-']).unwrap_or(rest);
    rest.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// A mention that reads as part of a person's or place's name: next to a capitalised word
/// that is not the first of its sentence, a skill or a technical word ("Ray Chen", "Franz
/// Kafka", "La Scala", but not "Python Go"), or followed by a possessive ("Kafka's").
fn reads_as_a_name(
    line: &str,
    start: usize,
    end: usize,
    known_words: &std::collections::HashSet<String>,
) -> bool {
    let rest = &line[end..];
    if rest.starts_with("'s") || rest.starts_with("’s") {
        return true;
    }
    let title_case = |word: &str| {
        let mut chars = word.chars();
        chars.next().is_some_and(char::is_uppercase)
            && word.chars().count() >= 2
            && chars.all(char::is_lowercase)
            && !known_words.contains(&word.to_lowercase())
    };
    // The next word whole, with the dots inside it: "Next.js" after "React" is a tool, not a
    // surname; a sentence's last stop is not part of the word ("Ray Chen.").
    let next = rest
        .strip_prefix(' ')
        .and_then(|r| r.split([' ', ',', ';', ':', ')']).next())
        .map(|word| word.trim_end_matches(['.', '!', '?']));
    if next.is_some_and(title_case) {
        return true;
    }
    let head = &line[..start];
    let Some(head) = head.strip_suffix(' ') else {
        return false;
    };
    let (earlier, previous) = head.rsplit_once(' ').unwrap_or(("", head));
    let first_of_sentence = earlier.trim().is_empty()
        || earlier
            .trim_end()
            .ends_with(['.', '!', '?', ':', '-', '•', '*', '|']);
    !first_of_sentence && title_case(previous)
}

/// The lowercase words of a line, for whole-word lookups.
struct Words(std::collections::HashSet<String>);

impl Words {
    fn of(line: &str) -> Words {
        Words(
            line.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
                .map(|w| w.trim_matches(['.', '-']).to_lowercase())
                .filter(|w| !w.is_empty())
                .collect(),
        )
    }

    fn any_of(&self, words: &[String]) -> bool {
        words.iter().any(|w| self.0.contains(&w.to_lowercase()))
    }
}

/// Whether a skill's form is the name of a job ("team lead", "project manager"): it has two
/// words or more and the last is a worker. ("Sales leads" are not people.)
fn names_a_person(form: &str) -> bool {
    const WORKERS: &[&str] = &[
        "lead",
        "leader",
        "leaders",
        "manager",
        "managers",
        "supervisor",
        "supervisors",
        "coordinator",
        "coordinators",
        "director",
        "directors",
        "officer",
        "officers",
        "engineer",
        "engineers",
        "consultant",
        "consultants",
        "administrator",
        "administrators",
        "analyst",
        "scientist",
        "clerk",
        "specialist",
        "technician",
        "assistant",
        "chef",
        "chefs",
    ];
    // Jobs of one word.
    const ALONE: &[&str] = &[
        "accountant",
        "bookkeeper",
        "bartender",
        "barista",
        "waitress",
    ];
    let mut words = form
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let Some(last) = words.next_back().map(str::to_lowercase) else {
        return false;
    };
    ALONE.contains(&last.as_str()) || words.next().is_some() && WORKERS.contains(&last.as_str())
}

/// Whether the words after a mention make it a job's title by a word for the person who
/// does the work ("Specialist", "Clerk", "Officer"), capitalised as a title is.
fn names_its_trade(after: &str) -> bool {
    const PEOPLE: &[&str] = &[
        "Specialist",
        "Clerk",
        "Officer",
        "Administrator",
        "Coordinator",
        "Technician",
        "Supervisor",
        "Assistant",
    ];
    let next = after
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next());
    next.is_some_and(|word| PEOPLE.contains(&word))
}

/// Whether the words right before a job's name make it someone the writer works for or
/// beside: "support the 10x project team lead", "reports to the Project Manager", "Reports
/// to: Team Lead", "supported by the shift supervisor", "work closely with the tech lead".
/// Up to three words may stand between the article and the name ("the 10x project"), but
/// not a word that starts a new phrase: "supported the team as shift supervisor" is the
/// writer's own job, and so is "partnered with the analytics team on Google Tag Manager".
/// A job after "to", "with", "from" or "under" and an article is the other person's too ("sent
/// receipts to my accountant", "trained under the head chef").
fn someone_elses_role(before: &str) -> bool {
    const ARTICLES: &[&str] = &[
        "the", "your", "our", "their", "his", "her", "a", "an", "each", "my",
    ];
    // "Sent receipts to my accountant", "worked with our data analyst", "invoices from the
    // accountant": a job after one of these and an article is the other person's.
    const TOWARDS: &[&str] = &["to", "with", "from", "under"];
    // Words that start a new phrase, so the job after them is not the one the verb governs.
    const BREAKS: &[&str] = &[
        "as", "and", "or", "to", "into", "by", "on", "in", "of", "for", "with", "at", "from",
        "who", "while", "when", "then", "became", "become", "becoming", "was", "is", "be",
    ];
    const REPORTING: &[&str] = &[
        "report",
        "reports",
        "reported",
        "reporting",
        "answer",
        "answers",
        "answered",
        "answering",
    ];
    const SUPPORTING: &[&str] = &[
        "support",
        "supports",
        "supported",
        "supporting",
        "assist",
        "assists",
        "assisted",
        "assisting",
        "alongside",
        "shadow",
        "shadowed",
        "shadowing",
    ];
    const BESIDE: &[&str] = &[
        "work",
        "works",
        "worked",
        "working",
        "partner",
        "partners",
        "partnered",
        "partnering",
        "liaise",
        "liaises",
        "liaised",
        "liaising",
        "collaborate",
        "collaborates",
        "collaborated",
        "collaborating",
    ];
    let text = lowercase_suffix(before, 80);
    if !text.ends_with(' ') {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().rev().collect();
    let mut i = 0;
    // "reports to: Team Lead", "Reporting directly to Project Manager": no article needed.
    let to = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| matches!(*w, "to" | "to:" | "into"))
            && (words.get(i + 1).is_some_and(|w| REPORTING.contains(w))
                || words.get(i + 1) == Some(&"directly")
                    && words.get(i + 2).is_some_and(|w| REPORTING.contains(w)))
    };
    if to(0) {
        return true;
    }
    // The words between the article and the name: no punctuation, no new phrase.
    while i < 3
        && words.get(i).is_some_and(|w| {
            !ARTICLES.contains(w)
                && !BREAKS.contains(w)
                && w.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '&' | '\'' | '’'))
        })
    {
        i += 1;
    }
    // "Reports to: Senior Accountant": the words of a job's name after "reports to".
    if to(i) {
        return true;
    }
    if !words.get(i).is_some_and(|w| ARTICLES.contains(w)) {
        return false;
    }
    let verb = words.get(i + 1).copied().unwrap_or_default();
    let before_verb = words.get(i + 2).copied().unwrap_or_default();
    SUPPORTING.contains(&verb)
        || TOWARDS.contains(&verb)
        || to(i + 1)
        // "supervised by the head chef", "meals cooked by a head chef".
        || verb == "by"
        || verb == "with"
            && (BESIDE.contains(&before_verb)
                || before_verb == "closely" && words.get(i + 3).is_some_and(|w| BESIDE.contains(w)))
}

/// Whether a job's name stands after a comma and an article and ends its clause, set beside
/// the name of the person who holds it: "Worked under Claude Martin, the head chef." (not
/// "Reporting to the CFO, the Project Manager owns delivery", whose job is the writer's).
fn set_beside_a_name(before: &str, rest: &str) -> bool {
    let head = lowercase_suffix(before, 8);
    let ends_clause = rest.trim_start().is_empty() || rest.starts_with(['.', ';', ')', ',']);
    ends_clause
        && [", the ", ", our ", ", my ", ", their "]
            .iter()
            .any(|cue| head.ends_with(cue))
}

/// Characters in the longest of `rules`.
fn longest(rules: &[String]) -> usize {
    rules.iter().map(|r| r.chars().count()).max().unwrap_or(0)
}

/// The first `chars` characters of `text`, lowercased.
fn lowercase_prefix(text: &str, chars: usize) -> String {
    let end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i);
    text[..end].to_lowercase()
}

/// The last `chars` characters of `text`, lowercased.
fn lowercase_suffix(text: &str, chars: usize) -> String {
    let start = text
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let start = if chars == 0 { text.len() } else { start };
    text[start..].to_lowercase()
}

/// The endings of the hosts a web address without a scheme is told by ("github.com/jdoe"):
/// not ".io" or ".js", which end tools' names as often ("socket.io/Redis", "Node.js/Express").
const LINK_ENDINGS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "dev", "me", "co", "us", "uk", "de", "fr", "ca", "eu",
    "info", "app",
];

/// The byte spans of `line`'s web addresses: a word with a scheme ("https://…"), starting
/// with "www.", or a host with a common ending followed by a path ("github.com/jdoe"),
/// brackets around it included ("[GitHub](https://github.com/jdoe)").
fn link_spans(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut at = 0;
    for word in line.split_inclusive(char::is_whitespace) {
        let start = at;
        at += word.len();
        let bare = word
            .trim()
            .trim_matches(|c: char| "<>()[],;\"'".contains(c));
        let host_and_path = bare.split_once('/').is_some_and(|(host, _)| {
            host.rsplit_once('.')
                .is_some_and(|(name, ending)| !name.is_empty() && LINK_ENDINGS.contains(&ending))
        });
        if bare.contains("://") || bare.starts_with("www.") || host_and_path {
            spans.push((start, start + word.trim_end().len()));
        }
    }
    spans
}

/// The site's own name in a web address ("github" of "https://www.github.com/jdoe"), lower case.
fn host_name(link: &str) -> Option<String> {
    let after_scheme = link.split_once("://").map_or(link, |(_, rest)| rest);
    let host = after_scheme
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(['/', '?', '#'])
        .next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    let name = host.split('.').next()?;
    (!name.is_empty()).then(|| name.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    fn skills_in(text: &str) -> Vec<String> {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let hits = extractor.extract(&document_from_text("t", text));
        let mut ids: Vec<String> = hits.hits.into_iter().map(|h| h.skill).collect();
        ids.dedup();
        ids
    }

    #[test]
    fn finds_aliases_with_line_and_span() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let doc = document_from_text("t", "Summary\nBuilt RAG with pgvector and LangChain.");
        let hits = extractor.extract(&doc);
        let rag = hits.hits.iter().find(|h| h.skill == "rag").unwrap();
        assert_eq!(
            (rag.line, rag.start, rag.end, rag.text.as_str()),
            (2, 6, 9, "RAG")
        );
        assert!(hits.contains("pgvector") && hits.contains("langchain"));
    }

    #[test]
    fn a_job_named_by_its_trade_is_the_trade() {
        let payroll = "esco-payroll".to_string();
        assert!(skills_in("Payroll Specialist\nAcme Ltd, 2019 - 2022\n").contains(&payroll));
        assert!(skills_in("Payroll Clerk at Acme\n").contains(&payroll));
        // Without the title word, or as someone else's job, the word needs its context.
        assert!(!skills_in("Payroll\nAcme Ltd\n").contains(&payroll));
        assert!(!skills_in("Payroll specialists\n").contains(&payroll));
        assert!(!skills_in("You will report to the Payroll Supervisor.\n").contains(&payroll));
        // A tool's name before a person word is a product's ("Greenhouse" the ATS).
        assert!(skills_in("Windows Technician, Anglian Glazing\n").is_empty());
        assert!(skills_in("Airflow Technician, Trane HVAC Services\n").is_empty());
    }

    #[test]
    fn a_job_named_as_someone_else_s_is_not_the_writer_s_skill() {
        for other in [
            "Sent monthly receipts to my accountant.",
            "Prepared the accountant's letter for the mortgage application.",
            "Handed the figures to the company accountant.",
            "Reports to: Senior Accountant",
            "Worked closely with our data analyst on the dashboard.",
            "Supported the data analyst team.",
            "Shadowed a financial analyst for one week.",
        ] {
            let found = skills_in(other);
            assert!(
                ["esco-accounting", "data-science", "esco-financial-analysis"]
                    .iter()
                    .all(|id| !found.contains(&id.to_string())),
                "{other}: {found:?}"
            );
        }
        for own in [
            "Senior Accountant, Acme Ltd",
            "Worked as a data analyst at Acme.",
        ] {
            assert!(!skills_in(own).is_empty(), "{own}");
        }
    }

    #[test]
    fn a_name_of_several_words_wrapped_by_a_narrow_column_is_found_on_its_first_line() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let doc = document_from_text(
            "t",
            "Built the feature pipelines and the model\nregistry in MLflow; retraining weekly.\n",
        );
        let hits = extractor.extract(&doc);
        let registry = hits.hits.iter().find(|h| h.skill == "model-registry");
        let registry = registry.expect("the wrapped name is found");
        assert_eq!((registry.line, registry.text.as_str()), (1, "model"));
        assert_eq!(&doc.line(1)[registry.start..registry.end], "model");
        // A new bullet, a new sentence or a heading is not a wrap.
        for text in [
            "- Trained the model\n- Registry of vendors kept",
            "Trained the model.\nregistry of vendors kept",
            "## The model\nregistry of vendors kept",
        ] {
            assert!(
                !skills_in(text).contains(&"model-registry".to_string()),
                "{text}"
            );
        }
    }

    #[test]
    fn an_acronym_the_document_defines_as_something_else_is_not_the_skill() {
        let ex = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let defined = Document::new(
            "p.md".into(),
            "The Technology Transformation Service (TTS) builds products.\n\
             Join TTS and the Department of Labor (DOL) to build APIs with Python."
                .into(),
        );
        let ids: Vec<String> = ex
            .extract(&defined)
            .hits
            .into_iter()
            .map(|h| h.skill)
            .collect();
        assert!(!ids.contains(&"tts".to_string()), "{ids:?}");
        assert!(ids.contains(&"python".to_string()), "{ids:?}");
        // Undefined, or defined as itself, it is the skill.
        for text in [
            "Built voice agents with TTS and speech recognition.",
            "Shipped text to speech (TTS) and speech recognition for voice agents.",
        ] {
            let ids: Vec<String> = ex
                .extract(&Document::new("r.md".into(), text.into()))
                .hits
                .into_iter()
                .map(|h| h.skill)
                .collect();
            assert!(ids.contains(&"tts".to_string()), "{text}: {ids:?}");
        }
        assert_eq!(
            expansion_before("the Department of Labor ", "DOL").as_deref(),
            Some("department of labor")
        );
        assert_eq!(expansion_before("we ship models ", "TTS"), None);
    }

    #[test]
    fn a_list_of_short_items_is_its_items_context() {
        let ex = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let ids = |text: &str| -> Vec<String> {
            ex.extract(&Document::new("r.md".into(), text.into()))
                .written()
                .map(|h| h.skill.clone())
                .collect()
        };
        // JSON Resume keywords, one per line under their group: the group's heading and the
        // Python below vouch for Go, Rust and Java two lines away.
        let listed = ids("Programming Languages\nMaster\n- Go\n- Rust\n- Java\n- Python\n- C++\n");
        for id in ["go", "rust", "java", "python", "cpp"] {
            assert!(listed.contains(&id.to_string()), "{id}: {listed:?}");
        }
        // An ambiguous general skill finds the words it needs in its list: Excel under "Data
        // Analysis" beside SQL is the spreadsheet; alone among hobbies it is not named.
        let data = ids("Data Analysis\nIntermediate\n- SQL\n- Excel\n");
        assert!(data.contains(&"esco-spreadsheets".to_string()), "{data:?}");
        assert!(!ids("Hobbies\n- Excel\n- Chess\n").contains(&"esco-spreadsheets".to_string()));
        // A list with nothing technical in it gives none, even right below one that has.
        assert!(ids("Interests\n- Chess\n- Go\n- Hiking\n").is_empty());
        let two = ids("Skills\n- Python\n- SQL\nInterests\n- Chess\n- Go\n");
        assert!(!two.contains(&"go".to_string()), "{two:?}");
        // Nor do sentences, or a header's place and title.
        let sentences = ids("- Led the Go club at school for two seasons\n\
             - Volunteered at the animal shelter on weekends\n\
             - Built Python services for the billing team\n");
        assert!(!sentences.contains(&"go".to_string()), "{sentences:?}");
        let header = ids("Jane Roe\nPhoenix, AZ\nPython Developer\n");
        assert!(!header.contains(&"phoenix".to_string()), "{header:?}");
        // Capitalised at the start of a list item, pandas is still the library.
        assert!(ids("Tech Stack Tableau | Python (Pandas/Numpy)").contains(&"pandas".to_string()));
    }

    #[test]
    fn ambiguous_terms_do_not_fire_in_ordinary_prose() {
        let prose = [
            "Led the go to market plan for a new region.",
            "Managed an R&D budget of two million.",
            "Ray joined the team in spring.",
            "Built a modal dialog for the settings page.",
            "Cleaned rust off the old bridge.",
            "Delivered swift results for C-level executives.",
            "Julia and I organised the offsite.",
            "We used the Vercel platform for hosting.",
            "Ready to go live in May.",
        ];
        let forbidden = [
            "go",
            "r",
            "ray",
            "modal",
            "rust",
            "swift",
            "c",
            "julia",
            "vercel-ai-sdk",
            "scala",
            "spark",
        ];
        for sentence in prose {
            let found = skills_in(sentence);
            for f in forbidden {
                assert!(
                    !found.contains(&f.to_string()),
                    "{f} found in {sentence:?}: {found:?}"
                );
            }
        }
    }

    #[test]
    fn ambiguous_terms_fire_among_other_skills() {
        let found =
            skills_in("Languages: Python, Go, Rust, R, C, Scala, Julia\nInfra: Ray, Modal, Spark");
        for id in [
            "python", "go", "rust", "r", "c", "scala", "julia", "ray", "modal", "spark",
        ] {
            assert!(found.contains(&id.to_string()), "{id} missing: {found:?}");
        }
        let sdk = skills_in("Shipped chat with the Vercel AI SDK on Vercel.");
        assert!(sdk.contains(&"vercel-ai-sdk".to_string()) && sdk.contains(&"vercel".to_string()));
    }

    #[test]
    fn skills_lines_and_dense_lines_are_listings() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let doc = document_from_text(
            "t",
            "Built RAG with pgvector for support.\nSkills: Python, Go\nPython, PyTorch, Docker, Kubernetes, Terraform, AWS\n\
             Built the feature pipelines in Spark and Airflow and the model registry in MLflow; retraining runs weekly on Kubernetes.\n\
             Worked with Python, Java, Go, Rust, C++ and Kubernetes",
        );
        let hits = extractor.extract(&doc);
        let listing: Vec<usize> = hits.listing_lines(&doc).into_iter().collect();
        // The sentence that names five tools in use (line 4) is not a list; the run of names
        // with one verb (line 5) is.
        assert_eq!(listing, vec![2, 3, 5]);
        let sectioned = document_from_text(
            "t",
            "Experience\nBuilt RAG with pgvector.\nTECHNICAL SKILLS\nPython\nDocker\nEducation\nPython course",
        );
        let hits = extractor.extract(&sectioned);
        let listing: Vec<usize> = hits.listing_lines(&sectioned).into_iter().collect();
        assert_eq!(listing, vec![4, 5]);
        // A skill among the interests below the experience is claimed, not shown in work.
        let interests = document_from_text(
            "t",
            "Experience\nBuilt RAG with pgvector.\nINTERESTS\nPhotography and Docker at home",
        );
        let hits = extractor.extract(&interests);
        let listing: Vec<usize> = hits.listing_lines(&interests).into_iter().collect();
        assert_eq!(listing, vec![4]);
        // A column of tools, one per line, under a heading rolematch does not know is a list;
        // a stack line or two under a job is not.
        let column = document_from_text(
            "t",
            "Expertise\nPython\nPyTorch\n\nDocker\n- Kubernetes\n• Terraform\nAnalyst, 2020 - 2023\n\
             - Python, SQL, Tableau\n- Docker, Kubernetes\nBuilt it in JavaScript and Python.",
        );
        let hits = extractor.extract(&column);
        let listing: Vec<usize> = hits.listing_lines(&column).into_iter().collect();
        assert_eq!(listing, vec![2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn words_inside_words_are_not_skills() {
        let found = skills_in("Googled, ragged, mlflowing, CUDAish, reacted");
        assert!(found.is_empty(), "{found:?}");
        let found = skills_in("C++ and C# services");
        assert_eq!(found, vec!["cpp".to_string(), "csharp".to_string()]);
    }

    fn has(text: &str, id: &str) -> bool {
        skills_in(text).contains(&id.to_string())
    }

    #[test]
    fn a_narrower_skill_shows_its_broader_one_on_the_same_span_but_lists_count_it_once() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let doc = document_from_text("t", "Built the shop in Laravel on MySQL.");
        let hits = extractor.extract(&doc);
        let of = |id: &str| hits.hits.iter().find(|h| h.skill == id).unwrap();
        let (laravel, php) = (of("laravel"), of("php"));
        assert!(!laravel.implied && php.implied);
        assert_eq!((php.start, php.end, php.text.as_str()), (18, 25, "Laravel"));
        for id in ["mysql", "relational-databases", "sql"] {
            assert!(hits.contains(id), "{id}");
        }
        assert_eq!(hits.written().count(), 2);
        // MySQL and PostgreSQL are two databases, not three or more skills, on a listing line.
        let doc = document_from_text(
            "t",
            "Stores: MySQL, PostgreSQL, SQLite and Redis in production",
        );
        let hits = extractor.extract(&doc);
        assert!(hits.listing_lines(&doc).is_empty());
        // Angular the framework, not the physics.
        assert!(has("Front end in Angular and TypeScript.", "angular"));
        assert!(!has(
            "Measured the angular momentum in TypeScript.",
            "angular"
        ));
        assert!(!has("Angular momentum in Python notebooks.", "angular"));
    }

    #[test]
    fn a_web_framework_shows_its_tier_and_its_language() {
        // A resume that builds with Django or Node.js shows back-end work; one that builds
        // with React, front-end work; each in the framework's language.
        for (text, shown) in [
            ("APIs in Django and Celery.", ["backend", "python"]),
            ("REST services on Node.js.", ["backend", "javascript"]),
            ("Services in Spring Boot and Java 17.", ["backend", "java"]),
            (
                "Storefront in React and TypeScript.",
                ["frontend", "javascript"],
            ),
        ] {
            for id in shown {
                assert!(has(text, id), "{text}: {id}");
            }
        }
        // The tier alone does not name a framework.
        assert!(!has("Back-end services in Go.", "django"));

        // One mention meets one thing an opening asks: React meets an opening's React, and
        // its front end only for an opening that does not also ask for React.
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let doc = document_from_text("t", "Storefront in React and TypeScript.");
        let hits = extractor.extract(&doc);
        let asks = |asked: &'static [&'static str]| {
            move |narrower: &str, broader: &str| {
                asked.contains(&narrower) && asked.contains(&broader)
            }
        };
        assert!(hits
            .lines_by_skill_for(asks(&["frontend"]))
            .contains_key("frontend"));
        let both = hits.lines_by_skill_for(asks(&["react", "frontend"]));
        assert!(both.contains_key("react") && !both.contains_key("frontend"));
        // Said in its own words, the front end is met as well.
        let doc = document_from_text("t", "Front-end storefront in React and TypeScript.");
        let hits = extractor.extract(&doc);
        assert!(hits
            .lines_by_skill_for(asks(&["react", "frontend"]))
            .contains_key("frontend"));
    }

    #[test]
    fn an_ambiguous_form_needs_its_exact_case_and_context() {
        // Lowercase is the animal, the snake, the coffee; the capitalised form still needs
        // another skill or a technical word.
        assert!(!has("Saw two pandas at the zoo.", "pandas"));
        assert!(has("Cleaned the data with pandas and SQL.", "pandas"));
        assert!(!has("Kept the python fed.", "python"));
        assert!(!has("Python skins were banned.", "python"));
        assert!(has("Python developer", "python"));
        assert!(!has("Roasted Java beans.", "java"));
        assert!(has("Built the API in Java.", "java"));
    }

    #[test]
    fn a_technical_word_on_the_line_is_context() {
        assert!(!has("Deployed the Ray of light.", "ray"));
        assert!(has("Deployed the Ray cluster.", "ray"));
        assert!(has("Kept experiment metadata in Neptune.", "neptune"));
    }

    #[test]
    fn ambiguous_languages_named_together_vouch_for_each_other() {
        let found = skills_in("Ported the pricing model from R to Julia.");
        assert!(
            found.contains(&"r".into()) && found.contains(&"julia".into()),
            "{found:?}"
        );
        // A language and a name of another kind do not.
        assert!(!has("Julia and Ray ran the fair.", "julia"));
    }

    #[test]
    fn names_of_people_and_places_are_not_skills() {
        assert!(!has("Ray Chen approved the API budget.", "ray"));
        assert!(!has("Read Franz Kafka and built an API.", "kafka"));
        assert!(!has("Wrote an API thesis on Kafka's letters.", "kafka"));
        assert!(!has("Sang at La Scala near the compiler lab.", "scala"));
        // The first word of a sentence is capitalised for another reason, and a skill beside
        // another is no name.
        assert!(has("Compared Julia and R for simulations.", "julia"));
        // A resume's header line of a name and a title is a name, beside skills too.
        assert!(!has("Julia Roberts — Python Developer", "julia"));
        // A name's word with a dot inside is a tool: "React Next.js" in a list of frameworks.
        assert!(has("Frameworks React Next.js Ember.js Node.js", "react"));
        assert!(!has("The API budget was approved by Ray Chen.", "ray"));
        let pair = skills_in("Python Go");
        assert!(
            pair.contains(&"python".into()) && pair.contains(&"go".into()),
            "{pair:?}"
        );
    }

    #[test]
    fn a_model_family_with_its_version_needs_no_context() {
        assert!(has(
            "Distilled Qwen2.5-72B into a student.",
            "self-hosted-llm"
        ));
        assert!(has(
            "Tested Claude 3 Haiku as a classifier.",
            "anthropic-api"
        ));
        assert!(has("Ran Llama3 locally.", "self-hosted-llm"));
        assert!(!has("The Mistral wind blew all week.", "self-hosted-llm"));
        assert!(!has("Born under Gemini.", "gemini-api"));
    }

    #[test]
    fn one_name_two_tools_told_apart_by_their_words() {
        let kernels = skills_in("Wrote fused softmax kernels in Triton.");
        assert!(kernels.contains(&"triton-lang".into()), "{kernels:?}");
        assert!(!kernels.contains(&"triton-server".into()), "{kernels:?}");
        let serving = skills_in("Served the ONNX models on Triton.");
        assert!(serving.contains(&"triton-server".into()), "{serving:?}");
        assert!(!serving.contains(&"triton-lang".into()), "{serving:?}");
        // The full name never needs telling apart.
        assert!(has(
            "Tuned CUDA kernels and NVIDIA Triton Inference Server.",
            "triton-server"
        ));
    }

    #[test]
    fn a_web_address_and_a_contact_line_show_no_skill() {
        assert!(!has("GitHub: github.com/jdoe", "git"));
        assert!(!has("GitHub jdoe https://github.com/jdoe", "git"));
        assert!(!has(
            "Email: jane@x.com | GitHub: github.com/jane | LinkedIn: linkedin.com/in/jane",
            "git"
        ));
        assert!(!has("Portfolio: www.jdoe.dev/python-projects", "python"));
        // A tool's name with a slash is no address, and a label's skills are the writer's.
        assert!(has(
            "- Built REST APIs with Node.js/Express and PostgreSQL",
            "nodejs"
        ));
        assert!(has("Backend: Node.js/Express, MongoDB", "mongodb"));
        assert!(has("Python and Django: github.com/jdoe/shop", "python"));
        assert!(!has(
            "Wrote the parser (see https://gitlab.com/jdoe/python-tools) for the billing team.",
            "python"
        ));
        assert!(has(
            "Set up GitHub Actions for the team's Python services (github.com/acme/ci).",
            "python"
        ));
        assert!(has("Reviewed pull requests on GitHub every day.", "git"));
    }

    #[test]
    fn packages_and_sub_products_prove_their_parent() {
        assert!(has("Trained it with Flux.jl.", "julia"));
        assert!(has("Plotted it with ggplot2.", "r"));
        assert!(has("Tuned it with Ray Tune.", "ray"));
        assert!(has("Built a proxy with tokio.", "rust"));
        assert!(has("Ran the scoring with PySpark.", "spark"));
    }

    #[test]
    fn the_job_of_someone_the_writer_works_for_or_beside_is_not_their_skill() {
        for (line, skill) in [
            ("Team Lead, Partnerships", "esco-people-management"),
            (
                "Led a team of 35 across front and back of house.",
                "esco-people-management",
            ),
            (
                "Worked as a project manager for four years.",
                "esco-project-management",
            ),
            (
                "Promoted to team lead after 18 months.",
                "esco-people-management",
            ),
            // A new phrase between the verb and the job: the writer's own job.
            (
                "Supported the team as shift supervisor on weekends.",
                "esco-people-management",
            ),
            (
                "Supported a team of 12 as shift supervisor.",
                "esco-people-management",
            ),
            (
                "Worked with the product team as project manager.",
                "esco-project-management",
            ),
            (
                "Reporting to the CFO, the Project Manager owns delivery.",
                "esco-project-management",
            ),
            (
                "Support the team lead and act as team lead on weekends.",
                "esco-people-management",
            ),
            // Not the name of a job at all.
            (
                "Work with the marketing team to generate leads.",
                "esco-lead-generation",
            ),
            (
                "Support the sales team by qualifying leads.",
                "esco-lead-generation",
            ),
        ] {
            assert!(has(line, skill), "{line}");
        }
        for (line, skill) in [
            (
                "Coordinate meetings and support the 10x project team lead.",
                "esco-people-management",
            ),
            ("Reports to the Project Manager.", "esco-project-management"),
            ("Reports to: Project Manager", "esco-project-management"),
            ("Reports to Team Lead", "esco-people-management"),
            (
                "Reporting directly to the Project Manager, you will keep the log.",
                "esco-project-management",
            ),
            (
                "Reporting to our Engineering Manager, you will ship features.",
                "leadership",
            ),
            (
                "Assisted the shift supervisor with opening.",
                "esco-people-management",
            ),
            (
                "Supported by the team lead, I onboarded new starters.",
                "esco-people-management",
            ),
            (
                "Work closely with the tech lead and designers.",
                "leadership",
            ),
            ("This role has no direct reports.", "esco-people-management"),
            (
                "Trained under the head chef at Nopa.",
                "esco-kitchen-management",
            ),
            (
                "Worked under Claude Martin, the head chef.",
                "esco-kitchen-management",
            ),
        ] {
            assert!(!has(line, skill), "{line}");
        }
        assert!(has(
            "Head chef at Nopa, then sous chef at Zuni.",
            "esco-kitchen-management"
        ));
    }

    #[test]
    fn communication_between_devices_is_not_the_skill_of_communicating() {
        assert!(has(
            "Excellent written and verbal communication skills.",
            "communication"
        ));
        assert!(has(
            "Clear communication with stakeholders and customers.",
            "communication"
        ));
        for line in [
            "Implement drivers to communication with custom PC peripherals.",
            "Serial communication with sensors over UART.",
            "Designed the communication protocol between the boards.",
            "Wrote the communication layer of the robot.",
            "Wireless communication for field devices.",
        ] {
            assert!(!has(line, "communication"), "{line}");
        }
    }

    #[test]
    fn it_support_is_a_trade_and_its_words_have_other_senses() {
        assert!(has(
            "Information Technology Support Specialist, Southwestern University",
            "esco-it-support"
        ));
        assert!(has("Provided IT support to 300 staff.", "esco-it-support"));
        assert!(!has(
            "Does it support offline mode on phones?",
            "esco-it-support"
        ));
        assert!(!has(
            "Guests check in at the hotel's service desk.",
            "esco-it-support"
        ));
        assert!(has(
            "Performed IT administration and deployments.",
            "esco-system-administration"
        ));
        assert!(!has(
            "Built the user account management API in Go.",
            "esco-system-administration"
        ));
        // An operating system's name needs its trade's company; a building's windows do not
        // name it.
        assert!(has("Desktop apps for Windows and Linux.", "windows"));
        assert!(!has("Windows were cleaned every week.", "windows"));
        assert!(!has("Cleaned the windows and the doors.", "windows"));
    }

    #[test]
    fn general_skills_count_only_in_a_phrase_of_their_trade() {
        assert!(has(
            "Delivered direct patient care on a busy ward.",
            "esco-patient-care"
        ));
        assert!(!has(
            "We care about our patients' time.",
            "esco-patient-care"
        ));
        assert!(has(
            "Processed weekly payroll for 80 staff.",
            "esco-payroll"
        ));
        assert!(!has("Built the payroll API in Go.", "esco-payroll"));
        assert!(has(
            "Managed the sales pipeline in HubSpot.",
            "esco-sales-pipeline"
        ));
        assert!(!has(
            "Built the data pipeline in Airflow.",
            "esco-sales-pipeline"
        ));
        assert!(!has("Trained the model on 8 GPUs.", "esco-staff-training"));
        // `guard_all_forms`: the rules guard plain forms too.
        assert!(has(
            "Classroom teaching in Year 6.",
            "esco-classroom-teaching"
        ));
        assert!(!has(
            "Classroom teaching assistant in Year 6.",
            "esco-classroom-teaching"
        ));
        assert!(has(
            "Negotiated contracts with suppliers.",
            "esco-negotiation"
        ));
        assert!(!has("Added HTTP content negotiation.", "esco-negotiation"));
        // A general skill is never context for an ambiguous software term.
        assert!(!has("Go to the ward and check patient care plans.", "go"));
    }

    #[test]
    fn the_rules_after_and_before_a_form_guard_only_the_ambiguous_form() {
        assert!(!has("Managed the R&D budget with SQL.", "r"));
        assert!(
            has("Plotted it with ggplot2.", "r"),
            "the period after ggplot2 is fine"
        );
        let lambda = skills_in("Lambda calculus was my favourite course.");
        assert!(!lambda.contains(&"aws".into()), "{lambda:?}");
    }
}
