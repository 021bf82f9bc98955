//! Where rolematch keeps its files when no home is named: one folder per user, in the
//! platform's data directory (`$XDG_DATA_HOME/rolematch` or `~/.local/share/rolematch` on
//! Linux, `~/Library/Application Support/rolematch` on macOS, `%APPDATA%\rolematch` on
//! Windows), so a run from any folder finds the model fetched before and writes nothing into
//! the folder it runs in.

use std::path::{Path, PathBuf};

/// The default home: the user's data directory joined with `rolematch`, or the current folder
/// where the platform has none (no `HOME` at all).
pub fn default_home() -> PathBuf {
    dirs::data_dir()
        .map(|dir| dir.join("rolematch"))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A home an older rolematch left in `folder` (which kept its files in the folder it ran in):
/// `folder` when it holds `models/` or `index/` and is not `home` itself.
pub fn legacy_home_in(folder: &Path, home: &Path) -> Option<PathBuf> {
    let same = match (folder.canonicalize(), home.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let holds_one = ["models", "index"]
        .iter()
        .any(|name| folder.join(name).is_dir());
    (holds_one && !same).then(|| folder.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_home_is_a_rolematch_folder_and_an_old_home_is_recognised() {
        assert!(default_home().ends_with("rolematch") || default_home() == Path::new("."));
        let old = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        assert_eq!(legacy_home_in(old.path(), home.path()), None);
        std::fs::create_dir(old.path().join("models")).unwrap();
        assert_eq!(
            legacy_home_in(old.path(), home.path()),
            Some(old.path().to_path_buf())
        );
        assert_eq!(legacy_home_in(old.path(), old.path()), None);
    }
}
