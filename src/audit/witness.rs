//! The witness: a second, append-only file (on another disk, a mounted share, a file a log
//! shipper forwards to syslog) that receives the head of the log after every append. A log
//! cut short, re-chained or replaced no longer agrees with the heads its witness saw.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::AuditError;

/// The sequence number and hash of a record: what `audit head` prints and a witness keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub seq: u64,
    pub hash: String,
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

impl std::str::FromStr for Head {
    type Err = String;

    /// `SEQ:HASH`, as `audit head` prints it.
    fn from_str(text: &str) -> Result<Self, String> {
        let (seq, hash) = text.trim().split_once(':').ok_or_else(|| {
            format!("'{text}': expected SEQ:HASH, as `rolematch audit head` prints it")
        })?;
        let seq = seq
            .parse()
            .map_err(|_| format!("'{seq}' is not a sequence number"))?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("'{hash}' is not a record hash (64 hex digits)"));
        }
        Ok(Head {
            seq,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

/// One line of a witness file.
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    seq: u64,
    hash: String,
    time: String,
}

/// The witness file at a path the operator chose.
#[derive(Debug, Clone)]
pub struct Witness {
    path: PathBuf,
}

impl Witness {
    pub fn at(path: &Path) -> Self {
        Witness {
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

    /// Appends the head after an append to the log, fsynced.
    pub fn append(&self, head: &Head, time: &str) -> Result<(), AuditError> {
        let mut line = serde_json::to_vec(&Line {
            seq: head.seq,
            hash: head.hash.clone(),
            time: time.to_string(),
        })
        .map_err(|e| self.io(e.into()))?;
        line.push(b'\n');
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| self.io(e))?;
        file.write_all(&line).map_err(|e| self.io(e))?;
        file.sync_data().map_err(|e| self.io(e))
    }

    /// Every head the witness saw, oldest first; a torn last line (a crash) is skipped.
    pub fn heads(&self) -> Result<Vec<Head>, AuditError> {
        let file = std::fs::File::open(&self.path).map_err(|e| self.io(e))?;
        let mut heads = Vec::new();
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| self.io(e))?;
            match serde_json::from_str::<Line>(&line) {
                Ok(l) => heads.push(Head {
                    seq: l.seq,
                    hash: l.hash,
                }),
                Err(_) if line.trim().is_empty() => {}
                Err(e) => {
                    return Err(AuditError::Unreadable {
                        path: self.path.clone(),
                        reason: format!("line {}: {e}", n + 1),
                    })
                }
            }
        }
        Ok(heads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_written_and_read_back_and_parsed_from_text() {
        let dir = tempfile::tempdir().unwrap();
        let witness = Witness::at(&dir.path().join("w.jsonl"));
        let head = Head {
            seq: 3,
            hash: "ab".repeat(32),
        };
        witness.append(&head, "2026-12-02T00:00:00Z").unwrap();
        assert_eq!(witness.heads().unwrap(), vec![head.clone()]);
        assert_eq!(head.to_string().parse::<Head>().unwrap(), head);
        assert!("3".parse::<Head>().is_err());
        assert!("x:ab".parse::<Head>().is_err());
        assert!("3:abc".parse::<Head>().is_err());
    }
}
