//! Requirements that ask for a protected characteristic or a stand-in for one (a ZIP or postal
//! code, an age or date of birth, a photo, marital status, gender, religion, race): rolematch
//! never scores them, and an opening or catalog role that asks for one is warned about, since
//! ranking people by them can break anti-discrimination law (Illinois HB 3773 names ZIP codes
//! as a proxy; the EEOC, age and photos).

use crate::catalog::Role;
use crate::words::contains_word;

/// What each kind of request is called in a warning, and the words that make it one.
const KINDS: &[(&str, &[&str])] = &[
    (
        "a ZIP or postal code",
        &[
            "zip code",
            "zip codes",
            "zipcode",
            "postal code",
            "postcode",
            "post code",
        ],
    ),
    (
        "an age or date of birth",
        &[
            "years old",
            "date of birth",
            "age limit",
            "maximum age",
            "minimum age",
            "under the age of",
            "between the ages",
            "aged between",
        ],
    ),
    ("a photo", &["photo", "photograph", "headshot"]),
    (
        "marital or family status",
        &["marital status", "married", "no children"],
    ),
    ("gender", &["gender", "male only", "female only"]),
    ("religion", &["religion", "religious affiliation"]),
    ("race or ethnicity", &["race", "ethnicity", "ethnic origin"]),
];

/// Other senses of a request's word, which do not make a line a request: a race against time
/// and a race condition are no one's race, photo editing asks for no photo of the applicant.
const OTHER_SENSES: &[(&str, &[&str])] = &[
    (
        "race",
        &[
            "race against",
            "race condition",
            "race car",
            "rat race",
            "arms race",
        ],
    ),
    (
        "photo",
        &["photo editing", "photo editor", "photo retouching"],
    ),
];

/// Whether `lower` names `word` in the sense of a request: once at least outside the phrases
/// of its other senses.
fn asks_by_word(lower: &str, word: &str) -> bool {
    if !contains_word(lower, word) {
        return false;
    }
    let Some((_, others)) = OTHER_SENSES.iter().find(|(w, _)| *w == word) else {
        return true;
    };
    let mut rest = lower.to_string();
    for other in *others {
        rest = rest.replace(other, " ");
    }
    contains_word(&rest, word)
}

/// Words of the statements that name protected characteristics to rule them out.
const EQUAL_OPPORTUNITY: &[&str] = &[
    "regard to",
    "regardless of",
    "irrespective of",
    "discriminat",
    "equal opportunit",
    "equal employment",
    "protected",
    "diversity",
    "inclusi",
    "all qualified applicants",
    "we welcome",
    "encourage",
    // French, Spanish and German statements of the same.
    "peu importe",
    "sans égard",
    "sans distinction",
    "indépendamment",
    "égalité",
    "diversité",
    "sin distinción",
    "igualdad",
    "unabhängig von",
    "gleichbehandlung",
];

/// The warning for a role that asks for a protected characteristic or a stand-in for one, with
/// the line that asks; `None` when it asks for none.
pub fn warning(role: &Role) -> Option<String> {
    warning_in(role_lines(role))
}

/// What a role asks in its words: requirements, preferences and description.
fn role_lines(role: &Role) -> impl Iterator<Item = &str> {
    role.requirements
        .iter()
        .chain(&role.preferred)
        .map(String::as_str)
        .chain(role.description.lines())
}

/// The warning for `lines` that ask for a protected characteristic; `None` when none does.
fn warning_in<'a>(lines: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut found: Vec<(&str, String)> = Vec::new();
    for line in lines {
        let lower = line.to_lowercase();
        // An equal-opportunity statement names these to say they do not count.
        if EQUAL_OPPORTUNITY.iter().any(|w| lower.contains(w)) {
            continue;
        }
        for (kind, words) in KINDS {
            if found.iter().any(|(k, _)| k == kind) {
                continue;
            }
            if words.iter().any(|w| asks_by_word(&lower, w)) {
                found.push((kind, line.trim().chars().take(120).collect()));
            }
        }
    }
    if found.is_empty() {
        return None;
    }
    let asks: Vec<String> = found
        .iter()
        .map(|(kind, line)| format!("{kind} (\"{line}\")"))
        .collect();
    Some(format!(
        "this opening asks for {}: rolematch leaves these out of the ranking, and ranking people by them can break anti-discrimination law; take them out of the opening",
        asks.join("; ")
    ))
}

/// Whether a line asks for a protected characteristic or a stand-in for one (an
/// equal-opportunity statement that names them to rule them out does not).
pub fn asks(line: &str) -> bool {
    let lower = line.to_lowercase();
    !EQUAL_OPPORTUNITY.iter().any(|w| lower.contains(w))
        && KINDS
            .iter()
            .any(|(_, words)| words.iter().any(|w| asks_by_word(&lower, w)))
}

/// `role` without the lines that ask for a protected characteristic, and the warning that
/// names them (see [`warning`]): what a job posting asked for that must not be scored.
/// The lines of the posting that are not scored (`unscored`: its logistics, how to apply) are
/// read for what they ask too: "send a photo with your application" asks for a photo although
/// it is never a requirement.
pub(crate) fn set_aside(mut role: Role, unscored: &[&str]) -> Role {
    role.proxy_warning = warning_in(role_lines(&role).chain(unscored.iter().copied()));
    if role.proxy_warning.is_some() {
        role.requirements.retain(|line| !asks(line));
        role.preferred.retain(|line| !asks(line));
        role.description = role
            .description
            .lines()
            .filter(|line| !asks(line))
            .collect::<Vec<_>>()
            .join("\n");
    }
    role
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(requirements: &[&str], description: &str) -> Role {
        let mut role: Role = toml::from_str(&format!(
            "id = \"x\"\ntitle = \"X\"\ndescription = {description:?}"
        ))
        .unwrap();
        role.requirements = requirements.iter().map(|r| r.to_string()).collect();
        role
    }

    #[test]
    fn a_zip_code_an_age_or_a_photo_asked_for_is_named_with_its_line() {
        let asks = role(
            &[
                "Live within ZIP code 60614.",
                "Applicants aged between 25 and 35.",
                "Python",
            ],
            "Send a CV with a photo.",
        );
        let warning = warning(&asks).unwrap();
        assert!(
            warning.contains("a ZIP or postal code (\"Live within ZIP code 60614.\")"),
            "{warning}"
        );
        assert!(warning.contains("an age or date of birth"), "{warning}");
        assert!(warning.contains("a photo"), "{warning}");
    }

    #[test]
    fn what_a_posting_asks_for_is_left_out_of_what_is_scored() {
        let asks = set_aside(
            role(
                &["Live within ZIP code 60614.", "Python"],
                "Barista\nLive within ZIP code 60614.\nWe hire without regard to race.",
            ),
            &[],
        );
        assert!(asks.proxy_warning.is_some());
        assert_eq!(asks.requirements, vec!["Python".to_string()]);
        assert_eq!(asks.description, "Barista\nWe hire without regard to race.");
        assert!(set_aside(role(&["Python"], "Barista"), &[])
            .proxy_warning
            .is_none());
    }

    #[test]
    fn no_built_in_role_asks_for_one() {
        let taxonomy = crate::skills::Taxonomy::builtin().unwrap();
        for role in crate::catalog::Catalog::builtin(&taxonomy).unwrap().roles {
            assert_eq!(warning(&role), None, "{}", role.id);
        }
    }

    #[test]
    fn a_word_with_another_sense_still_asks_where_it_is_used_as_a_request() {
        assert!(asks("Please state your race and nationality."));
        assert!(asks("A race against time: include a photo with your CV."));
        assert!(asks("Applicants must state the race they identify with."));
        assert!(asks("Please provide your race to the hiring manager."));
        assert!(asks("Send a recent photo and video introduction."));
        assert!(!asks("A race against time to ship the release."));
    }

    #[test]
    fn ordinary_requirements_are_not_flagged() {
        for text in [
            "Experience with photolithography and racecar telemetry",
            "We're in a race against time to 10x the business.",
            "Find and fix race conditions in the scheduler.",
            "Photo editing in Lightroom and Photoshop",
            "U.S. citizenship is required",
            "5+ years of Python",
            "Trace requests across services",
            "We hire without regard to race, religion, gender or marital status.",
            "An equal opportunity employer: age, photo or ZIP code never count.",
            "Le SNC invite tous les candidats, peu importe leur race, leur religion ou leur âge.",
            "We encourage applications from people of every race, religion and gender.",
        ] {
            assert_eq!(warning(&role(&[text], "")), None, "{text}");
        }
    }
}
