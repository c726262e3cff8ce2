//! Shell completion: the registration scripts and the values offered for `--profile`,
//! `--sso-session`, `--account-id`, `--role-name`, `--target-profile` and `awsso use QUERY`.
//!
//! Completion is dynamic (clap_complete's `COMPLETE=<shell> awsso` protocol): the script that
//! `awsso completions SHELL` prints registers a function that calls `awsso` back at every TAB,
//! so the candidates come from the user's config file as it is now, not as it was when the
//! script was generated. The per-argument completers here read, never write: the config and
//! credentials files for names, and awsso's role cache for account ids and role names that
//! have been used before. Any unreadable or malformed file yields no candidates (a TAB must
//! never print an error into the user's command line).
//!
//! I/O (reads files); not on any command's path — only completion requests call it.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::Path;

use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::env::Env;
use crate::paths::Paths;
use crate::profile::ProfileSet;

/// The environment variable that switches `awsso` into completion mode (clap_complete's
/// default name, which the registration scripts set).
pub(crate) const COMPLETE_VAR: &str = "COMPLETE";

/// Answers a completion request when the shell's script called `awsso` for one (its first
/// argument is `--`, or there is none and `COMPLETE` asks for a registration script).
/// Returns `false` for every ordinary command line, having read nothing but that one variable.
///
/// Only `main` calls this, before parsing; `credential-process` command lines never get here.
pub(crate) fn answer_request(args: &[OsString]) -> bool {
    if args.get(1).is_some_and(|a| a != "--") {
        return false;
    }
    let done = clap_complete::CompleteEnv::with_factory(completion_command)
        .var(COMPLETE_VAR)
        .completer("awsso")
        .try_complete(args.iter().cloned(), None);
    // COMPLETE naming no shell (set for another program, say) is not a request: run normally.
    done.unwrap_or(false)
}

/// The full command with value completers on the arguments that name things. They are added
/// here rather than in `cli.rs` so that no other parse (above all `credential-process`'s, on
/// every AWS call) pays for them.
fn completion_command() -> clap::Command {
    use clap::CommandFactory as _;
    use clap_complete::engine::ArgValueCandidates;
    fn with_values(cmd: clap::Command) -> clap::Command {
        cmd.mut_args(|arg| {
            let values: Option<fn() -> Vec<CompletionCandidate>> = match arg.get_id().as_str() {
                "profile" => Some(profile_names),
                "sso_session" | "session_name" => Some(sso_session_names),
                "target_profile" => Some(credentials_names),
                "account_id" => Some(account_ids),
                "role_name" => Some(role_names),
                "query" => Some(use_queries),
                _ => None,
            };
            match values {
                Some(f) => arg.add(ArgValueCandidates::new(f)),
                None => arg,
            }
        })
        .mut_subcommands(with_values)
    }
    with_values(crate::cli::args::Cli::command())
}

/// The shell code that registers awsso's completion (what `awsso completions SHELL` prints).
/// It calls `awsso` from `PATH` at each TAB; re-generate it after upgrading awsso.
pub(crate) fn registration_script(shell: clap_complete::Shell) -> Vec<u8> {
    let completer: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Zsh => &Zsh,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::PowerShell => &Powershell,
        clap_complete::Shell::Elvish => &Elvish,
        _ => &Bash,
    };
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = completer.write_registration(COMPLETE_VAR, "awsso", "awsso", "awsso", &mut out);
    out
}

/// Reads the profile files the way every command does (`AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE`, `HOME`); `None` when they cannot be read.
fn load() -> Option<(ProfileSet, Paths)> {
    let env = Env::capture();
    let paths = Paths::from_env(&env).ok()?;
    let set = ProfileSet::load(Some(&paths.config), Some(&paths.credentials)).ok()?;
    Some((set, paths))
}

fn candidates(names: impl IntoIterator<Item = String>) -> Vec<CompletionCandidate> {
    names
        .into_iter()
        .filter(|n| !n.is_empty() && !n.starts_with('-') && !n.chars().any(char::is_control))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// Profile names of the config file (`--profile`).
pub(crate) fn profile_names() -> Vec<CompletionCandidate> {
    let Some((set, _)) = load() else {
        return Vec::new();
    };
    candidates(set.profile_names().into_iter().map(str::to_owned))
}

/// What `awsso use QUERY` takes without a picker: profile names, the account and role names
/// of recent choices, and `-` (the previous choice).
pub(crate) fn use_queries() -> Vec<CompletionCandidate> {
    let Some((set, paths)) = load() else {
        return Vec::new();
    };
    let mut names: Vec<String> = set.profile_names().into_iter().map(str::to_owned).collect();
    let recent = crate::cli::choice::read_recent(&paths.recent_choices());
    names.extend(recent.iter().map(crate::cli::choice::Choice::label));
    let mut out = candidates(names);
    out.push(CompletionCandidate::new("-").help(Some("the previous choice".into())));
    out
}

/// `[sso-session NAME]` names of the config file (`--sso-session`).
pub(crate) fn sso_session_names() -> Vec<CompletionCandidate> {
    let Some((set, _)) = load() else {
        return Vec::new();
    };
    candidates(set.sso_session_names().into_iter().map(str::to_owned))
}

/// Section names of the credentials file, plus `default` (`--target-profile`).
pub(crate) fn credentials_names() -> Vec<CompletionCandidate> {
    let Some((set, _)) = load() else {
        return Vec::new();
    };
    let mut names: Vec<String> = set
        .credentials_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    names.push("default".to_owned());
    candidates(names)
}

/// Account ids named in the config file or used before (awsso's role cache) (`--account-id`).
pub(crate) fn account_ids() -> Vec<CompletionCandidate> {
    let Some((set, paths)) = load() else {
        return Vec::new();
    };
    let mut ids: Vec<String> = Vec::new();
    for name in set.profile_names() {
        if let Some(p) = set.profile(name) {
            ids.extend(
                ["sso_account_id", "awsso_account_id"]
                    .iter()
                    .filter_map(|k| p.get(k).map(str::to_owned)),
            );
        }
    }
    ids.extend(
        cached_roles(&paths.role_cache())
            .into_iter()
            .map(|(a, _)| a),
    );
    candidates(ids)
}

/// Role names named in the config file or used before (awsso's role cache) (`--role-name`).
pub(crate) fn role_names() -> Vec<CompletionCandidate> {
    let Some((set, paths)) = load() else {
        return Vec::new();
    };
    let mut roles: Vec<String> = Vec::new();
    for name in set.profile_names() {
        if let Some(role) = set.profile(name).and_then(|p| p.get("sso_role_name")) {
            roles.push(role.to_owned());
        }
    }
    roles.extend(
        cached_roles(&paths.role_cache())
            .into_iter()
            .map(|(_, r)| r),
    );
    candidates(roles)
}

/// (account id, role name) of every entry in the role cache folder. Only those two fields are
/// read; the credentials in the files are ignored. Symlinks and other non-files are skipped.
fn cached_roles(dir: &Path) -> Vec<(String, String)> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Entry {
        account_id: String,
        role_name: String,
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in read.flatten().take(10_000) {
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        let path = entry.path();
        if !is_file || path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if let Ok(e) = serde_json::from_slice::<Entry>(&bytes) {
            let valid_id =
                e.account_id.len() == 12 && e.account_id.bytes().all(|b| b.is_ascii_digit());
            if valid_id && !e.role_name.chars().any(char::is_control) {
                out.push((e.account_id, e.role_name));
            }
        }
    }
    out
}
