//! The shared vocabulary of the file rules — who else may use a file or folder ([`Verdict`]),
//! what lets them ([`Others`]), who owns it ([`Owner`]), and which platform's rules apply
//! ([`Os`]) — decided by [`super::modes`] on unix and [`super::acl`] on Windows.
//!
//! Pure and compiled on every platform. Reading modes, owners and ACLs is
//! [`super::security`]'s job; the fix commands are [`super::fix`]'s.

use std::fmt;

use super::acl::Sid;

/// The platform whose rules apply: the one awsso runs on is [`Os::HERE`], and tests pick either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Os {
    /// Linux, macOS and the BSDs: modes, uids, symlinks.
    #[cfg_attr(windows, allow(dead_code))] // built by tests only on Windows
    Unix {
        /// macOS: every user's primary group is the shared `staff` (gid 20).
        macos: bool,
    },
    /// Windows: ACLs, SIDs, reparse points.
    Windows,
}

impl Os {
    /// The platform this build runs on.
    #[cfg(windows)]
    pub(crate) const HERE: Os = Os::Windows;
    /// The platform this build runs on.
    #[cfg(all(unix, target_vendor = "apple"))]
    pub(crate) const HERE: Os = Os::Unix { macos: true };
    /// The platform this build runs on.
    #[cfg(all(unix, not(target_vendor = "apple")))]
    pub(crate) const HERE: Os = Os::Unix { macos: false };
}

/// Who, besides the user, may use a file or folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Only the user (and on Windows SYSTEM and Administrators).
    Private,
    /// Others may read the file, or list the folder, but not change it.
    OthersRead(Others),
    /// Others may change the file, or add, rename and remove entries of the folder.
    OthersWrite(Others),
}

impl Verdict {
    /// Whether others may write (see [`Verdict::OthersWrite`]).
    #[cfg(test)]
    pub(crate) fn others_write(&self) -> bool {
        matches!(self, Verdict::OthersWrite(_))
    }

    /// What gives others access, unless it is private.
    pub(crate) fn others(&self) -> Option<&Others> {
        match self {
            Verdict::Private => None,
            Verdict::OthersRead(others) | Verdict::OthersWrite(others) => Some(others),
        }
    }
}

/// What gives others their access, for messages: a unix mode, or a Windows ACL entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Others {
    /// The mode bits (`& 0o777` for files, `& 0o7777` for folders). Unix only.
    #[cfg_attr(not(unix), allow(dead_code))]
    Mode(u32),
    /// The SID of an entry (or of the owner) that gives the access, and its account name when
    /// known (`BUILTIN\Users`). Windows only.
    #[cfg_attr(not(windows), allow(dead_code))]
    Account {
        /// The SID.
        sid: Sid,
        /// `DOMAIN\name`, when it could be looked up.
        name: Option<String>,
    },
}

impl fmt::Display for Others {
    /// `mode 644`, or `an entry for BUILTIN\Users (S-1-5-32-545)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Others::Mode(mode) => write!(f, "mode {mode:o}"),
            Others::Account { sid, name } => match name.as_deref().or(sid.well_known_name()) {
                Some(name) => write!(f, "an entry for {name} ({sid})"),
                None => write!(f, "an entry for {sid}"),
            },
        }
    }
}

/// Who owns a file or folder, as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Owner {
    /// The current user (on Windows also the token's default owner for new files).
    Me,
    /// root, or SYSTEM or Administrators; see [`Owner::not_ours`]. Holds what messages call
    /// it (`uid 0`, `NT AUTHORITY\SYSTEM (S-1-5-18)`).
    Admin(String),
    /// Someone else: `uid 1001`, or `DOMAIN\name (S-1-…)` / the SID.
    Other(String),
}

impl Owner {
    /// What a message calls the owner, unless the file or folder counts as the user's own on
    /// `os` — one awsso may read its secrets from and manage.
    ///
    /// On unix only the user's own do: a root-owned file (left by `sudo awsso …`) is one the
    /// user could not rewrite or make private. On Windows an Administrators-owned one counts
    /// too: an elevated prompt may give new files to Administrators (a policy setting), awsso's
    /// private ACL still gives the user full control of them, and an administrator could take
    /// any file anyway. Someone else's never does.
    pub(crate) fn not_ours(&self, os: Os) -> Option<&str> {
        match self {
            Owner::Me => None,
            Owner::Admin(_) if os == Os::Windows => None,
            Owner::Admin(who) | Owner::Other(who) => Some(who),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whose_files_count_as_ours() {
        let linux = Os::Unix { macos: false };
        let root = Owner::Admin("uid 0".into());
        assert_eq!(Owner::Me.not_ours(linux), None);
        assert_eq!(root.not_ours(linux), Some("uid 0"));
        assert_eq!(root.not_ours(Os::Windows), None);
        let eve = Owner::Other("CORP\\eve (S-1-5-21-1-2-3-1002)".into());
        assert_eq!(
            eve.not_ours(Os::Windows),
            Some("CORP\\eve (S-1-5-21-1-2-3-1002)")
        );
        assert_eq!(
            Others::Mode(0o644).to_string(),
            "mode 644",
            "unix messages read `has mode 644`"
        );
    }
}
