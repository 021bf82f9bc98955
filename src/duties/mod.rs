//! What a hiring tool owes the people it ranks and the rules it works under, produced from
//! the data rolematch already holds: a candidate's explanation, notices before use, the
//! instructions for use (model card), a candidate's record for access requests, and what
//! retention removes. Each document is built once as a [`page::Page`] and written as
//! Markdown or HTML.

pub mod explain;
pub mod export;
pub mod model_card;
pub mod notice;
pub mod page;
pub mod retention;

pub use explain::{CandidateExplanation, ExplanationInput};
pub use page::Page;
