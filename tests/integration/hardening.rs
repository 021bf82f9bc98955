//! Hostile input the way a stranger's folder delivers it: special files, odd file names,
//! formulas in names, a closed stdout, documents that are far too big, damaged pools and
//! parsers orphaned by a killed batch. Each test fails on code that does not handle its case.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rolematch::analyze::document_passages;
use rolematch::read::{quality, ReadError, Reader};
use rolematch::skills::{SkillExtractor, Taxonomy};

use crate::common::{example, model_files, rolematch, stderr, stdout};
use crate::pools::{index_cmd, pool_ids};

/// Runs `cmd` to its end, but kills it and fails the test after `limit`: a hang is a failure,
/// not a test that never ends.
fn output_within(cmd: &mut Command, limit: Duration) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("the command hung for more than {limit:?}: {cmd:?}");
        }
    }
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// The example resume under `name`, with a line of its own: two files of one text would be
/// one person, ranked once.
fn good_resume(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let text = std::fs::read_to_string(example("resume.md")).unwrap();
    let mark: u32 = name.bytes().map(u32::from).sum();
    std::fs::write(&path, format!("{text}\nPortfolio entry {mark}.\n")).unwrap();
    path
}

#[test]
fn special_files_are_skipped_by_name_and_never_hang() {
    model_files();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("resumes");
    std::fs::create_dir(&folder).unwrap();
    good_resume(&folder, "ana.md");
    let fifo = folder.join("pipe.md");
    mkfifo(&fifo);
    let index = dir.path().join("index");
    let limit = Duration::from_secs(120);

    let out = output_within(
        rolematch()
            .arg("match")
            .arg(&folder)
            .args(["--format", "json", "--index-dir"])
            .arg(&index),
        limit,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["results"].as_array().unwrap().len(), 1);
    let error = &json["errors"][0];
    assert!(
        error["file"].as_str().unwrap().ends_with("pipe.md"),
        "{json}"
    );
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("not a regular file"),
        "{json}"
    );

    let out = output_within(
        &mut index_cmd(&index, &["build", folder.to_str().unwrap(), "--pool", "p"]),
        limit,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("pipe.md: not a regular file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(pool_ids(&index, "p"), vec!["ana.md"]);
    let out = output_within(
        &mut index_cmd(&index, &["add", fifo.to_str().unwrap(), "--pool", "p"]),
        limit,
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "nothing readable: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("pipe.md"), "{}", stderr(&out));

    for queries in [fifo.as_path(), Path::new("/dev/zero")] {
        let out = output_within(
            rolematch()
                .arg("match")
                .arg("--queries")
                .arg(queries)
                .arg("--index-dir")
                .arg(&index),
            limit,
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("{}: not a regular file", queries.display())),
            "{}",
            stderr(&out)
        );
    }
    // A queries file over its cap is refused from its size, before it is read.
    let huge = dir.path().join("huge.jsonl");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let out = output_within(rolematch().arg("match").arg("--queries").arg(&huge), limit);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("over the 67108864-byte limit"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn odd_file_names_affect_only_their_own_file_and_are_shown_escaped() {
    use std::os::unix::ffi::OsStrExt;
    model_files();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("resumes");
    std::fs::create_dir(&folder).unwrap();
    good_resume(&folder, "ana.md");
    let latin1 = std::ffi::OsStr::from_bytes(b"jos\xe9.md");
    let text = std::fs::read_to_string(example("resume.md")).unwrap();
    // Three texts, three people (one text under two names would be one candidate).
    std::fs::write(folder.join(latin1), format!("{text}\nPortfolio entry 1.\n")).unwrap();
    let escape = folder.join("evil\u{1b}[2J\nname.md");
    std::fs::write(&escape, format!("{text}\nPortfolio entry 2.\n")).unwrap();
    std::fs::write(folder.join("empty\u{1b}]0;owned\u{7}.md"), "").unwrap();
    let index = dir.path().join("index");

    for format in ["json", "jsonl", "table"] {
        let out = rolematch()
            .arg("match")
            .arg(&folder)
            .args(["--format", format, "-k", "1", "--index-dir"])
            .arg(&index)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let (text, err) = (stdout(&out), stderr(&out));
        assert!(
            !text.contains('\u{1b}') && !err.contains('\u{1b}'),
            "{format}: raw ESC"
        );
        let files = |results: Vec<serde_json::Value>| -> Vec<String> {
            results
                .iter()
                .map(|r| {
                    r["file"]
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_string()
                })
                .collect()
        };
        match format {
            "json" => {
                let json: serde_json::Value = serde_json::from_str(&text).unwrap();
                let names = files(json["results"].as_array().unwrap().clone());
                assert_eq!(names.len(), 3, "{json}");
                assert!(names.contains(&"jos\\xE9.md".to_string()), "{names:?}");
                assert_eq!(json["errors"].as_array().unwrap().len(), 1, "{json}");
            }
            "jsonl" => {
                let lines: Vec<serde_json::Value> = text
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect();
                assert_eq!(lines.len(), 4, "{text}");
                assert!(files(lines).contains(&"jos\\xE9.md".to_string()), "{text}");
            }
            _ => {
                assert!(text.contains("jos\\xE9.md"), "{text}");
                assert!(text.contains("evil\\u{1b}[2J\\nname.md"), "{text}");
            }
        }
    }

    let out = index_cmd(&index, &["build", folder.to_str().unwrap(), "--pool", "p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids = pool_ids(&index, "p");
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.contains(&"jos\\xE9.md".to_string()), "{ids:?}");
    assert!(
        ids.contains(&"evil\u{1b}[2J\nname.md".to_string()),
        "{ids:?}"
    );
    let list = index_cmd(&index, &["list", "--pool", "p"])
        .output()
        .unwrap();
    assert!(!stdout(&list).contains('\u{1b}'), "{}", stdout(&list));
    assert_eq!(stdout(&list).lines().count(), 3, "one line per candidate");
    // Adding the odd file by path gives it the same id, so it replaces nothing twice.
    let out = index_cmd(&index, &["add", "--pool", "p"])
        .arg(folder.join(latin1))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 unchanged"), "{}", stdout(&out));
    assert_eq!(pool_ids(&index, "p").len(), 3);
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_defused() {
    model_files();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("resumes");
    std::fs::create_dir(&folder).unwrap();
    good_resume(&folder, "=HYPERLINK(1).md");
    good_resume(&folder, "@cmd.md");
    let out = rolematch()
        .args([
            "rank",
            "--role",
            "ml-engineer",
            "--format",
            "csv",
            "--keep-duplicates",
        ])
        .arg("--pool")
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = stdout(&out);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    for row in rows {
        let cell = row.split(',').nth(1).unwrap();
        assert!(cell.starts_with("'=") || cell.starts_with("'@"), "{row}");
    }
}

#[test]
fn a_closed_stdout_stops_every_command_quietly() {
    model_files();
    let index = tempfile::tempdir().unwrap();
    let commands: Vec<Vec<String>> = vec![
        vec!["roles".into(), "--format".into(), "json".into()],
        vec!["skills".into(), example("resume.md").display().to_string()],
        vec![
            "match".into(),
            example("resume.md").display().to_string(),
            "--index-dir".into(),
            index.path().display().to_string(),
        ],
        vec!["model".into(), "list".into()],
    ];
    for args in commands {
        let mut child = rolematch()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before anything is written, as `| head -c 0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn a_pool_without_current_is_refused_with_the_way_back() {
    model_files();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("resumes");
    std::fs::create_dir(&folder).unwrap();
    let first = good_resume(&folder, "ana.md");
    let index = dir.path().join("index");
    let out = index_cmd(&index, &["add", first.to_str().unwrap(), "--pool", "p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::remove_file(index.join("pools/p/CURRENT")).unwrap();

    let second = good_resume(&folder, "bo.md");
    let out = index_cmd(&index, &["add", second.to_str().unwrap(), "--pool", "p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("no CURRENT file"), "{err}");
    assert!(err.contains("rolematch pool recover --pool p"), "{err}");
    let compact = index_cmd(&index, &["compact", "--pool", "p"])
        .output()
        .unwrap();
    assert_eq!(compact.status.code(), Some(2), "{}", stderr(&compact));

    let out = index_cmd(&index, &["recover", "--pool", "p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("CURRENT now names generation 1"),
        "{}",
        stdout(&out)
    );
    assert_eq!(pool_ids(&index, "p"), vec!["ana.md"]);
}

/// A minimal PDF whose pages show `page_text(i)`, with a correct cross-reference table.
fn pdf(pages: usize, page_text: impl Fn(usize) -> String) -> Vec<u8> {
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            (0..pages)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    for i in 0..pages {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        let content = format!("BT /F1 11 Tf 72 720 Td ({}) Tj ET", page_text(i));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", n + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

const PAGE_WORDS: &str = "Machine learning engineer with Python PyTorch Kubernetes and MLflow experience building training pipelines feature stores and model serving for production systems";

#[test]
fn the_size_and_page_caps_refuse_with_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let reader = Reader::in_process();
    let big = dir.path().join("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(16 * 1024 * 1024 + 1)
        .unwrap();
    let err = reader.read(&big).unwrap_err();
    assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
    assert!(
        err.to_string().contains("over the 16777216-byte limit"),
        "{err}"
    );

    let fifty = dir.path().join("fifty.pdf");
    std::fs::write(&fifty, pdf(50, |i| format!("Page {i}: {PAGE_WORDS}"))).unwrap();
    let doc = reader.read(&fifty).unwrap();
    assert!(doc.text().contains("Page 49"));
    let fifty_one = dir.path().join("fifty-one.pdf");
    std::fs::write(&fifty_one, pdf(51, |i| format!("Page {i}: {PAGE_WORDS}"))).unwrap();
    let err = reader.read(&fifty_one).unwrap_err();
    assert!(err.is_refusal(), "{err}");
    assert!(
        err.to_string().contains("51") && err.to_string().contains("50"),
        "{err}"
    );
}

#[test]
fn a_pdf_with_text_and_a_damaged_length_is_not_called_empty() {
    let dir = tempfile::tempdir().unwrap();
    let good = pdf(1, |_| PAGE_WORDS.to_string());
    let text = String::from_utf8(good.clone()).unwrap();
    let full = PAGE_WORDS.len() + "BT /F1 11 Tf 72 720 Td () Tj ET".len();
    let length = format!("/Length {full}");
    assert!(text.contains(&length), "{text}");
    // Same number of digits, so every offset in the cross-reference table stays right.
    let damaged = text.replace(&length, &format!("/Length {}", full - 20));
    let path = dir.path().join("damaged.pdf");
    std::fs::write(&path, damaged).unwrap();
    match Reader::in_process().read(&path) {
        Ok(doc) => assert!(doc.text().contains("Machine learning"), "{}", doc.text()),
        Err(err) => {
            let message = err.to_string();
            assert!(!message.contains("holds no text"), "{message}");
            assert!(message.contains("damaged"), "{message}");
        }
    }
}

/// What one resume may contain at most, so that no file under the size caps can grind.
#[test]
fn hostile_documents_are_refused_or_stay_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let reader = Reader::in_process();
    let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
    let write = |name: &str, bytes: Vec<u8>| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let skills_line = |n: usize| "PyTorch R Go Kubernetes vLLM ".repeat(n);
    // Over the caps: refused, with the reason.
    let refused = [
        write("skills-one-line.txt", skills_line(280_000).into_bytes()),
        write("just-over.txt", skills_line(1_380).into_bytes()),
        write(
            "million-lines.md",
            "- Python\n".repeat(1_000_000).into_bytes(),
        ),
        write(
            "one-line.html",
            format!(
                "<html><body><p>{}</p></body></html>",
                "Python engineer ".repeat(300_000)
            )
            .into_bytes(),
        ),
        write("one-word.txt", "a".repeat(15 * 1024 * 1024).into_bytes()),
        write("many-paragraphs.docx", docx_of_paragraphs(350_000)),
    ];
    for path in &refused {
        let err = reader.read(path).unwrap_err();
        assert!(err.is_refusal(), "{}: {err}", path.display());
        let message = err.to_string();
        assert!(message.contains("not a resume?"), "{message}");
    }
    // Just under the caps: read, and every per-line step gives a bounded result.
    let under = [
        write("skills-under-cap.txt", skills_line(1_379).into_bytes()),
        write(
            "lines-under-cap.md",
            "Python Go\n".repeat(quality::MAX_LINES - 1).into_bytes(),
        ),
    ];
    for path in &under {
        let doc = reader.read(path).unwrap();
        assert!(doc.text().chars().count() <= quality::MAX_CHARS);
        let hits = extractor.extract(&doc);
        assert!(!hits.hits.is_empty());
        assert!(hits.hits.len() <= doc.text().split_whitespace().count());
        let ranges = document_passages(&doc);
        assert!(ranges.len() <= doc.line_count(), "{}", path.display());
    }
}

/// A DOCX of `n` one-word paragraphs.
fn docx_of_paragraphs(n: usize) -> Vec<u8> {
    let mut body = String::from(r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body>"#);
    for _ in 0..n {
        body.push_str("<w:p><w:r><w:t>Python</w:t></w:r></w:p>");
    }
    body.push_str("</w:body></w:document>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(body.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn exit_code_2_when_nothing_is_readable() {
    model_files();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("bad");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("empty.md"), "").unwrap();
    std::fs::write(folder.join("binary.txt"), b"\x00\x01\x02\x03binary").unwrap();
    let index = dir.path().join("index");
    let rank = rolematch()
        .args(["rank", "--role", "ml-engineer", "--pool"])
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(rank.status.code(), Some(2), "{}", stderr(&rank));
    assert!(
        stderr(&rank).contains("no readable resume"),
        "{}",
        stderr(&rank)
    );
    let skills = rolematch()
        .arg("skills")
        .arg(folder.join("empty.md"))
        .output()
        .unwrap();
    assert_eq!(skills.status.code(), Some(2), "{}", stderr(&skills));
    assert!(stderr(&skills).contains("empty.md"), "{}", stderr(&skills));
    let build = index_cmd(&index, &["build", folder.to_str().unwrap(), "--pool", "p"])
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(2), "{}", stderr(&build));
    assert!(stderr(&build).contains("binary.txt"), "{}", stderr(&build));
}

#[test]
fn scores_do_not_depend_on_threads_or_on_the_other_resumes_in_the_batch() {
    model_files();
    let index = tempfile::tempdir().unwrap();
    let run = |threads: &str, inputs: &[PathBuf]| -> serde_json::Value {
        let out = rolematch()
            .env("RAYON_NUM_THREADS", threads)
            .arg("match")
            .args(inputs)
            .args([
                "--format",
                "json",
                "-k",
                "5",
                "--min-score",
                "0",
                "--index-dir",
            ])
            .arg(index.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let resume = example("resume.md").display().to_string();
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["file"] == resume.as_str())
            .unwrap()["matches"]
            .clone()
    };
    let alone = run("1", &[example("resume.md")]);
    assert_eq!(run("2", &[example("resume.md")]), alone, "1 vs 2 threads");
    let crowd = [crate::common::fixture("resumes"), example("resume.md")];
    assert_eq!(run("2", &crowd), alone, "alone vs in a batch of 17");
}

#[cfg(target_os = "linux")]
#[test]
fn a_parser_dies_with_the_batch_that_started_it() {
    let dir = tempfile::tempdir().unwrap();
    let deep = crate::common::slow_html(dir.path());
    // A shell stands in for the batch: it starts the parser, prints its pid, and is killed.
    let mut shell = Command::new("sh")
        .arg("-c")
        .arg(r#""$0" __extract HTML "$1" --cpu-seconds 120 >/dev/null & echo $!; wait"#)
        .arg(env!("CARGO_BIN_EXE_rolematch"))
        .arg(&deep)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(shell.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let parser = PathBuf::from(format!("/proc/{}", line.trim()));
    std::thread::sleep(Duration::from_millis(500));
    assert!(parser.exists(), "the parser is running");
    shell.kill().unwrap();
    shell.wait().unwrap();
    let start = Instant::now();
    while parser.join("stat").exists() && !is_zombie(&parser) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the parser outlived its parent"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn is_zombie(proc_dir: &Path) -> bool {
    std::fs::read_to_string(proc_dir.join("stat")).is_ok_and(|s| {
        s.rsplit(')')
            .next()
            .is_some_and(|r| r.trim_start().starts_with('Z'))
    })
}
