//! A real `rolematch serve` on a free loopback port, and a small HTTP client for it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{model_files, rolematch};

/// A running server; killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub index: tempfile::TempDir,
}

impl Server {
    /// Starts `rolematch serve` on 127.0.0.1:0 over a fresh index folder, with `args`, and
    /// waits (bounded) until the model is loaded.
    pub fn start(args: &[&str]) -> Server {
        Server::start_in(tempfile::tempdir().unwrap(), args)
    }

    pub fn start_in(index: tempfile::TempDir, args: &[&str]) -> Server {
        model_files();
        let server = Server::spawn(rolematch(), index, args);
        server.wait_ready();
        server
    }

    /// Runs `cmd serve ARGS` on 127.0.0.1:0 over `index` and reads the address it prints;
    /// does not wait for the model.
    pub fn spawn(mut cmd: Command, index: tempfile::TempDir, args: &[&str]) -> Server {
        let mut child = cmd
            .args(["serve", "--bind", "127.0.0.1:0", "--index-dir"])
            .arg(index.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server { child, base, index }
    }

    /// Waits (bounded) until `/health` says the model is loaded.
    pub fn wait_ready(&self) {
        let start = Instant::now();
        while self.get("/health").0 != 200 {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "the model never loaded"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        call(ureq::get(&self.url(path)), None)
    }

    pub fn delete(&self, path: &str) -> (u16, String) {
        call(ureq::delete(&self.url(path)), None)
    }

    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> (u16, String) {
        let request = ureq::post(&self.url(path)).set("Content-Type", "application/json");
        call(request, Some(body.to_string().into_bytes()))
    }

    pub fn post_multipart(&self, path: &str, form: &Multipart) -> (u16, String) {
        let request = ureq::post(&self.url(path)).set("Content-Type", &form.content_type());
        call(request, Some(form.body()))
    }

    pub fn index(&self) -> &Path {
        self.index.path()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `request`; the status and the body, whatever the status.
pub fn call(request: ureq::Request, body: Option<Vec<u8>>) -> (u16, String) {
    let request = request.timeout(Duration::from_secs(300));
    let result = match body {
        Some(bytes) => request.send_bytes(&bytes),
        None => request.call(),
    };
    match result {
        Ok(response) => (
            response.status(),
            response.into_string().unwrap_or_default(),
        ),
        Err(ureq::Error::Status(code, response)) => {
            (code, response.into_string().unwrap_or_default())
        }
        Err(e) => panic!("request failed: {e}"),
    }
}

/// A multipart/form-data body built by hand: text fields and files.
#[derive(Default)]
pub struct Multipart {
    parts: Vec<(String, Option<String>, Vec<u8>)>,
}

const BOUNDARY: &str = "rolematch-test-boundary-7d1f";

impl Multipart {
    pub fn field(mut self, name: &str, value: &str) -> Self {
        self.parts
            .push((name.into(), None, value.as_bytes().to_vec()));
        self
    }

    pub fn file(mut self, file_name: &str, bytes: &[u8]) -> Self {
        self.parts
            .push(("file".into(), Some(file_name.into()), bytes.to_vec()));
        self
    }

    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={BOUNDARY}")
    }

    pub fn body(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, file_name, bytes) in &self.parts {
            out.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
            match file_name {
                Some(f) => out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                ),
                None => out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            out.extend_from_slice(bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        out
    }
}

pub fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}
