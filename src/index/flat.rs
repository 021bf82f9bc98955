//! Exact search by scanning every vector: the reference the HNSW index is measured against.

use super::{check_dimensions, top_k, IndexError, Neighbor, VectorIndex};
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
        let all: Vec<Neighbor> = self
            .data
            .chunks_exact(self.dimensions.max(1))
            .enumerate()
            .map(|(id, v)| Neighbor {
                id,
                similarity: dot(query, v),
            })
            .collect();
        Ok(top_k(all, k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_the_k_most_similar_in_order_with_ties_by_id() {
        let vectors = vec![
            vec![1.0, 0.0],
            vec![0.0, 1.0],
            vec![0.6, 0.8],
            vec![0.6, 0.8],
            vec![-1.0, 0.0],
        ];
        let index = FlatIndex::from_vectors(2, &vectors).unwrap();
        let found: Vec<usize> = index
            .search(&[0.6, 0.8], 3)
            .unwrap()
            .iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(found, vec![2, 3, 1]);
        assert_eq!(index.search(&[1.0, 0.0], 0).unwrap(), vec![]);
        assert_eq!(index.search(&[1.0, 0.0], 99).unwrap().len(), 5);
    }
}
