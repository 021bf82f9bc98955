//! The rules that find identity cues in one line: patterns for contact details and personal
//! status, word lists for gendered words, affinity groups and schools, and the person's name.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lists::{GENDERED_WORDS, GROUP_WORDS, IDENTITY_WORDS, NAMED_GROUPS, SCHOOLS};
use super::names::{is_latin, Person, PARTICLES};
use super::{Cue, CueKind};
use crate::read::sections::SectionKind;

/// What a rule may know about the line it looks at.
pub(crate) struct LineContext<'a> {
    pub section: Option<SectionKind>,
    pub person: Option<&'a PersonPatterns>,
    /// One of the last three lines, where a signature would be.
    pub is_last_lines: bool,
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the built-in redaction patterns compile")
}

/// A pattern and the kind of cue it finds: the whole match, or its first group where it has
/// one; `keep` may refuse a match by looking at the line around it.
struct Rule {
    kind: CueKind,
    pattern: Regex,
    keep: fn(&str, &Range<usize>) -> bool,
}

/// Street words of addresses written number first ("221B Baker Street", "12 rue de la Paix").
const STREETS: &str = "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Square|Sq|Parkway|Pkwy|Highway|Hwy|Circle|Crescent|Close|Grove|Gardens|Mews|Row|View|Walk|Hill|Heights|Rise|Quay|Park|Green|Soi|Moo|Thanon";

/// Street words written after the name and before the number ("Musterstraße 12",
/// "Keizersgracht 123", "Drottninggatan 12").
const STREET_SUFFIXES: &str = "straße|strasse|str\\.|weg|gasse|allee|platz|straat|laan|gracht|plein|kade|singel|gatan|vägen|gränd|torget|veien|gade|vej|katu|tie";

/// Street words written before the name ("Via Roma 10", "Calle de Alcalá 45", "ul. Floriańska 15").
const STREET_PREFIXES: &str = "Via|Viale|Piazza|Corso|Calle|Carrer|Avenida|Avda\\.|Rua|Plaza|Paseo|Travessa|ul\\.|al\\.|pl\\.|ulica|Aleja";

/// Patterns whose whole match (or first group) is one cue, replaced by the kind's placeholder.
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    fn always(_: &str, _: &Range<usize>) -> bool {
        true
    }
    let rule = |kind, pattern: &str| Rule {
        kind,
        pattern: regex(pattern),
        keep: always,
    };
    let checked = |kind, pattern: &str, keep| Rule {
        kind,
        pattern: regex(pattern),
        keep,
    };
    // The end of a header segment: a separator or the end of the line.
    const REST: &str = r"[^|;•·\n]*";
    // Numbers and words of counts, in English and French.
    const COUNT: &str = r"(?:\d+|one|two|three|four|five|six|un|une|deux|trois|quatre|cinq|six)";
    vec![
        rule(
            CueKind::Email,
            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
        ),
        rule(
            CueKind::Link,
            r"(?i)\b(?:https?://)?(?:www\.)?(?:linkedin\.com|github\.com|gitlab\.com|twitter\.com|x\.com|huggingface\.co|kaggle\.com|medium\.com|scholar\.google\.[a-z.]+|stackoverflow\.com|orcid\.org|behance\.net|dribbble\.com|about\.me|[a-z0-9-]+\.substack\.com|t\.me|telegram\.me|wa\.me|instagram\.com|facebook\.com|xing\.com|vk\.com|weibo\.com)(?:/[^\s|,;)\]]*)?",
        ),
        rule(
            CueKind::Handle,
            r"(?:^|[\s(,;|])@[A-Za-z0-9_][A-Za-z0-9_.-]{1,38}",
        ),
        // Messenger accounts after their label ("WeChat: xiaoming_ml", "WhatsApp: +233 24 …").
        rule(
            CueKind::Handle,
            r"(?:(?i:\b(?:wechat|weixin|whatsapp|telegram|skype|signal|discord|viber|kakaotalk|kakao|threema|qq)(?:\s+(?:id|handle|number|no\.?))?)|微信|(?-i:\bLINE(?:\s+ID)?))\s*[:：]\s*(\+?\(?\d[\d\s().-]{6,}\d|[^\s|,;·•]+)",
        ),
        rule(CueKind::Phone, r"\+?\(?\d[\d\s().-]{7,}\d"),
        rule(
            CueKind::Address,
            &format!(
                r"\b\d{{1,5}}(?:/\d{{1,4}})?[A-Za-z]?,?\s+(?:(?i:rue|avenue|av\.|boulevard|bd|allée|chemin|impasse|quai|cours|route)\b|(?:\p{{Lu}}[\p{{L}}.'-]*\s+){{1,4}}(?:{STREETS})\b\.?){REST}"
            ),
        ),
        rule(
            CueKind::Address,
            &format!(
                r"\b\p{{Lu}}[\p{{L}}-]{{2,}}(?:{STREET_SUFFIXES})\s+\d{{1,4}}[a-zA-Z]?\b{REST}"
            ),
        ),
        // Number first, then a street word of another language ("930 Via Mil Cumbres", "12
        // Camino Real", as Californian addresses are written), opening its line: "Cut Latency
        // 40 Via Caching" in a bullet is no address.
        rule(
            CueKind::Address,
            &format!(
                r"(?m)^[\s*•-]*(\d{{1,5}}[A-Za-z]?\s+(?:{STREET_PREFIXES}|Camino|Rue)\s+(?:(?:de|del|la|las|los|di|da|des|du|dei)\s+)*\p{{Lu}}[\p{{L}}'-]*(?:\s+\p{{Lu}}[\p{{L}}'-]*){{0,3}}{REST})"
            ),
        ),
        rule(
            CueKind::Address,
            &format!(
                r"(?:^|\s)(?:{STREET_PREFIXES})\s+(?:(?:de|del|la|las|los|di|da|des|du|dei)\s+)*\p{{Lu}}[^\d\n|;•·]{{0,40}}?,?\s*\d{{1,4}}[a-zA-Z]?\b{REST}"
            ),
        ),
        rule(
            CueKind::Address,
            &format!(
                r"(?i)\b(?:home |postal |mailing )?(?:address|adresse|anschrift|dirección|direccion|indirizzo|domicile)\s*:{REST}"
            ),
        ),
        rule(
            CueKind::Address,
            r"\b(?:Apt|Apartment|Flat|Suite|Unit|Room|Appartement|Wohnung)\.?\s*#?\d+[A-Za-z]?\b",
        ),
        rule(CueKind::Address, r"\b(?:Co\.|County)\s+\p{Lu}\p{Ll}+"),
        rule(
            CueKind::Address,
            &format!(r"(?i)\b(?:p\.?\s?o\.?\s?box|postfach|boîte postale|apartado)\s*\d+{REST}"),
        ),
        // Vietnamese house numbers, streets, wards and districts ("Số 12 Phố Huế").
        rule(
            CueKind::Address,
            &format!(
                r"\b(?:Số\s+\d+\s+)?(?:Phố|Đường|Ngõ|Ngách|Phường|Quận|Huyện)\s+\p{{Lu}}{REST}"
            ),
        ),
        // Postcodes: US ("Atlanta, GA 30318"), UK, Irish Eircodes, Canadian, Dutch, Polish,
        // Swedish, five digits before a town (France, Germany, Spain, Italy) and six after
        // one (China, India), Japanese.
        rule(
            CueKind::Address,
            r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b",
        ),
        rule(CueKind::Address, r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"),
        checked(
            CueKind::Address,
            r"\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[AC-FHKNPRTV-Y0-9]{4}\b",
            |line, range| {
                let code = &line[range.clone()];
                let last: &str = &code[code.len() - 4..];
                last.chars().any(|c| c.is_ascii_digit())
                    && last.chars().any(|c| c.is_ascii_uppercase())
            },
        ),
        rule(
            CueKind::Address,
            r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b",
        ),
        checked(
            CueKind::Address,
            r"\b\d{4}\s?[A-Z]{2}\s+\p{Lu}[\p{L}-]+",
            |line, range| {
                let year: u32 = line[range.start..range.start + 4].parse().unwrap_or(0);
                !(1900..2100).contains(&year)
            },
        ),
        rule(CueKind::Address, r"\b\d{2}-\d{3}\s+\p{Lu}[\p{L}-]+"),
        rule(CueKind::Address, r"\b\d{3}\s\d{2}\s+\p{Lu}[\p{L}-]+"),
        rule(
            CueKind::Address,
            r"(?:^|[,|·•]\s*|\s{2,})(\d{5}\s+\p{Lu}[\p{L}'-]+(?:[\s-]\p{Lu}[\p{L}'-]+)*)",
        ),
        rule(
            CueKind::Address,
            r"\b\p{Lu}\p{Ll}+,?\s*-?\s*\d{3}\s?\d{3}\b",
        ),
        rule(
            CueKind::Address,
            r"\b(\p{Lu}\p{Ll}+,?\s+\d{5})\s*(?:[,|·•]|$)",
        ),
        rule(
            CueKind::Address,
            &format!(
                r"\p{{Hangul}}+(?:특별시|광역시|특별자치시|도)\s+\p{{Hangul}}+(?:구|군|시){REST}"
            ),
        ),
        rule(CueKind::Address, &format!(r"〒\s?\d{{3}}-?\d{{4}}{REST}")),
        rule(
            CueKind::Address,
            r"[\p{Han}0-9]*(?:省|市|自治区|都|道|府|県)[\p{Han}\p{Hiragana}\p{Katakana}0-9\-]*(?:区|县|縣|镇|町|村|路|街|道|号|號|室|楼|弄|丁目)[\p{Han}\p{Hiragana}\p{Katakana}0-9\-]*",
        ),
        rule(CueKind::Photo, r"!\[[^\]]*\]\([^)]*\)"),
        rule(
            CueKind::Photo,
            r"(?i)\[(?:image|photo|picture|headshot)\b[^\]]*\]",
        ),
        rule(CueKind::Photo, r"(?i)^\s*(?:photo|headshot|picture)\s*:.*$"),
        rule(
            CueKind::Photo,
            r"(?i)\b(?:photo|headshot|photograph|picture)\s*:?\s*(?:attached|enclosed|included|available(?: on request)?|on request)\b|\bphoto(?:graphie)?\s+d['’]identité(?:\s+jointe?)?|\bphoto\s+jointe?\b",
        ),
        rule(
            CueKind::Pronoun,
            r"(?i)\b(?:pronouns?\s*[:\-]?\s*)?\(?\b(?:she|he|they|ze|xe)\s*/\s*(?:her|him|them|hir|zir|xem)(?:\s*/\s*(?:hers|his|theirs))?\)?",
        ),
        rule(
            CueKind::BirthDate,
            &format!(
                r"(?i)\b(?:(?:date of birth|birth ?date|d\.o\.b\.?|dob|date de naissance|geburtsdatum|fecha de nacimiento|data di nascita)(?:\s*[:\-])?|born(?: and raised)?\s+(?:on|in)\b|born\s*:|born\s+(?:\d{{1,2}}\s+\p{{L}}+\s+)?\d{{4}}\b|geboren\s+(?:am|in)\b|geb\.\s*(?:am\s*)?\d){REST}"
            ),
        ),
        rule(
            CueKind::BirthDate,
            r"(?i)\bnée?\s+(?:le\s+\d{1,2}(?:er)?[\s/.-]+(?:\d{1,2}|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)[\s/.-]+\d{2,4}|en\s+\d{4})(?:\s+à\s+\p{Lu}[\p{L}'-]+(?:[\s-]\p{Lu}[\p{L}'-]+)*)?|\bnée?\s+à\s+\p{Lu}[\p{L}'-]+",
        ),
        rule(
            CueKind::Age,
            r"(?i)\b(?:age|âge|alter|edad)\s*[:\-]\s*\d{1,3}\b(?:\s*(?:ans|years|jahre|años))?",
        ),
        rule(CueKind::Age, r"(?i)\baged\s+\d{1,3}\b"),
        rule(CueKind::Age, r"(?i)\b\d{1,3}-years?-old\b"),
        rule(
            CueKind::Age,
            r"(?i)\b\d{1,3}[\s-]*(?:years?|yrs?)[\s-]*old\b",
        ),
        rule(
            CueKind::Age,
            r"\b(?:[Hh]e|[Ss]he|I|\p{Lu}\p{Ll}+) (?:is|am) (\d{2})(?:,|;|\.(?:\s|$)|\s+and\b|$)",
        ),
        checked(CueKind::Age, r"(?i)\b\d{1,3}\s*ans\b", |line, range| {
            let before = line[..range.start].to_lowercase();
            let after = line[range.end..].trim_start().to_lowercase();
            !(after.starts_with('d')
                && (after.starts_with("d'") || after.starts_with("d’") || after.starts_with("de ")))
                && !["depuis ", "pendant ", "de ", "plus de ", "en "]
                    .iter()
                    .any(|w| before.ends_with(w))
        }),
        rule(
            CueKind::Gender,
            &format!(r"(?i)\b(?:gender|sex|sexe|geschlecht|sexo|genre)\s*[:\-]{REST}"),
        ),
        // A sex in a list of personal details ("Born 1994, female, unmarried").
        rule(
            CueKind::Gender,
            r"(?i)(?:^|[,;·|]\s*)(female|male|woman|man|femme|homme|weiblich|männlich)\s*(?:[,.;·|]|$)",
        ),
        // Military service, asked of men only in many countries.
        rule(
            CueKind::Gender,
            &format!(
                r"(?i)\b(?:military status|military service|service militaire|wehrdienst)\s*[:\-]{REST}"
            ),
        ),
        rule(
            CueKind::Religion,
            &format!(
                r"(?i)\b(?:religion|religious affiliation|faith|confession|konfession|religión)\s*[:\-]{REST}"
            ),
        ),
        rule(
            CueKind::Ethnicity,
            &format!(
                r"(?i)\b(?:ethnicity|ethnic origin|ethnic background|race|caste|origine ethnique|ethnie)\s*[:\-]{REST}"
            ),
        ),
        rule(
            CueKind::MaritalStatus,
            r"(?i)\bmarital status\s*[:\-]?\s*[A-Za-z-]+",
        ),
        // "single" closing a clause ("27 and single."), not "a single GPU".
        rule(
            CueKind::MaritalStatus,
            r"(?i)\b(?:and|is|am|,)\s+(single)\s*(?:[.,;·|]|$)",
        ),
        rule(
            CueKind::MaritalStatus,
            &format!(
                r"(?i)\b(?:familienstand|situation familiale|situation de famille|état civil|estado civil|stato civile)\s*[:\-]{REST}"
            ),
        ),
        rule(
            CueKind::MaritalStatus,
            &format!(
                r"(?i)\b(?:married|unmarried|divorced|widowed)\b(?:,?\s*(?:with\s+)?(?:{COUNT}\s+)?(?:children|kids|child))?"
            ),
        ),
        rule(
            CueKind::MaritalStatus,
            &format!(
                r"(?i)\b(?:mariée?|pacsée?|divorcée?|veuve|veuf|célibataire|verheiratet|ledig|geschieden|verwitwet|casad[oa]|solter[oa]|divorciad[oa]|viud[oa]|sposat[oa]|nubile)\b(?:,?\s*(?:avec\s+)?(?:{COUNT}\s+)?enfants?)?"
            ),
        ),
        rule(
            CueKind::FamilyStatus,
            &format!(
                r"(?i)\b(?:mother|father|parent|mom|dad|mum|mère|père|maman|papa) (?:of|de) {COUNT}\b(?:\s+(?:children|kids|boys|girls|enfants?))?"
            ),
        ),
        rule(
            CueKind::FamilyStatus,
            &format!(r"(?i)\b{COUNT} (?:children|kids|enfants?|kinder)\b"),
        ),
        rule(CueKind::FamilyStatus, r"(?i)\b(?:one|a|1) child\b"),
        rule(
            CueKind::Nationality,
            &format!(
                r"(?i)\b(?:nationality|citizenship|place of birth|country of birth|passport|lieu de naissance|pays de naissance|staatsangehörigkeit|nationalität|geburtsort|nacionalidad|nazionalità)\s*[:\-]{REST}"
            ),
        ),
        rule(
            CueKind::Nationality,
            r"(?i)\b(?:de\s+)?nationalit[ée]\s*[:\-]?\s*[\p{L}-]+",
        ),
        rule(
            CueKind::Nationality,
            r"\b(?:[A-Z][a-z]+|U\.?S\.?|UK|EU)\s+(?i:citizen|national)(?i:ship)?\b",
        ),
        rule(
            CueKind::Nationality,
            r"\b(?i:citizen|national) of [A-Z][a-z]+(?: [A-Z][a-z]+)*",
        ),
        rule(
            CueKind::Nationality,
            r"(?i)\b(?:green card holder|permanent resident)\b",
        ),
        rule(
            CueKind::AffinityGroup,
            r"(?i)\bfirst[- ]generation(?:\s+(?:college|university))?(?:\s+(?:students?|graduates?|immigrants?|americans?))?",
        ),
    ]
});

/// "Mr" and friends before a capitalised word.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Mme|Mlle|Madame|Monsieur|Herr|Frau)\.?\s+\p{Lu}")
});

/// Pronouns about a person.
static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]er|[Hh]is|[Hh]ers|[Hh]imself|[Hh]erself|HE|SHE|HIS|HER)\b")
});

/// Words after which "her" is an object ("with her", "to her."), not a possessive.
const NOT_A_NOUN: &[&str] = &[
    "and", "or", "to", "in", "on", "at", "with", "for", "as", "from", "by", "of", "the", "a", "an",
    "that", "this", "who", "when", "while", "into", "about", "after", "before",
];

/// Words that make a capitalised phrase a school: capitalised words before the keyword (no
/// joining words there, so "PyTorch at Stanford University" starts at "Stanford"), and the
/// rest of the name after it ("University of Texas at Austin").
static SCHOOL_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:(?:[A-Z][\w.'&-]*|&)\s+){0,5}(?:University|College|Universität|Université|Universidad|Università|Polytechnic|Polytechnique|Hochschule|Institute of Technology|Institute of Science)(?:\s+(?:of|at|and|de|del|für|di|the|[A-Z][\w.'&-]*))*(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b)?",
    )
});

/// Institutes, schools and academies, taken for schools only under an Education heading.
static SCHOOL_PHRASE_IN_EDUCATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:(?:[A-Z][\w.'&-]*|&)\s+){0,5}(?:Institute|School|Academy)(?:\s+(?:of|at|and|de|the|for|[A-Z][\w.'&-]*))*",
    )
});

fn list_regex(entries: &[&str], case_insensitive: bool) -> Regex {
    let alternatives: Vec<String> = {
        let mut sorted: Vec<&str> = entries.to_vec();
        sorted.sort_by_key(|e| std::cmp::Reverse(e.len()));
        sorted.iter().map(|e| regex::escape(e)).collect()
    };
    let flags = if case_insensitive { "(?i)" } else { "" };
    regex(&format!(
        r"{flags}\b(?:{})(?:\b|$|\s)",
        alternatives.join("|")
    ))
}

static NAMED_GROUP: LazyLock<Regex> = LazyLock::new(|| list_regex(&NAMED_GROUPS, false));
static SHORT_SCHOOL: LazyLock<Regex> = LazyLock::new(|| list_regex(&SCHOOLS, false));
static GENDERED: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<&str> = GENDERED_WORDS.keys().copied().collect();
    list_regex(&words, true)
});

/// Every identity cue in `line`, with byte ranges in the line (they may overlap).
pub(crate) fn line_cues(line: &str, context: &LineContext<'_>) -> Vec<Cue> {
    let mut cues = Vec::new();
    for rule in RULES.iter() {
        for caps in rule.pattern.captures_iter(line) {
            let Some(m) = caps.get(1).or_else(|| caps.get(0)) else {
                continue;
            };
            let range = trim_range(line, m.range());
            if range.is_empty() || !(rule.keep)(line, &range) {
                continue;
            }
            if rule.kind == CueKind::Phone && !phone_like(&line[range.clone()]) {
                continue;
            }
            if rule.kind == CueKind::Link {
                // A profile's site stays ("github.com" is a fact about the work); the part
                // that names the person goes.
                if let Some(path) = profile_path(&line[range.clone()]) {
                    let start = range.start + path;
                    cues.push(Cue::replaced_by(
                        start..range.end,
                        CueKind::Link,
                        "/[profile]".into(),
                    ));
                }
                continue;
            }
            cues.push(Cue::new(range, rule.kind));
        }
    }
    for m in TITLE.find_iter(line) {
        let capital = line[..m.end()]
            .chars()
            .next_back()
            .map_or(1, char::len_utf8);
        cues.push(Cue::new(m.start()..m.end() - capital, CueKind::Title));
    }
    pronouns(line, &mut cues);
    for m in GENDERED.find_iter(line) {
        let range = trim_range(line, m.range());
        let word = &line[range.clone()];
        let neutral = GENDERED_WORDS[word.to_lowercase().as_str()];
        cues.push(Cue::replaced_by(
            range,
            CueKind::GenderedWord,
            same_case(word, neutral),
        ));
    }
    for m in NAMED_GROUP.find_iter(line) {
        // A known organisation's name is replaced whole, even where it holds a skill's name
        // ("Women in Machine Learning" claims no skill).
        let mut cue = Cue::new(trim_range(line, m.range()), CueKind::AffinityGroup);
        cue.yields_to_skills = false;
        cues.push(cue);
    }
    affinity_phrases(line, &mut cues);
    schools(line, context, &mut cues);
    if let Some(person) = context.person {
        person_name(line, person, context, &mut cues);
    }
    cues
}

/// Where the path of a profile address starts ("github.com/jdoe" → 10), if it has one.
fn profile_path(address: &str) -> Option<usize> {
    let scheme = address.find("://").map_or(0, |i| i + 3);
    address[scheme..]
        .find('/')
        .map(|i| scheme + i)
        .filter(|&i| i + 1 < address.len())
}

/// Nine to fifteen digits, and not a range of years.
fn phone_like(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let groups: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let years = groups
        .iter()
        .all(|g| g.len() == 4 && (g.starts_with("19") || g.starts_with("20")));
    (9..=15).contains(&digits) && !years
}

/// The range without surrounding white space and separators.
fn trim_range(line: &str, range: Range<usize>) -> Range<usize> {
    let text = &line[range.clone()];
    // An opening bracket stays with what it opens: "(404) 555-0199" is one phone number.
    let opens = text
        .trim_start_matches([' ', '\t', ',', ';', '|'])
        .starts_with('(')
        && text.contains(')');
    let leading: &[char] = if opens {
        &[' ', '\t', ',', ';', '|']
    } else {
        &[' ', '\t', '(', ',', ';', '|']
    };
    let start = range.start + (text.len() - text.trim_start_matches(leading).len());
    let end = range.end - (text.len() - text.trim_end().len());
    start..end.max(start)
}

/// Keeps the capitalisation of the first letter of `original` in `neutral`.
fn same_case(original: &str, neutral: &str) -> String {
    let upper = original.chars().next().is_some_and(char::is_uppercase);
    let all_upper = original.len() > 1 && original.chars().all(|c| !c.is_lowercase());
    if all_upper {
        return neutral.to_uppercase();
    }
    match (upper, neutral.chars().next()) {
        (true, Some(first)) => first
            .to_uppercase()
            .chain(neutral.chars().skip(1))
            .collect(),
        _ => neutral.to_string(),
    }
}

/// he/she → they, him → them, his → their/theirs, her → their/them, hers → theirs.
fn pronouns(line: &str, cues: &mut Vec<Cue>) {
    for m in PRONOUN.find_iter(line) {
        let word = m.as_str();
        let next = line[m.end()..]
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .filter(|_| line[m.end()..].starts_with(' '));
        let followed_by_noun =
            next.is_some_and(|w| !NOT_A_NOUN.contains(&w.to_lowercase().as_str()));
        let neutral = match word.to_lowercase().as_str() {
            "he" | "she" => "they",
            "him" => "them",
            "himself" | "herself" => "themself",
            "hers" => "theirs",
            "his" if followed_by_noun => "their",
            "his" => "theirs",
            "her" if followed_by_noun => "their",
            _ => "them",
        };
        let mut range = m.range();
        let mut replacement = same_case(word, neutral);
        if neutral == "they" {
            if let Some((end, agreeing)) = agreeing_verb(&line[m.end()..]) {
                range.end += end;
                replacement.push_str(&agreeing);
            }
        }
        cues.push(Cue::replaced_by(range, CueKind::Pronoun, replacement));
    }
}

/// Words that end in "s" after a subject and are not verbs.
const NOT_VERBS: &[&str] = &[
    "always",
    "sometimes",
    "perhaps",
    "thus",
    "towards",
    "afterwards",
    "nevertheless",
    "besides",
    "as",
    "its",
    "hers",
    "whereas",
    "unless",
    "plus",
    "across",
    "yes",
];

/// Adverbs that may stand between the subject and its verb ("she also leads").
const ADVERBS: &[&str] = &[
    "also",
    "now",
    "still",
    "then",
    "often",
    "always",
    "never",
    "already",
    "even",
    "just",
    "later",
    "soon",
    "once",
    "sometimes",
    "mostly",
    "mainly",
    "usually",
    "currently",
];

/// The verb after a subject "they" that was "he" or "she", made to agree: the length of the
/// text after the pronoun it takes (up to the verb's end) and what replaces that text
/// (" lead" for " leads", " also are" for " also is", "'re" for "'s").
fn agreeing_verb(after: &str) -> Option<(usize, String)> {
    for apostrophe in ["'", "’"] {
        let Some(rest) = after
            .strip_prefix(apostrophe)
            .and_then(|r| r.strip_prefix('s'))
        else {
            continue;
        };
        if rest.starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let next = rest
            .trim_start()
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        const PERFECT: &[&str] = &[
            "been", "got", "had", "done", "gone", "led", "built", "made", "run", "won", "taught",
            "grown", "shown", "written", "worked",
        ];
        let perfect = PERFECT.contains(&next) || (next.ends_with("ed") && next.len() > 3);
        let verb = if perfect { "ve" } else { "re" };
        return Some((apostrophe.len() + 1, format!("{apostrophe}{verb}")));
    }
    let mut offset = 0;
    for _ in 0..2 {
        let word_start = offset + 1;
        let rest = after[offset..].strip_prefix(' ')?;
        let len = rest
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '\'' || c == '’'))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let end = word_start + len;
        if let Some(plural) = plural_verb(word) {
            return Some((end, format!("{}{plural}", &after[..word_start])));
        }
        let adverb = ADVERBS.contains(&word) || (word.len() > 4 && word.ends_with("ly"));
        if !adverb {
            return None;
        }
        offset = end;
    }
    None
}

/// The plural of a verb in the third person singular ("leads" → "lead", "is" → "are").
fn plural_verb(word: &str) -> Option<String> {
    const IRREGULAR: &[(&str, &str)] = &[
        ("is", "are"),
        ("was", "were"),
        ("has", "have"),
        ("does", "do"),
        ("goes", "go"),
        ("isn't", "aren't"),
        ("wasn't", "weren't"),
        ("hasn't", "haven't"),
        ("doesn't", "don't"),
        ("focuses", "focus"),
    ];
    let plain = word.replace('’', "'");
    if let Some((_, plural)) = IRREGULAR.iter().find(|(s, _)| *s == plain) {
        return Some(if word.contains('’') {
            plural.replace('\'', "’")
        } else {
            (*plural).to_string()
        });
    }
    let verb_like = word.len() >= 3
        && word.ends_with('s')
        && word.chars().all(|c| c.is_ascii_lowercase())
        && !["ss", "us", "is"].iter().any(|e| word.ends_with(e))
        && !NOT_VERBS.contains(&word);
    if !verb_like {
        return None;
    }
    let stem = &word[..word.len() - 1];
    Some(if word.ends_with("ies") && word.len() > 4 {
        format!("{}y", &word[..word.len() - 3])
    } else if ["ches", "shes", "sses", "xes", "zes", "oes"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        word[..word.len() - 2].to_string()
    } else {
        stem.to_string()
    })
}

/// Words with their byte offsets: letters, digits and ' - + . inside a word.
fn words(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        let inside = c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '+' | '.' | '&');
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out.into_iter()
        .map(|(s, w)| (s, w.trim_end_matches(['.', '-', '\''])))
        .filter(|(_, w)| !w.is_empty())
        .collect()
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A group's name around an identity word: "Muslim Students' Association", "Women in
/// Computing Scholarship", "Women's Rugby Team". The phrase runs over capitalised words (and
/// lower-case joining words between them) and must hold a word that names a group, or be
/// "<identity> in <Field>".
fn affinity_phrases(line: &str, cues: &mut Vec<Cue>) {
    const JOINING: &[&str] = &["in", "of", "for", "and", "who", "&"];
    let words = words(line);
    let lower: Vec<String> = words.iter().map(|(_, w)| w.to_lowercase()).collect();
    let is_identity = |i: usize| IDENTITY_WORDS.contains(lower[i].as_str());
    // Two words are one phrase only with nothing but spaces (or a plural's apostrophe)
    // between them.
    let joined = |i: usize| {
        line[words[i].0 + words[i].1.len()..words[i + 1].0]
            .trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '’')
            .is_empty()
    };
    let is_group = |i: usize| GROUP_WORDS.contains(lower[i].trim_end_matches(['\'', '’']));
    for i in (0..words.len()).filter(|&i| is_identity(i)) {
        let mut first = i;
        while first > 0
            && joined(first - 1)
            && capitalised(words[first - 1].1)
            && !is_identity(first - 1)
        {
            first -= 1;
        }
        let mut last = i;
        loop {
            let next = last + 1;
            if next < words.len() && joined(last) && (capitalised(words[next].1) || is_group(next))
            {
                last = next;
            } else if next + 1 < words.len()
                && joined(last)
                && joined(next)
                && JOINING.contains(&lower[next].as_str())
                && (capitalised(words[next + 1].1) || is_group(next + 1))
            {
                last = next + 1;
            } else {
                break;
            }
        }
        // "l'association Femmes & Sciences": the group's word before its name.
        let named_after_group = first > 0 && {
            let before = lower[first - 1].as_str();
            let before = ["l'", "l’", "d'", "d’"]
                .iter()
                .find_map(|p| before.strip_prefix(p))
                .unwrap_or(before);
            GROUP_WORDS.contains(before)
        };
        let holds_group = (first..=last).any(is_group) || named_after_group;
        let in_field = i + 2 <= last
            && ["in", "&", "and", "et", "en"].contains(&lower[i + 1].as_str())
            && capitalised(words[i + 2].1);
        if holds_group || in_field {
            let start = words[first].0;
            let end = words[last].0 + words[last].1.len();
            cues.push(Cue::new(start..end, CueKind::AffinityGroup));
        }
    }
}

/// School names: long names by pattern anywhere, short ones and institutes under Education.
fn schools(line: &str, context: &LineContext<'_>, cues: &mut Vec<Cue>) {
    let in_education = context.section == Some(SectionKind::Education);
    let mut patterns = vec![&*SCHOOL_PHRASE];
    if in_education {
        patterns.push(&*SCHOOL_PHRASE_IN_EDUCATION);
        patterns.push(&*SHORT_SCHOOL);
    }
    for pattern in patterns {
        for m in pattern.find_iter(line) {
            let range = trim_joining_words(line, trim_range(line, m.range()));
            if !range.is_empty() {
                cues.push(Cue::new(range, CueKind::School));
            }
        }
    }
}

/// Drops lower-case joining words at either end of a phrase ("the University of Oslo in").
fn trim_joining_words(line: &str, mut range: Range<usize>) -> Range<usize> {
    const JOINING: &[&str] = &[
        "of", "at", "and", "the", "de", "del", "für", "di", "for", "&",
    ];
    loop {
        let text = &line[range.clone()];
        if let Some((first, rest)) = text.split_once(' ') {
            if JOINING.contains(&first) {
                range.start += first.len() + 1;
                range.start += rest.len() - rest.trim_start().len();
                continue;
            }
        }
        if let Some((rest, last)) = text.rsplit_once(' ') {
            if JOINING.contains(&last) {
                range.end -= last.len() + 1;
                range.end -= rest.len() - rest.trim_end().len();
                continue;
            }
        }
        return range;
    }
}

/// The patterns that find the person's name, compiled once per document: each known name in
/// full anywhere, initialled ("M. Garcia", "Garcia, M."), "Garcia et al.", and under
/// Publications the surname in author lists; then every word of every known name alone,
/// capitalised, ignoring case and accents ("Siobhán", "SIOBHAN", "O'Neil's" for
/// `siobhan.oneil@`), and words in other scripts wherever they stand.
pub(crate) struct PersonPatterns {
    person: Person,
    anywhere: Vec<Regex>,
    in_publications: Vec<Regex>,
    /// Words of the names in the Latin script, folded (see [`fold`]).
    words: HashSet<String>,
    /// Words of the names in other scripts.
    other_scripts: Option<Regex>,
}

impl PersonPatterns {
    /// The patterns of the names a document gives: `written` as names (the person's own
    /// name first), matched in full, initialled and word by word; `read_off` identifiers
    /// (e-mail addresses, the file name), matched word by word only.
    pub fn new((written, read_off): (Vec<Person>, Vec<Person>)) -> Option<Self> {
        let person = written.first().or(read_off.first())?.clone();
        let full_names: HashSet<Vec<String>> = written.iter().map(|p| p.words.clone()).collect();
        let names: Vec<Person> = written.into_iter().chain(read_off).collect();
        let mut anywhere = Vec::new();
        let mut in_publications = Vec::new();
        let mut words = HashSet::new();
        let mut other_scripts: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for name in &names {
            if !seen.insert(name.words.clone()) {
                continue;
            }
            if full_names.contains(&name.words) {
                let (a, p) = full_name_patterns(name);
                anywhere.extend(a);
                in_publications.extend(p);
            }
            for word in name
                .words
                .iter()
                .filter(|w| !PARTICLES.contains(&w.as_str()))
            {
                if word.chars().any(|c| c.is_alphabetic() && !is_latin(c)) {
                    if word.chars().count() >= 2 {
                        other_scripts.push(word.clone());
                    }
                    continue;
                }
                let parts = std::iter::once(word.as_str()).chain(word.split('-'));
                for part in parts.filter(|p| !PARTICLES.contains(p)) {
                    let key = fold(part);
                    if key.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                        words.insert(key);
                    }
                }
            }
        }
        other_scripts.sort_by_key(|w| std::cmp::Reverse(w.len()));
        other_scripts.dedup();
        let other_scripts = (!other_scripts.is_empty()).then(|| {
            let alternatives: Vec<String> =
                other_scripts.iter().map(|w| regex::escape(w)).collect();
            regex(&format!("(?i:{})", alternatives.join("|")))
        });
        Some(PersonPatterns {
            person,
            anywhere,
            in_publications,
            words,
            other_scripts,
        })
    }
}

/// The patterns of one name: anywhere, and in author lists.
fn full_name_patterns(person: &Person) -> (Vec<Regex>, Vec<Regex>) {
    let given = regex::escape(person.given());
    let surname = regex::escape(person.surname());
    let full = person
        .words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join(r"\s+");
    if person.words.len() < 2 {
        return (vec![regex(&format!(r"(?i:\b{full}\b)"))], Vec::new());
    }
    let initials = r"(?:[A-Z](?:\.|\b)[\s-]?){1,3}";
    let anywhere = [
        format!(r"(?i:\b{full}\b)"),
        format!(r"(?i:\b{surname},\s*{given}\b)"),
        format!(r"\b{initials}\s?(?i:{surname})\b"),
        format!(r"(?i:\b{surname}),\s*{initials}"),
        format!(r"(?i:\b{surname}\s+et\s+al)\.?"),
    ];
    let in_publications = [
        format!(r"(?i:\b{surname})\s+[A-Z]{{1,3}}\b"),
        format!(r"\b(?i:{surname})\b"),
    ];
    (
        anywhere.iter().map(|p| regex(p)).collect(),
        in_publications.iter().map(|p| regex(p)).collect(),
    )
}

/// A word of a name for comparing: lower case, without accents, apostrophes, hyphens and
/// dots, and with the German spellings of umlauts made plain ("Jürgen", "juergen" → "jurgen";
/// "Weiß" → "weiss"; "O'Neil" → "oneil").
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            '\'' | '’' | '-' | '.' | '‐' => "",
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' | 'ĉ' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ğ' | 'ģ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
            'ñ' | 'ń' | 'ň' | 'ņ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' | 'ŕ' => "r",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'ß' => "ss",
            'ť' | 'ţ' | 'ț' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            'þ' => "th",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(plain);
    }
    out.replace("ae", "a").replace("oe", "o").replace("ue", "u")
}

/// The person's name in `line` (see [`PersonPatterns`]), the given name alone as a signature,
/// and web addresses made of the name.
fn person_name(line: &str, names: &PersonPatterns, context: &LineContext<'_>, cues: &mut Vec<Cue>) {
    let mut patterns: Vec<&Regex> = names.anywhere.iter().collect();
    if context.section == Some(SectionKind::Publications) {
        patterns.extend(&names.in_publications);
    }
    for pattern in patterns {
        for m in pattern.find_iter(line) {
            cues.push(Cue::new(trim_range(line, m.range()), CueKind::Name));
        }
    }
    name_words(line, names, cues);
    let person = &names.person;
    if context.is_last_lines {
        let trimmed = line.trim().trim_start_matches(['—', '–', '-', ' ']);
        if trimmed.eq_ignore_ascii_case(person.given()) {
            let start = line.find(trimmed).unwrap_or(0);
            cues.push(Cue::new(start..start + trimmed.len(), CueKind::Name));
        }
    }
    web_addresses_of(line, names, cues);
    handles_of(line, names, cues);
}

/// Handles made of the name ("GitHub mayaokonkwo", "LinkedIn lena-vasquez-eng", "jsmith92",
/// "m.okonkwo_99"): a token of letters, digits, dots, dashes and underscores that is shaped
/// like a handle — it holds a digit, a dot, a dash or an underscore, or comes right after a
/// network's name and is written in lower case — and whose letters (or one of whose parts)
/// are two or more of the name's words or single letters, mostly whole words; or the name's
/// word alone right after a network ("Mastodon lena"). An ordinary word is no handle, so
/// "Java" stays for an Ava Jones and "Spark" for a Sarah Park, and a skill's mention stays.
fn handles_of(line: &str, names: &PersonPatterns, cues: &mut Vec<Cue>) {
    // The name's words as written (lower case) and as folded ("vasquez", "vasquz").
    let mut words: Vec<String> = names.person.words.clone();
    words.extend(names.words.iter().cloned());
    words.retain(|w| w.len() >= 2 && w.is_ascii());
    words.sort();
    words.dedup();
    if !words.iter().any(|w| w.len() >= 3) {
        return;
    }
    let mut start = None;
    let mut previous: Option<Range<usize>> = None;
    for (at, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let in_token = c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
        match (in_token, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                start = None;
                let raw = &line[from..at];
                let token = raw.trim_matches(['.', '-', '_']);
                let after_network = previous.as_ref().is_some_and(|p| {
                    let word = &line[p.clone()];
                    word.starts_with(|c: char| c.is_ascii_uppercase())
                        && NETWORKS.contains(&word.to_ascii_lowercase().as_str())
                });
                if !token.is_empty() && is_handle(token, after_network, &words) {
                    let begin = from + raw.find(token).unwrap_or(0);
                    let mut cue = Cue::new(begin..begin + token.len(), CueKind::Handle);
                    cue.yields_to_skills = true;
                    cues.push(cue);
                }
                previous = Some(from..at);
            }
            _ => {}
        }
    }
}

/// Whether `token` is a handle made of the name's `words` (see [`handles_of`]).
fn is_handle(token: &str, after_network: bool, words: &[String]) -> bool {
    let marked = token
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    let lower_case = !token.chars().any(|c| c.is_ascii_uppercase());
    if !(marked || after_network && lower_case) {
        return false;
    }
    let letters = |text: &str| -> String {
        text.chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let whole = letters(token);
    if after_network && lower_case && words.contains(&whole) {
        return true;
    }
    let made = |text: &str| made_of_name(text, words) || made_of_name(&fold(text), words);
    let name_parts = token
        .split(['.', '-', '_'])
        .filter(|part| part.len() >= 3 && words.contains(&letters(part)))
        .count();
    made(&whole)
        || token
            .split(['.', '-', '_'])
            .any(|part| made(&letters(part)))
        || name_parts >= 2
}

/// Networks a resume names before a handle ("Mastodon lena"), lower case; written with a
/// capital where they are one ("X", "Medium", "Threads", not "10 x 5").
const NETWORKS: &[&str] = &[
    "github",
    "gitlab",
    "linkedin",
    "twitter",
    "x",
    "mastodon",
    "instagram",
    "facebook",
    "bluesky",
    "threads",
    "medium",
    "dribbble",
    "behance",
    "kaggle",
    "stackoverflow",
    "youtube",
    "tiktok",
    "reddit",
    "telegram",
    "skype",
];

/// Whether `letters` split into two or more pieces, each of the name's words or its initial
/// used once, and one other letter at most (a middle initial the header did not keep), with
/// whole words holding at least two thirds of the letters: "lvasquez", "jasmith",
/// "mayaokonkwo", "liwei"; not "marktomarket" for a Mark. (A name has a word of three letters
/// or more, or [`handles_of`] looks for none.)
fn made_of_name(letters: &str, words: &[String]) -> bool {
    fn split(
        rest: &str,
        words: &[String],
        used: &mut Vec<bool>,
        wildcard: bool,
        pieces: usize,
        in_words: usize,
        n: usize,
    ) -> bool {
        if rest.is_empty() {
            return pieces >= 2 && 3 * in_words >= 2 * n;
        }
        for (i, word) in words.iter().enumerate() {
            if used[i] {
                continue;
            }
            used[i] = true;
            let whole = rest.starts_with(word.as_str())
                && split(
                    &rest[word.len()..],
                    words,
                    used,
                    wildcard,
                    pieces + 1,
                    in_words + word.len(),
                    n,
                );
            let initial = !whole
                && rest.as_bytes()[0] == word.as_bytes()[0]
                && split(&rest[1..], words, used, wildcard, pieces + 1, in_words, n);
            used[i] = false;
            if whole || initial {
                return true;
            }
        }
        wildcard && split(&rest[1..], words, used, false, pieces + 1, in_words, n)
    }
    // Handles are short; a long run of letters is no handle, and the search stays small.
    if !(4..=40).contains(&letters.len()) || !letters.is_ascii() || words.len() > 8 {
        return false;
    }
    split(
        letters,
        words,
        &mut vec![false; words.len()],
        true,
        0,
        0,
        letters.len(),
    )
}

/// Every word of a known name standing alone ("Mensah's", "Anne-Marie", "Dubois" of
/// "Dubois-Laurent", "佐藤"). Latin words count where written with a capital, so the verb
/// "rose" stays for a Rose; a word that is also a skill's name stays where it is a skill.
fn name_words(line: &str, names: &PersonPatterns, cues: &mut Vec<Cue>) {
    let mut push = |range: Range<usize>| {
        let mut cue = Cue::new(range, CueKind::Name);
        cue.yields_to_skills = true;
        cues.push(cue);
    };
    let mut start = None;
    let mut tokens = Vec::new();
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let inside = c.is_alphabetic() || matches!(c, '\'' | '’' | '-');
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                tokens.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    for token in tokens {
        let mut range = trim_range_by(line, token, |c| matches!(c, '\'' | '’' | '-'));
        let text = &line[range.clone()];
        for possessive in ["'s", "’s"] {
            if text.len() > possessive.len() && text.ends_with(possessive) {
                range.end -= possessive.len();
            }
        }
        let text = &line[range.clone()];
        if text.is_empty() || !text.chars().any(char::is_uppercase) {
            continue;
        }
        if names.words.contains(&fold(text)) {
            push(range);
            continue;
        }
        let mut at = range.start;
        for part in text.split('-') {
            if part.chars().any(char::is_uppercase) && names.words.contains(&fold(part)) {
                push(at..at + part.len());
            }
            at += part.len() + 1;
        }
    }
    if let Some(other) = &names.other_scripts {
        for m in other.find_iter(line) {
            cues.push(Cue::new(m.range(), CueKind::Name));
        }
    }
}

/// The range without the characters `trim` accepts at either end.
fn trim_range_by(
    line: &str,
    range: Range<usize>,
    trim: impl Fn(char) -> bool + Copy,
) -> Range<usize> {
    let text = &line[range.clone()];
    let start = range.start + (text.len() - text.trim_start_matches(trim).len());
    let end = range.end - (text.len() - text.trim_end_matches(trim).len());
    start..end.max(start)
}

/// Web addresses and domains that hold a word of a known name ("mariagarcia.dev").
fn web_addresses_of(line: &str, names: &PersonPatterns, cues: &mut Vec<Cue>) {
    static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"(?i)\b(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s|,;)\]]*)?")
    });
    let name_words: Vec<&str> = names
        .words
        .iter()
        .map(String::as_str)
        .filter(|w| w.len() >= 3 && w.is_ascii())
        .collect();
    let names_person = |text: &str| {
        let lower = fold(text);
        name_words.iter().any(|w| lower.contains(w))
    };
    for m in ADDRESS.find_iter(line) {
        let address = m.as_str();
        let path = profile_path(address).unwrap_or(address.len());
        if names_person(&address[..path]) {
            cues.push(Cue::new(m.range(), CueKind::Link));
        } else if names_person(&address[path..]) {
            let start = m.start() + path;
            cues.push(Cue::replaced_by(
                start..m.end(),
                CueKind::Link,
                "/[profile]".into(),
            ));
        }
    }
}
