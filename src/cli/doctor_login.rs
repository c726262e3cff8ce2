//! `awsso doctor`'s checks of `aws login` session profiles (`login_session`), each finding
//! with its fix.
//!
//! [`check_profiles`] is pure over a [`ProfileSet`]; [`check_cache_files`] reads the cache
//! folder's file modes. What each SDK does with a profile that mixes `login_session` with
//! another credential source (their provider orders differ):
//!
//! | other key in the profile | AWS CLI / botocore | Rust SDK | JavaScript SDK |
//! |---|---|---|---|
//! | `sso_*` | SSO | SSO | SSO |
//! | `role_arn` | assume role | assume role | assume role |
//! | `web_identity_token_file` | web identity | web identity | web identity |
//! | `credential_process` | login | login | credential_process |
//! | `aws_access_key_id` (config file) | login | login | static keys |
//! | `aws_access_key_id` (credentials file) | static keys | login | static keys |

use crate::cli::doctor::{Finding, Severity};
use crate::paths::Paths;
use crate::platform::{Os, fix, security};
use crate::profile::ProfileSet;

/// What botocore, the Rust SDK and the JavaScript SDK use for a profile with `login_session`
/// and `key` (`None`: not a credential key).
fn precedence(
    key: &str,
    in_credentials_file: bool,
) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match key {
        k if k.starts_with("sso_") => ("SSO", "SSO", "SSO"),
        "role_arn" => ("assume role", "assume role", "assume role"),
        "web_identity_token_file" => ("web identity", "web identity", "web identity"),
        "credential_process" => ("login_session", "login_session", "credential_process"),
        "aws_access_key_id" if in_credentials_file => {
            ("static keys", "login_session", "static keys")
        }
        "aws_access_key_id" => ("login_session", "login_session", "static keys"),
        _ => return None,
    })
}

/// Profiles with `login_session` that also name another credential source, or no region.
pub(crate) fn check_profiles(set: &ProfileSet, only: Option<&str>) -> Vec<Finding> {
    let mut out = Vec::new();
    for name in set.profile_names() {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let Some(profile) = set.profile(name) else {
            continue;
        };
        if profile.get("login_session").is_none() {
            continue;
        }
        let location = Some(profile.location(Some("login_session")));
        let keys = [
            "sso_session",
            "sso_start_url",
            "sso_account_id",
            "sso_role_name",
            "role_arn",
            "web_identity_token_file",
            "credential_process",
            "aws_access_key_id",
        ];
        let credentials_keys = set
            .credentials(name)
            .is_some_and(|c| c.get("aws_access_key_id").is_some());
        let mut mixed: Vec<(&str, bool)> = keys
            .iter()
            .filter(|k| profile.get(k).is_some())
            .map(|k| (*k, false))
            .collect();
        if credentials_keys {
            mixed.push(("aws_access_key_id", true));
        }
        for (key, in_credentials) in mixed {
            let Some((cli, rust, js)) = precedence(key, in_credentials) else {
                continue;
            };
            let place = if in_credentials {
                " in the credentials file"
            } else {
                ""
            };
            out.push(Finding {
                severity: Severity::Error,
                code: "login-session-mixed",
                location: location.clone(),
                message: format!(
                    "profile '{name}' has login_session and {key}{place}: the AWS CLI and botocore use {cli}, the Rust SDK {rust}, the JavaScript SDK {js}"
                ),
                fix: format!(
                    "keep one credential source per profile: remove {key}, or move login_session to a profile of its own (awsso login --profile NEW --console-credentials)"
                ),
            });
        }
        if profile.get("region").is_none() {
            out.push(Finding {
                severity: Severity::Warning,
                code: "login-session-no-region",
                location: Some(profile.location(None)),
                message: format!(
                    "profile '{name}' has login_session but no region: SDKs refresh the session in the region they resolve (AWS_REGION or none), and a refresh token sent to another region than the login's is refused"
                ),
                fix: format!("add `region = REGION` (the region you signed in to) to [profile {name}]"),
            });
        }
    }
    out
}

/// Cache files of login sessions that other users may read (they hold credentials and the
/// DPoP private key).
pub(crate) fn check_cache_files(
    paths: &Paths,
    set: &ProfileSet,
    only: Option<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for name in set.profile_names() {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let Some(arn) = set.profile(name).and_then(|p| p.get("login_session")) else {
            continue;
        };
        let path = paths
            .login_cache
            .join(crate::login_session::cache::file_name(arn));
        if !seen.insert(path.clone()) {
            continue;
        }
        if let Ok(facts) = security::of_path(&path)
            && let Some(others) = facts.access.others()
        {
            out.push(Finding {
                severity: Severity::Error,
                code: "login-cache-permissions",
                location: Some(path.display().to_string()),
                message: format!(
                    "the login session cache of {arn} holds credentials and a private key and has {others}: other users may read it"
                ),
                fix: fix::make_private(&path, false, Os::HERE),
            });
        }
    }
    out
}

/// The finding for a refresh the service refused for lack of `signin:CreateOAuth2Token`.
pub(crate) fn missing_permission(profile: &str, arn: &str) -> Finding {
    Finding {
        severity: Severity::Error,
        code: "login-session-permission",
        location: None,
        message: format!(
            "the sign-in service refused to refresh profile '{profile}' ({arn}): the principal may not use signin:CreateOAuth2Token"
        ),
        fix: format!(
            "attach the SignInLocalDevelopmentAccess managed policy (or allow signin:CreateOAuth2Token) to {arn}, then run `awsso login --profile {profile}`"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(config: &str, credentials: &str) -> ProfileSet {
        ProfileSet::parse(
            Some((std::path::Path::new("config"), config)),
            Some((std::path::Path::new("credentials"), credentials)),
        )
    }

    #[test]
    fn mixed_sources_name_what_each_sdk_uses() {
        let s = set(
            "[profile a]\nlogin_session = arn:aws:iam::123456789012:user/x\ncredential_process = x\nregion = eu-west-1\n\
             [profile b]\nlogin_session = arn:aws:iam::123456789012:user/x\n",
            "[b]\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
        );
        let f = check_profiles(&s, None);
        let codes: Vec<&str> = f.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [
                "login-session-mixed",
                "login-session-mixed",
                "login-session-no-region"
            ]
        );
        assert!(f[0].message.contains("the AWS CLI and botocore use login_session, the Rust SDK login_session, the JavaScript SDK credential_process"), "{}", f[0].message);
        assert!(f[1].message.contains("in the credentials file: the AWS CLI and botocore use static keys, the Rust SDK login_session"), "{}", f[1].message);
        assert!(check_profiles(&s, Some("a")).len() == 1);
    }
}
