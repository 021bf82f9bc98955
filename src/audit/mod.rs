//! The audit log: one hash-chained JSON line per match, ranking and pool change, so a hiring
//! team can show what the tool did, with which model and settings, and prove that nobody
//! edited the record afterwards. It holds ids, keyed content hashes and scores, never resume
//! text.
//!
//! Each record carries the previous record's hash and its own (sha256 of the record without
//! that field). Appends take an exclusive lock and are fsynced; a crash can only leave a torn
//! last line, which the next append removes and `verify` reports apart from tampering.
//! Records have a bounded size ([`parts`]), so the log never wedges on one long record. What
//! a chain alone cannot prove (that nothing was cut off or re-chained) is proved by what is
//! kept outside the file: an expected head, signed checkpoints ([`checkpoint`]) and a witness
//! file ([`witness`]).

mod checkpoint;
mod parts;
mod subject_key;
mod tail;
mod time;
mod witness;

pub use checkpoint::{public_key_from, CheckpointKey, DEFAULT_CHECKPOINT_EVERY};
pub use parts::{Part, MAX_PART_BYTES};
pub use subject_key::SubjectKey;
pub use time::utc_now;
pub use witness::{Head, Witness};

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The hash a chain starts from.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The action of a signed checkpoint record.
pub(crate) const CHECKPOINT_ACTION: &str = "audit.checkpoint";

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
    #[error("{}: {reason}", .path.display())]
    Key { path: PathBuf, reason: String },
}

/// One candidate or document a record refers to: its id and the hash of its text (keyed
/// with the installation's secret once written; see [`SubjectKey`]).
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
    /// `match`, `rank`, `pool.add`, `pool.remove`, `pool.commit-failed`, `pool.reveal` or
    /// `audit.checkpoint`.
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
    /// Which part of a larger event this record holds, when it was split.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// How the subjects' content hashes were made ([`subject_key::SCHEME`]); absent on
    /// records written before hashes were keyed (plain blake3 of the text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_hashes: Option<String>,
}

impl Event {
    /// An event with no pool, opening, model, subjects or results.
    pub fn bare(action: &str, who: &str, settings: serde_json::Value) -> Self {
        Event {
            action: action.to_string(),
            who: who.to_string(),
            pool: None,
            opening: None,
            catalog_version: String::new(),
            model: String::new(),
            settings,
            subjects: Vec::new(),
            ranked: Vec::new(),
            part: None,
            subject_hashes: None,
        }
    }
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
    pub(crate) fn compute_hash(&self) -> String {
        let hashed = Hashed {
            seq: self.seq,
            time: &self.time,
            event: &self.event,
            prev: &self.prev,
        };
        let bytes = serde_json::to_vec(&hashed).unwrap_or_default();
        checkpoint::hex(&Sha256::digest(&bytes))
    }

    pub fn head(&self) -> Head {
        Head {
            seq: self.seq,
            hash: self.hash.clone(),
        }
    }

    fn sealed(seq: u64, time: &str, event: Event, prev: String) -> Record {
        let mut record = Record {
            seq,
            time: time.to_string(),
            event,
            prev,
            hash: String::new(),
        };
        record.hash = record.compute_hash();
        record
    }
}

/// The log file `audit/log.jsonl` under a home folder, and what is kept outside it.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
    checkpoints: Option<CheckpointKey>,
    witness: Option<Witness>,
    /// The secret that keys subject hashes, read (or made) on the first append that needs it.
    subject_key: std::sync::OnceLock<SubjectKey>,
}

/// What `verify` is to check beyond the chain itself.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    /// Heads the log must still hold unchanged (`--expect SEQ:HASH`).
    pub heads: Vec<Head>,
    /// The public key checkpoints must be signed with (hex).
    pub public_key: Option<String>,
    /// The checkpoint interval the log was written with (for the unsigned tail).
    pub checkpoint_every: Option<u64>,
    /// A witness file whose every head the log must still hold.
    pub witness: Option<Witness>,
}

impl AuditLog {
    /// The log under `home` (`home/audit/log.jsonl`).
    pub fn under(home: &Path) -> Self {
        AuditLog::at(&home.join("audit").join("log.jsonl"))
    }

    pub fn at(path: &Path) -> Self {
        AuditLog {
            path: path.to_path_buf(),
            checkpoints: None,
            witness: None,
            subject_key: std::sync::OnceLock::new(),
        }
    }

    /// The same log, signing a checkpoint with `key` every `key.every` records.
    pub fn with_checkpoints(mut self, key: CheckpointKey) -> Self {
        self.checkpoints = Some(key);
        self
    }

    /// The same log, sending its head to `witness` after every append.
    pub fn with_witness(mut self, witness: Witness) -> Self {
        self.witness = Some(witness);
        self
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

    /// Appends `event` as the next record (or records, when it is split into parts, and a
    /// signed checkpoint when one is due): under an exclusive lock, after removing a torn
    /// last line a crash may have left, in one write fsynced before this returns. Subject
    /// hashes are keyed. Returns the last record of the event.
    pub fn append(&self, mut event: Event) -> Result<Record, AuditError> {
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
        if !event.subjects.is_empty() {
            let key = self.subject_key()?;
            for subject in &mut event.subjects {
                subject.content_hash = key.keyed(&subject.content_hash);
            }
            event.subject_hashes = Some(subject_key::SCHEME.to_string());
        }
        let who = event.who.clone();
        let (mut seq, mut prev) = last.map_or((0, GENESIS.to_string()), |r| (r.seq, r.hash));
        let time = utc_now();
        let mut records = Vec::new();
        let mut last_of_event = None;
        for part in parts::split(event, MAX_PART_BYTES) {
            seq += 1;
            let record = Record::sealed(seq, &time, part, prev);
            prev = record.hash.clone();
            last_of_event = Some(record.clone());
            records.push(record);
            if let Some(key) = self
                .checkpoints
                .as_ref()
                .filter(|k| seq.is_multiple_of(k.every))
            {
                let settings = serde_json::json!({
                    "covers": {"seq": seq, "hash": prev},
                    "public_key": key.public_hex(),
                    "signature": key.sign(seq, &prev),
                });
                seq += 1;
                let checkpoint = Record::sealed(
                    seq,
                    &time,
                    Event::bare(CHECKPOINT_ACTION, &who, settings),
                    prev,
                );
                prev = checkpoint.hash.clone();
                records.push(checkpoint);
            }
        }
        let mut lines = Vec::new();
        for record in &records {
            serde_json::to_writer(&mut lines, record).map_err(|e| self.io(e.into()))?;
            lines.push(b'\n');
        }
        file.seek(SeekFrom::End(0)).map_err(|e| self.io(e))?;
        crate::fault::point("audit:before-append");
        file.write_all(&lines).map_err(|e| self.io(e))?;
        file.sync_data().map_err(|e| self.io(e))?;
        if let (Some(witness), Some(newest)) = (&self.witness, records.last()) {
            witness.append(&newest.head(), &time)?;
        }
        Ok(last_of_event.unwrap_or_else(|| records[records.len() - 1].clone()))
    }

    /// The key of subject hashes, read from beside the log once per `AuditLog`.
    fn subject_key(&self) -> Result<&SubjectKey, AuditError> {
        if let Some(key) = self.subject_key.get() {
            return Ok(key);
        }
        let key = SubjectKey::load_or_create(&SubjectKey::path_beside(&self.path))?;
        Ok(self.subject_key.get_or_init(|| key))
    }

    /// The last whole record and the length of the file up to the end of it; the file is
    /// read backwards in small blocks, however long the record.
    fn last_record(&self, file: &mut File) -> Result<(Option<Record>, u64), AuditError> {
        let len = file.metadata().map_err(|e| self.io(e))?.len();
        let Some(last) = tail::last_line(file, len).map_err(|e| self.io(e))? else {
            return Ok((None, 0));
        };
        let bytes =
            tail::read_range(file, last.start, last.whole_len - 1).map_err(|e| self.io(e))?;
        let record: Record =
            serde_json::from_slice(&bytes).map_err(|e| AuditError::Unreadable {
                path: self.path.clone(),
                reason: e.to_string(),
            })?;
        Ok((Some(record), last.whole_len))
    }

    /// The sequence number and hash of the last record, or `None` for an empty log.
    pub fn head(&self) -> Result<Option<Head>, AuditError> {
        let mut file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io(e)),
        };
        Ok(self.last_record(&mut file)?.0.map(|r| r.head()))
    }

    /// Whether the log file exists.
    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    /// Walks the chain from the first record and names the first problem.
    pub fn verify(&self) -> Result<Verification, AuditError> {
        self.verify_with(&Expectations::default())
    }

    /// Walks the chain, checks every checkpoint's signature (against `expect.public_key`
    /// when given), and then that every head in `expect` (and its witness) is still in the
    /// log unchanged. Names the first problem.
    pub(crate) fn verify_with(&self, expect: &Expectations) -> Result<Verification, AuditError> {
        let mut v = Verification::default();
        let file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return self.check_heads(v, Vec::new(), expect);
            }
            Err(e) => return Err(self.io(e)),
        };
        let mut reader = BufReader::new(file);
        let mut prev = GENESIS.to_string();
        let mut hashes = Vec::new();
        let mut line = Vec::new();
        let mut line_no = 0u64;
        loop {
            line.clear();
            let n = reader
                .read_until(b'\n', &mut line)
                .map_err(|e| self.io(e))?;
            if n == 0 {
                break;
            }
            if line.last() != Some(&b'\n') {
                v.torn_tail = true;
                break;
            }
            line_no += 1;
            let body = &line[..line.len() - 1];
            let records = v.records;
            let broken = |reason: &str| Verification::broken(records, line_no, reason);
            if body.is_empty() {
                return Ok(broken("an empty line"));
            }
            let record: Record = match serde_json::from_slice(body) {
                Ok(r) => r,
                Err(e) => return Ok(broken(&format!("not a record ({e})"))),
            };
            if record.seq != v.records + 1 {
                return Ok(broken(&format!(
                    "sequence {} where {} was due: a record is missing or out of order",
                    record.seq,
                    v.records + 1
                )));
            }
            if record.prev != prev {
                return Ok(broken("its link to the previous record does not match: a record before it was changed, removed or moved"));
            }
            if record.compute_hash() != record.hash {
                return Ok(broken("its content does not match its hash: it was edited"));
            }
            if record.event.action == CHECKPOINT_ACTION {
                if let Err(reason) = check_checkpoint(&record, &hashes, expect, &mut v) {
                    return Ok(broken(&reason));
                }
            }
            prev = record.hash.clone();
            hashes.push(record.hash.clone());
            v.head = Some(record.head());
            v.records += 1;
        }
        self.check_heads(v, hashes, expect)
    }

    /// The checks that need what is kept outside the log: expected heads, the witness, and
    /// how many records come after the last signed checkpoint.
    fn check_heads(
        &self,
        mut v: Verification,
        hashes: Vec<String>,
        expect: &Expectations,
    ) -> Result<Verification, AuditError> {
        let mut heads: Vec<(Head, String)> = expect
            .heads
            .iter()
            .map(|h| (h.clone(), "the expected head".to_string()))
            .collect();
        if let Some(witness) = &expect.witness {
            let seen = witness.heads()?;
            v.witnessed = Some(seen.len());
            heads.extend(
                seen.into_iter()
                    .map(|h| (h, format!("the witness {}", witness.path().display()))),
            );
        }
        for (head, source) in heads {
            let at = usize::try_from(head.seq).unwrap_or(usize::MAX);
            let problem = match hashes.get(at.wrapping_sub(1)) {
                None => format!(
                    "record {} ({source}) is not in the log: it was cut short, replaced or deleted",
                    head.seq
                ),
                Some(hash) if *hash != head.hash => format!(
                    "record {} differs from {source}: the log was rewritten from there on",
                    head.seq
                ),
                Some(_) => continue,
            };
            v.problem = Some(Problem {
                line: head.seq,
                reason: problem,
            });
            return Ok(v);
        }
        if let (Some(_), Some(every)) = (&expect.public_key, expect.checkpoint_every) {
            let unsigned = v.records - v.signed_through.unwrap_or(0);
            // After the last checkpoint come at most `every` records and one checkpoint.
            if unsigned > every + 1 {
                v.problem = Some(Problem {
                    line: v.signed_through.unwrap_or(0) + 1,
                    reason: format!(
                        "{unsigned} records follow the last checkpoint signed with this key, where at most {every} can: records after it were rewritten, or the log was not written with this key"
                    ),
                });
            }
        }
        Ok(v)
    }

    /// The records whose time is at or after `since` (a date or time prefix, UTC) and whose
    /// action starts with `action`, oldest first. Stops at the first line that is not a record.
    pub fn records(
        &self,
        since: Option<&str>,
        action: Option<&str>,
    ) -> Result<Vec<Record>, AuditError> {
        let file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io(e)),
        };
        let mut records = Vec::new();
        for line in BufReader::new(file).lines() {
            let line = line.map_err(|e| self.io(e))?;
            let Ok(record) = serde_json::from_str::<Record>(&line) else {
                break;
            };
            if since.is_none_or(|s| record.time.as_str() >= s)
                && action.is_none_or(|a| record.event.action.starts_with(a))
            {
                records.push(record);
            }
        }
        Ok(records)
    }
}

/// A checkpoint covers a record already in the chain, and its signature verifies (under the
/// trusted key when one is given).
fn check_checkpoint(
    record: &Record,
    hashes: &[String],
    expect: &Expectations,
    v: &mut Verification,
) -> Result<(), String> {
    let settings = &record.event.settings;
    let covers_seq = settings["covers"]["seq"].as_u64().unwrap_or(0);
    let covers_hash = settings["covers"]["hash"].as_str().unwrap_or("");
    let public = settings["public_key"].as_str().unwrap_or("");
    let signature = settings["signature"].as_str().unwrap_or("");
    let covered = usize::try_from(covers_seq)
        .ok()
        .and_then(|s| hashes.get(s.wrapping_sub(1)));
    if covered.map(String::as_str) != Some(covers_hash) {
        return Err(format!(
            "a checkpoint names record {covers_seq} with a hash the chain does not have"
        ));
    }
    if !checkpoint::verify_signature(public, covers_seq, covers_hash, signature) {
        return Err("a checkpoint's signature does not verify".into());
    }
    v.checkpoints += 1;
    match &expect.public_key {
        Some(trusted) if !trusted.eq_ignore_ascii_case(public) => Err(format!(
            "a checkpoint is signed with another key ({public}) than the one given"
        )),
        Some(_) => {
            v.signed_through = Some(covers_seq);
            Ok(())
        }
        None => Ok(()),
    }
}

/// What `verify` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Records that verified, from the first.
    pub records: u64,
    /// The first broken line and why, if any.
    pub problem: Option<Problem>,
    /// The file ends in a partial line: a crash during an append, not tampering.
    pub torn_tail: bool,
    /// The last record that verified.
    pub head: Option<Head>,
    /// Checkpoints whose signatures verified.
    pub checkpoints: u64,
    /// The last record covered by a checkpoint signed with the trusted key.
    pub signed_through: Option<u64>,
    /// How many heads the witness file held (all found in the log unless `problem` says).
    pub witnessed: Option<usize>,
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
            ..Verification::default()
        }
    }
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
            part: None,
            subject_hashes: None,
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

#[cfg(test)]
mod forgery_tests {
    //! The forgeries a chain alone lets through, each caught by what is kept outside the log;
    //! and records of any size never wedge the log.
    use super::*;

    fn event(i: usize, subjects: usize) -> Event {
        let mut e = Event::bare("pool.add", "tester", serde_json::json!({}));
        e.pool = Some("p".into());
        e.subjects = (0..subjects)
            .map(|j| Subject {
                id: format!("cand-{i}-{j:06}.md"),
                content_hash: format!("{j:064}"),
            })
            .collect();
        e
    }

    struct Kept {
        _home: tempfile::TempDir,
        _outside: tempfile::TempDir,
        log: AuditLog,
        public: String,
        witness: Witness,
    }

    /// A log of `n` one-subject events, signed every 5 records, with a witness.
    fn signed_log(n: usize) -> Kept {
        let home = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let key_path = outside.path().join("audit.key");
        let public = CheckpointKey::generate(&key_path).unwrap();
        let witness = Witness::at(&outside.path().join("witness.jsonl"));
        let log = AuditLog::under(home.path())
            .with_checkpoints(CheckpointKey::load(&key_path, home.path(), 5).unwrap())
            .with_witness(witness.clone());
        for i in 0..n {
            log.append(event(i, 1)).unwrap();
        }
        Kept {
            _home: home,
            _outside: outside,
            log,
            public,
            witness,
        }
    }

    fn expect_key(kept: &Kept) -> Expectations {
        Expectations {
            public_key: Some(kept.public.clone()),
            checkpoint_every: Some(5),
            ..Expectations::default()
        }
    }

    fn expect_witness(kept: &Kept) -> Expectations {
        Expectations {
            witness: Some(kept.witness.clone()),
            ..Expectations::default()
        }
    }

    /// The log rewritten by a forger: `records` re-chained from the first, with fresh hashes.
    fn rechain(log: &AuditLog, mut records: Vec<Record>) {
        let mut prev = GENESIS.to_string();
        for (i, r) in records.iter_mut().enumerate() {
            r.seq = i as u64 + 1;
            r.prev = prev;
            r.hash = r.compute_hash();
            prev = r.hash.clone();
        }
        let text: String = records
            .iter()
            .map(|r| serde_json::to_string(r).unwrap() + "\n")
            .collect();
        std::fs::write(log.path(), text).unwrap();
    }

    #[test]
    fn an_untouched_signed_log_verifies_against_key_witness_and_head() {
        let kept = signed_log(12);
        let v = kept.log.verify_with(&expect_key(&kept)).unwrap();
        assert_eq!(v.problem, None);
        // 12 events and a checkpoint after records 5, 10 (seq 5, 11): 14 records.
        assert_eq!((v.records, v.checkpoints), (14, 2));
        assert_eq!(v.signed_through, Some(10));
        let head = kept.log.head().unwrap().unwrap();
        assert_eq!(head.seq, 14);
        let with_head = Expectations {
            heads: vec![head],
            witness: Some(kept.witness.clone()),
            ..expect_key(&kept)
        };
        let v = kept.log.verify_with(&with_head).unwrap();
        assert_eq!((v.problem, v.witnessed), (None, Some(12)));
    }

    #[test]
    fn truncation_at_a_record_boundary_is_caught_by_the_witness_and_the_expected_head() {
        let kept = signed_log(8);
        let head = kept.log.head().unwrap().unwrap();
        let text = std::fs::read_to_string(kept.log.path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        std::fs::write(kept.log.path(), lines[..6].join("\n") + "\n").unwrap();
        assert_eq!(
            kept.log.verify().unwrap().problem,
            None,
            "the chain alone passes"
        );
        let problem = kept
            .log
            .verify_with(&expect_witness(&kept))
            .unwrap()
            .problem
            .unwrap();
        assert!(problem.reason.contains("not in the log"), "{problem:?}");
        let expected = Expectations {
            heads: vec![head],
            ..Expectations::default()
        };
        assert!(kept.log.verify_with(&expected).unwrap().problem.is_some());
    }

    #[test]
    fn rechaining_from_a_record_on_is_caught_by_the_checkpoint_key() {
        let kept = signed_log(12);
        let mut records = kept.log.records(None, None).unwrap();
        // Change a score-free field of record 3 and re-chain everything after it.
        records[2].event.who = "someone else".into();
        rechain(&kept.log, records.clone());
        // The checkpoints still name the old hashes, whatever key is trusted.
        let problem = kept.log.verify().unwrap().problem.unwrap();
        assert!(problem.reason.contains("checkpoint"), "{problem:?}");
        // A forger who also drops the checkpoints gets a chain that verifies alone, but
        // leaves too many records after the last signed one.
        records.retain(|r| r.event.action != CHECKPOINT_ACTION);
        rechain(&kept.log, records);
        assert_eq!(
            kept.log.verify().unwrap().problem,
            None,
            "the chain alone passes"
        );
        let problem = kept
            .log
            .verify_with(&expect_key(&kept))
            .unwrap()
            .problem
            .unwrap();
        assert!(
            problem.reason.contains("follow the last checkpoint"),
            "{problem:?}"
        );
        assert!(kept
            .log
            .verify_with(&expect_witness(&kept))
            .unwrap()
            .problem
            .is_some());
    }

    #[test]
    fn deleting_one_record_and_rechaining_is_caught() {
        let kept = signed_log(12);
        let mut records = kept.log.records(None, None).unwrap();
        records.remove(7);
        records.retain(|r| r.event.action != CHECKPOINT_ACTION);
        rechain(&kept.log, records);
        assert_eq!(
            kept.log.verify().unwrap().problem,
            None,
            "the chain alone passes"
        );
        assert!(kept
            .log
            .verify_with(&expect_key(&kept))
            .unwrap()
            .problem
            .is_some());
        assert!(kept
            .log
            .verify_with(&expect_witness(&kept))
            .unwrap()
            .problem
            .is_some());
    }

    #[test]
    fn a_shorter_valid_chain_or_no_log_at_all_is_caught_by_the_witness() {
        let kept = signed_log(8);
        let records = kept.log.records(None, None).unwrap();
        rechain(&kept.log, records[..3].to_vec());
        assert!(kept
            .log
            .verify_with(&expect_witness(&kept))
            .unwrap()
            .problem
            .is_some());
        std::fs::remove_file(kept.log.path()).unwrap();
        let v = kept.log.verify_with(&expect_witness(&kept)).unwrap();
        assert!(v.problem.unwrap().reason.contains("not in the log"));
    }

    #[test]
    fn a_checkpoint_signed_with_another_key_is_refused() {
        let kept = signed_log(6);
        let other = tempfile::tempdir().unwrap();
        let other_public = CheckpointKey::generate(&other.path().join("k")).unwrap();
        let expect = Expectations {
            public_key: Some(other_public),
            ..expect_key(&kept)
        };
        let problem = kept.log.verify_with(&expect).unwrap().problem.unwrap();
        assert!(problem.reason.contains("another key"), "{problem:?}");
    }

    #[test]
    fn an_event_about_26000_candidates_is_split_and_the_log_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::under(dir.path());
        log.append(event(0, 26_000)).unwrap();
        let longest = std::fs::read_to_string(log.path())
            .unwrap()
            .lines()
            .map(str::len)
            .max()
            .unwrap();
        assert!(longest < MAX_PART_BYTES + 4096, "{longest}");
        let after = log.append(event(1, 1)).unwrap();
        let records = log.records(None, None).unwrap();
        assert_eq!(after.seq, records.len() as u64);
        let subjects: usize = records[..records.len() - 1]
            .iter()
            .map(|r| r.event.subjects.len())
            .sum();
        assert_eq!(subjects, 26_000);
        assert!(records[0].event.part.is_some());
        assert_eq!(log.verify().unwrap().problem, None);
    }

    #[test]
    fn a_log_whose_last_record_is_over_4_mib_takes_the_next_append() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::under(dir.path());
        log.append(event(0, 1)).unwrap();
        // A record as an older version wrote it: one line, however long.
        let last = log.records(None, None).unwrap().pop().unwrap();
        let mut big = Record {
            seq: 2,
            time: last.time.clone(),
            event: event(1, 60_000),
            prev: last.hash.clone(),
            hash: String::new(),
        };
        big.hash = big.compute_hash();
        let mut text = std::fs::read_to_string(log.path()).unwrap();
        text.push_str(&serde_json::to_string(&big).unwrap());
        text.push('\n');
        assert!(text.len() > 4 * 1024 * 1024);
        std::fs::write(log.path(), text).unwrap();
        let record = log.append(event(2, 1)).unwrap();
        assert_eq!(record.seq, 3);
        assert_eq!(log.verify().unwrap().records, 3);
        assert_eq!(log.head().unwrap().unwrap().seq, 3);
    }

    #[test]
    fn subject_hashes_are_keyed_with_a_secret_beside_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::under(dir.path());
        let plain = "7".repeat(64);
        let mut e = event(0, 0);
        e.subjects.push(Subject {
            id: "a.md".into(),
            content_hash: plain.clone(),
        });
        let record = log.append(e).unwrap();
        let written = &record.event.subjects[0].content_hash;
        assert_ne!(*written, plain);
        assert_eq!(
            record.event.subject_hashes.as_deref(),
            Some("blake3-keyed-v1")
        );
        let raw = std::fs::read_to_string(log.path()).unwrap();
        assert!(!raw.contains(&plain));
        let key = SubjectKey::load_or_create(&SubjectKey::path_beside(log.path())).unwrap();
        assert_eq!(key.keyed(&plain), *written);
    }
}
