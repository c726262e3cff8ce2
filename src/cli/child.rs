//! The child process of `awsso exec`: its environment, running it, and its exit status.
//!
//! [`ChildEnv::new`] is pure; [`run`] spawns and waits. Owns the rule that a child gets
//! injected credentials and no profile variables (with `AWS_PROFILE` set, some SDKs and tools
//! use the named profile instead of the injected keys), and the marker `AWSSO_PROFILE` a nested
//! `awsso exec` checks. Does not own which credentials are injected (`cmd/exec.rs` does).
//!
//! While the child runs, the terminal's interrupts (Ctrl-C; unix: SIGINT and SIGQUIT, sent to
//! the whole foreground process group; Windows: Ctrl-C and Ctrl-Break, sent to every process of
//! the console) go to the child, which decides; awsso then exits with the child's exit code:
//! 128+N when signal N ended it on unix, the whole 32-bit code on Windows (0xC000013A when
//! Ctrl-C ended it). See [`crate::platform::signals`] and [`crate::platform::process`].

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::Path;
use std::process::Command;

use crate::platform::process;
use crate::platform::signals::InterruptsToChild;

/// The marker variable `awsso exec` sets in its child.
pub(crate) const MARKER: &str = "AWSSO_PROFILE";

/// Variables removed from the child's environment: profile selectors (the injected keys must
/// win), the pre-2014 `AWS_SECURITY_TOKEN`, which old SDKs would pair with the new keys, and
/// `AWS_ACCOUNT_ID`, which names the account of the parent's credentials (set again to the
/// injected credentials' account when it is known).
pub(crate) const REMOVED: [&str; 4] = [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SECURITY_TOKEN",
    "AWS_ACCOUNT_ID",
];

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
            ChildError::NotExecutable(p) if cfg!(unix) => {
                Some(format!("make it executable: chmod +x {p}"))
            }
            ChildError::NotExecutable(_) => Some(
                "check that it is a program (.exe) or script (.cmd, .bat) you may run".to_owned(),
            ),
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

/// Runs `command` with the inherited environment changed by `env`; returns its exit code (see
/// [`process::exit_code`]). `path` is the inherited `PATH`, where Windows looks for a bare name
/// with the extensions its shells try ([`process::windows_program`]).
pub(crate) fn run(
    command: &[OsString],
    env: &ChildEnv,
    path: Option<&OsStr>,
) -> Result<u32, ChildError> {
    let (program, args) = command.split_first().ok_or(ChildError::NoCommand)?;
    let name = program.to_string_lossy().into_owned();
    let found = if cfg!(windows) {
        process::windows_program(program, path, Path::is_file)
    } else {
        let _ = path;
        None
    };
    let mut cmd = Command::new(
        found
            .as_deref()
            .map_or(program.as_os_str(), Path::as_os_str),
    );
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
    // `spawn` returns after the child has started, so it keeps the default behaviour.
    let _interrupts = InterruptsToChild::new();
    let status = child.wait().map_err(|source| ChildError::Io {
        program: name,
        source,
    })?;
    Ok(process::exit_code(process::ended(status)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_sets_the_marker_and_removes_profiles() {
        let env = ChildEnv::new(&[("AWS_ACCESS_KEY_ID", "AKIA".to_owned())], "dev");
        assert!(env.set.contains(&(MARKER.to_owned(), "dev".to_owned())));
        assert!(env.remove.contains(&"AWS_PROFILE") && env.remove.contains(&"AWS_DEFAULT_PROFILE"));
        let debug = format!("{env:?}");
        assert!(!debug.contains("AKIA"), "{debug}");
    }
}
