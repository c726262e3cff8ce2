//! Who the current user is, and the user and group databases: the effective uid and
//! `getpwuid_r` / `getgrgid_r` on unix; the process token's user SID, its default owner for new
//! files, and `LookupAccountSidW` on Windows.
//!
//! I/O (system calls); the decisions made with these facts are in [`super::modes`] and
//! [`super::acl`].

#[cfg(unix)]
pub(crate) use unix::{current_uid, group_is_private};
#[cfg(windows)]
pub(crate) use windows::{account_name, me};

#[cfg(unix)]
mod unix {
    use std::ffi::CStr;

    use crate::platform::access::Os;
    use crate::platform::modes::{self, GroupFacts, UserFacts};

    /// The effective user id of this process.
    pub(crate) fn current_uid() -> u32 {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() }
    }

    /// The largest buffer the `*_r` look-ups get before giving up (a group with thousands of
    /// listed members needs more than the usual 16 KiB).
    const MAX_BUFFER: usize = 1024 * 1024;

    /// Calls a `get*_r` function with a growing buffer until it fits. `None` when the entry does
    /// not exist or the look-up fails.
    fn lookup<T>(mut call: impl FnMut(&mut [libc::c_char]) -> Result<Option<T>, i32>) -> Option<T> {
        let mut buf = vec![0 as libc::c_char; 16 * 1024];
        loop {
            match call(&mut buf) {
                Ok(found) => return found,
                Err(libc::ERANGE) if buf.len() < MAX_BUFFER => buf.resize(buf.len() * 4, 0),
                Err(_) => return None,
            }
        }
    }

    /// The user database's entry for `uid`.
    fn user(uid: u32) -> Option<UserFacts> {
        lookup(|buf| {
            // SAFETY: a zeroed passwd is a valid out-parameter for getpwuid_r.
            let mut passwd: libc::passwd = unsafe { std::mem::zeroed() };
            let mut found: *mut libc::passwd = std::ptr::null_mut();
            // SAFETY: every pointer is valid for the call, and `buf` (which backs the strings of
            // the result) outlives their use below.
            let rc = unsafe {
                libc::getpwuid_r(uid, &mut passwd, buf.as_mut_ptr(), buf.len(), &mut found)
            };
            if rc != 0 {
                return Err(rc);
            }
            if found.is_null() || passwd.pw_name.is_null() {
                return Ok(None);
            }
            // SAFETY: getpwuid_r filled pw_name with a NUL-terminated string inside `buf`.
            let name = unsafe { CStr::from_ptr(passwd.pw_name) };
            Ok(Some(UserFacts {
                name: name.to_string_lossy().into_owned(),
                gid: passwd.pw_gid,
            }))
        })
    }

    /// The group database's entry for `gid`.
    fn group(gid: u32) -> Option<GroupFacts> {
        lookup(|buf| {
            // SAFETY: a zeroed group is a valid out-parameter for getgrgid_r.
            let mut group: libc::group = unsafe { std::mem::zeroed() };
            let mut found: *mut libc::group = std::ptr::null_mut();
            // SAFETY: every pointer is valid for the call, and `buf` (which backs the strings of
            // the result) outlives their use below.
            let rc = unsafe {
                libc::getgrgid_r(gid, &mut group, buf.as_mut_ptr(), buf.len(), &mut found)
            };
            if rc != 0 {
                return Err(rc);
            }
            if found.is_null() || group.gr_name.is_null() {
                return Ok(None);
            }
            // SAFETY: getgrgid_r filled gr_name with a NUL-terminated string inside `buf`.
            let name = unsafe { CStr::from_ptr(group.gr_name) };
            let mut members = Vec::new();
            let mut member = group.gr_mem;
            // SAFETY: gr_mem is a NULL-terminated array of NUL-terminated strings inside `buf`.
            unsafe {
                while !member.is_null() && !(*member).is_null() {
                    members.push(CStr::from_ptr(*member).to_string_lossy().into_owned());
                    member = member.add(1);
                }
            }
            Ok(Some(GroupFacts {
                gid,
                name: name.to_string_lossy().into_owned(),
                members,
            }))
        })
    }

    /// Whether `gid` is the current user's private group ([`modes::group_is_private`]); `false`
    /// when either database has no entry.
    pub(crate) fn group_is_private(gid: u32) -> bool {
        match (group(gid), user(current_uid())) {
            (Some(group), Some(user)) => modes::group_is_private(&group, &user, Os::HERE),
            _ => false,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_current_user_and_its_primary_group_are_found() {
            let me = user(current_uid()).expect("the test user has a passwd entry");
            assert!(!me.name.is_empty());
            let primary = group(me.gid).expect("the primary group has an entry");
            assert_eq!(primary.gid, me.gid);
            assert_eq!(user(u32::MAX - 7), None);
        }
    }
}

#[cfg(windows)]
mod windows {
    use std::io;
    use std::sync::OnceLock;

    use crate::platform::acl::Sid;
    use crate::platform::win;

    /// The current user as the file rules see it.
    #[derive(Debug, Clone)]
    pub(crate) struct Me {
        /// The process token's user.
        pub user: Sid,
        /// The owner the token gives new files: the user, or Administrators for an elevated
        /// administrator (a policy setting).
        pub default_owner: Sid,
    }

    impl Me {
        /// The SIDs whose files count as the user's own.
        pub(crate) fn owners(&self) -> [Sid; 2] {
            [self.user.clone(), self.default_owner.clone()]
        }
    }

    /// The current user, read from the process token once.
    pub(crate) fn me() -> io::Result<&'static Me> {
        static ME: OnceLock<Result<Me, i32>> = OnceLock::new();
        let me = ME.get_or_init(|| {
            let read = || -> io::Result<Me> {
                let (user, default_owner) = win::token_user_and_owner()?;
                Ok(Me {
                    user,
                    default_owner,
                })
            };
            read().map_err(|e| e.raw_os_error().unwrap_or(0))
        });
        me.as_ref()
            .map_err(|&code| io::Error::from_raw_os_error(code))
    }

    /// `DOMAIN\name` of a SID, when Windows can name it.
    pub(crate) fn account_name(sid: &Sid) -> Option<String> {
        win::lookup_account(sid)
    }
}
