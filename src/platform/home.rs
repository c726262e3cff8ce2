//! The home folder, under which `.aws` lives, from the environment variables each platform's
//! AWS tools read.
//!
//! Pure: the caller ([`crate::env`], the only reader of the environment) passes the lookup, and
//! falls back to the operating system's own answer when this gives none.
//!
//! - **Unix**: `HOME`.
//! - **Windows**: `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH`, then `HOME`. The AWS CLI
//!   (Python's `expanduser`) reads the first two, so awsso finds the same
//!   `%USERPROFILE%\.aws\config` and shares its `%USERPROFILE%\.aws\sso\cache`. `HOME` comes
//!   last: Git Bash and MSYS set it to the same folder, and an environment that only sets
//!   `HOME` (a test harness) still gets it. The AWS SDK for Rust reads `HOME` first; the two
//!   differ only when `HOME` and `USERPROFILE` name different folders.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::access::Os;

/// The home folder named by the environment on `os`, if any (empty values count as unset).
pub(crate) fn from_env(get: impl Fn(&str) -> Option<OsString>, os: Os) -> Option<PathBuf> {
    let var = |name: &str| get(name).filter(|v| !v.is_empty());
    match os {
        Os::Unix { .. } => var("HOME").map(PathBuf::from),
        Os::Windows => var("USERPROFILE")
            .map(PathBuf::from)
            .or_else(|| {
                let (drive, path) = (var("HOMEDRIVE")?, var("HOMEPATH")?);
                let mut joined = drive;
                joined.push(path);
                Some(PathBuf::from(joined))
            })
            .or_else(|| var("HOME").map(PathBuf::from)),
    }
}

/// Whether `home` can be the home folder: it must not depend on the current directory.
/// `HOME=.` or `HOME=foo` (and, on Windows, a drive-relative `C:foo`) would put the token cache
/// wherever the command happens to run; a rooted path (`/home/me`, `C:\Users\Me`, Windows'
/// `\Users\Me` on the current drive) is fine.
pub(crate) fn is_usable(home: &Path) -> bool {
    home.has_root()
}

/// The variable to set when no home folder is found.
pub(crate) fn variable(os: Os) -> &'static str {
    match os {
        Os::Unix { .. } => "HOME",
        Os::Windows => "USERPROFILE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn home(pairs: &[(&str, &str)], os: Os) -> Option<PathBuf> {
        let map: HashMap<&str, OsString> = pairs.iter().map(|(k, v)| (*k, (*v).into())).collect();
        from_env(|k| map.get(k).cloned(), os)
    }

    #[test]
    fn unix_reads_home_only() {
        let unix = Os::Unix { macos: false };
        assert_eq!(
            home(&[("HOME", "/home/me"), ("USERPROFILE", "/x")], unix),
            Some(PathBuf::from("/home/me"))
        );
        assert_eq!(home(&[("HOME", "")], unix), None);
        assert_eq!(variable(unix), "HOME");
    }

    #[test]
    fn a_relative_home_is_not_usable() {
        for relative in [".", "foo", "./home", "../x", ""] {
            assert!(!is_usable(Path::new(relative)), "{relative:?}");
        }
        assert!(is_usable(Path::new("/home/me")));
        #[cfg(windows)]
        {
            assert!(is_usable(Path::new(r"C:\Users\Me")));
            assert!(!is_usable(Path::new(r"C:Users")));
        }
    }

    #[test]
    fn windows_prefers_userprofile_like_the_aws_cli() {
        let w = Os::Windows;
        let all = [
            ("USERPROFILE", r"C:\Users\Me"),
            ("HOMEDRIVE", "D:"),
            ("HOMEPATH", r"\Home\Me"),
            ("HOME", "/c/Users/Me"),
        ];
        assert_eq!(home(&all, w), Some(PathBuf::from(r"C:\Users\Me")));
        assert_eq!(home(&all[1..], w), Some(PathBuf::from(r"D:\Home\Me")));
        assert_eq!(home(&all[2..], w), Some(PathBuf::from("/c/Users/Me")));
        assert_eq!(home(&[("USERPROFILE", "")], w), None);
        assert_eq!(variable(w), "USERPROFILE");
    }
}
