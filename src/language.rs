//! The language a document is written in (whatlang's trigram detector over the languages
//! resumes and postings are commonly written in), and whether the model reads it: the default
//! model was trained on English, so a French posting ranked against English resumes is a
//! comparison of accidents, and every output says so instead of ranking silently.

use serde::Serialize;
use whatlang::{Detector, Lang};

/// The languages the default model reads well (ISO 639-3).
pub(crate) const MODEL_LANGUAGES: &[&str] = &["eng"];

/// Fewer letters of sentences than this decide nothing: a title, a one-line query, or a
/// resume that is all lists.
const MIN_LETTERS: usize = 120;

/// A line is read as a sentence from this many words on (see [`is_prose`]).
const PROSE_MIN_WORDS: usize = 4;

/// A detection below this confidence is left undecided.
const MIN_CONFIDENCE: f64 = 0.5;

/// The languages a document may be detected as. Narrowing the choice keeps an English resume
/// dense with tool names from being called Latin or Esperanto.
const CANDIDATES: &[Lang] = &[
    Lang::Eng,
    Lang::Fra,
    Lang::Spa,
    Lang::Deu,
    Lang::Ita,
    Lang::Por,
    Lang::Nld,
    Lang::Pol,
    Lang::Swe,
    Lang::Dan,
    Lang::Nob,
    Lang::Fin,
    Lang::Tur,
    Lang::Rus,
    Lang::Ukr,
    Lang::Ces,
    Lang::Ron,
    Lang::Hun,
    Lang::Ell,
    Lang::Cmn,
    Lang::Jpn,
    Lang::Kor,
    Lang::Ara,
    Lang::Heb,
    Lang::Hin,
    Lang::Vie,
    Lang::Ind,
];

/// A detected language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Language {
    /// ISO 639-3 code ("eng", "fra").
    pub code: &'static str,
    /// Its English name ("English", "French").
    pub name: &'static str,
}

impl Language {
    /// True when the model was trained on this language.
    pub(crate) fn model_reads(&self) -> bool {
        MODEL_LANGUAGES.contains(&self.code)
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// The language `text` is written in, or `None` when it holds too few sentences or is too mixed
/// to tell. Only its sentences are read: a column of tool names, titles and dates is no
/// language's text, and a trigram detector calls forty tools in a row French.
pub(crate) fn detect(text: &str) -> Option<Language> {
    let prose = text
        .lines()
        .filter(|line| is_prose(line))
        .collect::<Vec<_>>()
        .join("\n");
    if prose.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let info = Detector::with_allowlist(CANDIDATES.to_vec()).detect(&prose)?;
    (info.confidence() >= MIN_CONFIDENCE).then(|| Language {
        code: info.lang().code(),
        name: info.lang().eng_name(),
    })
}

/// Whether a line is written as a sentence: a script without capitals (Chinese, Arabic, Hindi…),
/// or a few words of which at least a third begin in lower case, as every language's function
/// words do ("in", "de", "und"), where a list of names ("Python Django Kafka Redis") or a title
/// ("Senior Software Engineer, Acme Corp") is nearly all capitals.
fn is_prose(line: &str) -> bool {
    if line
        .chars()
        .any(|c| c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase())
    {
        return true;
    }
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.starts_with(char::is_alphabetic))
        .collect();
    reads_as_sentence(&words, PROSE_MIN_WORDS)
}

/// Whether `words` read as a sentence: at least `min_words` of them, a third beginning in lower
/// case as every language's function words do ("in", "de", "und"), where names and titles are
/// nearly all capitals.
pub(crate) fn reads_as_sentence(words: &[&str], min_words: usize) -> bool {
    let lower = words
        .iter()
        .filter(|w| w.starts_with(char::is_lowercase))
        .count();
    words.len() >= min_words && lower * 3 >= words.len()
}

/// What a person must be told about a resume's language, given the opening's (`None` for the
/// catalog's English roles): written in another language than the opening, or in one the
/// model does not read. `None` when neither, or when the resume's language cannot be told.
pub(crate) fn resume_caution(
    opening: Option<Language>,
    resume: Option<Language>,
) -> Option<String> {
    let resume = resume?;
    match opening {
        Some(opening) if opening != resume => Some(format!(
            "This resume is written in {resume}, the opening in {opening}: the score compares \
             texts in two languages and is not reliable; compare them by reading."
        )),
        _ if !resume.model_reads() => Some(format!(
            "This resume is written in {resume}, which the model does not read well: the \
             scores are not reliable."
        )),
        _ => None,
    }
}

/// What a person must be told about an opening in a language the model does not read.
pub fn opening_caution(opening: Option<Language>) -> Option<String> {
    let opening = opening.filter(|o| !o.model_reads())?;
    Some(format!(
        "The opening is written in {opening}, which the model does not read well: every score \
         below is unreliable."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "Senior software engineer with eight years of experience building \
        data pipelines in Python, Kafka and Spark. Led a team of five engineers, mentored \
        juniors and worked closely with product managers to ship features used by millions \
        of customers every day. Skills: Python, Go, Kubernetes, Terraform, PostgreSQL, AWS.";
    const FRENCH: &str = "Ingénieure logicielle avec huit ans d'expérience dans la \
        construction de chaînes de traitement de données. Elle a dirigé une équipe de cinq \
        personnes, encadré des juniors et travaillé avec les responsables produit pour livrer \
        des fonctionnalités utilisées chaque jour par des millions de clients.";

    #[test]
    fn english_and_french_are_told_apart_and_short_text_is_left_undecided() {
        assert_eq!(detect(ENGLISH).map(|l| l.code), Some("eng"));
        assert_eq!(detect(FRENCH).map(|l| l.code), Some("fra"));
        assert_eq!(detect("Rust engineer"), None);
        assert!(detect(ENGLISH).unwrap().model_reads());
        assert!(!detect(FRENCH).unwrap().model_reads());
    }

    #[test]
    fn a_list_of_tool_names_is_no_language_and_sentences_around_it_decide() {
        let tools = "Python\nDjango\nFlask\nFastAPI\nPostgreSQL\nMySQL\nRedis\nMongoDB\nKafka\n\
            RabbitMQ\nDocker\nKubernetes\nTerraform\nAnsible\nAWS\nGCP\nAzure\nLinux\nGit\n\
            Jenkins\nGitHub Actions\nReact\nAngular\nVue\nTypeScript\nJavaScript\nJava\nGo\n\
            Rust\nC++\nScala\nSpark\nHadoop\nAirflow\nTableau\nExcel\nJira\nGraphQL\ngRPC\n\
            Elasticsearch\nJavaScript HTML5 CSS LAMP MVC REST\nSenior Software Engineer, Acme Corp";
        assert_eq!(detect(tools), None, "no sentence to tell a language by");
        let english = format!("{tools}\n{ENGLISH}");
        assert_eq!(detect(&english).map(|l| l.code), Some("eng"));
        let french = format!("{tools}\n{FRENCH}");
        assert_eq!(detect(&french).map(|l| l.code), Some("fra"));
        assert!(is_prose(
            "Erfahrung in der Entwicklung von Webanwendungen mit Rust"
        ));
        assert!(is_prose("熟悉分布式系统与数据管道的设计"));
        assert!(!is_prose("Python Django Kafka Redis Terraform"));
    }

    #[test]
    fn a_caution_is_given_across_languages_and_for_languages_the_model_does_not_read() {
        let (en, fr) = (detect(ENGLISH), detect(FRENCH));
        assert_eq!(resume_caution(en, en), None);
        assert_eq!(resume_caution(None, en), None);
        assert_eq!(resume_caution(en, None), None);
        assert_eq!(resume_caution(fr, None), None, "said once, for the opening");
        assert!(resume_caution(en, fr)
            .unwrap()
            .starts_with("This resume is written in French, the opening in English"));
        assert!(resume_caution(fr, fr)
            .unwrap()
            .contains("does not read well"));
        assert!(resume_caution(None, fr).unwrap().contains("French"));
        assert_eq!(opening_caution(en), None);
        assert_eq!(opening_caution(None), None);
        assert!(opening_caution(fr)
            .unwrap()
            .starts_with("The opening is written in French"));
    }
}
