//! One writer per pool: an exclusive lock on `<pool>/LOCK`, released when the holder exits
//! (even by a crash), so a killed writer never leaves the pool locked.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use super::PoolError;

/// Held while a process writes a pool.
#[derive(Debug)]
pub struct PoolLock {
    _file: File,
}

impl PoolLock {
    /// Takes the pool's lock, waiting up to `wait` for another writer to finish.
    pub(crate) fn acquire(pool_dir: &Path, wait: Duration) -> Result<PoolLock, PoolError> {
        let path = pool_dir.join("LOCK");
        let io = |source| PoolError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(pool_dir).map_err(io)?;
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(io)?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    return Err(PoolError::Locked {
                        path: path.clone(),
                        holder: holder.trim().to_string(),
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        // Who holds it, for the message another writer gets.
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = write!(file, "pid {}", std::process::id());
        Ok(PoolLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_fails_with_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = PoolLock::acquire(dir.path(), Duration::ZERO).unwrap();
        let err = PoolLock::acquire(dir.path(), Duration::from_millis(250)).unwrap_err();
        assert!(
            matches!(&err, PoolError::Locked { holder, .. } if holder.starts_with("pid ")),
            "{err}"
        );
        drop(first);
        PoolLock::acquire(dir.path(), Duration::ZERO).unwrap();
    }
}
