//! The last step of an atomic write: renaming the finished temp file over the target, and
//! making the rename durable.
//!
//! I/O, with a pure retry policy. A rename within one folder is atomic on every platform:
//! a reader, a crash or a kill sees the old file or the new one, never a mix. On Windows the
//! rename can fail for a while: another process that opened the target (or the fresh temp
//! file) without `FILE_SHARE_DELETE` — the AWS CLI reading the config, an editor, a virus
//! scanner, a search indexer — makes it fail with a sharing violation or "access denied".
//! Those failures are retried with growing pauses for a bounded time ([`RETRY_DELAYS`]); the
//! old file is untouched meanwhile, and if they never stop the error says so and the caller
//! removes its temp file.

use std::io;
use std::path::Path;
use std::time::Duration;

use super::access::Os;

/// The pauses between rename attempts on Windows: about 2.6 s in all, longer than a scanner
/// usually holds a file, short enough for a person waiting on a command.
pub(crate) const RETRY_DELAYS: [Duration; 10] = [
    Duration::from_millis(10),
    Duration::from_millis(20),
    Duration::from_millis(40),
    Duration::from_millis(80),
    Duration::from_millis(160),
    Duration::from_millis(320),
    Duration::from_millis(500),
    Duration::from_millis(500),
    Duration::from_millis(500),
    Duration::from_millis(500),
];

/// Whether a failed rename may succeed if tried again: on Windows `ERROR_ACCESS_DENIED` (5),
/// `ERROR_SHARING_VIOLATION` (32) and `ERROR_LOCK_VIOLATION` (33), what another process's open
/// handle causes. Never on unix, where an open file does not stop a rename.
pub(crate) fn is_transient(e: &io::Error, os: Os) -> bool {
    os == Os::Windows && matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// Runs `attempt` until it succeeds, fails for good, or [`RETRY_DELAYS`] run out, calling
/// `sleep` between attempts. The last error is returned with a note that another program
/// held the file.
pub(crate) fn with_retries(
    target: &Path,
    os: Os,
    mut attempt: impl FnMut() -> io::Result<()>,
    mut sleep: impl FnMut(Duration),
) -> io::Result<()> {
    let mut delays = RETRY_DELAYS.iter();
    loop {
        match attempt() {
            Ok(()) => return Ok(()),
            Err(e) if is_transient(&e, os) => match delays.next() {
                Some(&delay) => sleep(delay),
                None => {
                    let waited: Duration = RETRY_DELAYS.iter().sum();
                    return Err(io::Error::new(
                        e.kind(),
                        format!(
                            "cannot replace {}: another program kept it open for {:.1}s (it is unchanged; close the program or try again): {e}",
                            target.display(),
                            waited.as_secs_f64()
                        ),
                    ));
                }
            },
            Err(e) => return Err(e),
        }
    }
}

/// Renames `from` over `to` (same folder), retrying on Windows while another process holds
/// either file open.
pub(crate) fn rename_over(from: &Path, to: &Path) -> io::Result<()> {
    with_retries(
        to,
        Os::HERE,
        || std::fs::rename(from, to),
        std::thread::sleep,
    )
}

/// Makes a rename in `dir` durable: `fsync` of the folder on unix. Best effort; nothing to do
/// on Windows, where NTFS journals the rename and folders cannot be flushed without
/// administrator rights.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os_error(code: i32) -> io::Error {
        io::Error::from_raw_os_error(code)
    }

    #[test]
    fn sharing_violations_are_retried_until_they_stop() {
        let mut failures = 3;
        let mut slept = Vec::new();
        let result = with_retries(
            Path::new("config"),
            Os::Windows,
            || {
                if failures > 0 {
                    failures -= 1;
                    Err(os_error(32))
                } else {
                    Ok(())
                }
            },
            |d| slept.push(d),
        );
        assert!(result.is_ok());
        assert_eq!(slept, RETRY_DELAYS[..3]);
    }

    #[test]
    fn retries_are_bounded_and_the_error_says_why() {
        let mut attempts = 0;
        let mut slept = Duration::ZERO;
        let err = with_retries(
            Path::new("credentials"),
            Os::Windows,
            || {
                attempts += 1;
                Err(os_error(5))
            },
            |d| slept += d,
        )
        .unwrap_err();
        assert_eq!(attempts, RETRY_DELAYS.len() + 1);
        assert!(slept < Duration::from_secs(3), "{slept:?}");
        assert_eq!(err.kind(), os_error(5).kind());
        let text = err.to_string();
        assert!(
            text.starts_with("cannot replace credentials: another program kept it open for 2.6s"),
            "{text}"
        );
    }

    #[test]
    fn other_errors_and_unix_are_not_retried() {
        for (os, code) in [
            (Os::Windows, 2),
            (Os::Unix { macos: false }, 32),
            (Os::Unix { macos: true }, 5),
        ] {
            let mut attempts = 0;
            let result = with_retries(
                Path::new("x"),
                os,
                || {
                    attempts += 1;
                    Err(os_error(code))
                },
                |_| panic!("no sleep"),
            );
            assert_eq!(result.unwrap_err().raw_os_error(), Some(code));
            assert_eq!(attempts, 1);
        }
    }
}
