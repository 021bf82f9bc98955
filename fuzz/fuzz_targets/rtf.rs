//! Fuzzes the RTF reader: any bytes must give text or a typed error. A panic here is contained
//! in production (the parser runs in a child process) but is still a bug worth reporting.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolematch::read::extract::parse;
use rolematch::read::Format;

fuzz_target!(|data: &[u8]| {
    let _ = parse(Format::Rtf, data);
});
