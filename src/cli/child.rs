//! The child process of `awsso exec`: its environment, running it, and its exit status.
//!
//! [`ChildEnv::new`] and [`exit_code`] are pure; [`run`] spawns and waits. Owns the rule that a
//! child gets injected credentials and no profile variables (with `AWS_PROFILE` set, some SDKs
//! and tools use the named profile instead of the injected keys), and the marker `AWSSO_PROFILE` a nested `awsso exec` checks. Does not own which credentials are
//! injected (`cmd/exec.rs` does).
//!
//! While the child runs, awsso ignores `SIGINT` and `SIGQUIT`: the terminal sends them to the
//! whole foreground process group, so the child receives them and decides; awsso then reports
//! how the child ended. A child killed by signal N makes awsso exit with 128+N, as shells do.

use std::ffi::OsString;
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus};

/// The marker variable `awsso exec` sets in its child.
pub(crate) const MARKER: &str = "AWSSO_PROFILE";

/// Variables removed from the child's environment: profile selectors (the injected keys must
/// win) and the pre-2014 `AWS_SECURITY_TOKEN`, which old SDKs would pair with the new keys.
pub(crate) const REMOVED: [&str; 3] = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"];

/// What to change in the inherited environment.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ChildEnv {
    /// Variables to set (the credentials are among them).
    pub set: Vec<(String, String)>,
    /// Variables to remove.
    pub remove: Vec<&'static str>,
}

impl std::fmt::Debug for ChildEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.set.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("ChildEnv")
            .field("set", &names)
            .field("remove", &self.remove)
            .finish()
    }
}

impl ChildEnv {
    /// The changes for `vars` (credentials and region) plus the marker set to `marker`.
    pub(crate) fn new(vars: &[(&str, String)], marker: &str) -> ChildEnv {
        let mut set: Vec<(String, String)> = vars
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.clone()))
            .collect();
        set.push((MARKER.to_owned(), marker.to_owned()));
        ChildEnv {
            set,
            remove: REMOVED.to_vec(),
        }
    }
}

/// Why the child could not be started.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ChildError {
    /// The program does not exist (or is not on PATH).
    #[error("command not found: {0}")]
    NotFound(String),
    /// The program exists but may not be executed.
    #[error("permission denied: {0}")]
    NotExecutable(String),
    /// Any other spawn or wait failure.
    #[error("cannot run {program}")]
    Io {
        /// The program.
        program: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// No command was given.
    #[error("no command given")]
    NoCommand,
    /// awsso's variables are already set: this would run inside another `awsso exec`.
    #[error("already inside `awsso exec` for '{0}' (AWSSO_PROFILE is set)")]
    Nested(String),
}

impl ChildError {
    /// The exit code shells use for the same failure (127 not found, 126 not executable).
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            ChildError::NotFound(_) => 127,
            ChildError::NotExecutable(_) => 126,
            _ => 1,
        }
    }

    /// The fix.
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            ChildError::NotFound(_) => {
                Some("check the spelling, or give the full path of the program".to_owned())
            }
            ChildError::NotExecutable(p) => Some(format!("make it executable: chmod +x {p}")),
            ChildError::NoCommand => {
                Some("put the command after `--`: awsso exec --profile dev -- aws s3 ls".to_owned())
            }
            ChildError::Nested(_) => Some(
                "exit the outer `awsso exec` shell first, or add --force to run anyway".to_owned(),
            ),
            ChildError::Io { .. } => None,
        }
    }
}

/// The exit code that reports `status`: the child's code, or 128+N for signal N.
pub(crate) fn exit_code(status: ExitStatus) -> u8 {
    match (status.code(), status.signal()) {
        (Some(code), _) => u8::try_from(code & 0xff).unwrap_or(1),
        (None, Some(sig)) => u8::try_from((128 + sig) & 0xff).unwrap_or(1),
        (None, None) => 1,
    }
}

/// Runs `command` with the inherited environment changed by `env`; returns its exit code.
pub(crate) fn run(command: &[OsString], env: &ChildEnv) -> Result<u8, ChildError> {
    let (program, args) = command.split_first().ok_or(ChildError::NoCommand)?;
    let name = program.to_string_lossy().into_owned();
    let mut cmd = Command::new(program);
    cmd.args(args);
    for name in &env.remove {
        cmd.env_remove(name);
    }
    for (k, v) in &env.set {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => ChildError::NotFound(name.clone()),
        io::ErrorKind::PermissionDenied => ChildError::NotExecutable(name.clone()),
        _ => ChildError::Io {
            program: name.clone(),
            source,
        },
    })?;
    // `spawn` returns after the child has exec'd, so it keeps the default dispositions.
    let _ignored = IgnoreInterrupts::new();
    let status = child.wait().map_err(|source| ChildError::Io {
        program: name,
        source,
    })?;
    Ok(exit_code(status))
}

/// Ignores SIGINT and SIGQUIT until dropped.
struct IgnoreInterrupts {
    previous: [libc::sighandler_t; 2],
}

const SIGNALS: [libc::c_int; 2] = [libc::SIGINT, libc::SIGQUIT];

impl IgnoreInterrupts {
    fn new() -> IgnoreInterrupts {
        // SAFETY: installing SIG_IGN has no handler code to run; the previous dispositions are
        // restored in Drop.
        let previous = SIGNALS.map(|s| unsafe { libc::signal(s, libc::SIG_IGN) });
        IgnoreInterrupts { previous }
    }
}

impl Drop for IgnoreInterrupts {
    fn drop(&mut self) {
        for (s, prev) in SIGNALS.iter().zip(self.previous) {
            if prev != libc::SIG_ERR {
                // SAFETY: restores the disposition `signal` returned above.
                unsafe { libc::signal(*s, prev) };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_shell_convention() {
        assert_eq!(exit_code(ExitStatus::from_raw(0)), 0);
        assert_eq!(exit_code(ExitStatus::from_raw(7 << 8)), 7);
        assert_eq!(exit_code(ExitStatus::from_raw(15)), 143, "SIGTERM");
        assert_eq!(exit_code(ExitStatus::from_raw(9)), 137, "SIGKILL");
    }

    #[test]
    fn env_sets_the_marker_and_removes_profiles() {
        let env = ChildEnv::new(&[("AWS_ACCESS_KEY_ID", "AKIA".to_owned())], "dev");
        assert!(env.set.contains(&(MARKER.to_owned(), "dev".to_owned())));
        assert!(env.remove.contains(&"AWS_PROFILE") && env.remove.contains(&"AWS_DEFAULT_PROFILE"));
        let debug = format!("{env:?}");
        assert!(!debug.contains("AKIA"), "{debug}");
    }
}
