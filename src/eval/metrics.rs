//! Ranking metrics: recall@k (a hit when any acceptable answer is in the top k), mean
//! reciprocal rank and nDCG@10 with binary relevance.

use serde::Serialize;

/// Averages over a query set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    pub queries: usize,
    pub recall_at_1: f64,
    pub recall_at_5: f64,
    pub recall_at_10: f64,
    pub mrr: f64,
    pub ndcg_at_10: f64,
}

/// Metrics of `ranked` (best first) against the acceptable answers of each query.
pub fn evaluate(results: &[(Vec<usize>, Vec<usize>)]) -> Metrics {
    let n = results.len().max(1) as f64;
    let mut m = Metrics {
        queries: results.len(),
        recall_at_1: 0.0,
        recall_at_5: 0.0,
        recall_at_10: 0.0,
        mrr: 0.0,
        ndcg_at_10: 0.0,
    };
    for (ranked, relevant) in results {
        let first = ranked.iter().position(|id| relevant.contains(id));
        if let Some(pos) = first {
            m.mrr += 1.0 / (pos as f64 + 1.0);
            m.recall_at_1 += f64::from(pos < 1);
            m.recall_at_5 += f64::from(pos < 5);
            m.recall_at_10 += f64::from(pos < 10);
        }
        let dcg: f64 = ranked
            .iter()
            .take(10)
            .enumerate()
            .filter(|(_, id)| relevant.contains(id))
            .map(|(i, _)| 1.0 / (i as f64 + 2.0).log2())
            .sum();
        let ideal: f64 = (0..relevant.len().min(10))
            .map(|i| 1.0 / (i as f64 + 2.0).log2())
            .sum();
        if ideal > 0.0 {
            m.ndcg_at_10 += dcg / ideal;
        }
    }
    m.recall_at_1 /= n;
    m.recall_at_5 /= n;
    m.recall_at_10 /= n;
    m.mrr /= n;
    m.ndcg_at_10 /= n;
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_metrics() {
        let results = vec![
            (vec![3, 1, 2], vec![3]),    // first: rr 1
            (vec![1, 2, 3], vec![2, 3]), // second: rr 1/2; dcg 1/log2(3) + 1/2; idcg 1 + 1/log2(3)
            (vec![1, 2, 3], vec![9]),    // miss
        ];
        let m = evaluate(&results);
        assert_eq!(m.queries, 3);
        assert!((m.recall_at_1 - 1.0 / 3.0).abs() < 1e-12);
        assert!((m.recall_at_5 - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.mrr - 0.5).abs() < 1e-12);
        let second = (1.0 / 3f64.log2() + 0.5) / (1.0 + 1.0 / 3f64.log2());
        assert!((m.ndcg_at_10 - (1.0 + second) / 3.0).abs() < 1e-12);
    }
}
