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
