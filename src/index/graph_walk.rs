//! A compact copy of an hnsw_rs graph, read through its public API, and the search over it.
//!
//! hnsw_rs keeps every link behind an `Arc` and a lock and its search allocates for each
//! candidate, so a query spends most of its time outside the distance function. This copy keeps
//! the same links as plain arrays (a fixed stride per node on layer 0, where nearly all of the
//! walk happens), the vectors in one contiguous block, and walks them the way the HNSW paper
//! describes: greedy descent through the upper layers, then a best-first search with `ef`
//! candidates on layer 0. The graph itself is hnsw_rs's, unchanged.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use anndists::dist::Distance;
use hnsw_rs::hnsw::Hnsw;

use crate::vector::dot;

/// A node id and its similarity to the query, ordered by similarity, then by lower id.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scored {
    similarity: f32,
    id: u32,
}

impl Eq for Scored {}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.similarity
            .total_cmp(&other.similarity)
            .then_with(|| other.id.cmp(&self.id))
    }
}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The links and vectors of one graph, laid out for searching.
pub(crate) struct GraphWalk {
    dimensions: usize,
    /// Every vector, one after the other, in id order.
    vectors: Vec<f32>,
    /// Layer 0: for node `i`, `level0[i * stride]` is its number of links and the next
    /// `stride - 1` slots hold them.
    level0: Vec<u32>,
    stride: usize,
    /// Layers 1 and up (index 0 is layer 1): each node's links on that layer.
    upper: Vec<HashMap<u32, Vec<u32>>>,
    entry: Option<u32>,
}

impl GraphWalk {
    /// Copies the links of `graph`, whose points carry the ids `0..vectors.len()`.
    pub(crate) fn from_hnsw<D: Distance<f32> + Send + Sync>(
        graph: &Hnsw<'_, f32, D>,
        dimensions: usize,
        vectors: &[Vec<f32>],
    ) -> Self {
        let indexation = graph.get_point_indexation();
        let n = vectors.len();
        let mut links0: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut upper: Vec<HashMap<u32, Vec<u32>>> = Vec::new();
        let mut entry: Option<(u8, u32)> = None;
        for point in indexation {
            let id = point.get_origin_id();
            if id >= n {
                continue;
            }
            let level = point.get_point_id().0;
            let id32 = id as u32;
            if entry.is_none_or(|(top, _)| level > top) {
                entry = Some((level, id32));
            }
            for (layer, neighbours) in point.get_neighborhood_id().into_iter().enumerate() {
                if layer > level as usize {
                    break;
                }
                let ids: Vec<u32> = neighbours
                    .iter()
                    .map(|nb| nb.d_id)
                    .filter(|&d| d < n && d != id)
                    .map(|d| d as u32)
                    .collect();
                if layer == 0 {
                    links0[id] = ids;
                } else {
                    if upper.len() < layer {
                        upper.resize_with(layer, HashMap::new);
                    }
                    upper[layer - 1].insert(id32, ids);
                }
            }
        }
        let stride = 1 + links0.iter().map(Vec::len).max().unwrap_or(0);
        let mut level0 = vec![0u32; n * stride];
        for (id, links) in links0.iter().enumerate() {
            let row = &mut level0[id * stride..(id + 1) * stride];
            row[0] = links.len() as u32;
            row[1..=links.len()].copy_from_slice(links);
        }
        let mut flat = Vec::with_capacity(n * dimensions);
        for v in vectors {
            flat.extend_from_slice(v);
        }
        GraphWalk {
            dimensions,
            vectors: flat,
            level0,
            stride,
            upper,
            entry: entry.map(|(_, id)| id),
        }
    }

    pub fn len(&self) -> usize {
        self.level0.len() / self.stride.max(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The stored vector of node `id`.
    pub fn vector(&self, id: usize) -> &[f32] {
        &self.vectors[id * self.dimensions..(id + 1) * self.dimensions]
    }

    fn similarity_to(&self, query: &[f32], id: u32) -> f32 {
        dot(query, self.vector(id as usize))
    }

    fn links0(&self, id: u32) -> &[u32] {
        let row = &self.level0[id as usize * self.stride..(id as usize + 1) * self.stride];
        &row[1..=row[0] as usize]
    }

    /// Up to `ef` nodes near `query`, as (id, similarity), in no particular order. The same graph and query always give the same answer.
    pub fn search(&self, query: &[f32], ef: usize) -> Vec<(usize, f32)> {
        let Some(mut current) = self.entry else {
            return Vec::new();
        };
        let ef = ef.max(1);
        let mut best = self.similarity_to(query, current);
        for layer in self.upper.iter().rev() {
            loop {
                let mut moved = false;
                for &next in layer.get(&current).map_or(&[][..], Vec::as_slice) {
                    let similarity = self.similarity_to(query, next);
                    if similarity > best || (similarity == best && next < current) {
                        best = similarity;
                        current = next;
                        moved = true;
                    }
                }
                if !moved {
                    break;
                }
            }
        }
        self.search_layer0(
            query,
            Scored {
                similarity: best,
                id: current,
            },
            ef,
        )
    }

    fn search_layer0(&self, query: &[f32], start: Scored, ef: usize) -> Vec<(usize, f32)> {
        let mut visited = vec![0u64; self.len().div_ceil(64)];
        let mark = |visited: &mut [u64], id: u32| {
            let (word, bit) = (id as usize / 64, 1u64 << (id % 64));
            let seen = visited[word] & bit != 0;
            visited[word] |= bit;
            seen
        };
        mark(&mut visited, start.id);
        // Candidates to expand, best first; results kept, worst on top.
        let mut candidates = BinaryHeap::with_capacity(ef * 2);
        let mut results = BinaryHeap::with_capacity(ef + 1);
        candidates.push(start);
        results.push(std::cmp::Reverse(start));
        let mut fresh: Vec<u32> = Vec::with_capacity(self.stride);
        while let Some(candidate) = candidates.pop() {
            let worst = results.peek().map_or(f32::NEG_INFINITY, |r| r.0.similarity);
            if results.len() >= ef && candidate.similarity < worst {
                break;
            }
            fresh.clear();
            for &next in self.links0(candidate.id) {
                if !mark(&mut visited, next) {
                    fresh.push(next);
                }
            }
            for (i, &next) in fresh.iter().enumerate() {
                if let Some(&after) = fresh.get(i + 1) {
                    prefetch(self.vector(after as usize));
                }
                let similarity = self.similarity_to(query, next);
                let worst = results.peek().map_or(f32::NEG_INFINITY, |r| r.0.similarity);
                if results.len() < ef || similarity > worst {
                    let scored = Scored {
                        similarity,
                        id: next,
                    };
                    candidates.push(scored);
                    results.push(std::cmp::Reverse(scored));
                    if results.len() > ef {
                        results.pop();
                    }
                }
            }
        }
        results
            .into_iter()
            .map(|r| (r.0.id as usize, r.0.similarity))
            .collect()
    }
}

/// Asks the CPU to start loading the first cache line of `v`.
#[inline]
fn prefetch(v: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: prefetching is a hint; it never faults, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(v.as_ptr().cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = v;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scored_orders_by_similarity_then_lower_id() {
        let a = Scored {
            similarity: 0.5,
            id: 3,
        };
        let b = Scored {
            similarity: 0.5,
            id: 7,
        };
        let c = Scored {
            similarity: 0.9,
            id: 9,
        };
        assert!(c > a && a > b);
    }
}
