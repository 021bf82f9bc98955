//! Turning the bytes of a text file into a string: UTF-8, UTF-16 (with or without a byte order
//! mark) and, for anything else that is not valid UTF-8, Windows-1252 (a superset of Latin-1).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Why bytes are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// NUL bytes or many control characters: a binary file.
    Binary,
}

/// Decoded text and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes`, normalising line ends to `\n`.
pub fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), "UTF-8")
    } else if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        (text.into_owned(), encoding.name())
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        if text.contains('\0') {
            return utf16_without_bom(bytes).ok_or(NotText::Binary);
        }
        (text.to_string(), "UTF-8")
    } else if let Some(decoded) = utf16_without_bom(bytes) {
        return Ok(decoded);
    } else if bytes.contains(&0) {
        return Err(NotText::Binary);
    } else {
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
        (text.into_owned(), WINDOWS_1252.name())
    };
    if mostly_control(&text) {
        return Err(NotText::Binary);
    }
    Ok(Decoded {
        text: text.replace("\r\n", "\n").replace('\r', "\n"),
        encoding,
    })
}

/// UTF-16 text of Latin script has a zero in every other byte; guess the byte order from where.
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zeros_at = |parity: usize| {
        bytes
            .chunks_exact(2)
            .filter(|pair| pair[parity] == 0 && pair[1 - parity] != 0)
            .count()
    };
    let encoding = if zeros_at(1) * 10 >= pairs * 9 {
        UTF_16LE
    } else if zeros_at(0) * 10 >= pairs * 9 {
        UTF_16BE
    } else {
        return None;
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors || mostly_control(&text) {
        return None;
    }
    Some(Decoded {
        text: text.replace("\r\n", "\n").replace('\r', "\n"),
        encoding: encoding.name(),
    })
}

fn mostly_control(text: &str) -> bool {
    let mut control = 0usize;
    let mut total = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            control += 1;
        }
    }
    control * 20 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(b"\xEF\xBB\xBFcaf\xC3\xA9\r\nline").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("café\nline", "UTF-8"));
        assert_eq!(decode("naïve".as_bytes()).unwrap().text, "naïve");
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let le: Vec<u8> = "Zoë\nPython"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let be: Vec<u8> = "Zoë\nPython"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        let with_bom = [&b"\xFF\xFE"[..], &le].concat();
        assert_eq!(decode(&with_bom).unwrap().text, "Zoë\nPython");
        assert_eq!(decode(&with_bom).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode(&le).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode(&be).unwrap().text, "Zoë\nPython");
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let d = decode(b"caf\xe9 \x96 cr\xe8me").unwrap();
        assert_eq!(d.text, "café – crème");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(decode(b"ab\0\x01\x02cd\xff"), Err(NotText::Binary));
        assert_eq!(decode(b"\x01\x02\x03\x04abc"), Err(NotText::Binary));
    }
}
