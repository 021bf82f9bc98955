//! Lists no honest resume writes, set aside: the model does not read them and their skills
//! earn nothing. An ordinary skills section names more tools than the bullets show in use;
//! that is how resumes are written, so it keeps its credit (its skills weigh less than skills
//! shown in use, see `score`). What is set aside is a block of ten or more skill mentions
//! that repeats itself (the same tools over and over, hidden-text style), is copied under
//! several jobs, or is far out of proportion to the experience (a hundred tools beside a few
//! jobs' worth of work; a resume that describes no work gives a list nothing to be out of
//! proportion with).

use std::collections::{BTreeSet, HashMap, HashSet};

use super::SkillHits;

/// A block of listing lines with this many skill mentions is examined.
const BLOCK_MIN_MENTIONS: usize = 10;
/// A skill named this many times in the same words within one block is repeated, not
/// listed...
const REPEATED_MENTIONS: usize = 3;
/// ...and a block with this many such skills repeats itself.
const REPEATED_SKILLS: usize = 3;
/// A block whose mentions are this many times its distinct skills (here 2.5, written times
/// two) names the same skills over and over, whatever words it uses; an honest list, even one
/// that names a skill in several forms ("Kubernetes (EKS, AKS)"), stays below 2.
const REPETITION_RATIO_TIMES_TWO: usize = 5;
/// Blocks of at least this many distinct skills are compared with each other for copies.
const COPY_MIN_SKILLS: usize = 5;
/// Two blocks sharing this share of their skills (Jaccard) are copies.
const COPY_OVERLAP: f32 = 0.8;
/// A block naming more distinct skills than this many times the skills the rest of the
/// resume shows in use, and more than [`PROPORTION_FLOOR`], is out of proportion. On the
/// real-world resumes (tests/fixtures/realworld) an honest list names at most 1.4 times the
/// skills its resume shows in use; the stuffed fixtures name 8 to 40 times as many.
const PROPORTION: usize = 4;
/// No block of this many distinct skills or fewer is out of proportion: an ordinary skills
/// section of a dozen tools stays, whatever the bullets show.
const PROPORTION_FLOOR: usize = 12;
/// A resume that describes no work (its jobs are titles, employers and dates, with no bullet
/// or sentence under them) gives the list nothing to be out of proportion with: its list is
/// the only place it names its tools, and it keeps the credit a list earns. Only lists naming
/// more than this many distinct skills in all are out of proportion there (a hundred tools,
/// however many headings split them).
const UNDESCRIBED_CEILING: usize = 3 * PROPORTION_FLOOR;

/// Why a block was set aside, in words the advice can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetAsideReason {
    /// The same tools named again and again.
    Repeated,
    /// The same list under several jobs.
    Copied,
    /// Far more tools than the experience shows in use.
    OutOfProportion { listed: usize, shown: usize },
}

/// A block of lines set aside, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub first_line: usize,
    pub last_line: usize,
    pub reason: SetAsideReason,
}

impl SkillHits {
    /// The lines set aside (1-based). Linear in the mentions, whatever the size of the lists.
    #[cfg(test)]
    pub(crate) fn set_aside_lines(&self, doc: &crate::read::Document) -> BTreeSet<usize> {
        let listing = self.listing_lines(doc);
        self.set_aside_among(&listing, describes_work(doc, &listing))
    }

    /// [`SkillHits::set_aside_lines`] for a caller that already holds the listing lines and
    /// knows whether the resume describes any work ([`describes_work`]).
    pub(crate) fn set_aside_among(
        &self,
        listing: &BTreeSet<usize>,
        described: bool,
    ) -> BTreeSet<usize> {
        self.set_aside_blocks(listing, described)
            .into_iter()
            .flat_map(|b| b.first_line..=b.last_line)
            .collect()
    }

    /// The blocks of `listing` lines set aside, with the reason for each, in line order.
    /// `described`: whether the resume describes work outside its lists ([`describes_work`]).
    pub(crate) fn set_aside_blocks(
        &self,
        listing: &BTreeSet<usize>,
        described: bool,
    ) -> Vec<SetAside> {
        // Runs of consecutive listing lines, as (first, last).
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        for &line in listing {
            match blocks.last_mut() {
                Some(block) if block.1 + 1 == line => block.1 = line,
                _ => blocks.push((line, line)),
            }
        }
        let block_of = |line: usize| {
            let i = blocks.partition_point(|b| b.1 < line);
            (i < blocks.len() && blocks[i].0 <= line).then_some(i)
        };
        // Mentions of each skill per block, and the skills shown outside every list.
        let mut counts: Vec<HashMap<&str, usize>> = vec![HashMap::new(); blocks.len()];
        // Mentions per skill and form as written: hidden text repeats one word ("LLM RAG LLM
        // RAG …"), where an honest list names one skill in several forms ("Kubernetes (EKS,
        // AKS)") or one vendor before each of its products ("AWS ALB, AWS API Gateway").
        let mut forms: Vec<HashMap<(&str, String), usize>> = vec![HashMap::new(); blocks.len()];
        let mut shown: HashSet<&str> = HashSet::new();
        for hit in self.written() {
            match block_of(hit.line) {
                Some(i) => {
                    *counts[i].entry(hit.skill.as_str()).or_default() += 1;
                    *forms[i]
                        .entry((hit.skill.as_str(), hit.text.to_lowercase()))
                        .or_default() += 1;
                }
                None => {
                    shown.insert(hit.skill.as_str());
                }
            }
        }
        let mentions = |i: usize| counts[i].values().sum::<usize>();
        // Without described work, the lists are judged together: a hundred tools split under
        // three headings are still a hundred.
        let listed_in_all = counts
            .iter()
            .flat_map(|c| c.keys())
            .collect::<HashSet<_>>()
            .len();
        let copied = copies(&counts);
        let mut set_aside = Vec::new();
        for (i, &(first_line, last_line)) in blocks.iter().enumerate() {
            let listed = counts[i].len();
            let repeated = forms[i]
                .iter()
                .filter(|&(_, &n)| n >= REPEATED_MENTIONS)
                .map(|((skill, _), _)| skill)
                .collect::<HashSet<_>>()
                .len();
            // The same few skills in changing words, line after line ("LLM RAG PyTorch" then
            // "LLMs retrieval-augmented generation torch"): a block that names each of its
            // skills REPETITION_RATIO times over on average repeats itself too.
            let reworded = counts[i]
                .values()
                .filter(|&&n| n >= REPEATED_MENTIONS)
                .count()
                >= REPEATED_SKILLS
                && mentions(i) * 2 >= listed * REPETITION_RATIO_TIMES_TWO;
            let reason = if copied.contains(&i) {
                Some(SetAsideReason::Copied)
            } else if mentions(i) < BLOCK_MIN_MENTIONS {
                None
            } else if repeated >= REPEATED_SKILLS || reworded {
                Some(SetAsideReason::Repeated)
            } else if listed > PROPORTION_FLOOR
                && listed > PROPORTION * shown.len()
                && (described || listed_in_all > UNDESCRIBED_CEILING)
            {
                Some(SetAsideReason::OutOfProportion {
                    listed,
                    shown: shown.len(),
                })
            } else {
                None
            };
            if let Some(reason) = reason {
                set_aside.push(SetAside {
                    first_line,
                    last_line,
                    reason,
                });
            }
        }
        set_aside
    }
}

/// Whether `doc` describes any work outside its `listing` lines: a bullet of two words or
/// more, or a line that reads as a sentence. A resume whose jobs are titles, employers and
/// dates does not.
pub fn describes_work(doc: &crate::read::Document, listing: &BTreeSet<usize>) -> bool {
    doc.lines()
        .filter(|(number, _)| !listing.contains(number))
        .any(|(_, line)| {
            let trimmed = line.trim();
            let words: Vec<&str> = trimmed
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .collect();
            let bullet = crate::read::normalize::is_bullet(trimmed) && words.len() >= 2;
            bullet || crate::language::reads_as_sentence(&words, 5)
        })
}

/// The blocks whose skills another block repeats (both of each pair): the same list under
/// several jobs. Only blocks of [`COPY_MIN_SKILLS`] or more count, so two short
/// "Technologies: Python, SQL" lines are not copies.
fn copies(counts: &[HashMap<&str, usize>]) -> BTreeSet<usize> {
    let sets: Vec<(usize, BTreeSet<&str>)> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.len() >= COPY_MIN_SKILLS)
        .map(|(i, c)| (i, c.keys().copied().collect()))
        .collect();
    // Blocks are few (each one is a run of listing lines), so comparing pairs stays small;
    // the cap keeps a document of thousands of separate lists linear.
    let sets = &sets[..sets.len().min(200)];
    let mut copied = BTreeSet::new();
    for (n, (i, a)) in sets.iter().enumerate() {
        for (j, b) in &sets[n + 1..] {
            let shared = a.intersection(b).count();
            let all = a.union(b).count();
            if shared as f32 >= COPY_OVERLAP * all as f32 {
                copied.insert(*i);
                copied.insert(*j);
            }
        }
    }
    copied
}

#[cfg(test)]
mod tests {
    use super::SetAsideReason;
    use crate::read::document_from_text;
    use crate::skills::{SkillExtractor, Taxonomy};

    fn set_aside(text: &str) -> Vec<usize> {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let doc = document_from_text("cv.md", text);
        extractor
            .extract(&doc)
            .set_aside_lines(&doc)
            .into_iter()
            .collect()
    }

    /// The names of the first `n` skills that the taxonomy writes in plain words, each found
    /// as written whatever its case.
    fn skill_names(n: usize) -> Vec<String> {
        Taxonomy::builtin()
            .unwrap()
            .skills()
            .iter()
            .filter(|s| {
                !s.case_sensitive
                    && s.name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == ' ')
            })
            .take(n)
            .map(|s| s.name.clone())
            .collect()
    }

    const DUMP: &str = "PyTorch, TensorFlow, LangChain, LlamaIndex, vLLM, Kubernetes, MLflow, \
                        RAG, Pinecone, Hugging Face, LoRA";

    #[test]
    fn a_list_copied_under_jobs_or_repeating_itself_is_set_aside() {
        // The same list under two jobs: both copies.
        let text = format!("# Tom\n\nTechnologies: {DUMP}\n- Tested billing.\n\nTechnologies: {DUMP}\n- Tested apps.\n");
        assert_eq!(set_aside(&text), vec![3, 6]);
        // Hidden repetition of a few buzzwords.
        let words = "LLM RAG PyTorch LangChain vLLM fine-tuning agents embeddings ";
        let text = format!("# Lena\n- Built React apps.\n\n{}\n", words.repeat(3));
        assert_eq!(set_aside(&text), vec![4]);
        // The same skills in changing words, line after line.
        let text = "# Lena\n- Built React apps.\n\n\
                    LLM LLMs large language models RAG retrieval-augmented generation PyTorch torch Kubernetes k8s Docker\n\
                    LLMs large language models LLM retrieval-augmented generation RAG torch PyTorch k8s Kubernetes Docker\n";
        assert_eq!(set_aside(text), vec![4, 5]);
    }

    #[test]
    fn a_detailed_list_that_names_one_skill_in_several_forms_is_not_repetition() {
        // One skill in several forms, and one vendor before each of its products: a detailed
        // honest list, however often "AWS" or Kubernetes comes round.
        let text = "# Mahesh\n## Experience\n- Ran the clusters on AWS.\n\n## Skills\n\
                    | Cloud | AWS (EC2, S3, EKS), Azure (AKS) |\n\
                    | Containers | Docker, Kubernetes (EKS, AKS), Helm |\n\
                    | CI/CD | GitHub Actions, GitLab CI, Jenkins, Travis CI |\n\
                    | Gateways | AWS ALB, AWS API Gateway, AWS Secrets Manager |\n\
                    | Scripting | Bash, Python, Go |\n";
        assert!(set_aside(text).is_empty(), "{:?}", set_aside(text));
    }

    #[test]
    fn an_honest_skills_section_that_lists_more_than_the_bullets_show_keeps_its_credit() {
        // One list of eleven tools beside one bullet: ordinary, not stuffing.
        let text = format!("# Tom\nQA engineer\n\n## Experience\nTechnologies: {DUMP}\n- Wrote Selenium tests in Java.\n");
        assert!(set_aside(&text).is_empty());
        let section = "## Skills\nPython, SQL, Docker, Kubernetes, Terraform, AWS, GCP, React, \
                       TypeScript, Node.js, PostgreSQL, Redis, Kafka, Git, Linux, Go\n";
        // Sixteen tools beside bullets that show four of them in use: ordinary too.
        let text = format!(
            "# Ana\n## Experience\n- Built APIs in Python on AWS.\n\
             - Moved the services to Kubernetes with Terraform.\n{section}"
        );
        assert!(set_aside(&text).is_empty());
        // The same sixteen beside one bullet about other work: far more than it shows.
        let text = format!("# Ana\n## Experience\n- Answered tickets.\n{section}");
        assert_eq!(set_aside(&text).len(), 1);
    }

    #[test]
    fn a_list_far_out_of_proportion_to_the_experience_is_set_aside() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let extractor = SkillExtractor::new(taxonomy.clone());
        // Names every skill as the taxonomy writes it, with one job's worth of work beside.
        let list = |n: usize| {
            format!(
                "# Sam\nSupport technician\n- Answered tickets in Zendesk.\n\n## Skills\n{}\n",
                skill_names(n).join(", ")
            )
        };
        let blocks_of = |text: &str| {
            let doc = document_from_text("cv.md", text);
            let hits = extractor.extract(&doc);
            let listing = hits.listing_lines(&doc);
            hits.set_aside_blocks(&listing, super::describes_work(&doc, &listing))
        };
        let blocks = blocks_of(&list(80));
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        assert!(
            matches!(blocks[0].reason, SetAsideReason::OutOfProportion { listed, .. } if listed > 40),
            "{blocks:?}"
        );
        assert!(blocks_of(&list(12)).is_empty(), "a dozen tools always stay");
    }

    #[test]
    fn a_list_beside_jobs_that_describe_nothing_keeps_its_credit() {
        // Titles, employers and dates only: the list is where the person names their tools.
        let jobs = "## Experience\n\n**Senior Data Engineer**<br>\nCapital One - Hybrid<br>\n\
                    2025 - Present\n\n**Data Engineer**<br>\nAmazon - Hybrid<br>\n2022 - 2024\n";
        let section = "## Skills\nPython, SQL, Docker, Kubernetes, Terraform, AWS, GCP, React, \
                       TypeScript, Node.js, PostgreSQL, Redis, Kafka, Git, Linux, Go\n";
        assert!(set_aside(&format!("# Ana\n{section}\n{jobs}")).is_empty());
        // Ninety tools under three headings are still ninety.
        let names = skill_names(90);
        let split = format!(
            "# Ana\n## Languages\n{}\n\n## Data\n{}\n\n## Cloud\n{}\n\n{jobs}",
            names[..30].join(", "),
            names[30..60].join(", "),
            names[60..].join(", ")
        );
        assert!(!set_aside(&split).is_empty());
        // One bullet about other work is something to compare with.
        let text = format!("# Ana\n{section}\n{jobs}- Answered tickets for the help desk.\n");
        assert_eq!(set_aside(&text).len(), 1);
    }

    #[test]
    fn a_list_far_out_of_proportion_is_set_aside_under_any_heading_in_any_dress() {
        let tools = [
            "Python",
            "PyTorch",
            "TensorFlow",
            "JAX",
            "Keras",
            "scikit-learn",
            "XGBoost",
            "pandas",
            "NumPy",
            "ONNX",
            "OpenCV",
            "spaCy",
            "LangChain",
            "LlamaIndex",
            "Kubernetes",
            "Docker",
            "Terraform",
            "Helm",
            "AWS",
            "GCP",
            "Azure",
            "MLflow",
            "Kubeflow",
            "Airflow",
        ];
        let head = "# Sam
## Experience
Analyst, Acme, 2020 - 2023
- Made weekly reports.

";
        // One tool per line, one per line with a word beside it, spaced by blank lines, and
        // four per line under group labels, each under a heading rolematch does not know.
        let one_per_line = tools.join("\n");
        let with_levels = tools.map(|t| format!("{t} (advanced)")).join("\n");
        let spaced = tools.join("\n\n");
        let grouped = tools
            .chunks(4)
            .map(|group| format!("Group\n{}", group.join(", ")))
            .collect::<Vec<_>>()
            .join("\n");
        let labelled = tools
            .chunks(3)
            .map(|group| format!("Group {}:\n{}", group.len(), group.join(", ")))
            .collect::<Vec<_>>()
            .join("\n");
        for list in [one_per_line, with_levels, spaced, grouped, labelled] {
            let text = format!("{head}## Expertise\n{list}\n");
            assert!(!set_aside(&text).is_empty(), "{text}");
        }
        // Four tools as bullets under a job are the job's tools, not a list set aside.
        let stack = format!("{head}- Python\n- Docker\n- Kubernetes\n- Terraform\n");
        assert!(set_aside(&stack).is_empty());
    }

    #[test]
    fn a_huge_skills_section_is_set_aside_whole() {
        // 100,000 listing lines in one block (work that grew with its square would not end).
        let text = format!(
            "# Big\n## Skills\n{}",
            "PyTorch, vLLM, RAG, LoRA, MLflow\n".repeat(100_000)
        );
        assert_eq!(set_aside(&text).len(), 100_000);
    }

    #[test]
    fn a_list_the_experience_backs_or_a_short_one_stays() {
        let backed = format!(
            "# Ana\n- Trained PyTorch and TensorFlow models; served them with vLLM on Kubernetes.\n\
             - Built RAG with LangChain, LlamaIndex and Pinecone; fine-tuned with LoRA.\n\
             - Tracked runs in MLflow; models from Hugging Face.\n\nSkills: {DUMP}\n"
        );
        assert!(set_aside(&backed).is_empty());
        let short = "# Ana\n- Answered tickets.\n\nSkills: Python, SQL, Docker, Kubernetes\n";
        assert!(set_aside(short).is_empty());
    }
}
