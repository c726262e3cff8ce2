//! The only writer of user files: atomic replacement, private folders, and cross-process locks.
//!
//! I/O. Every write goes through [`atomic_write`]: a temp file in the same folder (created 0600),
//! the bytes, `fsync`, the original file's mode copied over, `rename` over the target, then an
//! `fsync` of the folder. A crash or `kill -9` at any point leaves either the old file or the new
//! one, never a partial or empty file. A symlinked target (e.g. a dotfiles-managed
//! `~/.aws/config`) is written through: the link stays and its target is replaced.
//!
//! Locks are OS file locks (`std::fs::File::lock`), released by the kernel when the holder exits
//! or is killed, so a crashed process never blocks the others. Lock files are never deleted:
//! deleting one would let two processes lock two different inodes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Mode of files awsso creates (secrets and caches) when no earlier file exists.
pub const PRIVATE_FILE_MODE: u32 = 0o600;
/// Mode of folders awsso creates.
pub const PRIVATE_DIR_MODE: u32 = 0o700;

/// Creates `dir` and any missing parents with mode 0700. Existing folders are left as they are.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR_MODE)
        .create(dir)
}

/// Reads a file, returning `None` when it does not exist.
pub fn read_optional(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Follows symlinks to the file that should really be replaced. A dangling link resolves to
/// its (missing) target so the write creates it.
fn write_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "too many levels of symbolic links at {}",
        path.display()
    )))
}

/// Atomically replaces `path` with `contents`; see the module docs.
///
/// The new file keeps the old file's mode; a new file gets 0600. Missing parent folders are
/// created 0700.
pub fn atomic_write(path: &Path, contents: &[u8]) -> io::Result<()> {
    let target = write_target(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    ensure_private_dir(&dir)?;
    let mode = match fs::metadata(&target) {
        Ok(meta) => meta.permissions().mode() & 0o7777,
        Err(e) if e.kind() == io::ErrorKind::NotFound => PRIVATE_FILE_MODE,
        Err(e) => return Err(e),
    };
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(PRIVATE_FILE_MODE))
        .tempfile_in(&dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    if mode != PRIVATE_FILE_MODE {
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes a new private file (0600, in a folder created 0700 if missing): a temp file in the
/// same folder, `fsync`, then `rename` over `path`. Unlike [`atomic_write`], an existing symlink
/// at `path` is replaced, never followed, and the old mode is not kept: for secrets awsso hands
/// out (the container-credentials token file).
pub fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    ensure_private_dir(&dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".awsso.")
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(PRIVATE_FILE_MODE))
        .tempfile_in(&dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// An exclusive cross-process lock, held until dropped (or until the process dies).
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Blocks until the lock at `path` is ours. Creates the lock file (0600) and its folder (0700).
    pub fn acquire(path: &Path) -> io::Result<FileLock> {
        FileLock::acquire_noting(path, || {}, None)
    }

    /// Like [`FileLock::acquire`], but calls `waiting` first when another process holds the lock
    /// (so the user learns why nothing happens), and gives up after `limit` when one is given
    /// (an `io::ErrorKind::TimedOut` error).
    pub fn acquire_noting(
        path: &Path,
        waiting: impl FnOnce(),
        limit: Option<std::time::Duration>,
    ) -> io::Result<FileLock> {
        if let Some(dir) = path.parent() {
            ensure_private_dir(dir)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(PRIVATE_FILE_MODE)
            .open(path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                waiting();
                match limit {
                    None => file.lock()?,
                    Some(limit) => {
                        let deadline = std::time::Instant::now() + limit;
                        loop {
                            std::thread::sleep(std::time::Duration::from_millis(25));
                            match file.try_lock() {
                                Ok(()) => break,
                                Err(fs::TryLockError::WouldBlock)
                                    if std::time::Instant::now() < deadline => {}
                                Err(fs::TryLockError::WouldBlock) => {
                                    return Err(io::Error::new(
                                        io::ErrorKind::TimedOut,
                                        format!(
                                            "another process held {} for {}s",
                                            path.display(),
                                            limit.as_secs()
                                        ),
                                    ));
                                }
                                Err(fs::TryLockError::Error(e)) => return Err(e),
                            }
                        }
                    }
                }
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        Ok(FileLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_file_is_private_and_folder_is_0700() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b/secret.json");
        atomic_write(&path, b"{}").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dir_mode = fs::metadata(tmp.path().join("a"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dir_mode, 0o700);
    }

    #[test]
    fn existing_mode_is_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        atomic_write(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644
        );
    }

    #[test]
    fn symlink_is_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("dotfiles/config");
        fs::create_dir_all(real.parent().unwrap()).unwrap();
        fs::write(&real, "old").unwrap();
        let link = tmp.path().join("config");
        std::os::unix::fs::symlink("dotfiles/config", &link).unwrap();
        atomic_write(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn no_temp_files_are_left_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        atomic_write(&path, b"1").unwrap();
        atomic_write(&path, b"2").unwrap();
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn lock_is_exclusive_across_handles() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("locks/x.lock");
        let held = FileLock::acquire(&path).unwrap();
        let other = OpenOptions::new().write(true).open(&path).unwrap();
        assert!(other.try_lock().is_err());
        let limited =
            FileLock::acquire_noting(&path, || {}, Some(std::time::Duration::from_millis(50)));
        assert_eq!(limited.unwrap_err().kind(), io::ErrorKind::TimedOut);
        drop(held);
        assert!(other.try_lock().is_ok());
    }
}
