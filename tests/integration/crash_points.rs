//! Crash safety proven at every step of a pool write, not by timing: the debug binary aborts
//! at a named point (`ROLEMATCH_FAULT`), and after each the pool verifies, what was committed
//! is all there, and the next write cleans what the crash left.

use std::path::Path;

use crate::common::{model_files, stderr};
use crate::pools::{index_cmd, pool_ids};

/// Every point, what the crashed command was, and whether its change was committed.
const POINTS: &[(&str, &str, bool)] = &[
    ("commit:files-written", "add", false),
    ("commit:generation-synced", "add", false),
    ("commit:renamed", "add", false),
    ("before-rename:CURRENT", "add", false),
    ("commit:current-replaced", "add", true),
    ("commit:deleting", "add", true),
    ("compact:deleting", "compact", false),
];

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run_ok(index: &Path, args: &[&str]) {
    let out = index_cmd(index, args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
}

/// Leftovers of an unfinished write: temporary generations and temporary files.
fn leftovers(pool_dir: &Path) -> Vec<String> {
    std::fs::read_dir(pool_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_crash_at_every_commit_step_loses_nothing_committed() {
    model_files();
    let files = tempfile::tempdir().unwrap();
    let text = |who: &str| {
        format!("{who}\nML engineer: PyTorch training pipelines, Kubernetes, MLflow and feature stores in Python.\n")
    };
    let a = write(files.path(), "a.md", &text("Ana"));
    let b = write(files.path(), "b.md", &text("Bo"));
    let c = write(files.path(), "c.md", &text("Cy"));
    let d = write(files.path(), "d.md", &text("Di"));
    let arg = |p: &Path| p.to_str().unwrap().to_string();
    for &(point, command, committed) in POINTS {
        let index = tempfile::tempdir().unwrap();
        let pool_dir = index.path().join("pools/p");
        // Generation 1 holds a, generation 2 a and b.
        run_ok(index.path(), &["add", &arg(&a), "--pool", "p"]);
        run_ok(index.path(), &["add", &arg(&b), "--pool", "p"]);
        let mut crashed = match command {
            "add" => index_cmd(index.path(), &["add", &arg(&c), "--pool", "p"]),
            _ => index_cmd(index.path(), &["compact", "--pool", "p"]),
        };
        let out = crashed.env("ROLEMATCH_FAULT", point).output().unwrap();
        assert!(
            !out.status.success() && stderr(&out).contains(&format!("fault injected at {point}")),
            "{point}: the crash point was not reached: {}",
            stderr(&out)
        );
        let verify = index_cmd(index.path(), &["verify", "--pool", "p"])
            .output()
            .unwrap();
        assert_eq!(
            verify.status.code(),
            Some(0),
            "{point}: {}",
            stderr(&verify)
        );
        let mut want = vec!["a.md", "b.md"];
        if committed {
            want.push("c.md");
        }
        assert_eq!(pool_ids(index.path(), "p"), want, "{point}");
        // The next write succeeds, cleans the crash's leftovers and keeps everything.
        run_ok(index.path(), &["add", &arg(&d), "--pool", "p"]);
        assert_eq!(leftovers(&pool_dir), Vec::<String>::new(), "{point}");
        want.push("d.md");
        assert_eq!(pool_ids(index.path(), "p"), want, "{point}");
        run_ok(index.path(), &["compact", "--pool", "p"]);
        run_ok(index.path(), &["verify", "--pool", "p"]);
    }
}
