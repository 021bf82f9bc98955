//! The library's top-level error: one variant per layer, each carrying that layer's typed error.

use thiserror::Error;

/// Any error the library can return.
#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Read(#[from] crate::read::ReadError),
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogError),
    #[error(transparent)]
    Skills(#[from] crate::skills::TaxonomyError),
    #[error(transparent)]
    Model(#[from] crate::model_store::ModelStoreError),
    #[error(transparent)]
    Embed(#[from] crate::embed::EmbedError),
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    #[error(transparent)]
    Pool(#[from] crate::pool::PoolError),
}
