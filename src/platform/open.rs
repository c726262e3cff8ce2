//! Opening files without following links and without blocking, and what kind of file was
//! opened.
//!
//! I/O. On unix: `O_NOFOLLOW | O_NONBLOCK` (a FIFO opens at once instead of waiting for a
//! writer) and `fstat`. On Windows: `FILE_FLAG_OPEN_REPARSE_POINT` (a symlink, junction or any
//! other reparse point is opened itself, then refused), `FILE_FLAG_BACKUP_SEMANTICS` (so a
//! folder opens and is reported as one), and `GetFileType` (only `FILE_TYPE_DISK` is a file;
//! character devices such as `NUL` and pipes are not).

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

/// What messages call a link awsso refuses to follow.
#[cfg(not(windows))]
pub(crate) const LINK_NAME: &str = "symbolic link";
/// What messages call a link awsso refuses to follow: any reparse point.
#[cfg(windows)]
pub(crate) const LINK_NAME: &str = "link (a symbolic link, junction or other reparse point)";

/// What a path or an open file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A regular file on disk.
    File,
    /// A folder.
    Dir,
    /// A symbolic link, or on Windows any reparse point (junctions too). `dir`: a link to a
    /// folder or a junction (removed with `rmdir` on Windows).
    Link {
        /// Whether it is a folder link.
        dir: bool,
    },
    /// A unix FIFO.
    #[cfg_attr(not(unix), allow(dead_code))]
    Fifo,
    /// A Windows pipe.
    #[cfg_attr(not(windows), allow(dead_code))]
    Pipe,
    /// A unix socket.
    #[cfg_attr(not(unix), allow(dead_code))]
    Socket,
    /// A character or block device (`/dev/zero`, `NUL`).
    Device,
    /// Anything else.
    Other,
}

impl Kind {
    /// Its name in messages: `FIFO`, `directory`, `symbolic link`, …
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::File => "regular file",
            Kind::Dir => "directory",
            Kind::Link { .. } => LINK_NAME,
            Kind::Fifo => "FIFO",
            Kind::Pipe => "pipe",
            Kind::Socket => "socket",
            Kind::Device => "device",
            Kind::Other => "special file",
        }
    }

    /// Whether it is a folder (a real one, or a link to one).
    pub(crate) fn is_dir(self) -> bool {
        matches!(self, Kind::Dir | Kind::Link { dir: true })
    }
}

/// The result of [`open_nofollow`].
#[derive(Debug)]
pub(crate) enum Opened {
    /// Something that is not a link was opened.
    File {
        /// The open file.
        file: File,
        /// Its metadata, from the open handle.
        meta: fs::Metadata,
        /// What it is.
        kind: Kind,
    },
    /// The path is a link (or reparse point); nothing was opened through it.
    Link {
        /// Whether it is a folder link.
        dir: bool,
    },
}

/// Opens `path` with `options` without following a link at the last component, and without
/// blocking on a FIFO. Folders above it are followed (a linked `~/.aws` is common).
pub(crate) fn open_nofollow(path: &Path, options: &mut OpenOptions) -> io::Result<Opened> {
    imp::open_nofollow(path, options)
}

/// Opens `path` with `options`, following links, without blocking on a FIFO; returns what it
/// is.
pub(crate) fn open_nonblocking(
    path: &Path,
    options: &mut OpenOptions,
) -> io::Result<(File, fs::Metadata, Kind)> {
    imp::open_nonblocking(path, options)
}

/// What `meta` (from `symlink_metadata`, or `metadata`) says the path is.
pub(crate) fn kind_of(meta: &fs::Metadata) -> Kind {
    imp::kind_of(meta)
}

/// Makes a file that `options` creates private from the start (`0600` on unix; on Windows a
/// new file inherits its folder's entries, which for awsso's own folders are private).
pub(crate) fn private_on_create(options: &mut OpenOptions) -> &mut OpenOptions {
    imp::private_on_create(options)
}

#[cfg(unix)]
mod imp {
    use std::fs::{self, File, OpenOptions};
    use std::io;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    use std::path::Path;

    use super::{Kind, Opened};

    pub(super) fn kind_of(meta: &fs::Metadata) -> Kind {
        let ft = meta.file_type();
        if ft.is_file() {
            Kind::File
        } else if ft.is_dir() {
            Kind::Dir
        } else if ft.is_symlink() {
            Kind::Link { dir: false }
        } else if ft.is_fifo() {
            Kind::Fifo
        } else if ft.is_socket() {
            Kind::Socket
        } else if ft.is_char_device() || ft.is_block_device() {
            Kind::Device
        } else {
            Kind::Other
        }
    }

    /// Whether an `open` error with `O_NOFOLLOW` means "a symbolic link is there": `ELOOP`
    /// (Linux, macOS, POSIX), `EMLINK` (FreeBSD, DragonFly).
    fn is_link_error(e: &io::Error) -> bool {
        let code = e.raw_os_error();
        code == Some(libc::ELOOP)
            || (cfg!(any(target_os = "freebsd", target_os = "dragonfly"))
                && code == Some(libc::EMLINK))
    }

    pub(super) fn open_nofollow(path: &Path, options: &mut OpenOptions) -> io::Result<Opened> {
        match options
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
        {
            Ok(file) => {
                let meta = file.metadata()?;
                let kind = kind_of(&meta);
                Ok(Opened::File { file, meta, kind })
            }
            Err(e) if is_link_error(&e) => Ok(Opened::Link { dir: false }),
            Err(e) => Err(e),
        }
    }

    pub(super) fn open_nonblocking(
        path: &Path,
        options: &mut OpenOptions,
    ) -> io::Result<(File, fs::Metadata, Kind)> {
        let file = options.custom_flags(libc::O_NONBLOCK).open(path)?;
        let meta = file.metadata()?;
        let kind = kind_of(&meta);
        Ok((file, meta, kind))
    }

    pub(super) fn private_on_create(options: &mut OpenOptions) -> &mut OpenOptions {
        options.mode(crate::platform::security::PRIVATE_FILE_MODE)
    }
}

#[cfg(windows)]
mod imp {
    use std::fs::{self, File, OpenOptions};
    use std::io;
    use std::os::windows::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
    use std::path::Path;

    use windows_sys::Win32::Storage::FileSystem::{
        FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_REPARSE_POINT, FILE_FLAG_BACKUP_SEMANTICS,
        FILE_FLAG_OPEN_REPARSE_POINT, FILE_TYPE_CHAR, FILE_TYPE_DISK, FILE_TYPE_PIPE,
    };

    use super::{Kind, Opened};
    use crate::platform::win;

    pub(super) fn kind_of(meta: &fs::Metadata) -> Kind {
        let attributes = meta.file_attributes();
        let ft = meta.file_type();
        if attributes & FILE_ATTRIBUTE_REPARSE_POINT != 0 || ft.is_symlink() {
            Kind::Link {
                dir: attributes & FILE_ATTRIBUTE_DIRECTORY != 0 || ft.is_symlink_dir(),
            }
        } else if ft.is_dir() {
            Kind::Dir
        } else if ft.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }

    /// What an open handle is: only `FILE_TYPE_DISK` is a file or folder.
    fn kind_of_open(file: &File, meta: &fs::Metadata) -> Kind {
        match win::file_type(file) {
            FILE_TYPE_DISK if meta.is_dir() => Kind::Dir,
            FILE_TYPE_DISK => Kind::File,
            FILE_TYPE_CHAR => Kind::Device,
            FILE_TYPE_PIPE => Kind::Pipe,
            _ => Kind::Other,
        }
    }

    pub(super) fn open_nofollow(path: &Path, options: &mut OpenOptions) -> io::Result<Opened> {
        let file = options
            .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS)
            .open(path)?;
        let meta = file.metadata()?;
        let attributes = meta.file_attributes();
        if attributes & FILE_ATTRIBUTE_REPARSE_POINT != 0 {
            return Ok(Opened::Link {
                dir: attributes & FILE_ATTRIBUTE_DIRECTORY != 0,
            });
        }
        let kind = kind_of_open(&file, &meta);
        Ok(Opened::File { file, meta, kind })
    }

    pub(super) fn open_nonblocking(
        path: &Path,
        options: &mut OpenOptions,
    ) -> io::Result<(File, fs::Metadata, Kind)> {
        // Opening never blocks on Windows; backup semantics let a folder open, to be named.
        let file = options
            .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
            .open(path)?;
        let meta = file.metadata()?;
        let kind = kind_of_open(&file, &meta);
        Ok((file, meta, kind))
    }

    pub(super) fn private_on_create(options: &mut OpenOptions) -> &mut OpenOptions {
        options
    }
}
