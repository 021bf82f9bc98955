//! Notices to candidates before the tool is used, one template per rule: each lists the
//! fields its rule asks for, fills those rolematch knows (what the opening assesses, the data
//! it keeps and for how long, how a person reviews) and leaves marked blanks for what only
//! the employer knows (who they are, whom to write to, the dates).

use serde::Serialize;

use super::page::{blank, Page};

/// The rules a notice can be written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Jurisdiction {
    /// New York City, Local Law 144 of 2021 and its rules (6 RCNY § 5-300).
    Nyc,
    /// Illinois, HB 3773 (Human Rights Act, in force 1 January 2026).
    Illinois,
    /// Colorado, SB 26-189 (from 1 January 2027).
    Colorado,
    /// California, FEHA rules on automated-decision systems (since 1 October 2025) and the
    /// CPPA rules on automated decision-making technology (from 1 January 2027).
    California,
    /// The European Union, AI Act (Regulation (EU) 2024/1689), Annex III point 4 systems.
    Eu,
}

/// One thing a rule asks a notice to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// That an automated tool is used to assess the candidate, and that a person decides.
    ToolUsed,
    /// The product's name and who makes it.
    Product,
    /// What the tool is used for.
    Purpose,
    /// The employment decisions it is used in.
    Decisions,
    /// The positions it is used for.
    Positions,
    /// The qualifications and characteristics it assesses.
    Assessed,
    /// The data it uses, and where the data comes from.
    DataUsed,
    /// ZIP or postal codes are not used, as a proxy or otherwise.
    NoZipCodes,
    /// How long records are kept.
    Retention,
    /// How to ask for another way of being assessed, or an accommodation.
    Alternative,
    /// How to ask for a person to review a decision.
    HumanReview,
    /// How to correct one's data.
    Correction,
    /// A plain-language explanation after an adverse decision, or on request.
    Explanation,
    /// How to see the information about the decision and the tool's logic.
    Access,
    /// How to opt out, where the rule gives that right.
    OptOut,
    /// No retaliation for using these rights.
    NoRetaliation,
    /// Logs the tool keeps, and for how long.
    Logs,
    /// Whom to contact.
    Contact,
    /// When the notice was given (some rules ask for a lead time).
    Timing,
}

impl Jurisdiction {
    /// Every jurisdiction, for help texts and tests.
    #[cfg(test)]
    pub(crate) const ALL: [Jurisdiction; 5] = [
        Jurisdiction::Nyc,
        Jurisdiction::Illinois,
        Jurisdiction::Colorado,
        Jurisdiction::California,
        Jurisdiction::Eu,
    ];

    /// The rule, named as a reader would look it up.
    pub fn rule(&self) -> &'static str {
        match self {
            Jurisdiction::Nyc => {
                "New York City Local Law 144 of 2021 (automated employment decision tools) and 6 RCNY § 5-304"
            }
            Jurisdiction::Illinois => {
                "Illinois Human Rights Act as amended by HB 3773 (775 ILCS 5/2-102(L))"
            }
            Jurisdiction::Colorado => "Colorado SB 26-189",
            Jurisdiction::California => {
                "California Civil Rights Council rules on automated-decision systems (2 CCR § 11008 ff.) and CPPA rules on automated decision-making technology (11 CCR § 7220 ff.)"
            }
            Jurisdiction::Eu => {
                "EU AI Act (Regulation (EU) 2024/1689), Art. 26(7) and (11), Art. 86; Annex III point 4"
            }
        }
    }

    /// The fields the rule asks a notice to give, in the order the notice gives them.
    pub fn fields(&self) -> &'static [Field] {
        use Field::*;
        match self {
            Jurisdiction::Nyc => &[
                Timing,
                ToolUsed,
                Positions,
                Assessed,
                DataUsed,
                Retention,
                Alternative,
                Contact,
            ],
            Jurisdiction::Illinois => &[
                ToolUsed,
                Product,
                Purpose,
                Decisions,
                Positions,
                Assessed,
                DataUsed,
                NoZipCodes,
                Alternative,
                Contact,
            ],
            Jurisdiction::Colorado => &[
                ToolUsed,
                Product,
                Purpose,
                Decisions,
                Assessed,
                DataUsed,
                Explanation,
                Correction,
                HumanReview,
                Retention,
                Contact,
            ],
            Jurisdiction::California => &[
                ToolUsed,
                Purpose,
                Assessed,
                DataUsed,
                Access,
                OptOut,
                HumanReview,
                NoRetaliation,
                Retention,
                Contact,
            ],
            Jurisdiction::Eu => &[
                ToolUsed,
                Product,
                Purpose,
                Decisions,
                Assessed,
                DataUsed,
                HumanReview,
                Explanation,
                Logs,
                Retention,
                Contact,
            ],
        }
    }
}

impl Field {
    /// The heading the notice gives this field.
    pub fn heading(&self) -> &'static str {
        match self {
            Field::ToolUsed => "An automated tool is used",
            Field::Product => "The tool",
            Field::Purpose => "What it is used for",
            Field::Decisions => "The decisions it is used in",
            Field::Positions => "The position",
            Field::Assessed => "What it assesses",
            Field::DataUsed => "The information it uses",
            Field::NoZipCodes => "ZIP codes are not used",
            Field::Retention => "How long information is kept",
            Field::Alternative => "Another way to be assessed, or an accommodation",
            Field::HumanReview => "A person's review",
            Field::Correction => "Correcting your information",
            Field::Explanation => "An explanation of a decision",
            Field::Access => "Information about the decision",
            Field::OptOut => "Opting out",
            Field::NoRetaliation => "No retaliation",
            Field::Logs => "Records the tool keeps",
            Field::Contact => "Contact",
            Field::Timing => "When this notice was given",
        }
    }
}

/// What rolematch knows about the opening a notice is for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoticeFacts {
    pub opening_title: String,
    /// The requirements the tool compares resumes with (a posting's duties and
    /// qualifications, or a catalog role's description).
    pub requirements: Vec<String>,
    /// The skills it looks for, needed ones first.
    pub skills_needed: Vec<String>,
    pub skills_welcome: Vec<String>,
    /// Years of experience the opening asks for, with the words that follow.
    pub years_asked: Option<(u32, String)>,
    pub blind: bool,
    pub retention_years: u32,
    pub version: String,
    pub model: String,
}

/// A notice: the rule, the facts, and the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    pub jurisdiction: Jurisdiction,
    pub rule: String,
    pub fields: Vec<Field>,
    pub facts: NoticeFacts,
}

impl Notice {
    pub fn new(jurisdiction: Jurisdiction, facts: NoticeFacts) -> Notice {
        Notice {
            jurisdiction,
            rule: jurisdiction.rule().to_string(),
            fields: jurisdiction.fields().to_vec(),
            facts,
        }
    }

    pub fn page(&self) -> Page {
        let f = &self.facts;
        let mut page = Page::new(format!(
            "Notice to applicants: an automated tool helps assess applications for “{}”",
            f.opening_title
        ));
        page.paragraph(format!(
            "{} gives this notice under {}.",
            blank("the employer's name"),
            self.rule
        ));
        for field in &self.fields {
            page.heading(field.heading());
            self.write_field(&mut page, *field);
        }
        page
    }

    fn write_field(&self, page: &mut Page, field: Field) {
        let f = &self.facts;
        let retention = super::page::years(f.retention_years);
        match field {
            Field::Timing => {
                page.paragraph(format!(
                    "This notice was given on {}, at least 10 business days before the tool is \
                     used on applications for this position.",
                    blank("the date of this notice")
                ));
            }
            Field::ToolUsed => {
                page.paragraph(
                    "We use an automated tool, rolematch, to help assess and rank applications \
                     for this position. It reads each resume and compares it with the \
                     position's requirements. It does not make decisions: a person reviews its \
                     results, can disregard or override them, and makes every decision.",
                );
            }
            Field::Product => {
                page.paragraph(format!(
                    "rolematch {}, open-source software that runs on the employer's own \
                     computers; nothing is sent to its makers or to any other service. It uses \
                     the language model {} to compare texts.",
                    f.version, f.model
                ));
            }
            Field::Purpose => {
                page.paragraph(
                    "To help reviewers find, among many applications, the resumes whose skills \
                     and experience match the position's requirements, and to show them the \
                     lines of each resume that do.",
                );
            }
            Field::Decisions => {
                page.paragraph(format!(
                    "Which applicants are reviewed first and invited to the next step (for \
                     example an interview) for this position. {}",
                    blank("other decisions, if any, such as promotion")
                ));
            }
            Field::Positions => {
                page.paragraph(format!(
                    "“{}”. {}",
                    f.opening_title,
                    blank("the position's location and reference")
                ));
            }
            Field::Assessed => {
                page.paragraph(
                    "How closely your resume matches these requirements of the position:",
                );
                page.list(f.requirements.iter().cloned());
                if !f.skills_needed.is_empty() {
                    page.paragraph(format!(
                        "The skills it looks for: {}.",
                        f.skills_needed.join(", ")
                    ));
                }
                if !f.skills_welcome.is_empty() {
                    page.paragraph(format!(
                        "Skills that count for less: {}.",
                        f.skills_welcome.join(", ")
                    ));
                }
                if let Some((years, what)) = &f.years_asked {
                    page.paragraph(format!(
                        "Years of experience: the position asks for {} {what}; the tool reads \
                         them from the dates in your resume.",
                        super::page::years(*years)
                    ));
                }
                page.paragraph(
                    "It is not built to assess your photo, age, sex, race, religion, \
                     disability, address or any other personal characteristic.",
                );
            }
            Field::DataUsed => {
                page.paragraph(format!(
                    "The text of the resume you send us, and nothing from other sources. {}",
                    if f.blind {
                        "Before the tool reads it, your name, contact details, pronouns, age, \
                         nationality, schools and similar details are replaced (blind review)."
                    } else {
                        "The tool reads the resume as you send it."
                    }
                ));
            }
            Field::NoZipCodes => {
                page.paragraph(if f.blind {
                    "The tool does not ask for or score ZIP codes or postal codes, as a \
                     stand-in for any protected characteristic or otherwise; requirements that \
                     ask for them are flagged to the employer. Addresses are removed from the \
                     resume's text before the tool reads it (blind review)."
                } else {
                    "The tool does not ask for or score ZIP codes or postal codes, as a \
                     stand-in for any protected characteristic or otherwise; requirements that \
                     ask for them are flagged to the employer. An address written in the resume \
                     stays in the text the tool compares with the job, as every other line \
                     does."
                });
            }
            Field::Retention => {
                page.paragraph(format!(
                    "Your resume, its scores and the decisions about your application are kept \
                     for {retention} after they were last used, then deleted when the employer \
                     next clears old records ({}). A log of what the tool did is kept whole: \
                     it names applications by {} and holds their scores, but no resume text. \
                     You can ask for your information to be deleted sooner: {}.",
                    blank("how often old records are cleared"),
                    if f.blind {
                        "a coded reference"
                    } else {
                        "the name of the file sent"
                    },
                    blank("contact for deletion requests")
                ));
            }
            Field::Alternative => {
                page.paragraph(format!(
                    "You may ask to be assessed another way, without the tool, or for a \
                     reasonable accommodation. Write to {} before {}.",
                    blank("contact"),
                    blank("date")
                ));
            }
            Field::HumanReview => {
                page.paragraph(format!(
                    "A person reviews every result before anything is decided. After a \
                     decision you may ask for a person to review it again: write to {}.",
                    blank("contact for human review")
                ));
            }
            Field::Correction => {
                page.paragraph(format!(
                    "If the information the tool used is wrong, send a corrected resume to {}. \
                     It is assessed again and both results are kept.",
                    blank("contact for corrections")
                ));
            }
            Field::Explanation => {
                page.paragraph(format!(
                    "If a decision goes against you, you may ask for a plain-language \
                     explanation: what the tool compared, which requirements your resume shows \
                     and which it does not, the part the tool played, and the reason for the \
                     decision. Write to {}.",
                    blank("contact for explanations")
                ));
            }
            Field::Access => {
                page.paragraph(format!(
                    "You may ask for the information held about you and about how the tool was \
                     used in a decision about you, including how it works and what it produced. \
                     Write to {}.",
                    blank("contact for access requests")
                ));
            }
            Field::OptOut => {
                page.paragraph(format!(
                    "You may ask not to be assessed by the tool; your application is then \
                     reviewed by a person without it. Write to {}. {}",
                    blank("contact"),
                    blank("any exception the employer relies on, or delete this sentence")
                ));
            }
            Field::NoRetaliation => {
                page.paragraph(
                    "You will not be treated less favourably for asking for any of the above.",
                );
            }
            Field::Logs => {
                page.paragraph(format!(
                    "The tool keeps an automatic, tamper-evident log of each use (what was \
                     ranked, with which settings, and each reviewer's decision). The log is \
                     kept whole, for at least six months; the records about applications are \
                     kept for {retention} after last use."
                ));
            }
            Field::Contact => {
                page.paragraph(format!(
                    "{}, {}.",
                    blank("name or role of the contact"),
                    blank("e-mail or postal address")
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> NoticeFacts {
        NoticeFacts {
            opening_title: "Data Engineer".into(),
            requirements: vec!["Build pipelines in Spark.".into()],
            skills_needed: vec!["Apache Spark".into()],
            skills_welcome: vec!["Airflow".into()],
            years_asked: Some((3, "of data engineering".into())),
            blind: true,
            retention_years: 4,
            version: "1.0.0".into(),
            model: "all-MiniLM-L6-v2".into(),
        }
    }

    /// What each rule asks a notice to say, written from the rule's text rather than from
    /// `fields()`, so that a field dropped from a template is caught.
    fn asked_by(jurisdiction: Jurisdiction) -> &'static [&'static str] {
        match jurisdiction {
            // LL144 § 20-871(b): notice 10 business days before use; that a tool is used; the
            // job qualifications and characteristics it uses; the data, its source and the
            // retention policy; how to request an alternative process or accommodation.
            Jurisdiction::Nyc => &[
                "When this notice was given",
                "An automated tool is used",
                "What it assesses",
                "The information it uses",
                "How long information is kept",
                "Another way to be assessed",
            ],
            // HB 3773 and IDHR's notice rules: AI is used; product name; decisions affected;
            // purpose; data collected; positions; contact; no ZIP codes as a proxy.
            Jurisdiction::Illinois => &[
                "An automated tool is used",
                "The tool",
                "The decisions it is used in",
                "What it is used for",
                "The information it uses",
                "The position",
                "Contact",
                "ZIP codes are not used",
            ],
            // SB 26-189: notice before use; after an adverse decision an explanation, a way to
            // correct data and human review on request; records kept three years.
            Jurisdiction::Colorado => &[
                "An automated tool is used",
                "An explanation of a decision",
                "Correcting your information",
                "A person's review",
                "How long information is kept",
            ],
            // FEHA ADS rules and CPPA ADMT rules: pre-use notice with purpose, the right to opt
            // out, the right to access information about the decision, no retaliation;
            // records kept four years.
            Jurisdiction::California => &[
                "An automated tool is used",
                "What it is used for",
                "Opting out",
                "Information about the decision",
                "No retaliation",
                "How long information is kept",
            ],
            // AI Act Art. 26(11) informing persons subject to a high-risk system; Art. 14
            // oversight; Art. 86 explanation; Art. 12/19/26(6) logs kept at least six months.
            Jurisdiction::Eu => &[
                "An automated tool is used",
                "What it is used for",
                "A person's review",
                "An explanation of a decision",
                "Records the tool keeps",
            ],
        }
    }

    #[test]
    fn every_notice_gives_every_field_its_rule_asks_for_with_content() {
        for jurisdiction in Jurisdiction::ALL {
            let notice = Notice::new(jurisdiction, facts());
            let markdown = notice.page().to_markdown();
            for heading in asked_by(jurisdiction) {
                assert!(
                    markdown.contains(&format!("## {heading}")),
                    "{jurisdiction:?} misses '{heading}'"
                );
            }
            // Each field's heading is followed by words of its own.
            for field in jurisdiction.fields() {
                let at = markdown
                    .find(&format!("## {}\n", field.heading()))
                    .unwrap_or_else(|| panic!("{jurisdiction:?}: {field:?}"));
                let after = markdown[at..].lines().nth(2).unwrap_or("");
                assert!(after.len() > 10, "{jurisdiction:?}: {field:?} is empty");
            }
            assert!(markdown.contains("Data Engineer"));
            assert!(markdown.contains(notice.rule.as_str()));
        }
    }

    #[test]
    fn a_notice_says_what_the_opening_assesses_and_how_long_data_is_kept() {
        let text = Notice::new(Jurisdiction::Nyc, facts()).page().plain_text();
        for expected in [
            "Build pipelines in Spark.",
            "Apache Spark",
            "Airflow",
            "3 years of data engineering",
            "for 4 years",
            "blind review",
            "[TO BE FILLED BY THE EMPLOYER: the date of this notice]",
        ] {
            assert!(text.contains(expected), "missing {expected}");
        }
    }
}
