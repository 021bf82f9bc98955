//! One conformance suite for every pool store (as tantivy tests its `Directory`
//! implementations): pools on disk, in memory and in PostgreSQL must answer alike. The
//! candidates are analysed by hand (vectors of their own, real findings), so no model runs.

use std::time::Duration;

use rolematch::analyze::{Analysis, Findings};
use rolematch::embed::WindowEmbedding;
use rolematch::pool::openings::{
    OpeningRecord, OpeningRun, OpeningSettings, OpeningsBook, RunCandidate, Target,
};
use rolematch::pool::postgres::PgStore;
use rolematch::pool::{
    content_hash, DiskPools, MemoryPools, OpenFor, PoolData, PoolError, PoolMeta, PoolStorage,
    QueryModel,
};
use rolematch::read::document_from_text;
use rolematch::skills::{SkillExtractor, Taxonomy};

const DIMENSIONS: usize = 4;
const MODEL: &str = "synthetic@0";

fn meta(blind: bool) -> PoolMeta {
    PoolMeta {
        model: MODEL.into(),
        dimensions: DIMENSIONS,
        catalog_version: "test".into(),
        blind,
        pseudonyms: None,
    }
}

fn model() -> QueryModel<'static> {
    QueryModel {
        fingerprint: MODEL,
        dimensions: DIMENSIONS,
    }
}

/// A candidate analysed by hand: `vector` for the whole and its one passage, findings made
/// from its text.
fn analysed(extractor: &SkillExtractor, id: &str, text: &str, vector: [f32; 4]) -> Analysis {
    let document = document_from_text(id, text);
    let mut analysis = Analysis::with_vectors(
        document.clone(),
        vector.to_vec(),
        vec![WindowEmbedding {
            byte_range: 0..text.len(),
            vector: vector.to_vec(),
        }],
    );
    analysis.findings = Findings::of(&document, extractor);
    analysis
}

/// Everything a store must do, in one pass over a fresh pool `name`.
fn conforms(store: &dyn PoolStorage, name: &str) {
    let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
    let wait = Duration::from_secs(10);
    assert!(!store.names().unwrap().contains(&name.to_string()));
    // Removing from a pool that does not exist is refused; nothing is made.
    assert!(matches!(
        store.writer(name, OpenFor::Removing, wait).err(),
        Some(PoolError::NoPool { .. })
    ));

    // Adding: nothing is seen before the commit.
    let fresh = meta(false);
    let adding = OpenFor::Adding {
        fresh: &fresh,
        exact_below: None,
    };
    let texts = [
        ("b.md", "Built RAG services in Python", [1.0, 0.0, 0.0, 0.0]),
        (
            "a.md",
            "Kubernetes and Terraform on AWS",
            [0.0, 1.0, 0.0, 0.0],
        ),
        ("c.md", "Pastry chef", [0.0, 0.0, 1.0, 0.0]),
    ];
    {
        let mut writer = store.writer(name, adding, wait).unwrap();
        assert!(!writer.exists() && writer.is_empty());
        for (id, text, vector) in texts {
            writer.upsert(id.into(), analysed(&extractor, id, text, vector));
        }
        assert_eq!(writer.len(), 3);
        assert_eq!(writer.content_hash("a.md"), Some(content_hash(texts[1].1)));
    }
    assert!(!store.names().unwrap().contains(&name.to_string()));
    let mut writer = store.writer(name, adding, wait).unwrap();
    for (id, text, vector) in texts {
        writer.upsert(id.into(), analysed(&extractor, id, text, vector));
    }
    writer.commit().unwrap();
    drop(writer);
    assert!(store.names().unwrap().contains(&name.to_string()));

    // What was made, and with what.
    let stats = store.stats(name).unwrap();
    assert_eq!(
        (stats.candidates, stats.passages, stats.dimensions),
        (3, 3, DIMENSIONS)
    );
    assert_eq!((stats.model.as_str(), stats.blind), (MODEL, false));
    assert_eq!(store.verify(name).unwrap().candidates, 3);
    let (made, summaries) = store.summaries(name).unwrap();
    assert_eq!(made, fresh);
    let ids: Vec<&str> = summaries.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["a.md", "b.md", "c.md"], "summaries are by id");
    assert_eq!(summaries[0].content_hash, content_hash(texts[1].1));
    assert_eq!(summaries[0].passages, 1);

    // Searching gives the candidates with their text, vectors, passages and findings.
    let pool = store
        .search(name, &[0.9, 0.1, 0.0, 0.0], 10, model())
        .unwrap();
    let b = pool
        .data
        .candidates()
        .position(|c| c.id == "b.md")
        .expect("b.md is proposed");
    let candidate = pool.data.candidate(b);
    assert_eq!(candidate.text, texts[0].1);
    assert_eq!(candidate.passages, vec![0..texts[0].1.len()]);
    assert_eq!(pool.data.vector(b), texts[0].2);
    let passage_vectors = |data: &PoolData, i: usize| -> Vec<Vec<f32>> {
        data.passages_of(i).into_iter().map(|p| p.vector).collect()
    };
    assert_eq!(passage_vectors(&pool.data, b), vec![texts[0].2.to_vec()]);
    assert!(candidate.findings.current_for(&extractor));
    assert!(candidate.findings.skills.contains("rag"));

    // One person's records by id, whole, with when they were added; unknown ids are left out.
    let one = store
        .candidates(name, &["b.md".to_string(), "nobody.md".to_string()])
        .unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one.candidate(0), candidate);
    assert_eq!(one.vector(0), texts[0].2);
    assert_eq!(passage_vectors(&one, 0), vec![texts[0].2.to_vec()]);
    assert_eq!(one.meta(), &fresh);
    let added = one
        .candidate(0)
        .added_at
        .as_deref()
        .expect("the date it was added");
    assert!(added.starts_with("20") && added.ends_with('Z'), "{added}");
    assert!(store.candidates(name, &[]).unwrap().is_empty());
    assert_eq!(
        candidate.findings,
        Findings::of(&document_from_text("b.md", texts[0].1), &extractor)
    );
    // A query of another model is refused, whatever the store.
    let other = QueryModel {
        fingerprint: "other@1",
        dimensions: DIMENSIONS,
    };
    assert!(matches!(
        store.search(name, &[1.0, 0.0, 0.0, 0.0], 10, other).err(),
        Some(PoolError::ModelMismatch { .. })
    ));

    // Adding again: an existing pool opens as it is; a changed text replaces its candidate.
    let mut writer = store.writer(name, adding, wait).unwrap();
    assert!(writer.exists() && writer.len() == 3);
    writer.upsert(
        "c.md".into(),
        analysed(
            &extractor,
            "c.md",
            "Pastry chef and baker",
            [0.0, 0.0, 0.0, 1.0],
        ),
    );
    assert_eq!(writer.len(), 3);
    writer.commit().unwrap();
    drop(writer);
    let (_, summaries) = store.summaries(name).unwrap();
    assert_eq!(summaries.len(), 3);
    assert_eq!(
        summaries[2].content_hash,
        content_hash("Pastry chef and baker")
    );

    // Removing: unknown ids are reported, the rest are gone once committed.
    let mut writer = store.writer(name, OpenFor::Removing, wait).unwrap();
    let unknown = writer.remove(&["a.md".to_string(), "nobody.md".to_string()]);
    assert_eq!(unknown, vec!["nobody.md".to_string()]);
    writer.commit().unwrap();
    assert_eq!(writer.len(), 2);
    drop(writer);
    let (_, summaries) = store.summaries(name).unwrap();
    let ids: Vec<&str> = summaries.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["b.md", "c.md"]);
    let pool = store
        .search(name, &[0.0, 1.0, 0.0, 0.0], 10, model())
        .unwrap();
    assert!(pool.data.candidates().all(|c| c.id != "a.md"));
    assert_eq!(store.stats(name).unwrap().candidates, 2);

    // Openings and decisions: kept beside the pool, all or nothing, history kept.
    assert_eq!(store.openings(name).unwrap(), OpeningsBook::default());
    assert!(matches!(
        store
            .change_openings("no-such-pool", wait, &mut |_| Ok(()))
            .err(),
        Some(PoolError::NoPool { .. })
    ));
    let definition = OpeningRecord {
        name: "backend".into(),
        pool: name.into(),
        target: Target::Role {
            id: "llm-engineer".into(),
            title: "LLM Engineer".into(),
        },
        settings: OpeningSettings {
            top_k: 5,
            min_score: 0.0,
            blind: false,
            // A paired audit's opening: kept through every store.
            keep_duplicates: true,
        },
        created_at: "2026-12-04T00:00:00Z".into(),
        created_by: "r".into(),
        runs: Vec::new(),
    };
    let run = |ids: &[&str]| OpeningRun {
        at: "2026-12-04T00:00:00Z".into(),
        by: "r".into(),
        model: MODEL.into(),
        catalog_version: "test".into(),
        settings: definition.settings,
        candidates: ids
            .iter()
            .map(|id| RunCandidate {
                candidate_id: id.to_string(),
                content_hash: content_hash(id),
                score: 0.5,
                match_score: 50,
                band: "partial".into(),
            })
            .collect(),
    };
    for ids in [&["b.md", "c.md"][..], &["c.md"][..]] {
        store
            .change_openings(name, wait, &mut |book| {
                book.save_run(definition.clone(), run(ids));
                Ok(())
            })
            .unwrap();
    }
    // A change that fails changes nothing.
    let failed = store.change_openings(name, wait, &mut |book| {
        book.openings.clear();
        Err(PoolError::BadOpeningName("refused".into()))
    });
    assert!(failed.is_err());
    let book = store.openings(name).unwrap();
    assert_eq!(book.openings.len(), 1);
    assert_eq!(book.openings[0].runs.len(), 2);
    assert_eq!(book.openings[0].runs[0], run(&["b.md", "c.md"]));
    assert_eq!(book.openings[0].settings, definition.settings);
    let changed = store
        .change_openings(name, wait, &mut |book| {
            book.forget(&["b.md".to_string()]);
            Ok(())
        })
        .unwrap();
    assert_eq!(store.openings(name).unwrap(), changed);
    assert!(!serde_json::to_string(&changed).unwrap().contains("b.md"));
}

#[test]
fn pools_on_disk_conform() {
    let dir = tempfile::tempdir().unwrap();
    conforms(&DiskPools::new(dir.path()), "conformance");
}

#[test]
fn pools_in_memory_conform() {
    conforms(&MemoryPools::new(), "conformance");
}

#[test]
fn pools_in_postgresql_conform() {
    let Some(url) = crate::postgres::server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    conforms(
        &PgStore::new(&url).unwrap(),
        &crate::postgres::unique_pool("conformance"),
    );
}
