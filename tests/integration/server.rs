//! `rolematch serve` over loopback with the real model: every endpoint and error status, a
//! batch upload with good and bad files, the token rules, 32 concurrent matches against the
//! CLI's scores, kill -9 during an upload, and a graceful stop.

use std::process::Stdio;
use std::time::Duration;

use crate::common::{
    example, fixture, match_json, model_files, role_scores as scored, rolematch, stderr, stdout,
};
use crate::http::{call, json, Multipart, Server};
use crate::pools::{index_cmd, pool_ids};

fn resume_bytes() -> Vec<u8> {
    std::fs::read(example("resume.md")).unwrap()
}

/// Three distinct resumes from the role fixtures.
fn fixture_resumes() -> Vec<(String, Vec<u8>)> {
    ["llmops", "voice-ai", "research"]
        .iter()
        .map(|stem| {
            let path = std::fs::read_dir(fixture("resumes"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(stem))
                .unwrap_or_else(|| panic!("no fixture resume starting with {stem}"));
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

#[test]
fn every_endpoint_answers_like_the_cli_and_errors_have_their_status() {
    let server = Server::start(&["--max-file-mib", "1"]);
    let (status, body) = server.get("/health");
    assert_eq!(status, 200);
    let health = json(&body);
    assert_eq!(health["status"], "ok");
    assert!(health["model"]
        .as_str()
        .unwrap()
        .starts_with("all-minilm-l6-v2@"));
    assert_eq!(health["version"], env!("CARGO_PKG_VERSION"));

    let (status, body) = server.get("/api/roles");
    assert_eq!(status, 200);
    let roles = json(&body);
    assert_eq!(roles["version"], health["catalog_version"]);
    assert!(roles["roles"].as_array().unwrap().len() >= 16);

    let (status, body) = server.get("/api/openapi.json");
    assert_eq!(status, 200);
    assert!(json(&body)["openapi"].as_str().unwrap().starts_with("3."));

    // The same scores as `rolematch match --format json`, by upload and by text.
    let (_, cli) = match_json(&[
        example("resume.md").into_os_string(),
        "--min-score".into(),
        "0".into(),
    ]);
    let cli_scores = scored(&cli["results"][0]);
    let form = Multipart::default().file("resume.md", &resume_bytes());
    let (status, body) = server.post_multipart("/api/match", &form);
    assert_eq!(status, 200, "{body}");
    let uploaded = json(&body);
    assert_eq!(uploaded["file"], "resume.md");
    assert_eq!(scored(&uploaded), cli_scores);
    let text = String::from_utf8(resume_bytes()).unwrap();
    let (status, body) = server.post_json("/api/match", &serde_json::json!({"text": text, "k": 2}));
    assert_eq!(status, 200, "{body}");
    let pasted = json(&body);
    assert_eq!(scored(&pasted), cli_scores[..2].to_vec());
    // Pasted text is named for the person reading the answer (the page writes "Roles for …").
    assert_eq!(pasted["file"], "your pasted resume");

    // Blind review through the API gives the CLI's blind scores and says what it replaced.
    let (_, cli_blind) = match_json(&[
        example("resume.md").into_os_string(),
        "--min-score".into(),
        "0".into(),
        "--blind".into(),
    ]);
    let (status, body) = server.post_multipart("/api/match?blind=true&with_lines=true", &form);
    assert_eq!(status, 200, "{body}");
    let blind = json(&body);
    assert_eq!(scored(&blind), scored(&cli_blind["results"][0]));
    assert_ne!(scored(&blind), cli_scores);
    assert_eq!(blind["redactions"]["counts"]["name"], 1);
    assert!(
        !body.contains("Dana Reyes") && !body.contains("dana.reyes@"),
        "{body}"
    );

    // Errors: status and a JSON body with a code.
    let error_code = |body: &str| json(body)["error"]["code"].as_str().unwrap().to_string();
    let cases: Vec<(u16, (u16, String))> = vec![
        (
            400,
            call(
                ureq::post(&server.url("/api/match")).set("Content-Type", "application/json"),
                Some(b"{bad".to_vec()),
            ),
        ),
        (
            400,
            server.post_json("/api/match", &serde_json::json!({"txt": "typo"})),
        ),
        (
            400,
            server.post_json("/api/match", &serde_json::json!({"text": "Python", "k": 0})),
        ),
        (
            400,
            server.post_json("/api/rank", &serde_json::json!({"pool": "p"})),
        ),
        (
            404,
            server.post_json(
                "/api/rank",
                &serde_json::json!({"pool": "nope", "role_id": "ml-engineer"}),
            ),
        ),
        (
            404,
            server.post_json(
                "/api/rank",
                &serde_json::json!({"pool": "nope", "role_id": "no-such-role"}),
            ),
        ),
        (404, server.get("/api/pools/nope")),
        (400, server.get("/api/pools/..%2Fetc")),
        (404, server.get("/api/nothing-here")),
        (
            413,
            server.post_multipart(
                "/api/match",
                &Multipart::default().file("big.txt", &vec![b'a'; 1024 * 1024 + 1]),
            ),
        ),
        (
            413,
            server.post_json(
                "/api/match",
                &serde_json::json!({"text": "word ".repeat(9_000)}),
            ),
        ),
        (
            415,
            server.post_multipart(
                "/api/match",
                &Multipart::default().file("cv.png", b"\x89PNG\r\n\x1a\n"),
            ),
        ),
        (
            415,
            server.post_multipart("/api/match", &Multipart::default().file("empty.md", b"")),
        ),
        (
            422,
            server.post_multipart(
                "/api/match",
                &Multipart::default().file("cv.pdf", b"%PDF-1.7\n1 0 obj << broken"),
            ),
        ),
    ];
    for (want, (status, body)) in cases {
        assert_eq!(status, want, "{body}");
        assert!(!error_code(&body).is_empty(), "{body}");
        assert!(!body.contains("panicked"), "{body}");
    }
    // After all of that, it still serves.
    let (status, _) = server.post_json(
        "/api/match",
        &serde_json::json!({"text": "Python and PyTorch engineer"}),
    );
    assert_eq!(status, 200);
}

#[test]
fn pools_take_batch_uploads_rank_like_the_cli_and_forget_on_delete() {
    let server = Server::start(&[]);
    let mut form = Multipart::default();
    for (name, bytes) in fixture_resumes() {
        form = form.file(&name, &bytes);
    }
    let form = form
        .file("empty.md", b"")
        .file("cv.png", b"\x89PNG\r\n\x1a\n")
        .file("../escape.md", &resume_bytes());
    let (status, body) = server.post_multipart("/api/pools/team/candidates", &form);
    assert_eq!(status, 200, "{body}");
    let report = json(&body);
    assert_eq!(report["added"].as_array().unwrap().len(), 3, "{report}");
    assert_eq!(report["candidates"], 3);
    let refused: std::collections::BTreeMap<&str, &str> = report["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["file"].as_str().unwrap(), r["error"].as_str().unwrap()))
        .collect();
    assert_eq!(
        refused.keys().copied().collect::<Vec<_>>(),
        vec!["../escape.md", "cv.png", "empty.md"],
        "{report}"
    );
    assert!(refused["empty.md"].contains("empty"));
    assert!(refused["../escape.md"].contains("not a plain file name"));
    // Uploading the same file again changes nothing.
    let (name, bytes) = fixture_resumes().remove(0);
    let (_, body) = server.post_multipart(
        "/api/pools/team/candidates",
        &Multipart::default().file(&name, &bytes),
    );
    assert_eq!(json(&body)["unchanged"][0], name.as_str());

    let (_, body) = server.get("/api/pools");
    assert_eq!(json(&body)["pools"], serde_json::json!(["team"]));
    let (status, body) = server.get("/api/pools/team");
    assert_eq!(status, 200);
    assert_eq!(json(&body)["stats"]["candidates"], 3);

    // The CLI reads the pool the server wrote, at the same time, and ranks it the same way.
    let verify = index_cmd(server.index(), &["verify", "--pool", "team"])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));
    let cli = rolematch()
        .args([
            "rank",
            "--role",
            "llmops-engineer",
            "--pool",
            "team",
            "--format",
            "json",
            "--index-dir",
        ])
        .arg(server.index())
        .output()
        .unwrap();
    assert_eq!(cli.status.code(), Some(0), "{}", stderr(&cli));
    let cli = json(&stdout(&cli));
    let (status, body) = server.post_json(
        "/api/rank",
        &serde_json::json!({"pool": "team", "role_id": "llmops-engineer"}),
    );
    assert_eq!(status, 200, "{body}");
    let ranked = json(&body);
    let order = |run: &serde_json::Value| -> Vec<(String, f64)> {
        run["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["candidate_id"].as_str().unwrap().to_string(),
                    c["score"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(order(&ranked), order(&cli));
    assert!(order(&ranked)[0].0.starts_with("llmops"), "{ranked}");
    let (status, csv) = call(
        ureq::post(&server.url("/api/rank?format=csv")).set("Content-Type", "application/json"),
        Some(
            serde_json::json!({"pool": "team", "role_id": "llmops-engineer"})
                .to_string()
                .into_bytes(),
        ),
    );
    assert_eq!(status, 200);
    assert!(csv.starts_with("rank,candidate_id,"), "{csv}");
    assert_eq!(csv.lines().count(), 4);
    // The same rows as a workbook, named for what it holds.
    let response = ureq::post(&server.url("/api/rank?format=xlsx"))
        .set("Content-Type", "application/json")
        .send_bytes(
            serde_json::json!({"pool": "team", "role_id": "llmops-engineer"})
                .to_string()
                .as_bytes(),
        )
        .unwrap();
    assert_eq!(
        response.content_type(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = response.header("Content-Disposition").unwrap().to_string();
    assert!(
        disposition.contains("ranking-llmops-engineer-") && disposition.ends_with(".xlsx\""),
        "{disposition}"
    );
    let mut workbook = Vec::new();
    std::io::Read::read_to_end(&mut response.into_reader(), &mut workbook).unwrap();
    assert!(workbook.starts_with(b"PK"), "not a zip");
    let posting = "# Voice AI Engineer\nBuild voice agents: Twilio telephony, Whisper speech recognition, ElevenLabs TTS, WebRTC.\nBenefits: remote work.";
    let (status, body) = server.post_json(
        "/api/rank",
        &serde_json::json!({"pool": "team", "job_text": posting, "k": 1}),
    );
    assert_eq!(status, 200, "{body}");
    assert!(json(&body)["candidates"][0]["candidate_id"]
        .as_str()
        .unwrap()
        .starts_with("voice"));
    let by_file = Multipart::default()
        .field("pool", "team")
        .field("k", "1")
        .file("posting.md", posting.as_bytes());
    let (status, body) = server.post_multipart("/api/rank", &by_file);
    assert_eq!(status, 200, "{body}");
    let run = json(&body);
    assert_eq!(run["role_title"], "Voice AI Engineer");
    assert!(run["candidates"][0]["candidate_id"]
        .as_str()
        .unwrap()
        .starts_with("voice"));

    let (status, _) = server.delete(&format!("/api/pools/team/candidates/{name}"));
    assert_eq!(status, 200);
    let (status, _) = server.delete(&format!("/api/pools/team/candidates/{name}"));
    assert_eq!(status, 404);
    assert_eq!(pool_ids(server.index(), "team").len(), 2);
    let marker = String::from_utf8_lossy(&bytes)
        .lines()
        .find(|l| l.len() > 40)
        .unwrap()
        .to_string();
    assert!(
        crate::pools::files_containing(server.index(), &marker).is_empty(),
        "the deleted resume's text is still on disk"
    );
}

#[test]
fn a_token_guards_the_api_and_binding_beyond_loopback_needs_one() {
    model_files();
    let out = rolematch()
        .args(["serve", "--bind", "0.0.0.0:0"])
        .env_remove("ROLEMATCH_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("without a token"), "{}", stderr(&out));

    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "correct horse battery staple, twice\n").unwrap();
    let server = Server::start(&["--token-file", token_file.to_str().unwrap()]);
    assert_eq!(server.get("/health").0, 200, "health needs no token");
    assert_eq!(server.get("/").0, 200, "the page asks for the token itself");
    assert_eq!(server.get("/api/roles").0, 401);
    let with = |token: &str| {
        call(
            ureq::get(&server.url("/api/roles")).set("Authorization", &format!("Bearer {token}")),
            None,
        )
        .0
    };
    assert_eq!(with("correct horse battery stapl"), 401);
    assert_eq!(with("wrong"), 401);
    assert_eq!(with("correct horse battery staple, twice"), 200);
    // A short token is refused at start, whatever the bind address.
    let short = dir.path().join("short");
    std::fs::write(&short, "correct horse battery staple\n").unwrap();
    let out = rolmatch_serve_with_token(&short);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at least 32"), "{}", stderr(&out));
    let cross = call(
        ureq::get(&server.url("/api/roles"))
            .set(
                "Authorization",
                "Bearer correct horse battery staple, twice",
            )
            .set("Origin", "https://evil.example"),
        None,
    );
    assert_eq!(cross.0, 403);
}

#[test]
fn without_a_model_the_server_says_so_with_503() {
    let mut cmd = rolematch();
    cmd.args(["--offline", "--model-dir", "/nonexistent/model"]);
    let server = Server::spawn(cmd, tempfile::tempdir().unwrap(), &[]);
    let base = server.base.clone();
    let start = std::time::Instant::now();
    let health = loop {
        let (status, body) = call(ureq::get(&format!("{base}/health")), None);
        assert_eq!(status, 503, "{body}");
        let health = json(&body);
        if health["status"] == "failed" {
            break health;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "{health}");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        health["error"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/model"),
        "{health}"
    );
    let (status, body) = call(
        ureq::post(&format!("{base}/api/match")).set("Content-Type", "application/json"),
        Some(br#"{"text": "Python engineer"}"#.to_vec()),
    );
    assert_eq!(status, 503, "{body}");
    assert_eq!(json(&body)["error"]["code"], "model_unavailable");
    assert_eq!(
        call(ureq::get(&format!("{base}/api/roles")), None).0,
        200,
        "the catalog needs no model"
    );
}

#[test]
fn thirty_two_concurrent_matches_get_the_cli_s_scores() {
    let server = Server::start(&[]);
    let resumes: Vec<std::path::PathBuf> = std::fs::read_dir(fixture("resumes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // Both with their defaults: the page and the API keep what the CLI keeps.
    let args: Vec<std::ffi::OsString> =
        resumes.iter().map(|p| p.clone().into_os_string()).collect();
    let (_, cli) = match_json(&args);
    let expected: std::collections::HashMap<String, Vec<(String, f64)>> = cli["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let file = std::path::Path::new(r["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (file, scored(r))
        })
        .collect();
    assert!(
        expected.values().any(|scores| !scores.is_empty()),
        "some resume must have a role at the default threshold for the comparison to mean anything"
    );
    let base = server.base.clone();
    let threads: Vec<_> = (0..32)
        .map(|i| {
            let path = resumes[i % resumes.len()].clone();
            let base = base.clone();
            std::thread::spawn(move || {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let form = Multipart::default().file(&name, &std::fs::read(&path).unwrap());
                let request = ureq::post(&format!("{base}/api/match"))
                    .set("Content-Type", &form.content_type());
                let (status, body) = call(request, Some(form.body()));
                (name, status, body)
            })
        })
        .collect();
    for thread in threads {
        let (name, status, body) = thread.join().unwrap();
        assert_eq!(status, 200, "{name}: {body}");
        assert_eq!(scored(&json(&body)), expected[&name], "{name}");
    }
}

#[test]
fn kill_9_during_an_upload_loses_nothing_committed_and_sigterm_finishes_requests() {
    let index = tempfile::tempdir().unwrap();
    let index_path = index.path().to_path_buf();
    let server = Server::start_in(index, &[]);
    let mut first = Multipart::default();
    for (name, bytes) in fixture_resumes() {
        first = first.file(&name, &bytes);
    }
    assert_eq!(
        server.post_multipart("/api/pools/p/candidates", &first).0,
        200
    );
    // A large upload, killed while the server works on it.
    let mut big = Multipart::default();
    let text = String::from_utf8(resume_bytes()).unwrap();
    for i in 0..40 {
        big = big.file(
            &format!("more-{i:02}.md"),
            format!("{text}\nReference {i}.\n").as_bytes(),
        );
    }
    let url = server.url("/api/pools/p/candidates");
    let upload = std::thread::spawn(move || {
        let request = ureq::post(&url).set("Content-Type", &big.content_type());
        let _ = request
            .timeout(Duration::from_secs(120))
            .send_bytes(&big.body());
    });
    std::thread::sleep(Duration::from_millis(1500));
    let mut server = server;
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let _ = upload.join();
    let verify = index_cmd(&index_path, &["verify", "--pool", "p"])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));
    let ids = pool_ids(&index_path, "p");
    for (name, _) in fixture_resumes() {
        assert!(
            ids.contains(&name),
            "{name} was committed and is gone: {ids:?}"
        );
    }
    drop(server);

    // SIGTERM while a request is in flight: the request is answered, then the server exits 0.
    let index = tempfile::tempdir().unwrap();
    let server = Server::start_in(index, &[]);
    let url = server.url("/api/pools/q/candidates");
    let mut batch = Multipart::default();
    for i in 0..6 {
        batch = batch.file(
            &format!("c-{i}.md"),
            format!("{text}\nReference {i}.\n").as_bytes(),
        );
    }
    let upload = std::thread::spawn(move || {
        call(
            ureq::post(&url).set("Content-Type", &batch.content_type()),
            Some(batch.body()),
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    let pid = server.child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success());
    let (status, body) = upload.join().unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["added"].as_array().unwrap().len(), 6);
    let mut server = server;
    let exit = server.child.wait().unwrap();
    assert_eq!(exit.code(), Some(0));
    assert_eq!(pool_ids(server.index(), "q").len(), 6);
}

fn rolmatch_serve_with_token(token_file: &std::path::Path) -> std::process::Output {
    rolematch()
        .args(["serve", "--bind", "127.0.0.1:0", "--token-file"])
        .arg(token_file)
        .env_remove("ROLEMATCH_TOKEN")
        .output()
        .unwrap()
}

/// Sends a request with exactly these header lines (and `body`) over a plain connection,
/// as a browser that was pointed elsewhere would; returns the status and the body.
fn raw_request(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[&str],
    body: &str,
) -> (u16, String) {
    use std::io::{Read, Write};
    let address = server.base.strip_prefix("http://").unwrap();
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for header in headers {
        request.push_str(header);
        request.push_str("\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"));
    (status, answer)
}

#[test]
fn a_page_that_rebinds_its_name_to_loopback_gets_nothing() {
    let server = Server::start(&["--allowed-host", "rolematch.internal"]);
    let port = server.base.rsplit(':').next().unwrap().to_string();
    let attacker = format!("Host: attacker.example:{port}");
    let origin = format!("Origin: http://attacker.example:{port}");
    for path in ["/api/pools", "/", "/health"] {
        let (status, body) = raw_request(&server, "GET", path, &[&attacker, &origin], "");
        assert_eq!(status, 421, "{path}: {body}");
        assert!(body.contains("--allowed-host"), "{body}");
    }
    let (status, body) = raw_request(
        &server,
        "DELETE",
        "/api/pools/team/candidates/a.md",
        &[&attacker],
        "",
    );
    assert_eq!(status, 421, "{body}");
    let loopback = format!("Host: 127.0.0.1:{port}");
    let localhost = format!("Host: localhost:{port}");
    assert_eq!(
        raw_request(&server, "GET", "/api/pools", &[&loopback], "").0,
        200
    );
    assert_eq!(
        raw_request(&server, "GET", "/api/pools", &[&localhost], "").0,
        200
    );
    assert_eq!(
        raw_request(
            &server,
            "GET",
            "/api/pools",
            &["Host: rolematch.internal"],
            ""
        )
        .0,
        200,
        "a reverse proxy's name, allowed by the operator"
    );
    let (status, _) = raw_request(
        &server,
        "GET",
        "/api/pools",
        &[&loopback, "Sec-Fetch-Site: cross-site"],
        "",
    );
    assert_eq!(status, 403);
    // A form or text/plain body is how another site posts without asking first.
    for kind in ["text/plain", "application/x-www-form-urlencoded"] {
        let (status, body) = raw_request(
            &server,
            "POST",
            "/api/match",
            &[&loopback, &format!("Content-Type: {kind}")],
            r#"{"text": "Python and PyTorch"}"#,
        );
        assert_eq!(status, 415, "{kind}: {body}");
    }
    let (status, body) = raw_request(
        &server,
        "POST",
        "/api/match",
        &[&loopback, "Content-Type: application/json"],
        r#"{"text": "Python and PyTorch"}"#,
    );
    assert_eq!(status, 200, "{body}");
}

#[test]
fn uploads_without_a_usable_name_or_with_the_same_name_never_replace_each_other() {
    let server = Server::start(&[]);
    let resumes = fixture_resumes();
    let form = Multipart::default()
        .field("file", std::str::from_utf8(&resumes[0].1).unwrap())
        .field("file", std::str::from_utf8(&resumes[1].1).unwrap())
        .file("cv.md", &resumes[0].1)
        .file("cv.md", &resumes[1].1);
    let (status, body) = server.post_multipart("/api/pools/team/candidates", &form);
    assert_eq!(status, 200, "{body}");
    let report = json(&body);
    assert_eq!(report["added"], serde_json::json!(["cv.md"]), "{report}");
    let errors: Vec<&str> = report["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["error"].as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 3, "{report}");
    assert_eq!(
        errors.iter().filter(|e| e.contains("no file name")).count(),
        2
    );
    assert!(errors.iter().any(|e| e.contains("same name")), "{errors:?}");
    assert_eq!(pool_ids(server.index(), "team"), vec!["cv.md"]);
    // The one kept is the first of the two named alike.
    let (_, body) = server.post_multipart(
        "/api/pools/team/candidates",
        &Multipart::default().file("cv.md", &resumes[0].1),
    );
    assert_eq!(
        json(&body)["unchanged"],
        serde_json::json!(["cv.md"]),
        "{body}"
    );
}

#[test]
fn a_port_in_use_is_said_once_with_what_to_do() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let out = rolematch()
        .args(["serve", "--bind", &addr.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    assert!(said.contains(&format!("cannot listen on {addr}")), "{said}");
    assert_eq!(said.matches("in use").count(), 1, "{said}");
    assert!(said.contains("--bind 127.0.0.1:PORT"), "{said}");
}

#[test]
fn half_sent_requests_beyond_the_connection_cap_do_not_keep_health_out() {
    use std::io::{Read, Write};
    let server = Server::start(&[]);
    let address = server.base.strip_prefix("http://").unwrap().to_string();
    // More than the 512 connections the server keeps open, each with half a request line.
    let half_sent: Vec<std::net::TcpStream> = (0..600)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(&address).unwrap();
            stream.write_all(b"GET /api/pools HTT").unwrap();
            stream
        })
        .collect();
    // Before any of them reaches the 10 s header timeout, /health is answered: the
    // connections that waited longest were closed to make room.
    let mut health = std::net::TcpStream::connect(&address).unwrap();
    health
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        health,
        "GET /health HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    health
        .read_to_string(&mut answer)
        .expect("/health answers while half-sent requests fill every connection slot");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let mut first = &half_sent[0];
    first
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut rest = Vec::new();
    match first.read_to_end(&mut rest) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(e) => panic!("the connection that waited longest is still open: {e}"),
    }
}

#[test]
fn the_report_page_comes_from_the_api_as_html() {
    let server = Server::start(&[]);
    let text = String::from_utf8(resume_bytes()).unwrap();
    let response = ureq::post(&server.url("/api/match?format=html"))
        .set("Content-Type", "application/json")
        .send_string(&serde_json::json!({ "text": text }).to_string())
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.content_type().starts_with("text/html"));
    let page = response.into_string().unwrap();
    assert!(
        page.contains("Which roles fit") && page.contains("Skills to learn next"),
        "{page}"
    );
    let (status, body) = server.post_json(
        "/api/match?format=xml",
        &serde_json::json!({ "text": text }),
    );
    assert_eq!(status, 400, "{body}");
    assert!(
        json(&body)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("expected `json` or `html`"),
        "{body}"
    );
}
