//! Exact search by scanning every vector: the reference the HNSW index is measured against.

use super::{check_dimensions, sort_neighbors, IndexError, Neighbor, VectorIndex};
use crate::vector::dot;

/// Every vector in one contiguous buffer.
pub struct FlatIndex {
    dimensions: usize,
    data: Vec<f32>,
}

impl FlatIndex {
    pub fn new(dimensions: usize) -> Self {
        FlatIndex {
            dimensions,
            data: Vec::new(),
        }
    }

    pub fn from_vectors(dimensions: usize, vectors: &[Vec<f32>]) -> Result<Self, IndexError> {
        let mut index = FlatIndex::new(dimensions);
        for v in vectors {
            index.add(v)?;
        }
        Ok(index)
    }

    /// Appends a vector; its id is its position.
    pub fn add(&mut self, vector: &[f32]) -> Result<usize, IndexError> {
        check_dimensions(self.dimensions, vector)?;
        self.data.extend_from_slice(vector);
        Ok(self.len() - 1)
    }
}

impl VectorIndex for FlatIndex {
    fn len(&self) -> usize {
        self.data.len() / self.dimensions.max(1)
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn search(&self, query: &[f32], k: usize) -> Result<Vec<Neighbor>, IndexError> {
        check_dimensions(self.dimensions, query)?;
        let mut all: Vec<Neighbor> = self
            .data
            .chunks_exact(self.dimensions.max(1))
            .enumerate()
            .map(|(id, v)| Neighbor {
                id,
                similarity: dot(query, v),
            })
            .collect();
        sort_neighbors(&mut all);
        all.truncate(k);
        Ok(all)
    }
}
