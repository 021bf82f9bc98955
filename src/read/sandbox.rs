//! Running a parser in a child process with a time limit and a memory limit, so a PDF or DOCX
//! that makes a parser crash, hang or balloon costs that one file and nothing else.
//!
//! The child is normally this same program re-executed with a hidden subcommand that calls
//! [`serve_child`]; it lowers its own limits before it reads the file and prints one JSON line.

use super::extract::{extract, ExtractError};
use super::format::Format;
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use thiserror::Error;

/// Limits for one extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time before the child is killed (its CPU time is capped the same).
    pub time: Duration,
    /// Address-space limit of the child.
    pub memory_mib: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time: Duration::from_secs(20),
            memory_mib: 1024,
        }
    }
}

/// The program and leading arguments that start a child; the format, the limits and the file
/// are appended.
#[derive(Debug, Clone)]
pub struct ChildCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
}

impl ChildCommand {
    /// This program again, with `subcommand` (the hidden extraction subcommand).
    pub fn current_exe(subcommand: &str) -> std::io::Result<Self> {
        Ok(ChildCommand {
            program: std::env::current_exe()?,
            args: vec![subcommand.into()],
        })
    }
}

/// How a child failed, as opposed to the typed answer it gives for a file it understood.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum SandboxError {
    #[error("the {format} parser took longer than {seconds} s and was stopped")]
    TimedOut { format: &'static str, seconds: u64 },
    #[error("the {format} parser went over its {limit_mib} MiB memory limit and was stopped")]
    OutOfMemory {
        format: &'static str,
        limit_mib: u64,
    },
    #[error("the {format} parser crashed ({status}){detail}")]
    Crashed {
        format: &'static str,
        status: String,
        detail: String,
    },
    #[error("could not start the parser process {program}: {reason}")]
    Spawn { program: String, reason: String },
}

/// What the child prints on its one line of stdout.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Reply {
    Text(String),
    Error(ExtractError),
}

/// Largest answer read back from a child: far above any resume's text.
const MAX_REPLY_BYTES: u64 = 64 * 1024 * 1024;
const MAX_STDERR_BYTES: u64 = 64 * 1024;

/// Extracts `path` (of `format`) in a child process under `limits`.
pub(crate) fn extract_isolated(
    command: &ChildCommand,
    limits: Limits,
    format: Format,
    path: &Path,
) -> Result<Result<String, ExtractError>, SandboxError> {
    let format_name = format.name();
    let mut child = Command::new(&command.program)
        .args(&command.args)
        .arg(format_name)
        .arg(path)
        .arg("--memory-mib")
        .arg(limits.memory_mib.to_string())
        .arg("--cpu-seconds")
        .arg(limits.time.as_secs().max(1).to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| SandboxError::Spawn {
            program: command.program.display().to_string(),
            reason: e.to_string(),
        })?;
    let stdout = drain(child.stdout.take(), MAX_REPLY_BYTES);
    let stderr = drain(child.stderr.take(), MAX_STDERR_BYTES);
    let deadline = Instant::now() + limits.time;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                // Kill errors only mean it already exited; wait reaps it either way.
                let _ = child.kill();
                let _ = child.wait();
                return Err(SandboxError::TimedOut {
                    format: format_name,
                    seconds: limits.time.as_secs(),
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                let _ = child.kill();
                return Err(crashed(format_name, e.to_string(), String::new()));
            }
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
    if status.success() {
        if let Ok(reply) = serde_json::from_slice::<Reply>(&stdout) {
            return Ok(match reply {
                Reply::Text(text) => Ok(text),
                Reply::Error(e) => Err(e),
            });
        }
    }
    Err(classify_failure(format_name, limits, status, &stderr))
}

fn classify_failure(
    format: &'static str,
    limits: Limits,
    status: ExitStatus,
    stderr: &str,
) -> SandboxError {
    if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
        return SandboxError::OutOfMemory {
            format,
            limit_mib: limits.memory_mib,
        };
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        // SIGXCPU: the CPU-time limit the child set on itself.
        if status.signal() == Some(24) {
            return SandboxError::TimedOut {
                format,
                seconds: limits.time.as_secs(),
            };
        }
    }
    let status = match status.code() {
        Some(code) => format!("exit code {code}"),
        None => status.to_string(),
    };
    let last_line = stderr.lines().rev().find(|l| !l.trim().is_empty());
    crashed(
        format,
        status,
        last_line.map_or(String::new(), |l| format!(": {}", l.trim())),
    )
}

fn crashed(format: &'static str, status: String, detail: String) -> SandboxError {
    SandboxError::Crashed {
        format,
        status,
        detail,
    }
}

/// Reads a pipe to its end on a thread (so a full pipe never blocks the child), keeping at
/// most `max` bytes.
fn drain<R: Read + Send + 'static>(pipe: Option<R>, max: u64) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        if let Some(pipe) = pipe {
            let mut pipe = pipe;
            let _ = (&mut pipe).take(max).read_to_end(&mut kept);
            // Keep reading so the child can finish writing; discard the rest.
            let _ = std::io::copy(&mut pipe, &mut std::io::sink());
        }
        kept
    })
}

/// The child's side: lowers its own limits, reads and extracts `path`, prints one JSON line.
/// Returns the process exit code (0 when an answer was printed).
pub fn serve_child(format: Format, path: &Path, memory_mib: u64, cpu_seconds: u64) -> i32 {
    if let Err(e) = lower_limits(memory_mib, cpu_seconds) {
        eprintln!("could not set the parser's limits: {e}");
        return 3;
    }
    let reply = match super::read_bounded(path, super::MAX_FILE_BYTES) {
        Ok(bytes) => {
            match text_for(format, path, bytes).and_then(|bytes| extract(format, &bytes)) {
                Ok(text) => Reply::Text(text),
                // A parser that panicked because an allocation failed hit the memory limit: say so
                // the way an aborted allocation does, so the parent reports the limit.
                Err(ExtractError::ParserPanicked { message, .. })
                    if is_allocation_failure(&message) =>
                {
                    eprintln!("out of memory: {message}");
                    return 3;
                }
                Err(e) => Reply::Error(e),
            }
        }
        Err(e) => {
            eprintln!("{e}");
            return 3;
        }
    };
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &reply)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("could not write the answer: {e}");
            3
        }
    }
}

/// Panic messages of allocations refused under the memory limit: Rust's own, and zlib's
/// `MemError` as flate2 reports it.
fn is_allocation_failure(message: &str) -> bool {
    [
        "memory allocation of",
        "out of memory",
        "MemError",
        "Cannot allocate memory",
    ]
    .iter()
    .any(|sign| message.contains(sign))
}

/// HTML reaches the parser as decoded text without its front matter, as it does in process;
/// other formats as bytes.
fn text_for(format: Format, path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, ExtractError> {
    match format {
        Format::Html => super::decode::decode(&bytes)
            .map(|decoded| super::markup_body(path, &decoded.text).into_bytes())
            .map_err(|_| ExtractError::Malformed {
                format: format.name().to_string(),
                reason: "not text".to_string(),
            }),
        _ => Ok(bytes),
    }
}

#[cfg(unix)]
fn lower_limits(memory_mib: u64, cpu_seconds: u64) -> std::io::Result<()> {
    use rlimit::Resource;
    die_with_parent()?;
    let bytes = memory_mib.saturating_mul(1024 * 1024);
    Resource::AS.set(bytes, bytes)?;
    Resource::CPU.set(cpu_seconds, cpu_seconds + 1)?;
    Resource::CORE.set(0, 0)?;
    Ok(())
}

/// Asks the kernel to kill this child when its parent dies, so a parser whose batch was
/// killed does not run on to its CPU limit; a parent already gone ends it at once.
#[cfg(target_os = "linux")]
fn die_with_parent() -> std::io::Result<()> {
    let parent = std::os::unix::process::parent_id();
    // SAFETY: prctl(PR_SET_PDEATHSIG) takes a signal number and touches no memory of ours.
    if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    if std::os::unix::process::parent_id() != parent {
        std::process::exit(3);
    }
    Ok(())
}

#[cfg(all(unix, not(target_os = "linux")))]
fn die_with_parent() -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn lower_limits(_memory_mib: u64, _cpu_seconds: u64) -> std::io::Result<()> {
    // Only the wall-clock limit applies where the OS has no rlimits.
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A child that runs `script` in sh; the appended format, path and limits are ignored.
    fn sh(script: &str) -> ChildCommand {
        ChildCommand {
            program: "sh".into(),
            args: vec!["-c".into(), script.into(), "sh".into()],
        }
    }

    fn run(script: &str, time: Duration) -> Result<Result<String, ExtractError>, SandboxError> {
        let limits = Limits {
            time,
            memory_mib: 256,
        };
        extract_isolated(&sh(script), limits, Format::Pdf, Path::new("cv.pdf"))
    }

    #[test]
    fn a_reply_is_passed_back() {
        let got = run(
            r#"echo '{"text":"Python and SQL"}'"#,
            Duration::from_secs(10),
        );
        assert_eq!(got, Ok(Ok("Python and SQL".to_string())));
        let got = run(
            r#"echo '{"error":{"kind":"encrypted"}}'"#,
            Duration::from_secs(10),
        );
        assert_eq!(got, Ok(Err(ExtractError::Encrypted)));
    }

    #[test]
    fn a_hang_is_stopped_at_the_time_limit() {
        let start = Instant::now();
        let got = run("sleep 30", Duration::from_millis(300));
        assert!(matches!(got, Err(SandboxError::TimedOut { .. })), "{got:?}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn a_crash_is_reported_with_its_signal_and_last_words() {
        let got = run(
            "echo 'thread main panicked' >&2; kill -SEGV $$",
            Duration::from_secs(10),
        );
        match got {
            Err(SandboxError::Crashed { status, .. }) => assert!(status.contains("11"), "{status}"),
            other => panic!("{other:?}"),
        }
        let got = run("echo 'bad things' >&2; exit 101", Duration::from_secs(10));
        match got {
            Err(SandboxError::Crashed { status, detail, .. }) => {
                assert!(status.contains("101") && detail.contains("bad things"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_allocation_failure_is_out_of_memory() {
        let got = run(
            "echo 'memory allocation of 4294967296 bytes failed' >&2; kill -ABRT $$",
            Duration::from_secs(10),
        );
        assert!(
            matches!(got, Err(SandboxError::OutOfMemory { .. })),
            "{got:?}"
        );
    }

    #[test]
    fn a_cpu_limit_kill_is_reported_as_a_timeout() {
        // SIGXCPU is what the kernel sends at the CPU-time limit the child set on itself.
        let got = run("kill -XCPU $$", Duration::from_secs(10));
        assert!(matches!(got, Err(SandboxError::TimedOut { .. })), "{got:?}");
    }

    #[test]
    fn allocation_failures_are_told_from_other_panics() {
        assert!(is_allocation_failure(
            "assertion `left == right` failed\n  left: MemError\n right: Ok"
        ));
        assert!(is_allocation_failure(
            "memory allocation of 64 bytes failed"
        ));
        assert!(!is_allocation_failure("missing object reference"));
    }

    #[test]
    fn garbage_on_stdout_is_a_crash_not_text() {
        let got = run("echo 'not json'", Duration::from_secs(10));
        assert!(matches!(got, Err(SandboxError::Crashed { .. })), "{got:?}");
    }

    #[test]
    fn a_missing_program_cannot_start() {
        let command = ChildCommand {
            program: "/nonexistent/rolematch".into(),
            args: vec![],
        };
        let got = extract_isolated(&command, Limits::default(), Format::Pdf, Path::new("x"));
        assert!(matches!(got, Err(SandboxError::Spawn { .. })), "{got:?}");
    }
}
