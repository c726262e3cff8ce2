//! Private files and folders: reading who owns a file and who else may use it, and making files
//! and folders private — unix modes (`0600` files, `0700` folders) or Windows DACLs.
//!
//! I/O; the decisions are [`super::modes`]'s and [`super::acl`]'s. On Windows a private file
//! or folder has a protected DACL (nothing inherited) with full control for the user, SYSTEM
//! and Administrators ([`super::acl::private_acl`]) — the entries Windows gives a profile
//! folder, so backup and anti-virus services running as SYSTEM keep working — and awsso creates
//! its files and folders with that DACL from the first instant, so no other account can ever
//! open one. The `icacls` fix awsso suggests leaves only the user's entry; both are private.

use std::fs::{self, File};
use std::io;
use std::path::Path;

use super::access::{Owner, Verdict};

/// Mode of files awsso creates private on unix.
#[cfg(unix)]
pub(crate) const PRIVATE_FILE_MODE: u32 = 0o600;
/// Mode of folders awsso creates private on unix.
#[cfg(unix)]
pub(crate) const PRIVATE_DIR_MODE: u32 = 0o700;

/// Who owns a file or folder, and who else may use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facts {
    /// The owner.
    pub owner: Owner,
    /// Who else may read or write it.
    pub access: Verdict,
    /// A unix sticky folder (`/tmp`): others may add entries but not replace ours.
    pub sticky: bool,
}

/// The facts of an open file (`meta` from the same handle).
pub(crate) fn of_file(file: &File, meta: &fs::Metadata) -> io::Result<Facts> {
    imp::of_file(file, meta)
}

/// The facts of the file or folder at `path`, links followed.
pub(crate) fn of_path(path: &Path) -> io::Result<Facts> {
    imp::of_path(path)
}

/// The owner of the entry `meta` describes (from `symlink_metadata`), at `path`.
pub(crate) fn owner_of(path: &Path, meta: &fs::Metadata) -> io::Result<Owner> {
    imp::owner_of(path, meta)
}

/// Makes an existing file or folder (`dir`) private: `chmod 600` / `700`, or the private DACL
/// (for a folder, Windows updates what its children inherit).
pub(crate) fn make_private(path: &Path, dir: bool) -> io::Result<()> {
    imp::make_private(path, dir)
}

/// Creates `dir` and any missing parents, each private from the start. Existing folders are
/// left as they are.
pub(crate) fn create_dir_all_private(dir: &Path) -> io::Result<()> {
    imp::create_dir_all_private(dir)
}

/// Creates a new file at `path` (an error if anything is there, a link included), private
/// from the start, open for reading and writing.
pub(crate) fn create_new_private(path: &Path) -> io::Result<File> {
    imp::create_new_private(path)
}

/// The access rules of an existing file, to give its replacement ([`Kept::apply`]): its mode,
/// or its DACL.
#[derive(Debug, Clone)]
pub(crate) struct Kept(imp::Kept);

impl Kept {
    /// Reads them from the file at `path` (`meta`: its metadata, links followed).
    pub(crate) fn of(path: &Path, meta: &fs::Metadata) -> io::Result<Kept> {
        imp::Kept::of(path, meta).map(Kept)
    }

    /// Gives them to `file`, a private file created by [`create_new_private`].
    pub(crate) fn apply(&self, file: &File) -> io::Result<()> {
        self.0.apply(file)
    }
}

/// The uid a `chown` fix names (0 on Windows, where fixes name `%USERNAME%`).
pub(crate) fn my_uid() -> u32 {
    imp::my_uid()
}

#[cfg(unix)]
mod imp {
    use std::fs::{self, DirBuilder, File, OpenOptions};
    use std::io;
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
    use std::path::Path;

    use super::{Facts, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE};
    use crate::platform::access::Owner;
    use crate::platform::identity::{current_uid, group_is_private};
    use crate::platform::modes;

    pub(super) fn my_uid() -> u32 {
        current_uid()
    }

    fn facts(meta: &fs::Metadata) -> Facts {
        // Folders show their special bits (sticky, setgid) in messages; files do not.
        let mode = meta.mode() & if meta.is_dir() { 0o7777 } else { 0o777 };
        let group_private = mode & 0o020 != 0 && group_is_private(meta.gid());
        Facts {
            owner: modes::uid_owner(meta.uid(), current_uid()),
            access: modes::mode_verdict(mode, group_private),
            sticky: mode & 0o1000 != 0,
        }
    }

    pub(super) fn of_file(_file: &File, meta: &fs::Metadata) -> io::Result<Facts> {
        Ok(facts(meta))
    }

    pub(super) fn of_path(path: &Path) -> io::Result<Facts> {
        Ok(facts(&fs::metadata(path)?))
    }

    pub(super) fn owner_of(_path: &Path, meta: &fs::Metadata) -> io::Result<Owner> {
        Ok(modes::uid_owner(meta.uid(), current_uid()))
    }

    pub(super) fn make_private(path: &Path, dir: bool) -> io::Result<()> {
        let mode = if dir {
            PRIVATE_DIR_MODE
        } else {
            PRIVATE_FILE_MODE
        };
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
    }

    pub(super) fn create_dir_all_private(dir: &Path) -> io::Result<()> {
        DirBuilder::new()
            .recursive(true)
            .mode(PRIVATE_DIR_MODE)
            .create(dir)
    }

    pub(super) fn create_new_private(path: &Path) -> io::Result<File> {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(PRIVATE_FILE_MODE)
            .open(path)
    }

    /// The mode to give the replacement.
    #[derive(Debug, Clone)]
    pub(super) struct Kept(u32);

    impl Kept {
        pub(super) fn of(_path: &Path, meta: &fs::Metadata) -> io::Result<Kept> {
            Ok(Kept(meta.permissions().mode() & 0o7777))
        }

        pub(super) fn apply(&self, file: &File) -> io::Result<()> {
            if self.0 == PRIVATE_FILE_MODE {
                return Ok(());
            }
            file.set_permissions(fs::Permissions::from_mode(self.0))
        }
    }
}

#[cfg(windows)]
mod imp {
    use std::fs::{self, File};
    use std::io;
    use std::path::Path;

    use super::Facts;
    use crate::platform::access::{Others, Owner, Verdict};
    use crate::platform::acl;
    use crate::platform::identity::{account_name, me};
    use crate::platform::win::{self, Descriptor, SecurityInfo};

    pub(super) fn my_uid() -> u32 {
        0
    }

    fn invalid_acl() -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, "unreadable access control list")
    }

    /// Names the account in an `Others::Account` when Windows knows it.
    fn named(verdict: Verdict) -> Verdict {
        let name = |others: Others| match others {
            Others::Account { sid, name: None } if sid.well_known_name().is_none() => {
                let name = account_name(&sid);
                Others::Account { sid, name }
            }
            other => other,
        };
        match verdict {
            Verdict::OthersRead(o) => Verdict::OthersRead(name(o)),
            Verdict::OthersWrite(o) => Verdict::OthersWrite(name(o)),
            Verdict::Private => Verdict::Private,
        }
    }

    fn owner(info: &SecurityInfo) -> io::Result<Owner> {
        let owners = me()?.owners();
        Ok(match acl::sid_owner(&info.owner, &owners, None) {
            Owner::Other(_) => acl::sid_owner(&info.owner, &owners, account_name(&info.owner)),
            known => known,
        })
    }

    fn facts(info: &SecurityInfo) -> io::Result<Facts> {
        let entries = match &info.dacl {
            Some(bytes) => Some(acl::parse_acl(bytes).ok_or_else(invalid_acl)?),
            None => None,
        };
        let verdict = acl::acl_verdict(&info.owner, entries.as_deref(), &me()?.user);
        Ok(Facts {
            owner: owner(info)?,
            access: named(verdict),
            sticky: false,
        })
    }

    pub(super) fn of_file(file: &File, _meta: &fs::Metadata) -> io::Result<Facts> {
        facts(&win::security_of_handle(file)?)
    }

    pub(super) fn of_path(path: &Path) -> io::Result<Facts> {
        facts(&win::security_of_path(path)?)
    }

    pub(super) fn owner_of(path: &Path, _meta: &fs::Metadata) -> io::Result<Owner> {
        owner(&win::security_of_path(path)?)
    }

    fn private_acl(dir: bool) -> io::Result<Vec<u8>> {
        Ok(acl::private_acl(&me()?.user, dir))
    }

    pub(super) fn make_private(path: &Path, dir: bool) -> io::Result<()> {
        win::set_dacl_of_path(path, &private_acl(dir)?, true)
    }

    pub(super) fn create_dir_all_private(dir: &Path) -> io::Result<()> {
        if dir.is_dir() {
            return Ok(());
        }
        // The missing folders, outermost first.
        let mut missing = Vec::new();
        let mut at = Some(dir);
        while let Some(d) = at.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            missing.push(d);
            at = d.parent();
        }
        let sd = Descriptor::protected(&private_acl(true)?)?;
        for d in missing.into_iter().rev() {
            match win::create_dir(d, &sd) {
                Ok(()) => {}
                // Another process made it first.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && d.is_dir() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    pub(super) fn create_new_private(path: &Path) -> io::Result<File> {
        let sd = Descriptor::protected(&private_acl(false)?)?;
        win::create_new_file(path, &sd)
    }

    /// The DACL to give the replacement: the old file's explicit entries, and whether it
    /// inherited the folder's.
    #[derive(Debug, Clone)]
    pub(super) struct Kept {
        dacl: Option<Vec<u8>>,
        protected: bool,
    }

    impl Kept {
        pub(super) fn of(path: &Path, _meta: &fs::Metadata) -> io::Result<Kept> {
            let info = win::security_of_path(path)?;
            let dacl = match info.dacl {
                Some(acl) if info.protected => Some(acl),
                // Windows adds the folder's inheritable entries back itself.
                Some(acl) => Some(acl::explicit_entries(&acl).ok_or_else(invalid_acl)?),
                None => None,
            };
            Ok(Kept {
                dacl,
                protected: info.protected,
            })
        }

        pub(super) fn apply(&self, file: &File) -> io::Result<()> {
            match &self.dacl {
                Some(acl) => win::set_dacl_of_handle(file, acl, self.protected),
                // A NULL DACL (everyone may do anything) is never copied: the new file stays
                // private.
                None => Ok(()),
            }
        }
    }
}

/// Test support on Windows: access lists set directly, as another tool or a person would.
#[cfg(all(test, windows))]
pub(crate) mod test_acl {
    use std::io;
    use std::path::Path;

    use crate::platform::acl::{self, AceSummary, FILE_ALL_ACCESS, Sid};
    use crate::platform::identity::me;
    use crate::platform::win;

    /// `FILE_GENERIC_READ | FILE_GENERIC_EXECUTE` (icacls' `RX`).
    pub(crate) const READ: u32 = 0x0012_00A9;
    /// icacls' `M`: read, write, delete.
    pub(crate) const MODIFY: u32 = 0x0013_01BF;

    /// Gives `path` a protected DACL: full control for the user, `mask` for `BUILTIN\Users`.
    pub(crate) fn users_may(path: &Path, mask: u32) -> io::Result<()> {
        let entries = [
            AceSummary {
                allow: true,
                flags: 0,
                mask: FILE_ALL_ACCESS,
                sid: me()?.user.clone(),
            },
            AceSummary {
                allow: true,
                flags: 0,
                mask,
                sid: Sid::new(5, &[32, 545]),
            },
        ];
        win::set_dacl_of_path(path, &acl::build_acl(&entries), true)
    }
}
