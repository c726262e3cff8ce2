//! Whether a `credential_process` program can be run: which file names a program name stands
//! for, and whether a file is executable.
//!
//! Pure ([`candidate_names`], [`has_folder`]) apart from [`is_executable`], which reads the
//! metadata it is given. On unix a program is a file with an execute bit. On Windows any file
//! runs, and a name without an extension also stands for `NAME.exe`, `.com`, `.bat` and `.cmd`
//! (the default `PATHEXT`, which `cmd.exe /C` — how the AWS SDKs run the process there —
//! searches).

use std::fs;

use super::access::Os;

/// Whether `program` names a folder (so it is a path, not a name looked up on `PATH`): a `/`,
/// or on Windows also a `\` or a drive (`C:`).
pub(crate) fn has_folder(program: &str, os: Os) -> bool {
    match os {
        Os::Unix { .. } => program.contains('/'),
        Os::Windows => program.contains(['/', '\\']) || program.as_bytes().get(1) == Some(&b':'),
    }
}

/// The file names `program` may be on disk.
pub(crate) fn candidate_names(program: &str, os: Os) -> Vec<String> {
    let mut names = vec![program.to_owned()];
    if os == Os::Windows {
        let file = program.rsplit(['/', '\\']).next().unwrap_or(program);
        if !file.contains('.') {
            names.extend([".exe", ".com", ".bat", ".cmd"].map(|ext| format!("{program}{ext}")));
        }
    }
    names
}

/// Whether the file `meta` describes can be run: any execute bit on unix; always on Windows.
pub(crate) fn is_executable(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINUX: Os = Os::Unix { macos: false };

    #[test]
    fn names_and_folders() {
        assert_eq!(candidate_names("awsso", LINUX), ["awsso"]);
        assert_eq!(
            candidate_names("awsso", Os::Windows),
            ["awsso", "awsso.exe", "awsso.com", "awsso.bat", "awsso.cmd"]
        );
        assert_eq!(candidate_names("awsso.exe", Os::Windows), ["awsso.exe"]);
        assert_eq!(
            candidate_names(r"C:\tools.d\awsso", Os::Windows).len(),
            5,
            "a dot in a folder name is no extension"
        );
        assert!(has_folder("/usr/bin/awsso", LINUX));
        assert!(!has_folder(r"tools\awsso", LINUX));
        assert!(has_folder(r"tools\awsso", Os::Windows));
        assert!(has_folder("C:awsso.exe", Os::Windows));
        assert!(!has_folder("awsso", Os::Windows));
    }
}
