//! Whether the settings awsso acts on can be trusted: who else can change the config and
//! credentials files (and the folders they are in, `~/.aws` and the home folder), and whether
//! the account ids and role names in the config are ids at all.
//!
//! I/O (reads file owners and permissions through [`crate::platform::security`], whose
//! decisions are pure: modes on unix, ACLs on Windows, see [`crate::platform::access`]) plus
//! pure checks of a [`ProfileSet`]. `doctor` turns the results into findings
//! ([`doctor_findings`], [`id_findings`]); every command that resolves a profile warns about
//! them ([`warnings`]) instead of going on silently: another user who can rewrite the config
//! can point a profile at their own account, or make `credential_process` run their program.
//! Does not own printing.

use std::path::{Path, PathBuf};

use crate::cli::doctor::{Finding, Severity};
use crate::paths::Paths;
use crate::platform::access::Verdict;
use crate::platform::{Os, fix, security};
use crate::profile::ProfileSet;

/// A file or folder other users can change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Exposure {
    /// The file or folder.
    pub path: PathBuf,
    /// Whether it is a folder.
    pub dir: bool,
    /// What is wrong: `has mode 666`, `is owned by another user (uid 1001)`.
    pub problem: String,
    /// The command that fixes it on this platform.
    pub fix: String,
}

/// The files awsso takes settings from and the folders above them, as far as the home folder:
/// the home folder, the folders of the config and credentials files (`~/.aws`), and the two
/// files. Missing ones are left out.
fn watched(paths: &Paths, home: Option<&Path>) -> Vec<(PathBuf, bool)> {
    let mut out: Vec<(PathBuf, bool)> = Vec::new();
    let mut push = |path: PathBuf, dir: bool| {
        if !out.iter().any(|(p, _)| *p == path) {
            out.push((path, dir));
        }
    };
    if let Some(home) = home {
        push(home.to_owned(), true);
    }
    for file in [&paths.config, &paths.credentials] {
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            push(dir.to_owned(), true);
        }
    }
    push(paths.config.clone(), false);
    push(paths.credentials.clone(), false);
    out
}

/// Every watched file or folder another user owns or can write (a sticky folder such as `/tmp`
/// only when another user owns it: others cannot replace what is ours in it).
pub(crate) fn exposures(paths: &Paths, home: Option<&Path>) -> Vec<Exposure> {
    let here = Os::HERE;
    let mut out = Vec::new();
    for (path, dir) in watched(paths, home) {
        let Ok(facts) = security::of_path(&path) else {
            continue; // missing: nothing to trust
        };
        if let Some(owner) = facts.owner.not_ours(here) {
            let take = fix::take_ownership(&path, security::my_uid(), here);
            out.push(Exposure {
                fix: if dir {
                    format!("{take} (or move your AWS files out of it)")
                } else {
                    format!("{take} (or replace it with a copy of your own)")
                },
                problem: format!("is owned by another user ({owner})"),
                path,
                dir,
            });
        } else if let Verdict::OthersWrite(others) = &facts.access
            && !(dir && facts.sticky)
        {
            out.push(Exposure {
                problem: format!("has {others}: other users can change it"),
                fix: fix::deny_others_write(&path, here),
                path,
                dir,
            });
        }
    }
    out
}

/// What one exposure means, for a warning or a finding.
fn meaning(e: &Exposure) -> &'static str {
    if e.dir {
        "another user can replace the AWS config or credentials files in it"
    } else {
        "another user can change the profiles awsso and every AWS tool use"
    }
}

/// `doctor`'s findings for [`exposures`]: each an error.
pub(crate) fn doctor_findings(paths: &Paths, home: Option<&Path>) -> Vec<Finding> {
    exposures(paths, home)
        .into_iter()
        .map(|e| Finding {
            severity: Severity::Error,
            code: if e.dir {
                "settings-folder-not-private"
            } else {
                "settings-file-not-private"
            },
            location: Some(e.path.display().to_string()),
            message: format!(
                "the {} {}: {}",
                if e.dir { "folder" } else { "file" },
                e.problem,
                meaning(&e)
            ),
            fix: e.fix,
        })
        .collect()
}

/// The warnings a command gives before it acts on a profile from these files.
pub(crate) fn warnings(paths: &Paths, home: Option<&Path>) -> Vec<String> {
    exposures(paths, home)
        .iter()
        .map(|e| {
            format!(
                "{} {}: {}; fix: {}",
                e.path.display(),
                e.problem,
                meaning(e),
                e.fix
            )
        })
        .collect()
}

/// The account ids and role names of the config's SSO profiles that are no ids (see
/// [`crate::ids`]): credential commands refuse them, `doctor` says where they are. Pure.
pub(crate) fn id_findings(set: &ProfileSet, only: Option<&str>) -> Vec<Finding> {
    let names: Vec<&str> = match only {
        Some(name) => vec![name],
        None => set.profile_names(),
    };
    let mut out = Vec::new();
    for name in names {
        let Some(p) = set.profile(name) else { continue };
        for key in ["sso_account_id", "awsso_account_id"] {
            if let Some(value) = p.get(key)
                && let Err(e) = crate::ids::check_account_id(value)
            {
                out.push(Finding {
                    severity: Severity::Error,
                    code: "invalid-account-id",
                    location: Some(p.location(Some(key))),
                    message: e.to_string(),
                    fix: format!("set {key} to the 12-digit account id (`awsso list` shows them)"),
                });
            }
        }
        for key in ["sso_role_name", "awsso_role_name"] {
            if let Some(value) = p.get(key)
                && let Err(e) = crate::ids::check_role_name(value)
            {
                out.push(Finding {
                    severity: Severity::Error,
                    code: "invalid-role-name",
                    location: Some(p.location(Some(key))),
                    message: e.to_string(),
                    fix: format!("set {key} to a role name `awsso list` shows"),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_are_no_ids_are_found_where_they_are() {
        let set = ProfileSet::parse(
            Some((
                Path::new("config"),
                "[profile ok]\nsso_account_id = 123456789012\nsso_role_name = Admin\n\
                 [profile bad]\nsso_account_id = 12345\nsso_role_name = a b\n",
            )),
            None,
        );
        let found = id_findings(&set, None);
        let codes: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|f| (f.code, f.location.as_deref()))
            .collect();
        assert_eq!(
            codes,
            [
                ("invalid-account-id", Some("config:5")),
                ("invalid-role-name", Some("config:6"))
            ]
        );
        assert!(id_findings(&set, Some("ok")).is_empty());
    }
}
