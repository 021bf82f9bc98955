//! Finding the last whole line of the log without reading the whole file: the file is read
//! backwards in small blocks, so an append costs the same whatever a record's length.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// Bytes read per step when walking back from the end.
const BLOCK: u64 = 16 * 1024;

/// Where the last whole line is: its first byte and the length of the file up to and
/// including its line end. `None` when the file holds no line end at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LastLine {
    pub start: u64,
    pub whole_len: u64,
}

/// The last whole line of `file`, whose length is `len`.
pub(crate) fn last_line(file: &mut File, len: u64) -> std::io::Result<Option<LastLine>> {
    let Some(end) = find_back(file, len)? else {
        return Ok(None);
    };
    let start = find_back(file, end)?.map_or(0, |previous| previous + 1);
    Ok(Some(LastLine {
        start,
        whole_len: end + 1,
    }))
}

/// The position of the last `\n` before `before`, reading backwards block by block.
fn find_back(file: &mut File, before: u64) -> std::io::Result<Option<u64>> {
    let mut block = vec![0u8; BLOCK as usize];
    let mut end = before;
    while end > 0 {
        let start = end.saturating_sub(BLOCK);
        let n = (end - start) as usize;
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut block[..n])?;
        if let Some(i) = block[..n].iter().rposition(|&b| b == b'\n') {
            return Ok(Some(start + i as u64));
        }
        end = start;
    }
    Ok(None)
}

/// The bytes from `start` to `end` (exclusive).
pub(crate) fn read_range(file: &mut File, start: u64, end: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0u8; (end - start) as usize];
    file.seek(SeekFrom::Start(start))?;
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file_with(bytes: &[u8]) -> (tempfile::NamedTempFile, File) {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bytes).unwrap();
        let file = File::open(f.path()).unwrap();
        (f, file)
    }

    #[test]
    fn the_last_whole_line_is_found_whatever_its_length() {
        for long in [
            0usize,
            10,
            BLOCK as usize - 1,
            BLOCK as usize,
            5 * BLOCK as usize + 7,
        ] {
            let mut bytes = b"first\n".to_vec();
            let line = "x".repeat(long);
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(b'\n');
            let torn = b"{\"half";
            bytes.extend_from_slice(torn);
            let (_keep, mut file) = file_with(&bytes);
            let len = bytes.len() as u64;
            let last = last_line(&mut file, len).unwrap().unwrap();
            assert_eq!(last.whole_len, len - torn.len() as u64, "{long}");
            let text = read_range(&mut file, last.start, last.whole_len - 1).unwrap();
            assert_eq!(text, line.as_bytes(), "{long}");
        }
    }

    #[test]
    fn a_file_without_a_line_end_has_no_last_line() {
        let (_keep, mut file) = file_with(b"no line end");
        assert_eq!(last_line(&mut file, 11).unwrap(), None);
        let (_keep, mut file) = file_with(b"");
        assert_eq!(last_line(&mut file, 0).unwrap(), None);
        let (_keep, mut file) = file_with(b"only\n");
        assert_eq!(
            last_line(&mut file, 5).unwrap(),
            Some(LastLine {
                start: 0,
                whole_len: 5
            })
        );
    }
}
