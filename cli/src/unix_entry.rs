#![cfg(unix)]
//! The C entry point on unix (see the crate docs in `main.rs` for why and what it does).

use std::ffi::{CStr, OsString, c_char, c_int};
use std::io::Write;
use std::os::unix::ffi::OsStringExt;

/// The process entry point, called by the C runtime.
// SAFETY: `no_mangle` exports this function as the C symbol `main`; the C runtime calls it once
// with the process's `argc`/`argv`, the signature matches C's `int main(int, char **)`, and no
// other symbol named `main` is linked (the crate is `no_main`).
#[unsafe(no_mangle)]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    sanitize_standard_fds();
    // SAFETY: SIG_IGN is a valid disposition for SIGPIPE and no handler is being replaced.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    // SAFETY: the C runtime passes `argc` valid NUL-terminated strings in `argv`.
    let args = unsafe { args_from(argc, argv) };
    let code = awsso::__private::run_cli(args);
    let _ = std::io::stdout().flush();
    // Only the low 8 bits reach the parent on unix; awsso's codes there are all 0-255.
    c_int::try_from(code & 0xff).unwrap_or(1)
}

/// Opens `/dev/null` on each of fds 0, 1 and 2 that is closed, as std's start-up does.
fn sanitize_standard_fds() {
    for fd in 0..3 {
        // SAFETY: F_GETFD on any integer is harmless; it only reports whether the fd is open.
        let closed = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF);
        if closed {
            // SAFETY: a valid C string and flags; open returns the lowest free fd, which is
            // `fd` because every lower one is open.
            let opened = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
            if opened != fd {
                // Without a safe fd 0-2 every later write could land in the wrong file.
                std::process::abort();
            }
        }
    }
}

/// The arguments as the C runtime passed them.
///
/// # Safety
/// `argv` must hold `argc` pointers to NUL-terminated strings (or be null with `argc` 0).
unsafe fn args_from(argc: c_int, argv: *const *const c_char) -> Vec<OsString> {
    let count = usize::try_from(argc).unwrap_or(0);
    if argv.is_null() {
        return Vec::new();
    }
    (0..count)
        .filter_map(|i| {
            // SAFETY: `i < argc`, so `argv[i]` is one of the runtime's argument pointers.
            let ptr = unsafe { *argv.add(i) };
            // SAFETY: non-null argument pointers point to NUL-terminated strings.
            (!ptr.is_null()).then(|| unsafe { CStr::from_ptr(ptr) })
        })
        .map(|s| OsString::from_vec(s.to_bytes().to_vec()))
        .collect()
}
