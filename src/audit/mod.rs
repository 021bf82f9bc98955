//! The audit log: one hash-chained JSON line per match, ranking and pool change, so a hiring
//! team can show what the tool did, with which model and settings, and prove that nobody
//! edited the record afterwards. It holds ids, content hashes and scores, never resume text.
//!
//! Each record carries the previous record's hash and its own (sha256 of the record without
//! that field). Appends take an exclusive lock and are fsynced; a crash can only leave a torn
//! last line, which the next append removes and `verify` reports apart from tampering.

mod time;

pub use time::utc_now;

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The hash a chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A record's tail is looked for in this many bytes at the end of the log.
const TAIL_BYTES: u64 = 4 * 1024 * 1024;

/// Errors of the audit log.
#[derive(Debug, Error)]
pub enum AuditError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the last record cannot be read ({reason}); run `rolematch audit verify`", .path.display())]
    Unreadable { path: PathBuf, reason: String },
}

/// One candidate or document a record refers to: its id and the blake3 of its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub id: String,
    pub content_hash: String,
}

/// One ranked result: who or what, and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub id: String,
    pub score: f32,
}

/// What happened, as the caller describes it; the log adds sequence, time and hashes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `match`, `rank`, `pool.add` or `pool.remove`.
    pub action: String,
    /// The OS user, or `api` for the HTTP server.
    pub who: String,
    /// The pool, for rankings and pool changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// The role or job posting, for rankings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<String>,
    pub catalog_version: String,
    pub model: String,
    /// The score weights and any other setting that changes results.
    pub settings: serde_json::Value,
    /// The documents or candidates this record is about.
    pub subjects: Vec<Subject>,
    /// The results, best first.
    pub ranked: Vec<Ranked>,
}

/// A record as stored: the event, its place in the chain, and the hashes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub seq: u64,
    pub time: String,
    #[serde(flatten)]
    pub event: Event,
    pub prev: String,
    pub hash: String,
}

/// What the hash covers: everything but the hash, in a fixed field order.
#[derive(Serialize)]
struct Hashed<'a> {
    seq: u64,
    time: &'a str,
    #[serde(flatten)]
    event: &'a Event,
    prev: &'a str,
}

impl Record {
    /// The sha256 of the record without its hash.
    pub fn compute_hash(&self) -> String {
        let hashed = Hashed {
            seq: self.seq,
            time: &self.time,
            event: &self.event,
            prev: &self.prev,
        };
        let bytes = serde_json::to_vec(&hashed).unwrap_or_default();
        hex(&Sha256::digest(&bytes))
    }
}

/// The log file `audit/log.jsonl` under a home folder.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    /// The log under `home` (`home/audit/log.jsonl`).
    pub fn under(home: &Path) -> Self {
        AuditLog {
            path: home.join("audit").join("log.jsonl"),
        }
    }

    pub fn at(path: &Path) -> Self {
        AuditLog {
            path: path.to_path_buf(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(&self, source: std::io::Error) -> AuditError {
        AuditError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Appends `event` as the next record: under an exclusive lock, after removing a torn last
    /// line a crash may have left, fsynced before this returns.
    pub fn append(&self, event: Event) -> Result<Record, AuditError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| self.io(e))?;
        let lock_path = self.path.with_extension("lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| self.io(e))?;
        lock.lock().map_err(|e| self.io(e))?;
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&self.path)
            .map_err(|e| self.io(e))?;
        let (last, whole_len) = self.last_record(&mut file)?;
        let len = file.metadata().map_err(|e| self.io(e))?.len();
        if whole_len < len {
            // A torn line from a crash mid-append: it was never a record.
            file.set_len(whole_len).map_err(|e| self.io(e))?;
        }
        let (seq, prev) = last.map_or((1, GENESIS.to_string()), |r| (r.seq + 1, r.hash));
        let mut record = Record {
            seq,
            time: utc_now(),
            event,
            prev,
            hash: String::new(),
        };
        record.hash = record.compute_hash();
        let mut line = serde_json::to_vec(&record).map_err(|e| self.io(e.into()))?;
        line.push(b'\n');
        file.seek(SeekFrom::End(0)).map_err(|e| self.io(e))?;
        crate::fault::point("audit:before-append");
        file.write_all(&line).map_err(|e| self.io(e))?;
        file.sync_data().map_err(|e| self.io(e))?;
        Ok(record)
    }

    /// The last whole record and the length of the file up to the end of it.
    fn last_record(&self, file: &mut File) -> Result<(Option<Record>, u64), AuditError> {
        let len = file.metadata().map_err(|e| self.io(e))?.len();
        let start = len.saturating_sub(TAIL_BYTES);
        file.seek(SeekFrom::Start(start)).map_err(|e| self.io(e))?;
        let mut tail = Vec::new();
        file.read_to_end(&mut tail).map_err(|e| self.io(e))?;
        let Some(end) = tail.iter().rposition(|&b| b == b'\n') else {
            if start == 0 {
                return Ok((None, 0));
            }
            return Err(AuditError::Unreadable {
                path: self.path.clone(),
                reason: format!("no line end in its last {TAIL_BYTES} bytes"),
            });
        };
        let whole = &tail[..end];
        let line_start = whole.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        if line_start == 0 && start > 0 {
            return Err(AuditError::Unreadable {
                path: self.path.clone(),
                reason: format!("a record over {TAIL_BYTES} bytes"),
            });
        }
        let record: Record =
            serde_json::from_slice(&whole[line_start..]).map_err(|e| AuditError::Unreadable {
                path: self.path.clone(),
                reason: e.to_string(),
            })?;
        Ok((Some(record), start + end as u64 + 1))
    }

    /// Walks the chain from the first record and names the first problem.
    pub fn verify(&self) -> Result<Verification, AuditError> {
        let mut bytes = Vec::new();
        match File::open(&self.path) {
            Ok(mut f) => {
                f.read_to_end(&mut bytes).map_err(|e| self.io(e))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Verification {
                    records: 0,
                    problem: None,
                    torn_tail: false,
                })
            }
            Err(e) => return Err(self.io(e)),
        }
        let torn_tail = !bytes.is_empty() && bytes.last() != Some(&b'\n');
        let whole_end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let mut prev = GENESIS.to_string();
        let mut records = 0u64;
        // Whole lines only: the slice ends just before the last line end.
        let whole = &bytes[..whole_end.saturating_sub(1)];
        let lines = if whole_end == 0 {
            Vec::new()
        } else {
            whole.split(|&b| b == b'\n').collect()
        };
        for (n, line) in lines.into_iter().enumerate() {
            let line_no = n as u64 + 1;
            if line.is_empty() {
                return Ok(Verification::broken(records, line_no, "an empty line"));
            }
            let record: Record = match serde_json::from_slice(line) {
                Ok(r) => r,
                Err(e) => {
                    return Ok(Verification::broken(
                        records,
                        line_no,
                        &format!("not a record ({e})"),
                    ))
                }
            };
            if record.seq != records + 1 {
                return Ok(Verification::broken(
                    records,
                    line_no,
                    &format!(
                        "sequence {} where {} was due: a record is missing or out of order",
                        record.seq,
                        records + 1
                    ),
                ));
            }
            if record.prev != prev {
                return Ok(Verification::broken(
                    records,
                    line_no,
                    "its link to the previous record does not match: a record before it was changed, removed or moved",
                ));
            }
            if record.compute_hash() != record.hash {
                return Ok(Verification::broken(
                    records,
                    line_no,
                    "its content does not match its hash: it was edited",
                ));
            }
            prev = record.hash.clone();
            records += 1;
        }
        Ok(Verification {
            records,
            problem: None,
            torn_tail,
        })
    }

    /// The records whose time is at or after `since` (a date or time prefix, UTC) and whose
    /// action starts with `action`, oldest first. Stops at the first line that is not a record.
    pub fn records(
        &self,
        since: Option<&str>,
        action: Option<&str>,
    ) -> Result<Vec<Record>, AuditError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io(e)),
        };
        Ok(text
            .lines()
            .map_while(|l| serde_json::from_str::<Record>(l).ok())
            .filter(|r| since.is_none_or(|s| r.time.as_str() >= s))
            .filter(|r| action.is_none_or(|a| r.event.action.starts_with(a)))
            .collect())
    }
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Records that verified, from the first.
    pub records: u64,
    /// The first broken line and why, if any.
    pub problem: Option<Problem>,
    /// The file ends in a partial line: a crash during an append, not tampering.
    pub torn_tail: bool,
}

/// The first record that does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: u64,
    pub reason: String,
}

impl Verification {
    fn broken(records: u64, line: u64, reason: &str) -> Self {
        Verification {
            records,
            problem: Some(Problem {
                line,
                reason: reason.to_string(),
            }),
            torn_tail: false,
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(i: usize) -> Event {
        Event {
            action: "rank".into(),
            who: "tester".into(),
            pool: Some("team".into()),
            opening: Some("ml-engineer".into()),
            catalog_version: "c1".into(),
            model: "m@1".into(),
            settings: serde_json::json!({"top_k": 3}),
            subjects: vec![Subject {
                id: format!("cand-{i}.md"),
                content_hash: format!("{i:064}"),
            }],
            ranked: vec![Ranked {
                id: format!("cand-{i}.md"),
                score: 0.5 + i as f32 / 100.0,
            }],
        }
    }

    fn log_with(n: usize) -> (tempfile::TempDir, AuditLog) {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::under(dir.path());
        for i in 0..n {
            let record = log.append(event(i)).unwrap();
            assert_eq!(record.seq, i as u64 + 1);
        }
        (dir, log)
    }

    fn lines(log: &AuditLog) -> Vec<String> {
        std::fs::read_to_string(log.path())
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn write_lines(log: &AuditLog, lines: &[String]) {
        std::fs::write(log.path(), lines.join("\n") + "\n").unwrap();
    }

    #[test]
    fn an_intact_chain_verifies_and_records_can_be_listed() {
        let (_dir, log) = log_with(5);
        let v = log.verify().unwrap();
        assert_eq!((v.records, v.problem, v.torn_tail), (5, None, false));
        let first = &log.records(None, None).unwrap()[0];
        assert_eq!(first.prev, GENESIS);
        assert_eq!(log.records(None, Some("rank")).unwrap().len(), 5);
        assert!(log.records(None, Some("match")).unwrap().is_empty());
        assert!(log.records(Some("2999-01-01"), None).unwrap().is_empty());
        assert_eq!(log.records(Some("2000-01-01"), None).unwrap().len(), 5);
    }

    #[test]
    fn a_flipped_byte_is_an_edit_of_that_record() {
        let (_dir, log) = log_with(5);
        let mut l = lines(&log);
        l[2] = l[2].replace("cand-2.md", "cand-X.md");
        write_lines(&log, &l);
        let v = log.verify().unwrap();
        let problem = v.problem.unwrap();
        assert_eq!((v.records, problem.line), (2, 3));
        assert!(problem.reason.contains("edited"), "{problem:?}");
    }

    #[test]
    fn a_deleted_line_is_named_as_missing() {
        let (_dir, log) = log_with(5);
        let mut l = lines(&log);
        l.remove(1);
        write_lines(&log, &l);
        let problem = log.verify().unwrap().problem.unwrap();
        assert_eq!(problem.line, 2);
        assert!(
            problem.reason.contains("missing or out of order"),
            "{problem:?}"
        );
    }

    #[test]
    fn two_swapped_lines_are_out_of_order() {
        let (_dir, log) = log_with(5);
        let mut l = lines(&log);
        l.swap(3, 4);
        write_lines(&log, &l);
        let problem = log.verify().unwrap().problem.unwrap();
        assert_eq!(problem.line, 4);
        assert!(problem.reason.contains("out of order"), "{problem:?}");
    }

    #[test]
    fn a_rewritten_record_with_a_fresh_hash_breaks_the_next_link() {
        let (_dir, log) = log_with(4);
        let mut records = log.records(None, None).unwrap();
        records[1].event.ranked[0].score = 0.99;
        records[1].hash = records[1].compute_hash();
        let l: Vec<String> = records
            .iter()
            .map(|r| serde_json::to_string(r).unwrap())
            .collect();
        write_lines(&log, &l);
        let problem = log.verify().unwrap().problem.unwrap();
        assert_eq!(problem.line, 3);
        assert!(problem.reason.contains("link"), "{problem:?}");
    }

    #[test]
    fn a_torn_last_line_is_a_crash_not_tampering_and_the_next_append_mends_it() {
        let (_dir, log) = log_with(3);
        let mut bytes = std::fs::read(log.path()).unwrap();
        let extra = serde_json::to_vec(&event(9)).unwrap();
        bytes.extend_from_slice(&extra[..extra.len() / 2]);
        std::fs::write(log.path(), &bytes).unwrap();
        let v = log.verify().unwrap();
        assert_eq!((v.records, v.problem.clone(), v.torn_tail), (3, None, true));
        let record = log.append(event(3)).unwrap();
        assert_eq!(record.seq, 4);
        let v = log.verify().unwrap();
        assert_eq!((v.records, v.problem, v.torn_tail), (4, None, false));
    }

    #[test]
    fn a_truncation_mid_record_keeps_the_records_before_it() {
        let (_dir, log) = log_with(4);
        let bytes = std::fs::read(log.path()).unwrap();
        let cut = bytes.len() - 40;
        std::fs::write(log.path(), &bytes[..cut]).unwrap();
        let v = log.verify().unwrap();
        assert_eq!((v.records, v.problem, v.torn_tail), (3, None, true));
    }
}
