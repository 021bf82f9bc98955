//! Skills: the taxonomy (canonical skills, aliases, categories, context rules) and exact,
//! explainable extraction of skill mentions with their line numbers.

mod alternatives;
mod extract;
mod stuffing;
mod taxonomy;

pub(crate) use alternatives::alternatives;
pub(crate) use extract::LABEL_MAX_WORDS;
pub use extract::{SkillExtractor, SkillHit, SkillHits};
pub use stuffing::{describes_work, SetAside, SetAsideReason};
pub use taxonomy::{Skill, Taxonomy, TaxonomyError};
