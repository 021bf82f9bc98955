//! The PDF engine comparison behind the README's table: each engine's text of the real-world
//! PDFs (../shared/realworld, beside a developer's checkout) and of the layout fixtures,
//! against `pdftotext` (poppler) as reference: word F1, line fidelity, glued words, failures,
//! time and peak memory. Run from this folder: `cargo run --release -- bench`.

//! Compare Rust PDF text-extraction engines against poppler's `pdftotext` (raw order).
//!
//!   pdfcmp one  <engine> <file.pdf> <out.txt>   extract 3x, write text + out.txt.status
//!   pdfcmp pass <engine> <files...>             one pass over all files (for /usr/bin/time -v)
//!   pdfcmp bench                                run everything, write REPORT.md + results/
//!
//! Every extraction in `bench` runs in a child process (with a timeout), so a crash,
//! an abort or a hang in one engine on one file cannot take the run down.

#[path = "../../../src/read/pdf_lines.rs"]
mod pdf_lines;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const ENGINES: &[&str] = &["pdf-extract", "glyphlines", "pdf_oxide", "lopdf", "oxidize-pdf"];
const OUT: &str = "target/pdf-engines";
const TIMEOUT_S: u64 = 60;

type Res = Result<String, String>;

fn extract(engine: &str, data: &[u8]) -> Res {
    match engine {
        "pdf-extract" => pdf_extract::extract_text_from_mem(data).map_err(|e| e.to_string()),
        "glyphlines" => {
            let doc = lopdf::Document::load_mem(data).map_err(|e| e.to_string())?;
            let mut text = String::new();
            {
                let mut out = pdf_lines::GlyphLines::new(&mut text);
                pdf_extract::output_doc(&doc, &mut out).map_err(|e| e.to_string())?;
            }
            Ok(text)
        }
        "lopdf" => {
            let doc = lopdf::Document::load_mem(data).map_err(|e| e.to_string())?;
            let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
            doc.extract_text(&pages).map_err(|e| e.to_string())
        }
        "pdf_oxide" => {
            let doc = pdf_oxide::PdfDocument::from_bytes(data.to_vec()).map_err(|e| e.to_string())?;
            let t = doc.extract_all_text().map_err(|e| e.to_string())?;
            Ok(t.replace('\x0c', "\n"))
        }
        "oxidize-pdf" => {
            let reader = oxidize_pdf::parser::PdfReader::new(std::io::Cursor::new(data.to_vec()))
                .map_err(|e| e.to_string())?;
            let doc = reader.into_document();
            let pages = doc.extract_text().map_err(|e| e.to_string())?;
            Ok(pages.into_iter().map(|p| p.text).collect::<Vec<_>>().join("\n"))
        }
        _ => Err(format!("unknown engine {engine}")),
    }
}

fn extract_caught(engine: &str, data: &[u8]) -> Res {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract(engine, data))) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "?".into());
            Err(format!("panic: {msg}"))
        }
    }
}

fn cmd_one(engine: &str, file: &str, out: &str) {
    std::panic::set_hook(Box::new(|_| {}));
    let data = std::fs::read(file).expect("read pdf");
    let mut times = Vec::new();
    let mut result = Err("not run".to_string());
    for _ in 0..3 {
        let t = Instant::now();
        result = extract_caught(engine, &data);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if result.is_err() {
            break;
        }
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = times[times.len() / 2];
    let status = match &result {
        Ok(t) => {
            std::fs::write(out, t).unwrap();
            format!("OK\t{median:.3}")
        }
        Err(e) => format!("ERR\t{median:.3}\t{}", e.replace(['\n', '\t'], " ")),
    };
    std::fs::write(format!("{out}.status"), status).unwrap();
}

fn cmd_pass(engine: &str, files: &[String]) {
    std::panic::set_hook(Box::new(|_| {}));
    let mut ok = 0;
    for f in files {
        let data = std::fs::read(f).unwrap();
        if extract_caught(engine, &data).is_ok() {
            ok += 1;
        }
    }
    println!("{engine}: {ok}/{} ok", files.len());
}

// ---------- scoring ----------

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn norm_lines(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

fn counts(ws: &[String]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for w in ws {
        *m.entry(w.as_str()).or_insert(0) += 1;
    }
    m
}

fn word_f1(reference: &[String], got: &[String]) -> f64 {
    if reference.is_empty() && got.is_empty() {
        return 1.0;
    }
    let (r, g) = (counts(reference), counts(got));
    let overlap: usize = g.iter().map(|(w, n)| (*n).min(*r.get(w).unwrap_or(&0))).sum();
    if overlap == 0 {
        return 0.0;
    }
    let p = overlap as f64 / got.len() as f64;
    let rc = overlap as f64 / reference.len() as f64;
    2.0 * p * rc / (p + rc)
}

fn line_fidelity(reference: &str, got: &str) -> f64 {
    let rl = norm_lines(reference);
    if rl.is_empty() {
        return 1.0;
    }
    let gl: HashSet<String> = norm_lines(got).into_iter().collect();
    rl.iter().filter(|l| gl.contains(*l)).count() as f64 / rl.len() as f64
}

/// Tokens not in the reference vocabulary that split into two reference words.
fn glued(reference: &[String], got: &[String]) -> (usize, Vec<String>) {
    let vocab: HashSet<&str> = reference.iter().map(|s| s.as_str()).collect();
    let mut n = 0;
    let mut examples = Vec::new();
    for t in got {
        if vocab.contains(t.as_str()) {
            continue;
        }
        let is_glued = t
            .char_indices()
            .skip(1)
            .any(|(i, _)| vocab.contains(&t[..i]) && vocab.contains(&t[i..]));
        if is_glued {
            n += 1;
            if examples.len() < 6 && !examples.contains(t) {
                examples.push(t.clone());
            }
        }
    }
    (n, examples)
}

struct Row {
    file: String,
    ok: bool,
    err: String,
    ms: f64,
    f1: f64,
    lines: f64,
    glued: usize,
    glued_ex: Vec<String>,
}

fn inputs() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["../../../shared/realworld", "../../tests/fixtures/layouts"] {
        let mut d: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .collect();
        d.sort();
        v.extend(d);
    }
    v
}

fn short(p: &Path) -> String {
    let s = p.file_stem().unwrap().to_string_lossy().to_string();
    let s = s.replace("18f-join__", "18f:");
    if s.len() > 34 { format!("{}…", &s[..33]) } else { s }
}

fn run_child(args: &[&str]) -> Option<String> {
    let me = std::env::current_exe().unwrap();
    let mut c = Command::new("timeout")
        .arg(TIMEOUT_S.to_string())
        .arg(&me)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let st = c.wait().unwrap();
    if st.success() { None } else { Some(format!("child exit {st}")) }
}

fn cmd_bench() {
    let files = inputs();
    std::fs::create_dir_all(format!("{OUT}/ref")).unwrap();
    // Reference: raw-order pdftotext.
    let mut refs = Vec::new();
    for f in &files {
        let out = format!("{OUT}/ref/{}.txt", short(f));
        let st = Command::new("/usr/bin/pdftotext").arg(f).arg(&out).status().unwrap();
        assert!(st.success(), "pdftotext failed on {f:?}");
        refs.push(std::fs::read_to_string(&out).unwrap());
    }
    let mut all: Vec<(String, Vec<Row>, f64, String)> = Vec::new();
    for engine in ENGINES {
        eprintln!("== {engine}");
        std::fs::create_dir_all(format!("{OUT}/{engine}")).unwrap();
        let mut rows = Vec::new();
        for (f, reference) in files.iter().zip(&refs) {
            let out = format!("{OUT}/{engine}/{}.txt", short(f));
            let _ = std::fs::remove_file(&out);
            let _ = std::fs::remove_file(format!("{out}.status"));
            let t0 = Instant::now();
            let crash = run_child(&["one", engine, f.to_str().unwrap(), &out]);
            let wall = t0.elapsed();
            let status = std::fs::read_to_string(format!("{out}.status")).unwrap_or_default();
            let parts: Vec<&str> = status.splitn(3, '\t').collect();
            let rw = words(reference);
            let mut row = Row {
                file: short(f),
                ok: false,
                err: String::new(),
                ms: parts.get(1).and_then(|s| s.parse().ok()).unwrap_or(wall.as_secs_f64() * 1000.0),
                f1: 0.0,
                lines: 0.0,
                glued: 0,
                glued_ex: vec![],
            };
            if parts.first() == Some(&"OK") {
                let text = std::fs::read_to_string(&out).unwrap_or_default();
                let gw = words(&text);
                row.ok = true;
                row.f1 = word_f1(&rw, &gw);
                row.lines = line_fidelity(reference, &text);
                let (n, ex) = glued(&rw, &gw);
                row.glued = n;
                row.glued_ex = ex;
                if gw.is_empty() {
                    row.ok = false;
                    row.err = "empty text".into();
                }
            } else if parts.first() == Some(&"ERR") {
                row.err = parts.get(2).unwrap_or(&"").to_string();
            } else {
                row.err = match crash {
                    Some(c) if wall >= Duration::from_secs(TIMEOUT_S) => format!("timeout {TIMEOUT_S}s ({c})"),
                    Some(c) => format!("crashed: {c}"),
                    None => "no status".into(),
                };
            }
            eprintln!("  {:36} ok={} f1={:.3} lines={:.3} glued={} {:.1}ms {}", row.file, row.ok, row.f1, row.lines, row.glued, row.ms, row.err);
            rows.push(row);
        }
        // Peak RSS of one pass over all files.
        let me = std::env::current_exe().unwrap();
        let o = Command::new("/usr/bin/time")
            .arg("-v")
            .arg("timeout")
            .arg("600")
            .arg(&me)
            .arg("pass")
            .arg(engine)
            .args(&files)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        let rss = err
            .lines()
            .find(|l| l.contains("Maximum resident set size"))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|s| s.trim().parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(f64::NAN);
        let pass_note = format!(
            "{} / exit {}",
            String::from_utf8_lossy(&o.stdout).trim(),
            o.status.code().map(|c| c.to_string()).unwrap_or("signal".into())
        );
        eprintln!("  peak RSS {rss:.1} MiB; pass: {pass_note}");
        all.push((engine.to_string(), rows, rss, pass_note));
    }
    write_report(&all);
}

fn write_report(all: &[(String, Vec<Row>, f64, String)]) {
    let mut r = String::new();
    let n = all[0].1.len();
    writeln!(r, "# Rust PDF text extraction vs `pdftotext` (raw order), {n} PDFs\n").unwrap();
    writeln!(r, "Generated by scripts/pdf_engines (`cargo run --release -- bench`). Means are over all {n} files; a failed file scores 0.\n").unwrap();
    writeln!(r, "| engine | mean word F1 | mean line fidelity | glued words | files failed | total time (ms, sum of per-file medians) | peak RSS one pass (MiB) |").unwrap();
    writeln!(r, "|---|---|---|---|---|---|---|").unwrap();
    for (e, rows, rss, _) in all {
        let f1 = rows.iter().map(|x| x.f1).sum::<f64>() / n as f64;
        let li = rows.iter().map(|x| x.lines).sum::<f64>() / n as f64;
        let gl: usize = rows.iter().map(|x| x.glued).sum();
        let failed = rows.iter().filter(|x| !x.ok).count();
        let ms: f64 = rows.iter().map(|x| x.ms).sum();
        writeln!(r, "| {e} | {f1:.3} | {li:.3} | {gl} | {failed} | {ms:.1} | {rss:.1} |").unwrap();
    }
    writeln!(r, "\n## Per-file word F1 / line fidelity / glued / ms\n").unwrap();
    write!(r, "| file |").unwrap();
    for (e, ..) in all {
        write!(r, " {e} |").unwrap();
    }
    writeln!(r).unwrap();
    writeln!(r, "|---|{}", "---|".repeat(all.len())).unwrap();
    for i in 0..n {
        write!(r, "| {} |", all[0].1[i].file).unwrap();
        for (_, rows, ..) in all {
            let x = &rows[i];
            if x.ok {
                write!(r, " {:.3} / {:.2} / {} / {:.1} |", x.f1, x.lines, x.glued, x.ms).unwrap();
            } else {
                write!(r, " FAIL |").unwrap();
            }
        }
        writeln!(r).unwrap();
    }
    writeln!(r, "\n## Errors and glued-word examples\n").unwrap();
    for (e, rows, _, pass) in all {
        writeln!(r, "- **{e}** (one pass: {pass})").unwrap();
        for x in rows {
            if !x.ok {
                writeln!(r, "  - {}: FAIL `{}`", x.file, x.err.chars().take(200).collect::<String>()).unwrap();
            } else if !x.glued_ex.is_empty() {
                writeln!(r, "  - {}: glued {} e.g. {}", x.file, x.glued, x.glued_ex.join(", ")).unwrap();
            }
        }
    }
    std::fs::write(format!("{OUT}/report_tables.md"), &r).unwrap();
    print!("{r}");
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    match a.get(1).map(|s| s.as_str()) {
        Some("one") => cmd_one(&a[2], &a[3], &a[4]),
        Some("pass") => cmd_pass(&a[2], &a[3..]),
        Some("bench") => cmd_bench(),
        _ => eprintln!("usage: pdfcmp one|pass|bench"),
    }
}
