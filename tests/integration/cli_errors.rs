//! Bad input: each gets one clear line naming the file and exit code 2, never a panic; one bad
//! file does not stop the others.

use std::fs;

use crate::common::{example, model_files, rolematch, stderr, stdout};

fn assert_refused(path: &std::path::Path, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = rolematch()
        .arg("match")
        .arg(path)
        .arg("--index-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{}: {err}", path.display());
    assert!(
        err.contains(&path.display().to_string()),
        "stderr must name the file: {err}"
    );
    assert!(
        err.contains(expected),
        "stderr must say '{expected}': {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_refused(&dir.path().join("nope.md"), "no such file");
}

#[test]
fn empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    assert_refused(dir.path(), "holds no files");
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.txt");
    fs::write(&p, b"").unwrap();
    assert_refused(&p, "empty");
}

#[test]
fn binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("data.txt");
    fs::write(&p, [b'a', 0, 1, 2, 3, 0, 0, 13, 0xff, 0xfe, 0]).unwrap();
    assert_refused(&p, "binary");
}

#[test]
fn image_named_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("photo.txt");
    fs::write(&p, [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe, 0]).unwrap();
    assert_refused(&p, "PNG image holds no text");
}

#[test]
fn damaged_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cv.pdf");
    fs::write(&p, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").unwrap();
    assert_refused(&p, "PDF file is damaged");
}

#[test]
fn unsupported_image() {
    let dir = tempfile::tempdir().unwrap();
    // Told by its bytes, whatever its name says.
    let p = dir.path().join("cv.txt");
    fs::write(&p, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    assert_refused(&p, "a PNG image holds no text");
}

#[test]
fn one_bad_file_does_not_stop_the_batch() {
    model_files();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("missing.md");
    let out = rolematch()
        .arg("match")
        .arg(&bad)
        .arg(example("resume.md"))
        .args(["--format", "json", "--index-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["results"].as_array().unwrap().len(), 1);
    assert_eq!(json["errors"][0]["file"], bad.display().to_string());
    assert!(stderr(&out).contains("1 of 2 inputs could not be read"));
}

#[test]
fn bad_arguments_exit_2_with_usage() {
    let out = rolematch().args(["match"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Usage"));
    // A file that exists, so the bad score alone must give the error.
    let resume = example("resume.md");
    let out = rolematch()
        .arg("match")
        .arg(&resume)
        .args(["--min-score", "7"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--min-score must be between 0 and 1, not 7"),
        "{}",
        stderr(&out)
    );
    // k is checked the same on every door (1 to 100000; the API answers at most 1000 at once).
    for (command, k) in [("match", "0"), ("rank", "100001")] {
        let mut cmd = rolematch();
        cmd.arg(command);
        if command == "rank" {
            cmd.args(["--role", "llm-engineer", "--pool"]);
        }
        let out = cmd.arg(&resume).args(["-k", k]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(
            stderr(&out).contains(&format!("-k must be between 1 and 100000, not {k}")),
            "{}",
            stderr(&out)
        );
    }
}
