//! Candidate pools end to end with the real model: build, re-add, replace, remove, rank both
//! ways, crash safety under kill -9, and two writers on one pool.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{fixture, model_files, rolematch, stderr, stdout};

/// A folder of `n` distinct resumes made from the role fixtures.
pub fn resume_folder(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(fixture("resumes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    sources.sort();
    for i in 0..n {
        let text = std::fs::read_to_string(&sources[i % sources.len()]).unwrap();
        std::fs::write(
            dir.path().join(format!("cand-{i:03}.md")),
            format!("{text}\nReference number {i}.\n"),
        )
        .unwrap();
    }
    dir
}

pub fn index_cmd(index: &Path, args: &[&str]) -> Command {
    let mut cmd = rolematch();
    cmd.arg("pool").args(args).arg("--index-dir").arg(index);
    cmd
}

pub fn pool_ids(index: &Path, pool: &str) -> Vec<String> {
    let out = index_cmd(index, &["list", "--format", "json", "--pool", pool])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if std::fs::read_to_string(&path).is_ok_and(|t| t.contains(needle)) {
            found.push(path);
        }
    }
    found
}

#[test]
fn build_readd_replace_remove_and_rank() {
    model_files();
    let resumes = resume_folder(6);
    std::fs::write(resumes.path().join("broken.md"), b"\xff\xfe\x00binary").unwrap();
    let index = tempfile::tempdir().unwrap();
    let dir = resumes.path().to_str().unwrap();

    let out = index_cmd(index.path(), &["build", dir, "--pool", "team"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("read 6 (6 added, 0 replaced, 0 unchanged), refused 1, failed 0"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("broken.md"),
        "the bad file is named: {}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains('█'),
        "no progress bar when stderr is not a terminal"
    );

    // Unchanged files cost nothing: no new generation.
    let again = index_cmd(index.path(), &["build", dir, "--pool", "team"])
        .output()
        .unwrap();
    assert!(
        stdout(&again).contains("0 added, 0 replaced, 6 unchanged"),
        "{}",
        stdout(&again)
    );
    assert!(!stderr(&again).contains("committed generation"));

    // A changed file replaces its candidate.
    std::fs::write(
        resumes.path().join("cand-000.md"),
        "Voice agents on Twilio SIP with Deepgram and ElevenLabs; WebRTC.",
    )
    .unwrap();
    let changed = index_cmd(index.path(), &["build", dir, "--pool", "team"])
        .output()
        .unwrap();
    assert!(
        stdout(&changed).contains("0 added, 1 replaced, 5 unchanged"),
        "{}",
        stdout(&changed)
    );

    let ranked = rolematch()
        .args([
            "rank",
            "--role",
            "voice-ai-engineer",
            "--pool",
            "team",
            "--format",
            "json",
            "-k",
            "3",
            "--index-dir",
        ])
        .arg(index.path())
        .output()
        .unwrap();
    assert_eq!(ranked.status.code(), Some(0), "{}", stderr(&ranked));
    let json: serde_json::Value = serde_json::from_str(&stdout(&ranked)).unwrap();
    let first = &json["candidates"][0];
    assert_eq!(first["candidate_id"], "cand-000.md");
    assert!(first["explanation"]["shared_skills"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == "telephony"));

    let verify = index_cmd(index.path(), &["verify", "--pool", "team"])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));

    // Remove is immediate and leaves nothing of the candidate on disk.
    let out = index_cmd(index.path(), &["remove", "cand-000.md", "--pool", "team"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!pool_ids(index.path(), "team").contains(&"cand-000.md".to_string()));
    assert_eq!(
        files_containing(index.path(), "Deepgram and ElevenLabs"),
        Vec::<PathBuf>::new()
    );
    let out = index_cmd(index.path(), &["remove", "nobody.md", "--pool", "team"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn rank_a_folder_for_a_job_posting_as_csv() {
    model_files();
    let resumes = resume_folder(16);
    let job = tempfile::tempdir().unwrap();
    let posting = job.path().join("llmops.md");
    std::fs::write(
        &posting,
        "# Senior LLMOps Engineer\nRun our LLM services on Kubernetes: Prometheus and Grafana dashboards, \
         CI/CD with regression evals, prompt versioning, model routing with fallbacks, token cost tracking.\n",
    )
    .unwrap();
    let out = rolematch()
        .args(["rank", "--job"])
        .arg(&posting)
        .arg("--pool")
        .arg(resumes.path())
        .args(["--format", "csv", "-k", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = stdout(&out);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("rank,candidate_id,file,match_score,band,score"));
    assert_eq!(rows.len(), 4, "{csv}");
    // cand-009 is made from the LLMOps fixture (sorted order), the one written for this job.
    assert!(rows[1].starts_with("1,cand-009.md,"), "{csv}");
}

#[test]
fn a_bare_name_that_is_a_folder_and_a_pool_ranks_the_pool_and_says_so() {
    model_files();
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("index");
    // A folder "team" with one resume in the working directory, and a pool "team" of two.
    let folder = work.path().join("team");
    std::fs::create_dir(&folder).unwrap();
    let resumes = fixture("resumes");
    std::fs::copy(
        resumes.join("ml-engineer.md"),
        folder.join("ml-engineer.md"),
    )
    .unwrap();
    let pool_files = work.path().join("pool-files");
    std::fs::create_dir(&pool_files).unwrap();
    for name in ["llm-engineer.md", "voice-ai-engineer.md"] {
        std::fs::copy(resumes.join(name), pool_files.join(name)).unwrap();
    }
    let rank = || {
        rolematch()
            .current_dir(work.path())
            .args([
                "rank",
                "--role",
                "llm-engineer",
                "--pool",
                "team",
                "--format",
                "json",
            ])
            .arg("--index-dir")
            .arg(&index)
            .output()
            .unwrap()
    };
    // No pool of that name yet: the folder's files are ranked, and the user is told.
    let out = rank();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ranking the files in the folder 'team'"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("ml-engineer.md"));
    let built = rolematch()
        .args(["pool", "build"])
        .arg(&pool_files)
        .args(["--pool", "team", "--index-dir"])
        .arg(&index)
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    // Now the pool wins, and the user is told how to rank the folder instead.
    let out = rank();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ranking the pool"),
        "{}",
        stderr(&out)
    );
    let ranked = stdout(&out);
    assert!(
        ranked.contains("voice-ai-engineer.md") && !ranked.contains("ml-engineer.md\""),
        "{ranked}"
    );
}

#[test]
fn kill_9_during_build_never_loses_committed_candidates() {
    model_files();
    let resumes = resume_folder(40);
    let index = tempfile::tempdir().unwrap();
    let dir = resumes.path().to_str().unwrap();
    let mut seen: Vec<String> = Vec::new();
    // Each round waits for the build's n-th commit, then kills it a little later: sometimes
    // between commits, sometimes in the middle of writing the next generation.
    let rounds: [(usize, u64); 6] = [(1, 0), (1, 150), (2, 40), (1, 300), (2, 90), (3, 10)];
    for (round, (commits, extra_ms)) in rounds.into_iter().enumerate() {
        let mut child = index_cmd(
            index.path(),
            &["build", dir, "--pool", "crash", "--commit-every", "2"],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
        let stderr_pipe = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr_pipe)
                .lines()
                .map_while(Result::ok)
            {
                let _ = tx.send(line);
            }
        });
        let mut committed = 0;
        let mut log = Vec::new();
        let mut seen_commits = 0;
        while seen_commits < commits {
            match rx.recv_timeout(Duration::from_secs(120)) {
                Ok(line) => {
                    if let Some(n) = committed_count(&line) {
                        committed = n;
                        seen_commits += 1;
                    }
                    log.push(line);
                }
                Err(_) => break, // the build ended (or stalled): kill it anyway
            }
        }
        std::thread::sleep(Duration::from_millis(extra_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        committed = rx
            .try_iter()
            .filter_map(|l| committed_count(&l))
            .fold(committed, usize::max);
        assert!(
            committed > 0,
            "round {round}: no commit before the kill: {log:?}"
        );
        let verify = index_cmd(index.path(), &["verify", "--pool", "crash"])
            .output()
            .unwrap();
        assert_eq!(
            verify.status.code(),
            Some(0),
            "round {round}: {}",
            stderr(&verify)
        );
        let ids = pool_ids(index.path(), "crash");
        assert!(
            ids.len() >= committed,
            "round {round}: {} < {committed} committed",
            ids.len()
        );
        assert!(
            seen.iter().all(|id| ids.contains(id)),
            "round {round}: a committed candidate was lost"
        );
        seen = ids;
    }
    let done = index_cmd(index.path(), &["build", dir, "--pool", "crash"])
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_eq!(pool_ids(index.path(), "crash").len(), 40);
}

/// The candidate count of a "committed generation N: M candidates" progress line.
fn committed_count(line: &str) -> Option<usize> {
    let rest = line.split("committed generation ").nth(1)?;
    rest.split(": ")
        .nth(1)?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[test]
fn a_second_writer_waits_or_fails_clearly() {
    model_files();
    let a = resume_folder(24);
    let b = tempfile::tempdir().unwrap();
    std::fs::write(
        b.path().join("extra.md"),
        "Research engineer: FSDP, DeepSpeed, CUDA kernels, NeurIPS paper.",
    )
    .unwrap();
    let index = tempfile::tempdir().unwrap();
    let mut first = index_cmd(
        index.path(),
        &["build", a.path().to_str().unwrap(), "--pool", "shared"],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    // Wait until the first writer holds the lock (its LOCK file names it).
    let lock = index.path().join("pools/shared/LOCK");
    for _ in 0..100 {
        if std::fs::read_to_string(&lock).is_ok_and(|t| t.starts_with("pid")) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let refused = index_cmd(index.path(), &["add", "--wait", "0", "--pool", "shared"])
        .arg(b.path().join("extra.md"))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("another process is writing this pool"),
        "{}",
        stderr(&refused)
    );
    let waited = index_cmd(index.path(), &["add", "--wait", "120", "--pool", "shared"])
        .arg(b.path().join("extra.md"))
        .output()
        .unwrap();
    assert_eq!(waited.status.code(), Some(0), "{}", stderr(&waited));
    assert!(first.wait().unwrap().success());
    let ids = pool_ids(index.path(), "shared");
    assert_eq!(ids.len(), 25);
    assert!(ids.contains(&"extra.md".to_string()));
}

#[test]
fn a_pool_is_ranked_at_the_precision_it_was_built_with() {
    model_files();
    let folder = resume_folder(2);
    let index = tempfile::tempdir().unwrap();
    let dir = folder.path().to_str().unwrap();
    let out = index_cmd(
        index.path(),
        &["build", dir, "--pool", "p", "--precision", "f32"],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rank = |precision: &str| {
        rolematch()
            .args(["rank", "--role", "ai-engineer", "--pool", "p"])
            .args(["--format", "json", "--precision", precision, "--index-dir"])
            .arg(index.path())
            .output()
            .unwrap()
    };
    // Vectors of another precision are not mixed in: the pool is refused, saying why.
    let refused = rank("int16");
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(
        message.contains("/f32") && message.contains("/int16"),
        "{message}"
    );
    assert!(message.contains("--precision"), "{message}");
    let ranked = rank("f32");
    assert_eq!(ranked.status.code(), Some(0), "{}", stderr(&ranked));
}

#[test]
fn a_cover_letter_or_a_posting_added_as_a_resume_is_warned_about_and_still_added() {
    model_files();
    let index = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("ana-letter.md"),
        "Ana Lima\nana@example.com\n\nDear Hiring Manager,\n\nI am writing to apply for the data \
         engineer role. At Acme I built the Python and Kafka pipelines billing runs on.\n\n\
         Sincerely,\nAna Lima\n",
    )
    .unwrap();
    std::fs::copy(
        fixture("jobs/voice-ai-engineer.md"),
        folder.path().join("posting.md"),
    )
    .unwrap();
    std::fs::copy(
        fixture("resumes/voice-ai-engineer.md"),
        folder.path().join("diego.md"),
    )
    .unwrap();
    let out = rolematch()
        .args(["pool", "build"])
        .arg(folder.path())
        .args(["--pool", "mixed", "--index-dir"])
        .arg(index.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("ana-letter.md: this reads like a cover letter, not a resume"),
        "{said}"
    );
    assert!(
        said.contains("posting.md: this reads like a job posting"),
        "{said}"
    );
    assert!(!said.contains("diego.md: this reads like"), "{said}");
    assert!(said.contains("3 candidates"), "{said}");
    // The folder ranked without a pool names it too, above the notice.
    let ranked = rolematch()
        .args(["rank", "--role", "voice-ai-engineer", "--pool"])
        .arg(folder.path())
        .output()
        .unwrap();
    assert!(ranked.status.success(), "{}", stderr(&ranked));
    let table = stdout(&ranked);
    assert!(
        table.contains("warning: ana-letter.md: this reads like a cover letter"),
        "{table}"
    );
}

#[test]
fn index_the_old_name_of_the_pool_command_is_still_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let answer = |command: &str| {
        let out = rolematch()
            .args([command, "list", "--pool", "nobody-here", "--index-dir"])
            .arg(dir.path())
            .output()
            .unwrap();
        (out.status.code(), stderr(&out))
    };
    let (code, said) = answer("pool");
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("nobody-here"), "{said}");
    assert_eq!(answer("index"), (code, said));
}
