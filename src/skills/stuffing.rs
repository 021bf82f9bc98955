//! Lists that the rest of a resume does not back: a block of ten or more skill mentions
//! (a skills dump, a buzzword summary, a "Technologies" line repeated under every job, hidden
//! repeated text) most of whose skills appear nowhere outside such blocks. These lines are set
//! aside: the model does not read them and their skills earn nothing.

use std::collections::{BTreeSet, HashSet};

use super::SkillHits;
use crate::read::Document;

/// A block of listing lines with this many skill mentions is a candidate for setting aside.
const BLOCK_MIN_MENTIONS: usize = 10;

impl SkillHits {
    /// The lines set aside as unbacked lists (1-based). Linear in the mentions, whatever the
    /// size of the lists.
    pub fn set_aside_lines(&self, doc: &Document) -> BTreeSet<usize> {
        self.set_aside_among(&self.listing_lines(doc))
    }

    /// [`SkillHits::set_aside_lines`] for a caller that already holds the listing lines.
    pub fn set_aside_among(&self, listing: &BTreeSet<usize>) -> BTreeSet<usize> {
        // Runs of consecutive listing lines, as (first, last).
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        for &line in listing {
            match blocks.last_mut() {
                Some(block) if block.1 + 1 == line => block.1 = line,
                _ => blocks.push((line, line)),
            }
        }
        let block_of = |blocks: &[(usize, usize)], line: usize| {
            let i = blocks.partition_point(|b| b.1 < line);
            (i < blocks.len() && blocks[i].0 <= line).then_some(i)
        };
        let mut mentions = vec![0usize; blocks.len()];
        for hit in &self.hits {
            if let Some(i) = block_of(&blocks, hit.line) {
                mentions[i] += 1;
            }
        }
        let big: Vec<(usize, usize)> = blocks
            .iter()
            .zip(&mentions)
            .filter(|(_, &n)| n >= BLOCK_MIN_MENTIONS)
            .map(|(block, _)| *block)
            .collect();
        // The skills each big block names, and the skills named anywhere outside big blocks.
        let mut named: Vec<HashSet<&str>> = vec![HashSet::new(); big.len()];
        let mut backed: HashSet<&str> = HashSet::new();
        for hit in &self.hits {
            match block_of(&big, hit.line) {
                Some(i) => named[i].insert(hit.skill.as_str()),
                None => backed.insert(hit.skill.as_str()),
            };
        }
        let mut set_aside = BTreeSet::new();
        for (&(first, last), skills) in big.iter().zip(&named) {
            let shown = skills.iter().filter(|s| backed.contains(*s)).count();
            if shown * 2 < skills.len() {
                set_aside.extend(first..=last);
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
