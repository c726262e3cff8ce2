//! The only writer of user files, and the one safe way to open awsso's own files: atomic
//! replacement, private folders, safe reads, and cross-process locks.
//!
//! I/O. The folders awsso reads secrets from (`~/.aws/awsso/*`, `~/.aws/sso/cache`) may be
//! reachable by other processes, so every file is treated as possibly hostile. The rules are
//! written once here; what "private", "ours", "a link" and "others can write" mean on unix and
//! on Windows is [`crate::platform`]'s.
//!
//! # File-safety rules
//!
//! 1. **awsso's own files** (token and registration caches, role caches, lock files) are opened
//!    without following a link and without blocking (`O_NOFOLLOW | O_NONBLOCK`; on Windows
//!    `FILE_FLAG_OPEN_REPARSE_POINT`), then checked on the open file: it must be a regular
//!    file (on Windows a disk file that is no reparse point), owned by the current user (on
//!    Windows also SYSTEM or Administrators: see [`Owner::not_ours`]), and under a size cap ([`CACHE_LIMIT`]); only then is it read ([`read_private`]). A link
//!    (symlink, junction), FIFO, device, directory, another user's file or an oversized file
//!    is a [`FileError`] naming the path and the command that fixes it; nothing blocks and
//!    nothing is read without bound.
//! 2. **Their folders must be ours**: the file's folder and the folder above it must be owned
//!    by the current user (or root; on Windows SYSTEM or Administrators) and not writable by
//!    others (a sticky folder such as `/tmp` is accepted, and so is group write for the user's
//!    private group, the umask-002 set-up of many Linux systems; never macOS's shared `staff`).
//!    awsso's own folders are created private (0700, or an owner-only ACL) and tightened when
//!    others may only read them; one others may write is an error, not silently tightened (its
//!    files could already be theirs) ([`ensure_private_dir`]).
//! 3. **Writes of those files** ([`write_private`]) go to a fresh temp file in the same
//!    folder, private from its creation (0600, or an owner-only ACL), are `fsync`ed, and are
//!    renamed over the name: a link (or FIFO) at the name is replaced by the regular file,
//!    never written through, and the result is always private.
//! 4. **User files** (`~/.aws/config`, `~/.aws/credentials`) are read with [`read_user`]
//!    (regular file, [`CONFIG_LIMIT`], no blocking) and written with [`atomic_write`]: a symlink
//!    is written through (dotfiles managers rely on it), the file keeps its mode (on Windows
//!    its ACL), except that a file holding secrets ([`Mode::Secret`]) ends private.
//! 5. **Every write is atomic**: a crash or `kill -9` at any point leaves either the old file or
//!    the new one. On Windows, where another process holding the file open makes the rename
//!    fail for a while, it is retried for a bounded time and the old file stays whole. A temp
//!    file left by a killed writer (`.NAME.XXXXXX.tmp`, ours, over an hour old) is removed by
//!    the next write of the same file.
//! 6. **Files that choose for the user** (a project's folder file, `.awsso.toml`) may sit in
//!    any folder, so they are read only when nobody else could have put them there
//!    ([`read_guarded`]): the file is opened like rule 1 (no link, a regular file, ours) and
//!    others must not be able to write it; its folder must be the user's own (not root's) and
//!    not writable by others (a sticky folder is no excuse: anyone may create a file in
//!    `/tmp`); the folder above it follows rule 2.
//! 7. **Locks** are OS file locks (`std::fs::File::lock`) on files opened like rule 1, released
//!    by the kernel when the holder exits or is killed. Lock files are never deleted: deleting
//!    one would let two processes lock two different files.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::platform::access::{Others, Owner, Verdict};
use crate::platform::open::{self, Kind, Opened};
use crate::platform::security::{self, Kept};
use crate::platform::{Os, fix, replace};

/// The largest cache file awsso reads (token, registration and role caches hold a few KiB).
pub(crate) const CACHE_LIMIT: u64 = 64 * 1024;
/// The largest config or credentials file awsso reads.
pub(crate) const CONFIG_LIMIT: u64 = 64 * 1024 * 1024;
/// Age after which one of our temp files is clearly left over from a killed writer.
pub(crate) const STALE_TEMP_AGE: Duration = Duration::from_secs(3600);

/// Why a file or folder is not used. Each message names the path and the fix.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FileError {
    /// A symbolic link (on Windows any reparse point) where awsso keeps its own files.
    #[error(
        "{} is a {}; awsso does not follow links to its own files (remove it: {fix})",
        path.display(), open::LINK_NAME
    )]
    Symlink {
        /// The link.
        path: PathBuf,
        /// The command that removes it.
        fix: String,
    },
    /// Not a regular file.
    #[error("{} is a {kind}, not a regular file (remove it: {fix})", path.display())]
    NotRegular {
        /// The file.
        path: PathBuf,
        /// `FIFO`, `directory`, `device`, `socket`.
        kind: &'static str,
        /// The command that removes it.
        fix: String,
    },
    /// Larger than awsso will read.
    #[error("{} is {size} bytes, over the {limit}-byte limit for this file (remove it: {fix})", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
        /// The command that removes it.
        fix: String,
    },
    /// Owned by another user.
    #[error(
        "{} is owned by another user ({owner}), so awsso does not trust it (fix: {fix} or remove it)",
        path.display()
    )]
    NotOwner {
        /// The file or folder.
        path: PathBuf,
        /// Its owner: `uid 1001`, or `DOMAIN\name (S-1-…)`.
        owner: String,
        /// The command that makes it ours.
        fix: String,
    },
    /// A file other users may write to.
    #[error(
        "{} can be written by other users ({others}), so awsso does not trust it (fix: {fix})",
        path.display()
    )]
    OpenFile {
        /// The file.
        path: PathBuf,
        /// What lets them: its mode, or an ACL entry.
        others: Others,
        /// The command that takes their access away.
        fix: String,
    },
    /// Something other than a folder where a folder must be (`~/.aws/sso/cache` is a file).
    #[error("{} is a {kind}, not a folder (remove it: {fix})", path.display())]
    NotAFolder {
        /// The file.
        path: PathBuf,
        /// `regular file`, `FIFO`, ...
        kind: &'static str,
        /// The command that removes it.
        fix: String,
    },
    /// A folder this user cannot create files in.
    #[error("cannot create files in {} ({reason}) (fix: {fix})", path.display())]
    NotWritable {
        /// The folder.
        path: PathBuf,
        /// What the system said, in words.
        reason: String,
        /// The command that gives this user write access.
        fix: String,
    },
    /// A folder other users may write to.
    #[error(
        "{} can be written by other users ({others}), so awsso does not trust files in it (fix: {fix})",
        path.display()
    )]
    OpenFolder {
        /// The folder.
        path: PathBuf,
        /// What lets them: its mode, or an ACL entry.
        others: Others,
        /// The command that takes their access away.
        fix: String,
    },
}

impl FileError {
    /// The command that fixes it (also in the message).
    pub(crate) fn fix(&self) -> &str {
        match self {
            FileError::Symlink { fix, .. }
            | FileError::NotRegular { fix, .. }
            | FileError::TooLarge { fix, .. }
            | FileError::NotOwner { fix, .. }
            | FileError::NotAFolder { fix, .. }
            | FileError::NotWritable { fix, .. }
            | FileError::OpenFile { fix, .. }
            | FileError::OpenFolder { fix, .. } => fix,
        }
    }
}

impl From<FileError> for io::Error {
    fn from(e: FileError) -> io::Error {
        let kind = match e {
            FileError::TooLarge { .. } => io::ErrorKind::FileTooLarge,
            FileError::NotOwner { .. }
            | FileError::OpenFolder { .. }
            | FileError::OpenFile { .. }
            | FileError::NotWritable { .. } => io::ErrorKind::PermissionDenied,
            FileError::Symlink { .. }
            | FileError::NotRegular { .. }
            | FileError::NotAFolder { .. } => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, e)
    }
}

fn symlink(path: &Path, dir: bool) -> FileError {
    FileError::Symlink {
        path: path.to_path_buf(),
        fix: fix::remove(path, dir, true, Os::HERE),
    }
}

fn not_regular(path: &Path, kind: Kind) -> FileError {
    if let Kind::Link { dir } = kind {
        return symlink(path, dir);
    }
    FileError::NotRegular {
        path: path.to_path_buf(),
        kind: kind.name(),
        fix: fix::remove(path, kind.is_dir(), false, Os::HERE),
    }
}

fn not_owner(path: &Path, owner: &str) -> FileError {
    FileError::NotOwner {
        path: path.to_path_buf(),
        owner: owner.to_owned(),
        fix: fix::take_ownership(path, security::my_uid(), Os::HERE),
    }
}

fn open_folder(path: &Path, others: Others) -> FileError {
    FileError::OpenFolder {
        path: path.to_path_buf(),
        fix: fix::deny_others_write(path, Os::HERE),
        others,
    }
}

/// Checks that a folder is one whose files awsso may trust: owned by us or root (on Windows
/// SYSTEM or Administrators), and not writable by others unless it is sticky (like `/tmp`).
/// Follows symlinks (a linked `~/.aws` is common); a missing folder is fine (nothing in it can
/// be read).
pub(crate) fn check_folder(dir: &Path) -> io::Result<()> {
    let facts = match security::of_path(dir) {
        Ok(facts) => facts,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if let Owner::Other(owner) = &facts.owner {
        return Err(not_owner(dir, owner).into());
    }
    if let Verdict::OthersWrite(others) = facts.access
        && !facts.sticky
    {
        return Err(open_folder(dir, others).into());
    }
    Ok(())
}

/// The folder of `path` (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// [`check_folder`] on the file's folder and the folder above it.
fn check_folders_of(path: &Path) -> io::Result<()> {
    let dir = folder_of(path);
    check_folder(&dir)?;
    if let Some(up) = dir.parent().filter(|d| !d.as_os_str().is_empty()) {
        check_folder(up)?;
    }
    Ok(())
}

/// Where creating `dir` failed because something else is in the way: the first of its
/// ancestors (or itself) that exists and is not a folder (links followed, as creating does).
fn blocking_file(dir: &Path) -> Option<FileError> {
    let mut at = Some(dir);
    let mut in_the_way = None;
    while let Some(p) = at {
        if let Ok(meta) = fs::metadata(p)
            && !meta.is_dir()
        {
            in_the_way = Some(p.to_path_buf());
        }
        at = p.parent().filter(|d| !d.as_os_str().is_empty());
    }
    let path = in_the_way?;
    let kind = fs::symlink_metadata(&path).map_or(Kind::Other, |m| open::kind_of(&m));
    Some(FileError::NotAFolder {
        fix: fix::remove(&path, false, matches!(kind, Kind::Link { .. }), Os::HERE),
        kind: kind.name(),
        path,
    })
}

/// Creates `dir` and any missing parents private (0700, or an owner-only ACL). An existing
/// `dir` that is ours and readable by others is made private; one owned by another user, one
/// others may write to (they may have replaced its files already), or a parent others may
/// write to is an error.
pub(crate) fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    // A file where a folder must be fails with "File exists (os error 17)" or "Not a
    // directory (os error 20)": name what is in the way instead.
    security::create_dir_all_private(dir).map_err(|e| match blocking_file(dir) {
        Some(file) => file.into(),
        None => e,
    })?;
    let facts = security::of_path(dir)?;
    if let Some(owner) = facts.owner.not_ours(Os::HERE) {
        return Err(not_owner(dir, owner).into());
    }
    match facts.access {
        // Others could have replaced anything inside: tightening now would bless their files.
        Verdict::OthersWrite(others) => return Err(open_folder(dir, others).into()),
        Verdict::OthersRead(_) => security::make_private(dir, true)?,
        Verdict::Private => {}
    }
    if let Some(up) = dir.parent().filter(|d| !d.as_os_str().is_empty()) {
        check_folder(up)?;
    }
    Ok(())
}

/// Makes the folder of one of awsso's own files, and the folder above it, private (see
/// [`ensure_private_dir`]): `~/.aws/awsso` and `~/.aws/awsso/roles`, or `~/.aws/sso` and
/// `~/.aws/sso/cache`.
pub(crate) fn ensure_private_folders_of(path: &Path) -> io::Result<()> {
    let dir = folder_of(path);
    if let Some(up) = dir.parent().filter(|d| !d.as_os_str().is_empty()) {
        ensure_private_dir(up)?;
    }
    ensure_private_dir(&dir)
}

/// Opens one of awsso's own files for reading under rules 1 and 2 (see the module docs).
/// `Ok(None)` when it does not exist.
fn open_private(path: &Path, limit: u64) -> io::Result<Option<(File, u64)>> {
    check_folders_of(path)?;
    let (file, meta) = match open_own(path, OpenOptions::new().read(true)) {
        Ok(opened) => opened,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    check_size(path, meta.len(), limit)?;
    Ok(Some((file, meta.len())))
}

/// Opens `path` with `options` plus no-follow and non-blocking, and accepts only a regular file
/// this user owns (a link, FIFO, device, folder or another user's file is an error naming it).
fn open_own(path: &Path, options: &mut OpenOptions) -> io::Result<(File, fs::Metadata)> {
    let opened = open::open_nofollow(path, options).map_err(|e| {
        // A FIFO opened for writing without a reader fails ("os error 6") before its kind
        // could be checked: name it as what it is.
        match fs::symlink_metadata(path) {
            Ok(meta) if e.kind() != io::ErrorKind::NotFound && !meta.is_file() => {
                not_regular(path, open::kind_of(&meta)).into()
            }
            // "Not a directory (os error 20)": a file where one of its folders must be.
            _ if e.kind() == io::ErrorKind::NotADirectory => {
                match blocking_file(&folder_of(path)) {
                    Some(file) => file.into(),
                    None => e,
                }
            }
            _ => e,
        }
    })?;
    let (file, meta) = match opened {
        Opened::Link { dir } => return Err(symlink(path, dir).into()),
        Opened::File { kind, .. } if kind != Kind::File => {
            return Err(not_regular(path, kind).into());
        }
        Opened::File { file, meta, .. } => (file, meta),
    };
    if let Some(owner) = security::of_file(&file, &meta)?.owner.not_ours(Os::HERE) {
        return Err(not_owner(path, owner).into());
    }
    Ok((file, meta))
}

fn check_size(path: &Path, size: u64, limit: u64) -> Result<(), FileError> {
    if size > limit {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
            fix: fix::remove(path, false, false, Os::HERE),
        });
    }
    Ok(())
}

/// Reads at most `limit` bytes (a file that grew past it since it was opened is an error too).
fn read_capped(path: &Path, file: File, size: u64, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    check_size(path, bytes.len() as u64, limit)?;
    Ok(bytes)
}

/// Reads one of awsso's own files (a cache) under rules 1 and 2 of the module docs, capped at
/// [`CACHE_LIMIT`]. `Ok(None)` when it does not exist.
pub(crate) fn read_private(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match open_private(path, CACHE_LIMIT)? {
        Some((file, size)) => read_capped(path, file, size, CACHE_LIMIT).map(Some),
        None => Ok(None),
    }
}

/// Decides whether a file that chooses for the user (rule 6 of the module docs) may be read,
/// from what is known of its folder and of the open file. Pure.
pub(crate) fn check_guarded(
    path: &Path,
    folder: &security::Facts,
    file: &security::Facts,
    os: Os,
) -> Result<(), FileError> {
    let dir = folder_of(path);
    // The folder must be the user's own: a root-owned folder is not one the user chose to
    // put the file in (on Windows, Administrators-owned folders count as the user's, as for
    // every rule).
    if let Some(owner) = folder.owner.not_ours(os) {
        return Err(not_owner(&dir, owner));
    }
    if let Verdict::OthersWrite(others) = &folder.access {
        return Err(open_folder(&dir, others.clone()));
    }
    if let Some(owner) = file.owner.not_ours(os) {
        return Err(not_owner(path, owner));
    }
    if let Verdict::OthersWrite(others) = &file.access {
        let fix = match os {
            Os::Unix { .. } => fix::deny_others_write(path, os),
            Os::Windows => fix::make_private(path, false, os),
        };
        return Err(FileError::OpenFile {
            path: path.to_path_buf(),
            others: others.clone(),
            fix,
        });
    }
    Ok(())
}

/// Reads a file that chooses for the user under rule 6 of the module docs (a project's
/// folder file), capped at [`CACHE_LIMIT`]; `Ok(None)` when it does not exist. A link,
/// a file or folder others may write, or one owned by someone else is a [`FileError`] that
/// says why and how to fix it.
pub(crate) fn read_guarded(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let dir = folder_of(path);
    let folder = match security::of_path(&dir) {
        Ok(facts) => facts,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if let Some(up) = dir.parent().filter(|d| !d.as_os_str().is_empty()) {
        check_folder(up)?;
    }
    let (file, meta) = match open::open_nofollow(path, OpenOptions::new().read(true)) {
        Ok(Opened::Link { dir }) => return Err(symlink(path, dir).into()),
        Ok(Opened::File { kind, .. }) if kind != Kind::File => {
            return Err(not_regular(path, kind).into());
        }
        Ok(Opened::File { file, meta, .. }) => (file, meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let facts = security::of_file(&file, &meta)?;
    check_guarded(path, &folder, &facts, Os::HERE)?;
    check_size(path, meta.len(), CACHE_LIMIT)?;
    read_capped(path, file, meta.len(), CACHE_LIMIT).map(Some)
}

/// Reads a user file (config, credentials): follows symlinks, never blocks, requires a regular
/// file of at most [`CONFIG_LIMIT`] bytes. `Ok(None)` when it does not exist.
pub(crate) fn read_user(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let (file, meta, kind) = match open::open_nonblocking(path, OpenOptions::new().read(true)) {
        Ok(opened) => opened,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if kind != Kind::File {
        return Err(not_regular(path, kind).into());
    }
    check_size(path, meta.len(), CONFIG_LIMIT)?;
    read_capped(path, file, meta.len(), CONFIG_LIMIT).map(Some)
}

/// The text of the user file `path` (config or credentials), empty when it does not exist;
/// text that is not UTF-8 is an `InvalidData` error.
pub(crate) fn read_text(path: &Path) -> io::Result<String> {
    let bytes = read_optional(path)?.unwrap_or_default();
    String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the file is not UTF-8 text"))
}

/// Reads a file, returning `None` when it does not exist. Same rules as [`read_user`].
pub(crate) fn read_optional(path: &Path) -> io::Result<Option<Vec<u8>>> {
    read_user(path)
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

/// The canonical identity of a user file for locking: the resolved path of the file the write
/// will replace (symlinks and `..` resolved), so two names of one file share one lock.
pub(crate) fn resolved_identity(path: &Path) -> io::Result<PathBuf> {
    let target = write_target(path)?;
    let dir = folder_of(&target);
    let name = target.file_name().map(ToOwned::to_owned);
    // The folder may not exist yet: resolve as much of it as exists.
    let mut existing = dir.clone();
    let mut rest = Vec::new();
    let canonical = loop {
        match fs::canonicalize(&existing) {
            Ok(c) => break c,
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(last)) => {
                    rest.push(last.to_owned());
                    existing = if parent.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        parent.to_path_buf()
                    };
                }
                _ => break existing.clone(),
            },
        }
    };
    let mut out = canonical;
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    if let Some(name) = name {
        out.push(name);
    }
    Ok(out)
}

/// How [`atomic_write`] sets the mode (on Windows the ACL) of a user file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Keep the existing file's mode or ACL (private for a new file).
    Keep,
    /// The file holds secrets: always private (0600, or an owner-only ACL).
    Secret,
}

/// Removes our temp files for `file_name` in `dir` left by a killed writer: `.NAME.*.tmp`,
/// regular, ours, and older than [`STALE_TEMP_AGE`]. Best effort.
fn remove_stale_temps(dir: &Path, file_name: &str, now: SystemTime) {
    let prefix = format!(".{file_name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(middle) = name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        if middle.len() != 6 || !middle.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if meta.file_type().is_file()
            && old
            && security::owner_of(&entry.path(), &meta)
                .is_ok_and(|o| o.not_ours(Os::HERE).is_none())
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A temp file of ours, removed when dropped unless it was renamed over its target.
struct TempFile {
    path: PathBuf,
    renamed: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Creates `.NAME.XXXXXX.tmp` in `dir`, private from the start (a name that exists, a link
/// included, is never opened: another name is tried).
fn create_temp(dir: &Path, file_name: &str) -> io::Result<(File, TempFile)> {
    let mut last = None;
    for _ in 0..100 {
        let middle: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(6)
            .collect();
        let path = dir.join(format!(".{file_name}.{middle}.tmp"));
        match security::create_new_private(&path) {
            Ok(file) => {
                let temp = TempFile {
                    path,
                    renamed: false,
                };
                return Ok((file, temp));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temp file name")))
}

/// Writes `contents` to a new private temp file in `dir`, gives it the access rules `keep`
/// (none: it stays private), and renames it over `target`.
fn replace(dir: &Path, target: &Path, contents: &[u8], keep: Option<&Kept>) -> io::Result<()> {
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    remove_stale_temps(dir, &file_name, SystemTime::now());
    let (mut file, mut temp) = create_temp(dir, &file_name)?;
    file.write_all(contents)?;
    file.sync_all()?;
    if let Some(keep) = keep {
        keep.apply(&file)?;
    }
    // Closed before the rename: Windows cannot rename a file this process holds open.
    drop(file);
    replace::rename_over(&temp.path, target)?;
    temp.renamed = true;
    replace::sync_dir(dir);
    Ok(())
}

/// Writes a secret awsso hands out to a path the user chose (the container-credentials token
/// file): always private, through a temp file and a rename, so a link or file at `path` is
/// replaced, never followed or written through, and a reader never sees a partial token.
/// Missing folders are created private; existing ones are left as they are (they are the
/// user's), but one that others may write to is refused (they could swap the file after it is
/// written). A directory at `path` is an error naming it.
pub(crate) fn write_secret_to(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = folder_of(path);
    if !dir.exists() {
        security::create_dir_all_private(&dir)?;
    }
    if let Verdict::OthersWrite(others) = security::of_path(&dir)?.access {
        return Err(open_folder(&dir, others).into());
    }
    check_replaceable(path)?;
    replace(&dir, path, contents, None)
}

/// Atomically replaces a user file (config, credentials) with `contents`; see the module docs.
///
/// A symlink is written through. The new file keeps the old file's mode or ACL ([`Mode::Keep`])
/// or is private ([`Mode::Secret`]); a new file is private. Missing parent folders are created
/// private.
pub(crate) fn atomic_write_mode(path: &Path, contents: &[u8], mode: Mode) -> io::Result<()> {
    let target = write_target(path)?;
    let dir = folder_of(&target);
    if !dir.exists() {
        security::create_dir_all_private(&dir)?;
    }
    let keep = match (fs::metadata(&target), mode) {
        (Ok(meta), _) if !meta.is_file() => {
            return Err(not_regular(&target, open::kind_of(&meta)).into());
        }
        (Ok(meta), Mode::Keep) => Some(Kept::of(&target, &meta)?),
        (Ok(_), Mode::Secret) => None,
        (Err(e), _) if e.kind() == io::ErrorKind::NotFound => None,
        (Err(e), _) => return Err(e),
    };
    replace(&dir, &target, contents, keep.as_ref())
}

/// [`atomic_write_mode`] with [`Mode::Keep`].
pub(crate) fn atomic_write(path: &Path, contents: &[u8]) -> io::Result<()> {
    atomic_write_mode(path, contents, Mode::Keep)
}

/// Atomically writes one of awsso's own files (a cache) under rules 2, 3 and 5 of the module
/// docs: the folder is created (or tightened) private and must be trusted, a link or special
/// file at `path` is replaced, never followed, and the file is always private. A directory at
/// `path` is an error naming it.
pub(crate) fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = folder_of(path);
    ensure_private_folders_of(path)?;
    check_replaceable(path)?;
    replace(&dir, path, contents, None)
}

/// Checks that [`write_private`] could replace `path`: nothing there, or anything but a
/// directory.
pub(crate) fn check_replaceable(path: &Path) -> Result<(), FileError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Err(not_regular(path, open::kind_of(&meta))),
        _ => Ok(()),
    }
}

/// Checks that [`write_private`] can write `path`, without writing it: its folders exist or can
/// be created (private, trusted, folders and not files), this user can create files in the
/// folder (a temporary file is created and removed), and `path` is not a folder. Lets a caller
/// fail before work that would be lost (a browser login), with an error naming the path and
/// the fix.
pub(crate) fn check_writable(path: &Path) -> io::Result<()> {
    ensure_private_folders_of(path)?;
    check_replaceable(path)?;
    let dir = folder_of(path);
    let probe = dir.join(format!(".awsso-probe-{}", std::process::id()));
    let created = open::open_nofollow(
        &probe,
        open::private_on_create(OpenOptions::new().write(true).create_new(true)),
    );
    match created {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(FileError::NotWritable {
            reason: describe_os_error(&e),
            fix: fix::make_private(&dir, true, Os::HERE),
            path: dir,
        }
        .into()),
    }
}

/// What an operating-system error means, in words, with the system's own text after it
/// (`permission denied: this user may not change it (Permission denied (os error 13))`).
pub(crate) fn describe_os_error(e: &io::Error) -> String {
    if e.raw_os_error().is_none() {
        return e.to_string();
    }
    let meaning = match e.kind() {
        io::ErrorKind::NotFound => "it does not exist",
        io::ErrorKind::PermissionDenied => "permission denied: this user may not change it",
        io::ErrorKind::AlreadyExists => {
            "something is already there (a file where a folder must be?)"
        }
        io::ErrorKind::NotADirectory => "a file is where a folder must be",
        io::ErrorKind::IsADirectory => "a folder is where a file must be",
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only",
        io::ErrorKind::StorageFull => "the disk is full",
        io::ErrorKind::QuotaExceeded => "the disk quota is exceeded",
        io::ErrorKind::DirectoryNotEmpty => "the folder is not empty",
        io::ErrorKind::WouldBlock => "it would block (a FIFO or device?)",
        io::ErrorKind::InvalidFilename => "the name is not valid here",
        _ if is_no_reader(e) => "it is a FIFO or device no program reads",
        _ => "the operating system refused",
    };
    format!("{meaning} ({e})")
}

/// Whether `e` is "No such device or address" (`ENXIO`): a FIFO opened for writing that no
/// program reads, or a device that is not there.
fn is_no_reader(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ENXIO)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// An exclusive cross-process lock, held until dropped (or until the process dies).
#[derive(Debug)]
pub(crate) struct FileLock {
    _file: File,
}

impl FileLock {
    #[cfg(test)]
    /// Blocks until the lock at `path` is ours. Creates the lock file and its folder private.
    pub(crate) fn acquire(path: &Path) -> io::Result<FileLock> {
        FileLock::acquire_noting(path, || {}, None)
    }

    /// Like `FileLock::acquire` (tests only), but calls `waiting` first when another process holds the lock
    /// (so the user learns why nothing happens), and gives up after `limit` when one is given
    /// (an `io::ErrorKind::TimedOut` error).
    pub(crate) fn acquire_noting(
        path: &Path,
        waiting: impl FnOnce(),
        limit: Option<std::time::Duration>,
    ) -> io::Result<FileLock> {
        ensure_private_folders_of(path)?;
        let (file, _) = open_own(
            path,
            open::private_on_create(OpenOptions::new().create(true).truncate(false).write(true)),
        )?;
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
    fn a_folder_file_is_trusted_only_in_the_users_own_closed_folder() {
        use crate::platform::security::Facts;
        let linux = Os::Unix { macos: false };
        let facts = |owner: Owner, access: Verdict, sticky: bool| Facts {
            owner,
            access,
            sticky,
        };
        let mine = facts(Owner::Me, Verdict::OthersRead(Others::Mode(0o755)), false);
        let file = facts(Owner::Me, Verdict::OthersRead(Others::Mode(0o644)), false);
        let path = Path::new("/home/me/project/.awsso.toml");
        assert!(check_guarded(path, &mine, &file, linux).is_ok());
        let refusals = [
            // A root-owned folder is not one the user chose (unlike a cache folder's parent).
            (
                facts(Owner::Admin("uid 0".into()), Verdict::Private, false),
                file.clone(),
                "owned by another user (uid 0)",
            ),
            // /tmp: sticky, but anyone may create the file there.
            (
                facts(Owner::Me, Verdict::OthersWrite(Others::Mode(0o1777)), true),
                file.clone(),
                "can be written by other users (mode 1777)",
            ),
            (
                mine.clone(),
                facts(Owner::Other("uid 1001".into()), Verdict::Private, false),
                "owned by another user (uid 1001)",
            ),
            (
                mine.clone(),
                facts(Owner::Me, Verdict::OthersWrite(Others::Mode(0o666)), false),
                "can be written by other users (mode 666)",
            ),
        ];
        for (folder, file, why) in refusals {
            let e = check_guarded(path, &folder, &file, linux)
                .unwrap_err()
                .to_string();
            assert!(e.contains(why), "{e}");
        }
        // On Windows an Administrators-owned folder counts as the user's, as for every rule.
        let admins = facts(
            Owner::Admin("BUILTIN\\Administrators".into()),
            Verdict::Private,
            false,
        );
        assert!(check_guarded(path, &admins, &file, Os::Windows).is_ok());
    }
    #[cfg(unix)]
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    #[test]
    #[cfg(unix)] // modes, symlinks and FIFOs: the Windows rules are tested in crate::platform
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
    #[cfg(unix)] // modes, symlinks and FIFOs: the Windows rules are tested in crate::platform
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
    #[cfg(unix)] // modes, symlinks and FIFOs: the Windows rules are tested in crate::platform
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
    #[cfg(unix)] // modes, symlinks and FIFOs: the Windows rules are tested in crate::platform
    fn private_writes_replace_links_and_end_0600() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        fs::write(&victim, "keep").unwrap();
        fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
        let dir = tmp.path().join("cache");
        fs::create_dir(&dir).unwrap();
        let path = dir.join("x.json");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        let err = read_private(&path).unwrap_err();
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        write_private(&path, b"{}").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        let meta = fs::symlink_metadata(&path).unwrap();
        assert!(meta.is_file());
        assert_eq!(meta.mode() & 0o777, 0o600);
        assert_eq!(read_private(&path).unwrap().unwrap(), b"{}");
    }

    #[test]
    #[cfg(unix)] // modes, symlinks and FIFOs: the Windows rules are tested in crate::platform
    fn special_and_huge_files_are_refused_without_blocking() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cache");
        fs::create_dir(&dir).unwrap();
        let fifo = dir.join("fifo.json");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let err = read_private(&fifo).unwrap_err().to_string();
        assert!(err.contains("is a FIFO, not a regular file"), "{err}");
        let err = read_user(&fifo).unwrap_err().to_string();
        assert!(err.contains("FIFO"), "{err}");
        assert!(read_private(&dir).is_err());
        let big = dir.join("big.json");
        fs::write(&big, vec![b'a'; (CACHE_LIMIT + 1) as usize]).unwrap();
        let err = read_private(&big).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert!(read_user(Path::new("/dev/zero")).is_err());
        assert_eq!(read_private(&dir.join("missing.json")).unwrap(), None);
    }

    #[test]
    #[cfg(unix)] // modes, symlinks and FIFOs: the Windows rules are tested in crate::platform
    fn folders_others_can_write_are_not_trusted_or_tightened() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("awsso");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("x.json"), "{}").unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        let err = read_private(&dir.join("x.json")).unwrap_err().to_string();
        assert!(
            err.contains(&format!("chmod go-w {}", dir.display())),
            "{err}"
        );
        assert!(ensure_private_dir(&dir).is_err());
        assert_eq!(fs::metadata(&dir).unwrap().mode() & 0o777, 0o777);
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        ensure_private_dir(&dir).unwrap();
        assert_eq!(fs::metadata(&dir).unwrap().mode() & 0o777, 0o700);
    }

    #[test]
    #[cfg(unix)] // modes, symlinks and FIFOs: the Windows rules are tested in crate::platform
    fn secret_user_files_end_0600() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("credentials");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        atomic_write_mode(&path, b"new", Mode::Secret).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
    }

    #[test]
    #[cfg(unix)] // modes, symlinks and FIFOs: the Windows rules are tested in crate::platform
    fn one_file_has_one_identity_under_every_name() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("a/credentials");
        fs::create_dir_all(real.parent().unwrap()).unwrap();
        fs::create_dir_all(tmp.path().join("b")).unwrap();
        fs::write(&real, "").unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let dotted = tmp.path().join("b/../a/credentials");
        let want = resolved_identity(&real).unwrap();
        assert_eq!(resolved_identity(&link).unwrap(), want);
        assert_eq!(resolved_identity(&dotted).unwrap(), want);
        // A file that does not exist yet, in a folder that does not either.
        let new = tmp.path().join("b/../c/d/new");
        assert!(resolved_identity(&new).unwrap().ends_with("c/d/new"));
    }

    #[test]
    fn stale_temp_files_of_ours_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config");
        let stale = tmp.path().join(".config.aB3dE9.tmp");
        let fresh = tmp.path().join(".config.Zz9Yy8.tmp");
        let foreign = tmp.path().join(".config.old-copy.tmp");
        for p in [&stale, &fresh, &foreign] {
            fs::write(p, "x").unwrap();
        }
        let old = SystemTime::now() - Duration::from_secs(7200);
        for p in [&stale, &foreign] {
            File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        atomic_write(&path, b"new").unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists() && foreign.exists());
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

    #[test]
    fn what_awsso_writes_is_private_by_the_platforms_own_reading() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("awsso/roles/x.json");
        write_private(&path, b"{}").unwrap();
        for (p, dir) in [(&path, false), (&tmp.path().join("awsso/roles"), true)] {
            let facts = security::of_path(p).unwrap();
            assert_eq!(facts.owner, Owner::Me, "{}", p.display());
            assert_eq!(facts.access, Verdict::Private, "{}", p.display());
            assert_eq!(open::kind_of(&fs::metadata(p).unwrap()).is_dir(), dir);
        }
        assert_eq!(read_private(&path).unwrap().unwrap(), b"{}");
        let user = tmp.path().join("credentials");
        atomic_write_mode(&user, b"[x]", Mode::Secret).unwrap();
        assert_eq!(security::of_path(&user).unwrap().access, Verdict::Private);
        assert_eq!(read_user(&user).unwrap().unwrap(), b"[x]");
    }

    #[test]
    #[cfg(windows)]
    fn windows_links_are_refused_and_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        fs::write(&victim, "keep").unwrap();
        let dir = tmp.path().join("cache");
        fs::create_dir(&dir).unwrap();
        let path = dir.join("x.json");
        if let Err(e) = std::os::windows::fs::symlink_file(&victim, &path) {
            // Symbolic links need a privilege (or developer mode) this account may not have;
            // ERROR_PRIVILEGE_NOT_HELD is the only acceptable failure (std's own tests skip
            // the same way).
            assert_eq!(e.raw_os_error(), Some(1314), "{e}");
            eprintln!("skipped: this account may not create symbolic links");
            return;
        }
        if fs::symlink_metadata(&path).is_err() {
            eprintln!("skipped: the link just made cannot be seen (Wine 8 makes such links)");
            return;
        }
        let err = read_private(&path).unwrap_err().to_string();
        assert!(err.contains("reparse point"), "{err}");
        assert!(
            err.contains(&format!("del \"{}\"", path.display())),
            "{err}"
        );
        write_private(&path, b"{}").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        assert!(fs::symlink_metadata(&path).unwrap().is_file());
        assert_eq!(read_private(&path).unwrap().unwrap(), b"{}");
    }

    /// Opens `path` the way Python's `open()` does on Windows: without `FILE_SHARE_DELETE`,
    /// so nothing can be renamed over it while the handle is open.
    #[cfg(windows)]
    fn hold_open(path: &Path) -> File {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_SHARE_READ | FILE_SHARE_WRITE
        OpenOptions::new()
            .read(true)
            .share_mode(0x1 | 0x2)
            .open(path)
            .unwrap()
    }

    #[test]
    #[cfg(windows)]
    fn windows_a_file_held_open_is_replaced_once_released() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config");
        fs::write(&path, "old").unwrap();
        let held = hold_open(&path);
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            drop(held);
        });
        atomic_write(&path, b"new").unwrap();
        release.join().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    #[cfg(windows)]
    fn windows_a_file_held_open_too_long_is_left_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("credentials");
        fs::write(&path, "old").unwrap();
        let held = hold_open(&path);
        let err = atomic_write(&path, b"new").unwrap_err().to_string();
        drop(held);
        assert!(err.contains("another program kept it open"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    #[cfg(windows)]
    fn windows_keep_mode_keeps_the_acl_and_secrets_end_private() {
        use crate::platform::security::test_acl;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config");
        fs::write(&path, "old").unwrap();
        test_acl::users_may(&path, test_acl::READ).unwrap();
        let readable = security::of_path(&path).unwrap().access;
        assert!(matches!(readable, Verdict::OthersRead(_)), "{readable:?}");
        atomic_write(&path, b"new").unwrap();
        assert_eq!(security::of_path(&path).unwrap().access, readable);
        atomic_write_mode(&path, b"[x]", Mode::Secret).unwrap();
        assert_eq!(security::of_path(&path).unwrap().access, Verdict::Private);
        assert_eq!(fs::read_to_string(&path).unwrap(), "[x]");
    }

    #[test]
    #[cfg(windows)]
    fn windows_folders_others_can_write_are_refused_and_readable_ones_tightened() {
        use crate::platform::security::test_acl;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("awsso");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("x.json"), "{}").unwrap();
        test_acl::users_may(&dir, test_acl::MODIFY).unwrap();
        if !matches!(
            security::of_path(&dir).unwrap().access,
            Verdict::OthersWrite(_)
        ) {
            // Windows keeps every ACL; Wine keeps only what a unix mode can say.
            eprintln!("skipped: this file system does not keep access control lists");
            return;
        }
        let err = read_private(&dir.join("x.json")).unwrap_err().to_string();
        assert!(err.contains("can be written by other users"), "{err}");
        assert!(err.contains("S-1-5-32-545"), "{err}");
        assert!(
            err.contains(&format!(
                "icacls \"{}\" /inheritance:r /grant:r \"%USERNAME%:(OI)(CI)F\"",
                dir.display()
            )),
            "{err}"
        );
        assert!(ensure_private_dir(&dir).is_err());
        test_acl::users_may(&dir, test_acl::READ).unwrap();
        ensure_private_dir(&dir).unwrap();
        assert_eq!(security::of_path(&dir).unwrap().access, Verdict::Private);
    }
}
