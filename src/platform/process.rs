//! How a child process ended, and the exit code awsso passes on for it (`awsso exec`).
//!
//! [`exit_code`] is the pure rule, tested on every platform; [`ended`] reads the platform's
//! status into it (cfg-gated):
//!
//! ```text
//! the child                    unix                          Windows
//! exited with code C           C (0-255)                     C, all 32 bits: 0xC000013A
//!                                                            when Ctrl-C ended it
//! was killed by signal N       128+N (as shells report it)   -
//! ```
//!
//! On unix only the low 8 bits of an exit code reach the parent, so every code awsso returns
//! there is 0–255; on Windows the whole 32-bit code does, so nothing is folded.
//!
//! Finding the program ([`windows_program`], pure): std's `Command` on Windows appends `.exe`
//! to a bare name and tries nothing else, so `awsso exec -- az ...` or `-- cdk ...` (batch
//! files, `az.cmd`, `cdk.cmd`) would be "not found" where cmd.exe and PowerShell find them. A
//! bare name is looked up as they do: each `PATH` folder in turn, trying `.com`, `.exe`, `.bat`
//! and `.cmd` there (`PATHEXT`'s default). std runs a batch file found so through cmd.exe with
//! its arguments escaped, and refuses arguments it cannot escape safely.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::ExitStatus;

/// How a child ended, as far as the platform tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    /// It exited with this code (unix: 0–255; Windows: any 32-bit code, as `i32`).
    Exited(i32),
    /// A signal ended it (unix).
    #[cfg_attr(not(unix), allow(dead_code))] // nothing ends by a signal elsewhere
    Signaled(i32),
    /// Neither is known.
    Unknown,
}

/// The exit code that reports how the child ended (pure): its own code, 128+N for signal N,
/// else 1.
pub(crate) fn exit_code(ended: Ended) -> u32 {
    match ended {
        // Windows' codes are DWORDs that std hands over as i32: the bits are the code.
        Ended::Exited(code) => code.cast_unsigned(),
        Ended::Signaled(signal) => u32::try_from(signal)
            .ok()
            .and_then(|n| n.checked_add(128))
            .unwrap_or(1),
        Ended::Unknown => 1,
    }
}

/// How `status` says the child ended.
#[cfg(unix)]
pub(crate) fn ended(status: ExitStatus) -> Ended {
    use std::os::unix::process::ExitStatusExt as _;
    match (status.code(), status.signal()) {
        (Some(code), _) => Ended::Exited(code),
        (None, Some(signal)) => Ended::Signaled(signal),
        (None, None) => Ended::Unknown,
    }
}

/// How `status` says the child ended.
#[cfg(not(unix))]
pub(crate) fn ended(status: ExitStatus) -> Ended {
    status.code().map_or(Ended::Unknown, Ended::Exited)
}

/// The extensions a bare program name may omit on Windows, in the order tried (`PATHEXT`'s
/// default).
pub(crate) const WINDOWS_EXTENSIONS: [&str; 4] = [".com", ".exe", ".bat", ".cmd"];

/// The file a bare Windows program name (no folder, no extension) stands for: the first
/// `PATH` folder holding it with one of [`WINDOWS_EXTENSIONS`] (pure but for `is_file`). `None`
/// when `program` is not bare or nothing matches: std then searches as it always does.
pub(crate) fn windows_program(
    program: &OsStr,
    path: Option<&OsStr>,
    is_file: impl Fn(&Path) -> bool,
) -> Option<PathBuf> {
    let name = Path::new(program);
    let bare = name.components().count() == 1
        && name.extension().is_none()
        && !program.to_string_lossy().contains(['/', '\\', ':']);
    if !bare {
        return None;
    }
    std::env::split_paths(path?)
        .filter(|dir| !dir.as_os_str().is_empty())
        .find_map(|dir| {
            WINDOWS_EXTENSIONS.iter().find_map(|ext| {
                let mut file = OsString::from(program);
                file.push(ext);
                let candidate = dir.join(file);
                is_file(&candidate).then_some(candidate)
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_pass_through_and_signals_add_128() {
        assert_eq!(exit_code(Ended::Exited(0)), 0);
        assert_eq!(exit_code(Ended::Exited(7)), 7);
        assert_eq!(exit_code(Ended::Exited(255)), 255);
        assert_eq!(exit_code(Ended::Signaled(15)), 143, "SIGTERM");
        assert_eq!(exit_code(Ended::Signaled(9)), 137, "SIGKILL");
        assert_eq!(exit_code(Ended::Signaled(-1)), 1);
        assert_eq!(exit_code(Ended::Unknown), 1);
    }

    #[test]
    fn windows_codes_keep_all_32_bits() {
        // STATUS_CONTROL_C_EXIT, as std reports it.
        assert_eq!(exit_code(Ended::Exited(-1_073_741_510)), 0xC000_013A);
        assert_eq!(exit_code(Ended::Exited(256)), 256);
        assert_eq!(exit_code(Ended::Exited(-1)), u32::MAX);
    }

    #[test]
    fn bare_windows_names_find_batch_files_on_path() {
        use std::collections::HashSet;
        let dirs = std::env::join_paths(["/w/System32", "/w/nodejs", "/w/az"]).unwrap();
        let files: HashSet<PathBuf> = ["/w/nodejs/cdk.cmd", "/w/az/az.cmd", "/w/az/az.exe"]
            .into_iter()
            .map(PathBuf::from)
            .collect();
        let find = |p: &str| windows_program(OsStr::new(p), Some(&dirs), |f| files.contains(f));
        assert_eq!(find("cdk"), Some(PathBuf::from("/w/nodejs/cdk.cmd")));
        assert_eq!(
            find("az"),
            Some(PathBuf::from("/w/az/az.exe")),
            ".exe before .cmd"
        );
        assert_eq!(find("terraform"), None, "std searches (and reports) it");
        assert_eq!(find("cdk.cmd"), None, "an extension is used as given");
        assert_eq!(find("tools/cdk"), None, "a path is used as given");
        assert_eq!(windows_program(OsStr::new("cdk"), None, |_| true), None);
    }

    #[cfg(unix)]
    #[test]
    fn unix_statuses() {
        use std::os::unix::process::ExitStatusExt as _;
        let code = |raw| exit_code(ended(ExitStatus::from_raw(raw)));
        assert_eq!(code(0), 0);
        assert_eq!(code(7 << 8), 7);
        assert_eq!(code(15), 143, "SIGTERM");
        assert_eq!(code(9), 137, "SIGKILL");
    }

    #[cfg(windows)]
    #[test]
    fn windows_statuses() {
        use std::os::windows::process::ExitStatusExt as _;
        let code = |raw| exit_code(ended(ExitStatus::from_raw(raw)));
        assert_eq!(code(0), 0);
        assert_eq!(code(7), 7);
        assert_eq!(code(0xC000_013A), 0xC000_013A);
    }
}
