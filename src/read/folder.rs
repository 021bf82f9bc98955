//! The files of a folder to read, with ids and the links left out.

use std::path::{Path, PathBuf};

use super::FileError;

/// The files of a folder (recursively, hidden names skipped) with their ids (paths relative
/// to the folder), and the entries left out: a symbolic link that leads out of the folder (a
/// stranger's folder can point at `/etc/passwd`) or to nothing is refused unless
/// `follow_links` is set; linked folders are never entered twice. Special files are listed:
/// the reader refuses them by name without opening them.
pub fn list_folder(dir: &Path, follow_links: bool) -> std::io::Result<Listing> {
    let root = dir.canonicalize()?;
    let mut listing = Listing::default();
    let mut visited = std::collections::HashSet::from([root.clone()]);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current)? {
            let entry = entry?;
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = entry.path();
            let mut kind = entry.file_type()?;
            if kind.is_symlink() {
                let refuse = |why: &str| FileError {
                    file: path.clone(),
                    error: format!("{}: {why}", crate::pathname::path_text(&path)),
                    refused: true,
                };
                let Ok(target) = path.canonicalize() else {
                    listing.refused.push(refuse("a link to nothing"));
                    continue;
                };
                if !follow_links && !target.starts_with(&root) {
                    listing.refused.push(refuse(
                        "a link to a file outside the folder; refused (pass --follow-links to read what links point to)",
                    ));
                    continue;
                }
                kind = std::fs::metadata(&target)?.file_type();
                if kind.is_dir() && !visited.insert(target) {
                    continue;
                }
            }
            if kind.is_dir() {
                stack.push(path);
            } else {
                let id = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| crate::pathname::lossless(c.as_os_str()))
                    .collect::<Vec<_>>()
                    .join("/");
                listing.files.push((id, path));
            }
        }
    }
    listing.files.sort();
    Ok(listing)
}

/// What [`list_folder`] found.
#[derive(Debug, Default)]
pub struct Listing {
    /// (id, path) of every file to read, sorted by id.
    pub files: Vec<(String, PathBuf)>,
    /// Entries left out, with the reason.
    pub refused: Vec<FileError>,
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_out_of_the_folder_are_refused_unless_followed_and_links_inside_are_read() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside.md");
        std::fs::write(&outside, "secret").unwrap();
        let folder = root.path().join("resumes");
        std::fs::create_dir_all(folder.join("sub")).unwrap();
        std::fs::write(folder.join("a.md"), "Python").unwrap();
        std::os::unix::fs::symlink(&outside, folder.join("passwd.md")).unwrap();
        std::os::unix::fs::symlink(folder.join("a.md"), folder.join("again.md")).unwrap();
        std::os::unix::fs::symlink(root.path().join("gone"), folder.join("broken.md")).unwrap();
        std::os::unix::fs::symlink(&folder, folder.join("sub/loop")).unwrap();
        let listing = list_folder(&folder, false).unwrap();
        let ids: Vec<&str> = listing.files.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, vec!["a.md", "again.md"]);
        let refused: Vec<&str> = listing.refused.iter().map(|e| e.error.as_str()).collect();
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert!(refused
            .iter()
            .any(|e| e.contains("passwd.md") && e.contains("--follow-links")));
        assert!(refused
            .iter()
            .any(|e| e.contains("broken.md") && e.contains("nothing")));
        let followed = list_folder(&folder, true).unwrap();
        let ids: Vec<&str> = followed.files.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, vec!["a.md", "again.md", "passwd.md"]);
    }
}
