//! Lists that the rest of a resume does not back: a block of ten or more skill mentions
//! (a skills dump, a buzzword summary, a "Technologies" line repeated under every job, hidden
//! repeated text) most of whose skills appear nowhere outside such blocks. These lines are set
//! aside: the model does not read them and their skills earn nothing.

use std::collections::BTreeSet;

use super::SkillHits;
use crate::read::Document;

/// A block of listing lines with this many skill mentions is a candidate for setting aside.
const BLOCK_MIN_MENTIONS: usize = 10;

impl SkillHits {
    /// The lines set aside as unbacked lists (1-based).
    pub fn set_aside_lines(&self, doc: &Document) -> BTreeSet<usize> {
        let listing = self.listing_lines(doc);
        let mut blocks: Vec<Vec<usize>> = Vec::new();
        for &line in &listing {
            match blocks.last_mut() {
                Some(block) if block.last() == Some(&(line - 1)) => block.push(line),
                _ => blocks.push(vec![line]),
            }
        }
        let mentions =
            |block: &[usize]| self.hits.iter().filter(|h| block.contains(&h.line)).count();
        let big: Vec<Vec<usize>> = blocks
            .into_iter()
            .filter(|block| mentions(block) >= BLOCK_MIN_MENTIONS)
            .collect();
        let in_big = |line: usize| big.iter().any(|block| block.contains(&line));
        let by_skill = self.lines_by_skill();
        let mut set_aside = BTreeSet::new();
        for block in &big {
            let skills: Vec<&Vec<usize>> = by_skill
                .values()
                .filter(|lines| lines.iter().any(|l| block.contains(l)))
                .collect();
            let backed = skills
                .iter()
                .filter(|lines| lines.iter().any(|&l| !in_big(l)))
                .count();
            if backed * 2 < skills.len() {
                set_aside.extend(block.iter().copied());
            }
        }
        set_aside
    }
}

#[cfg(test)]
mod tests {
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

    const DUMP: &str = "PyTorch, TensorFlow, LangChain, LlamaIndex, vLLM, Kubernetes, MLflow, \
                        RAG, Pinecone, Hugging Face, LoRA";

    #[test]
    fn an_unbacked_dump_is_set_aside_wherever_it_stands() {
        let text = format!("# Tom\nQA engineer\n\n## Experience\nTechnologies: {DUMP}\n- Wrote Selenium tests in Java.\n");
        assert_eq!(set_aside(&text), vec![5]);
        // The same dump under two jobs backs nothing: both are set aside.
        let text = format!("# Tom\n\nTechnologies: {DUMP}\n- Tested billing.\n\nTechnologies: {DUMP}\n- Tested apps.\n");
        assert_eq!(set_aside(&text), vec![3, 6]);
        // Hidden repetition of a few buzzwords.
        let words = "LLM RAG PyTorch LangChain vLLM fine-tuning agents embeddings ";
        let text = format!("# Lena\n- Built React apps.\n\n{}\n", words.repeat(3));
        assert_eq!(set_aside(&text), vec![4]);
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
