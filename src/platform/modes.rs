//! The unix rules of [`super::access`]: modes, the user private group, uids.
//!
//! Pure. Only unix code uses it, but it is compiled on every platform so that the rules are
//! unit-tested on Windows too.
//!
//! A file or folder is private when no group or other bit is set (`mode & 0o077 == 0`).
//! Others can **write** when the other-write bit is set, or the group-write bit for a group
//! that is not the user's private one ([`group_is_private`]); any other group or other bit lets
//! them **read** (or list). The sticky bit (`/tmp`) is the caller's exception. A file is the
//! user's when its uid is the effective uid; root is trusted for folders only.

use super::access::{Os, Others, Owner, Verdict};

/// The unix verdict for `mode`. `group_private`: whether the file's group is the user's private
/// group (then group write is not "others can write"; see [`group_is_private`]).
pub(crate) fn mode_verdict(mode: u32, group_private: bool) -> Verdict {
    if mode & 0o002 != 0 || (mode & 0o020 != 0 && !group_private) {
        Verdict::OthersWrite(Others::Mode(mode))
    } else if mode & 0o077 != 0 {
        Verdict::OthersRead(Others::Mode(mode))
    } else {
        Verdict::Private
    }
}

/// A unix group as the group database describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GroupFacts {
    /// Its id.
    pub gid: u32,
    /// Its name.
    pub name: String,
    /// The members listed for it (users whose primary group it is are not listed).
    pub members: Vec<String>,
}

/// The current user as the user database describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserFacts {
    /// The login name.
    pub name: String,
    /// The primary group.
    pub gid: u32,
}

/// The gid of macOS's `staff`, every local user's primary group there.
pub(crate) const MACOS_STAFF_GID: u32 = 20;

/// Whether `group` is the user's private group, so that a folder that group may write is
/// writable by nobody else: the user's primary group, named like the user, listing no other
/// member. That is the "user private group" of most Linux systems, where the umask is 002.
///
/// On macOS every local user's primary group is the shared `staff` (gid 20), whose member list
/// is usually empty because membership comes from the primary group: it is never private, even
/// for a user who happens to be called `staff`.
pub(crate) fn group_is_private(group: &GroupFacts, user: &UserFacts, os: Os) -> bool {
    if os == (Os::Unix { macos: true }) && (group.gid == MACOS_STAFF_GID || group.name == "staff") {
        return false;
    }
    group.gid == user.gid
        && group.name == user.name
        && group.members.iter().all(|member| *member == user.name)
}

/// The owner verdict for a unix uid.
pub(crate) fn uid_owner(uid: u32, me: u32) -> Owner {
    match uid {
        _ if uid == me => Owner::Me,
        0 => Owner::Admin("uid 0".to_owned()),
        _ => Owner::Other(format!("uid {uid}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINUX: Os = Os::Unix { macos: false };
    const MACOS: Os = Os::Unix { macos: true };

    #[test]
    fn modes() {
        assert_eq!(mode_verdict(0o600, false), Verdict::Private);
        assert_eq!(mode_verdict(0o700, false), Verdict::Private);
        assert_eq!(
            mode_verdict(0o644, false),
            Verdict::OthersRead(Others::Mode(0o644))
        );
        assert_eq!(
            mode_verdict(0o755, false),
            Verdict::OthersRead(Others::Mode(0o755))
        );
        assert!(mode_verdict(0o777, true).others_write());
        assert!(mode_verdict(0o1777, false).others_write());
        assert!(mode_verdict(0o770, false).others_write());
        // The user private group may write; it still counts as "others may read".
        assert_eq!(
            mode_verdict(0o770, true),
            Verdict::OthersRead(Others::Mode(0o770))
        );
        assert_eq!(Others::Mode(0o1777).to_string(), "mode 1777");
    }

    #[test]
    fn user_private_groups_on_linux() {
        let bob = UserFacts {
            name: "bob".into(),
            gid: 1000,
        };
        let group = |gid, name: &str, members: &[&str]| GroupFacts {
            gid,
            name: name.into(),
            members: members.iter().map(|m| (*m).to_owned()).collect(),
        };
        assert!(group_is_private(&group(1000, "bob", &[]), &bob, LINUX));
        assert!(group_is_private(&group(1000, "bob", &["bob"]), &bob, LINUX));
        assert!(!group_is_private(
            &group(1000, "bob", &["bob", "eve"]),
            &bob,
            LINUX
        ));
        assert!(!group_is_private(&group(1000, "devs", &[]), &bob, LINUX));
        // Named like the user but not the user's primary group: someone else's primary group
        // could be it, and the member list would not say so.
        assert!(!group_is_private(&group(1001, "bob", &[]), &bob, LINUX));
        assert!(!group_is_private(&group(100, "users", &[]), &bob, LINUX));
    }

    #[test]
    fn macos_staff_is_shared() {
        let alice = UserFacts {
            name: "alice".into(),
            gid: MACOS_STAFF_GID,
        };
        let staff = GroupFacts {
            gid: MACOS_STAFF_GID,
            name: "staff".into(),
            members: vec![],
        };
        assert!(!group_is_private(&staff, &alice, MACOS));
        // Even a user named staff: gid 20 is everyone's.
        let odd = UserFacts {
            name: "staff".into(),
            gid: MACOS_STAFF_GID,
        };
        assert!(!group_is_private(&staff, &odd, MACOS));
        // A group of the user's own on macOS follows the general rule.
        let own = GroupFacts {
            gid: 501,
            name: "alice".into(),
            members: vec![],
        };
        let alice_own = UserFacts {
            name: "alice".into(),
            gid: 501,
        };
        assert!(group_is_private(&own, &alice_own, MACOS));
        // On Linux a user `staff` whose private group is `staff` is just a user private group.
        let linux_staff = UserFacts {
            name: "staff".into(),
            gid: 50,
        };
        let staff50 = GroupFacts {
            gid: 50,
            name: "staff".into(),
            members: vec![],
        };
        assert!(group_is_private(&staff50, &linux_staff, LINUX));
        assert!(!group_is_private(&staff50, &linux_staff, MACOS));
    }

    #[test]
    fn unix_owners() {
        assert_eq!(uid_owner(1000, 1000), Owner::Me);
        assert_eq!(uid_owner(0, 1000), Owner::Admin("uid 0".into()));
        assert_eq!(uid_owner(0, 0), Owner::Me);
        assert_eq!(uid_owner(1001, 1000), Owner::Other("uid 1001".into()));
    }
}
