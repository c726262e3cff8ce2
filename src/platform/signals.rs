//! Stopping on the terminal's interrupts, and leaving them to a child while it runs.
//!
//! Which events stop `awsso serve` (and `exec --server`'s endpoint) and the exit code each one
//! means are pure decisions ([`stop_events`], [`exit_code`]), tested on every platform. Waiting
//! for them is thin and cfg-gated:
//!
//! ```text
//! platform  stops serve                              exit code
//! unix      SIGINT (Ctrl-C), SIGTERM, SIGHUP         128+N: 130, 143, 129, ... (as shells
//!           (terminal closed), SIGQUIT (Ctrl-\),      report it)
//!           SIGUSR1, SIGUSR2, SIGALRM
//! Windows   Ctrl-C, Ctrl-Break, closing the console  0xC000013A (STATUS_CONTROL_C_EXIT), as
//!                                                    for any program Ctrl-C ends there
//! ```
//!
//! On unix these are every signal a process can catch whose default action ends it (the
//! rest, `SIGKILL` and faults, cannot be cleaned up after): whichever of them arrives, the
//! token file is deleted first.
//!
//! - **unix**: the signals are blocked in the calling thread before the server's threads start
//!   (threads inherit the mask) and taken with `sigwait`: no handler code runs, and the caller
//!   cleans up (deletes the token file) on its own thread.
//! - **Windows**: console control events arrive on a thread Windows starts for them; tokio's
//!   listeners (`tokio::signal::windows`) take them, which also keeps Windows' default handler
//!   (end the process) from running. For a closed console tokio's handler never returns, so the
//!   process lives until the main thread has cleaned up and exits; Windows ends it after 5
//!   seconds regardless. Log-off and shut-down events reach services only, not console
//!   programs a person started.
//!
//! While `awsso exec`'s child runs, [`InterruptsToChild`] keeps awsso alive through the
//! interrupts the terminal sends to the whole foreground process group (unix: SIGINT and
//! SIGQUIT ignored) or to every process attached to the console (Windows: Ctrl-C and Ctrl-Break
//! taken and dropped). The child receives them too and decides; awsso then reports how it ended
//! (see [`crate::platform::process`]).

use std::io;

/// The two families of process control this module knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// Signals: Linux, macOS, WSL, the BSDs.
    Unix,
    /// Console control events.
    Windows,
}

impl Family {
    /// The family of the platform this was compiled for.
    pub(crate) const CURRENT: Family = if cfg!(windows) {
        Family::Windows
    } else {
        Family::Unix
    };
}

/// An event that stops a server running in the foreground.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StopEvent {
    /// Ctrl-C: `SIGINT` on unix, `CTRL_C_EVENT` on Windows.
    Interrupt,
    /// `SIGTERM` (unix): `kill PID`, a service manager, `docker stop`.
    #[cfg_attr(windows, allow(dead_code))] // Windows has no such event
    Terminate,
    /// Ctrl-Break (Windows; its unix counterpart is Ctrl-\, `SIGQUIT`).
    Break,
    /// The console window was closed (Windows; its unix counterpart is `SIGHUP`, the
    /// terminal was closed).
    Close,
    /// `SIGUSR1` (unix), whose default action ends a process.
    #[cfg_attr(windows, allow(dead_code))] // Windows has no such event
    User1,
    /// `SIGUSR2` (unix).
    #[cfg_attr(windows, allow(dead_code))]
    User2,
    /// `SIGALRM` (unix).
    #[cfg_attr(windows, allow(dead_code))]
    Alarm,
}

/// Whether this unix numbers the user signals the BSD way (`SIGUSR1` = 30, `SIGUSR2` = 31;
/// Linux: 10 and 12).
const BSD_SIGNAL_NUMBERS: bool = cfg!(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly"
));

/// How Windows reports a program ended by Ctrl-C, Ctrl-Break or closing its console
/// (`STATUS_CONTROL_C_EXIT`); `%ERRORLEVEL%` shows it as -1073741510.
pub(crate) const STATUS_CONTROL_C_EXIT: u32 = 0xC000_013A;

/// The events that stop a foreground server on `family` (pure).
pub(crate) fn stop_events(family: Family) -> &'static [StopEvent] {
    match family {
        Family::Unix => &[
            StopEvent::Interrupt,
            StopEvent::Terminate,
            StopEvent::Close,
            StopEvent::Break,
            StopEvent::User1,
            StopEvent::User2,
            StopEvent::Alarm,
        ],
        Family::Windows => &[StopEvent::Interrupt, StopEvent::Break, StopEvent::Close],
    }
}

/// The exit code of a server stopped by `event` on `family` (pure): what the platform reports
/// for a program that event ended, so scripts see the same as if awsso had not caught it.
pub(crate) fn exit_code(event: StopEvent, family: Family) -> u32 {
    match family {
        // The POSIX numbers, the same on Linux and macOS, except the user signals'.
        Family::Unix => {
            128 + match event {
                StopEvent::Interrupt => 2,  // SIGINT
                StopEvent::Terminate => 15, // SIGTERM
                StopEvent::Break => 3,      // SIGQUIT
                StopEvent::Close => 1,      // SIGHUP
                StopEvent::Alarm => 14,     // SIGALRM
                StopEvent::User1 if BSD_SIGNAL_NUMBERS => 30,
                StopEvent::User1 => 10,
                StopEvent::User2 if BSD_SIGNAL_NUMBERS => 31,
                StopEvent::User2 => 12,
            }
        }
        Family::Windows => STATUS_CONTROL_C_EXIT,
    }
}

/// The stop events of this platform, taken from the moment [`StopSignals::listen`] returns
/// (an event before [`StopSignals::wait`] is kept for it, not lost).
pub(crate) struct StopSignals(imp::Listener);

impl StopSignals {
    /// Starts taking the stop events. Call it before starting any thread that should not see
    /// them (on unix, threads started later inherit the blocked signals).
    pub(crate) fn listen() -> io::Result<StopSignals> {
        imp::listen().map(StopSignals)
    }

    /// Waits for one of the events; returns which.
    pub(crate) fn wait(self) -> io::Result<StopEvent> {
        imp::wait(self.0)
    }
}

/// While it lives, the terminal's interrupts do not end awsso: they go to the child awsso
/// waits for (which gets them from the terminal as well), and awsso reports how it ended.
pub(crate) struct InterruptsToChild {
    _ignored: imp::Ignored,
}

impl InterruptsToChild {
    /// Starts leaving the interrupts to the child. Call it after the child has started, so
    /// that the child keeps the default behaviour (unix: dispositions are inherited; Windows:
    /// handlers are not, only the "ignore Ctrl-C" flag, which this never sets).
    pub(crate) fn new() -> InterruptsToChild {
        InterruptsToChild {
            _ignored: imp::ignore(),
        }
    }
}

#[cfg(unix)]
mod imp {
    use std::io;

    use super::{Family, StopEvent, stop_events};

    fn number(event: StopEvent) -> libc::c_int {
        match event {
            StopEvent::Interrupt => libc::SIGINT,
            StopEvent::Terminate => libc::SIGTERM,
            StopEvent::Break => libc::SIGQUIT,
            StopEvent::Close => libc::SIGHUP,
            StopEvent::User1 => libc::SIGUSR1,
            StopEvent::User2 => libc::SIGUSR2,
            StopEvent::Alarm => libc::SIGALRM,
        }
    }

    /// The blocked set, for `sigwait`.
    pub(super) struct Listener(libc::sigset_t);

    pub(super) fn listen() -> io::Result<Listener> {
        // SAFETY: sigemptyset/sigaddset initialise a local set; pthread_sigmask changes only
        // this thread's mask and reads a valid set.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for event in stop_events(Family::Unix) {
                libc::sigaddset(&mut set, number(*event));
            }
            match libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) {
                0 => Ok(Listener(set)),
                err => Err(io::Error::from_raw_os_error(err)),
            }
        }
    }

    pub(super) fn wait(listener: Listener) -> io::Result<StopEvent> {
        loop {
            let mut signal = 0;
            // SAFETY: the set was initialised in `listen`; `signal` is a valid out-pointer.
            if unsafe { libc::sigwait(&listener.0, &mut signal) } != 0 {
                continue;
            }
            if let Some(event) = stop_events(Family::Unix)
                .iter()
                .find(|e| number(**e) == signal)
            {
                return Ok(*event);
            }
        }
    }

    /// The dispositions of SIGINT and SIGQUIT before they were ignored.
    pub(super) struct Ignored {
        previous: [libc::sighandler_t; 2],
    }

    const IGNORED: [libc::c_int; 2] = [libc::SIGINT, libc::SIGQUIT];

    pub(super) fn ignore() -> Ignored {
        // SAFETY: installing SIG_IGN has no handler code to run; the previous dispositions are
        // restored in Drop.
        let previous = IGNORED.map(|s| unsafe { libc::signal(s, libc::SIG_IGN) });
        Ignored { previous }
    }

    impl Drop for Ignored {
        fn drop(&mut self) {
            for (s, prev) in IGNORED.iter().zip(self.previous) {
                if prev != libc::SIG_ERR {
                    // SAFETY: restores the disposition `signal` returned above.
                    unsafe { libc::signal(*s, prev) };
                }
            }
        }
    }
}

#[cfg(windows)]
mod imp {
    use std::io;

    use tokio::signal::windows::{CtrlBreak, CtrlC, CtrlClose, ctrl_break, ctrl_c, ctrl_close};

    use super::{Family, StopEvent, stop_events};

    /// One tokio listener per event of `stop_events(Family::Windows)`.
    pub(super) struct Listener {
        ctrl_c: CtrlC,
        ctrl_break: CtrlBreak,
        close: CtrlClose,
    }

    pub(super) fn listen() -> io::Result<Listener> {
        // The listeners below and `wait`'s arms are these events, one each.
        debug_assert_eq!(
            stop_events(Family::Windows),
            [StopEvent::Interrupt, StopEvent::Break, StopEvent::Close]
        );
        Ok(Listener {
            ctrl_c: ctrl_c()?,
            ctrl_break: ctrl_break()?,
            close: ctrl_close()?,
        })
    }

    pub(super) fn wait(mut listener: Listener) -> io::Result<StopEvent> {
        // The listeners need no I/O driver: a small runtime on this thread only polls them.
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        Ok(runtime.block_on(async {
            tokio::select! {
                _ = listener.ctrl_c.recv() => StopEvent::Interrupt,
                _ = listener.ctrl_break.recv() => StopEvent::Break,
                _ = listener.close.recv() => StopEvent::Close,
            }
        }))
    }

    /// Live listeners make tokio's handler report Ctrl-C and Ctrl-Break as handled, so
    /// Windows' default handler (end the process) does not run; nothing reads them.
    pub(super) struct Ignored {
        _ctrl_c: Option<CtrlC>,
        _ctrl_break: Option<CtrlBreak>,
    }

    pub(super) fn ignore() -> Ignored {
        // Without a listener awsso ends with the child, as it would without this guard: the
        // child's own exit code is lost, nothing else.
        Ignored {
            _ctrl_c: ctrl_c().ok(),
            _ctrl_break: ctrl_break().ok(),
        }
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    use std::io;

    use super::StopEvent;

    pub(super) struct Listener;

    pub(super) fn listen() -> io::Result<Listener> {
        Err(io::Error::other(
            "stop signals are not supported on this platform",
        ))
    }

    pub(super) fn wait(_: Listener) -> io::Result<StopEvent> {
        Err(io::Error::other(
            "stop signals are not supported on this platform",
        ))
    }

    pub(super) struct Ignored;

    pub(super) fn ignore() -> Ignored {
        Ignored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_exit_codes_are_128_plus_the_signal() {
        let code = |e| exit_code(e, Family::Unix);
        assert_eq!(code(StopEvent::Interrupt), 130);
        assert_eq!(code(StopEvent::Terminate), 143);
        assert_eq!(code(StopEvent::Break), 131);
        assert_eq!(code(StopEvent::Close), 129);
        assert_eq!(code(StopEvent::Alarm), 142);
    }

    #[cfg(unix)]
    #[test]
    fn unix_numbers_are_this_platforms() {
        for (event, signal) in [
            (StopEvent::Interrupt, libc::SIGINT),
            (StopEvent::Terminate, libc::SIGTERM),
            (StopEvent::Break, libc::SIGQUIT),
            (StopEvent::Close, libc::SIGHUP),
            (StopEvent::User1, libc::SIGUSR1),
            (StopEvent::User2, libc::SIGUSR2),
            (StopEvent::Alarm, libc::SIGALRM),
        ] {
            assert_eq!(
                i64::from(exit_code(event, Family::Unix)),
                128 + i64::from(signal)
            );
        }
    }

    #[test]
    fn windows_reports_every_stop_as_control_c_exit() {
        for event in stop_events(Family::Windows) {
            assert_eq!(exit_code(*event, Family::Windows), 0xC000_013A);
        }
        // What cmd.exe shows as %ERRORLEVEL% and PowerShell as $LASTEXITCODE.
        assert_eq!(STATUS_CONTROL_C_EXIT.cast_signed(), -1_073_741_510);
    }

    #[test]
    fn which_events_stop_a_server() {
        // Every signal whose default action ends the process and that can be caught.
        assert_eq!(
            stop_events(Family::Unix),
            [
                StopEvent::Interrupt,
                StopEvent::Terminate,
                StopEvent::Close,
                StopEvent::Break,
                StopEvent::User1,
                StopEvent::User2,
                StopEvent::Alarm
            ]
        );
        assert_eq!(
            stop_events(Family::Windows),
            [StopEvent::Interrupt, StopEvent::Break, StopEvent::Close]
        );
        assert_eq!(
            Family::CURRENT,
            if cfg!(windows) {
                Family::Windows
            } else {
                Family::Unix
            }
        );
    }
}
