//! Query normalisation for job titles: abbreviations spelled out and seniority words that do not
//! change the occupation dropped ("Sr. ML Eng II" → "machine learning engineer").

/// Abbreviations common in job titles, matched as whole lowercase words (dots removed).
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("sr", "senior"),
    ("jr", "junior"),
    ("mgr", "manager"),
    ("mngr", "manager"),
    ("asst", "assistant"),
    ("assoc", "associate"),
    ("eng", "engineer"),
    ("engr", "engineer"),
    ("admin", "administrator"),
    ("tech", "technician"),
    ("rep", "representative"),
    ("dir", "director"),
    ("vp", "vice president"),
    ("coord", "coordinator"),
    ("spec", "specialist"),
    ("supv", "supervisor"),
    ("supvr", "supervisor"),
    ("acct", "accountant"),
    ("dev", "developer"),
    ("ml", "machine learning"),
    ("ai", "artificial intelligence"),
    ("ui", "user interface"),
    ("ux", "user experience"),
    ("qa", "quality assurance"),
    ("hr", "human resources"),
    ("it", "information technology"),
    ("ops", "operations"),
    ("svc", "service"),
    ("svcs", "services"),
    ("mktg", "marketing"),
    ("dept", "department"),
    ("ctr", "center"),
    ("maint", "maintenance"),
    ("mech", "mechanic"),
    ("elec", "electrical"),
    ("prod", "production"),
    ("mfg", "manufacturing"),
];

/// Words that say how senior a person is, not what they do.
const SENIORITY: &[&str] = &[
    "senior",
    "junior",
    "lead",
    "principal",
    "staff",
    "entry",
    "level",
    "trainee",
    "intern",
    "apprentice",
    "experienced",
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "1",
    "2",
    "3",
    "4",
];

/// Lowercases, spells out abbreviations and drops seniority words. A title made only of
/// seniority words is kept as it was ("Lead" stays "lead").
pub fn normalize_title(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let expanded: Vec<&str> = words
        .iter()
        .flat_map(|w| {
            ABBREVIATIONS
                .iter()
                .find(|(short, _)| short == w)
                .map_or(w.as_str(), |(_, long)| long)
                .split(' ')
        })
        .collect();
    let kept: Vec<&str> = expanded
        .iter()
        .copied()
        .filter(|w| !SENIORITY.contains(w))
        .collect();
    if kept.is_empty() {
        expanded.join(" ")
    } else {
        kept.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_and_seniority() {
        assert_eq!(
            normalize_title("Sr. ML Eng II"),
            "machine learning engineer"
        );
        assert_eq!(normalize_title("Asst Store Mgr"), "assistant store manager");
        assert_eq!(normalize_title("Lead"), "lead");
        assert_eq!(normalize_title("C++ Developer (Level 3)"), "c++ developer");
    }
}
