//! Fuzzes format sniffing, text decoding, the quality checks and section finding: any bytes
//! must give a document or a typed refusal, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolematch::read::{decode, format, quality, sections};

fuzz_target!(|data: &[u8]| {
    let _ = format::sniff(data);
    if let Ok(decoded) = decode::decode(data) {
        let _ = quality::check(&decoded.text, true);
        let _ = sections::find_sections(decoded.text.lines());
    }
});
