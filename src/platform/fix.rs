//! The commands a person runs to fix an unsafe file or folder, in the platform's own shell: a
//! POSIX shell on unix, `cmd.exe` on Windows (where `%USERNAME%` is the current user).
//!
//! Pure: error messages and `awsso doctor` quote these; tests cover both platforms everywhere.

use std::path::Path;

use super::access::Os;

/// A path quoted for the platform's shell: POSIX quoting when needed on unix, always double
/// quotes on Windows (a Windows path cannot contain `"`).
pub(crate) fn quote(path: &Path, os: Os) -> String {
    let text = path.display().to_string();
    match os {
        Os::Unix { .. } => shlex::try_quote(&text).map_or(text.clone(), |q| q.into_owned()),
        Os::Windows => format!("\"{text}\""),
    }
}

/// Removes a file, a link (`dir`: a link to a folder, or a junction), or a folder (`dir`).
pub(crate) fn remove(path: &Path, dir: bool, link: bool, os: Os) -> String {
    let quoted = quote(path, os);
    match (os, dir, link) {
        (Os::Unix { .. }, true, false) => format!("rm -r {quoted}"),
        (Os::Unix { .. }, _, _) => format!("rm {quoted}"),
        // rmdir on a junction or a folder link removes the link, never what it points to.
        (Os::Windows, true, true) => format!("rmdir {quoted}"),
        (Os::Windows, true, false) => format!("rmdir /s /q {quoted}"),
        (Os::Windows, false, _) => format!("del {quoted}"),
    }
}

/// Makes a file (or a folder, `dir`) private: `chmod 600` / `chmod 700`, or an ACL with one
/// entry, full control for the user, and no inherited ones (for a folder, inherited by what is
/// created in it).
pub(crate) fn make_private(path: &Path, dir: bool, os: Os) -> String {
    let quoted = quote(path, os);
    match (os, dir) {
        (Os::Unix { .. }, false) => format!("chmod 600 {quoted}"),
        (Os::Unix { .. }, true) => format!("chmod 700 {quoted}"),
        (Os::Windows, false) => format!("icacls {quoted} /inheritance:r /grant:r \"%USERNAME%:F\""),
        (Os::Windows, true) => {
            format!("icacls {quoted} /inheritance:r /grant:r \"%USERNAME%:(OI)(CI)F\"")
        }
    }
}

/// Takes away others' write access to a folder: `chmod go-w`, or on Windows the private ACL
/// of [`make_private`] (an ACL cannot drop "write" alone without naming every entry).
pub(crate) fn deny_others_write(path: &Path, os: Os) -> String {
    match os {
        Os::Unix { .. } => format!("chmod go-w {}", quote(path, os)),
        Os::Windows => make_private(path, true, os),
    }
}

/// Makes the user the owner: `chown UID`, or `takeown` on Windows.
pub(crate) fn take_ownership(path: &Path, my_uid: u32, os: Os) -> String {
    match os {
        Os::Unix { .. } => format!("chown {my_uid} {}", quote(path, os)),
        Os::Windows => format!("takeown /f {}", quote(path, os)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINUX: Os = Os::Unix { macos: false };

    #[test]
    fn unix_commands() {
        let p = Path::new("/home/me/.aws/sso/cache/a b.json");
        assert_eq!(quote(p, LINUX), "'/home/me/.aws/sso/cache/a b.json'");
        assert_eq!(quote(Path::new("/x/y"), LINUX), "/x/y");
        let d = Path::new("/d");
        assert_eq!(remove(d, false, false, LINUX), "rm /d");
        assert_eq!(remove(d, true, false, LINUX), "rm -r /d");
        assert_eq!(remove(d, true, true, LINUX), "rm /d");
        assert_eq!(make_private(d, false, LINUX), "chmod 600 /d");
        assert_eq!(make_private(d, true, LINUX), "chmod 700 /d");
        assert_eq!(deny_others_write(d, LINUX), "chmod go-w /d");
        assert_eq!(take_ownership(d, 1000, LINUX), "chown 1000 /d");
    }

    #[test]
    fn windows_commands() {
        let w = Os::Windows;
        let f = Path::new(r"C:\Users\Me\.aws\sso\cache\x.json");
        assert_eq!(
            make_private(f, false, w),
            r#"icacls "C:\Users\Me\.aws\sso\cache\x.json" /inheritance:r /grant:r "%USERNAME%:F""#
        );
        let d = Path::new(r"C:\Users\Me\.aws\awsso");
        assert_eq!(
            make_private(d, true, w),
            r#"icacls "C:\Users\Me\.aws\awsso" /inheritance:r /grant:r "%USERNAME%:(OI)(CI)F""#
        );
        assert_eq!(deny_others_write(d, w), make_private(d, true, w));
        assert_eq!(
            take_ownership(d, 0, w),
            r#"takeown /f "C:\Users\Me\.aws\awsso""#
        );
        assert_eq!(remove(f, false, true, w), format!("del {}", quote(f, w)));
        assert_eq!(remove(d, true, true, w), format!("rmdir {}", quote(d, w)));
        assert_eq!(
            remove(d, true, false, w),
            format!("rmdir /s /q {}", quote(d, w))
        );
    }
}
