//! rolematch: offline resume-to-role matching with a local embedding model, an HNSW index and
//! an explanation of every match in skills and evidence lines.
//!
//! Data flows one way: [`read`] turns a file into a [`read::Document`]; [`skills`] finds the
//! skills in it; [`embed`] turns text into vectors with a model that [`model_store`] found;
//! [`index`] retrieves the nearest roles; [`score`] combines the semantic and skill evidence and
//! explains it; [`output`] prints it. [`matcher::Matcher`] ties the steps together.

pub(crate) mod advice;
pub mod analyze;
pub mod app;
#[cfg(test)]
mod architecture_tests;
pub mod audit;
pub mod bundle;
pub mod candidate;
pub mod catalog;
pub mod doc_kind;
pub mod duties;
pub(crate) mod education;
pub mod embed;
pub(crate) mod error;
pub mod eval;
pub(crate) mod experience;
pub mod fairness;
pub(crate) mod fault;
pub mod fsutil;
pub mod home;
pub mod index;
pub(crate) mod language;
pub(crate) mod lexical;
pub(crate) mod matcher;
pub mod model_store;
pub mod output;
pub mod pathname;
pub mod pool;
pub(crate) mod position_details;
pub(crate) mod posting;
pub(crate) mod profile;
pub(crate) mod proxies;
pub mod rank;
pub mod read;
pub(crate) mod redact;
pub mod score;
pub mod selection;
pub mod server;
pub mod skills;
pub mod template;
pub(crate) mod titles;
pub mod vector;
pub(crate) mod words;

pub use app::{Workspace, WorkspaceConfig};
pub use error::Error;
pub use matcher::{Matcher, MatcherOptions, ResumeReport};
pub use score::{Explanation, Match};
pub use selection::{Selection, SelectionError};
