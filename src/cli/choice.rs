//! What `awsso use` can switch to: a [`Choice`] (a profile, or an account and role of an SSO
//! session, plus a region), its encoding in the `AWSSO_USE` variable, the [`Candidate`]s the
//! picker offers (recently used first), and how a query selects among them.
//!
//! Pure, except [`read_recent`] and [`remember`], which read and write the private list of
//! recent choices (`~/.aws/awsso/recent.json`, 0600, a JSON array of encoded choices, newest
//! first, at most [`RECENT_LIMIT`]).
//!
//! ```text
//! AWSSO_USE=profile=dev&region=eu-west-1
//! AWSSO_USE=session=corp&account=123456789012&role=Admin&name=prod&region=eu-west-1
//! ```
//!
//! The encoding is `application/x-www-form-urlencoded`: any character of a name survives, and
//! the value is one word in every shell.

use std::path::Path;

/// How many recent choices are kept.
pub(crate) const RECENT_LIMIT: usize = 20;

/// What is chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Chosen {
    /// A profile of the config file.
    Profile(String),
    /// An account and role of an `[sso-session]`.
    Role {
        /// The `[sso-session NAME]`.
        session: String,
        /// The account id.
        account_id: String,
        /// The account's name, when known (for labels).
        account_name: Option<String>,
        /// The role (permission set) name.
        role_name: String,
    },
}

/// A choice of `awsso use`: what, and the region to set (when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Choice {
    /// The profile or role.
    pub chosen: Chosen,
    /// The region, when the choice names one.
    pub region: Option<String>,
}

impl Choice {
    /// A profile, without a region.
    #[cfg(test)]
    pub(crate) fn profile(name: &str) -> Choice {
        Choice {
            chosen: Chosen::Profile(name.to_owned()),
            region: None,
        }
    }

    /// The value of `AWSSO_USE` (see the module docs).
    pub(crate) fn encode(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        match &self.chosen {
            Chosen::Profile(name) => {
                out.append_pair("profile", name);
            }
            Chosen::Role {
                session,
                account_id,
                account_name,
                role_name,
            } => {
                out.append_pair("session", session);
                out.append_pair("account", account_id);
                out.append_pair("role", role_name);
                if let Some(name) = account_name {
                    out.append_pair("name", name);
                }
            }
        }
        if let Some(region) = &self.region {
            out.append_pair("region", region);
        }
        out.finish()
    }

    /// Reads an encoded choice; `None` when it is not one (a variable set by something else).
    pub(crate) fn decode(text: &str) -> Option<Choice> {
        let mut profile = None;
        let (mut session, mut account, mut role, mut name, mut region) =
            (None, None, None, None, None);
        for (key, value) in form_urlencoded::parse(text.as_bytes()) {
            let value = Some(value.into_owned()).filter(|v| !v.is_empty());
            match key.as_ref() {
                "profile" => profile = value,
                "session" => session = value,
                "account" => account = value,
                "role" => role = value,
                "name" => name = value,
                "region" => region = value,
                _ => {}
            }
        }
        let chosen = match (profile, session, account, role) {
            (Some(p), None, None, None) => Chosen::Profile(p),
            (None, Some(session), Some(account_id), Some(role_name)) => Chosen::Role {
                session,
                account_id,
                account_name: name,
                role_name,
            },
            _ => return None,
        };
        Some(Choice { chosen, region })
    }

    /// A short name for prompts and messages: the profile, or `ACCOUNT/ROLE` (the account's
    /// name when known, else its id).
    pub(crate) fn label(&self) -> String {
        match &self.chosen {
            Chosen::Profile(name) => name.clone(),
            Chosen::Role {
                account_id,
                account_name,
                role_name,
                ..
            } => format!(
                "{}/{role_name}",
                account_name.as_deref().unwrap_or(account_id)
            ),
        }
    }

    /// Whether two choices select the same thing (the region and the account's name aside).
    pub(crate) fn same_target(&self, other: &Choice) -> bool {
        match (&self.chosen, &other.chosen) {
            (Chosen::Profile(a), Chosen::Profile(b)) => a == b,
            (
                Chosen::Role {
                    session: s1,
                    account_id: a1,
                    role_name: r1,
                    ..
                },
                Chosen::Role {
                    session: s2,
                    account_id: a2,
                    role_name: r2,
                    ..
                },
            ) => s1 == s2 && a1 == a2 && r1 == r2,
            _ => false,
        }
    }
}

/// One line of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// What choosing it selects.
    pub choice: Choice,
    /// What the picker shows (and what a query is matched against): names, ids, role names.
    pub text: String,
    /// The profile, account and role names that a query must equal to pick it without asking.
    pub names: Vec<String>,
    /// For an SSO profile with an `[sso-session]`: the (session, account id, role name) it
    /// selects, so the same role from the inventory needs no line of its own.
    pub selects: Option<(String, String, String)>,
}

impl Candidate {
    /// A profile; `sso` holds its (session or start URL, account id, role name) when it is an
    /// SSO profile. The choice holds no region: the profile's own is read when it is used.
    pub(crate) fn profile(
        name: &str,
        sso: Option<(&str, Option<&str>, Option<&str>)>,
    ) -> Candidate {
        let mut text = name.to_owned();
        let mut selects = None;
        if let Some((session, account, role)) = sso {
            let detail: Vec<&str> = [account, role].into_iter().flatten().collect();
            text = format!("{name}  ({} [{session}])", detail.join(" "));
            if let (Some(account), Some(role)) = (account, role) {
                selects = Some((session.to_owned(), account.to_owned(), role.to_owned()));
            }
        }
        Candidate {
            selects,
            choice: Choice {
                chosen: Chosen::Profile(name.to_owned()),
                region: None,
            },
            text,
            names: vec![name.to_owned()],
        }
    }

    /// An account and role from a session's inventory.
    pub(crate) fn role(
        session: &str,
        account_id: &str,
        account_name: &str,
        role: &str,
    ) -> Candidate {
        Candidate {
            selects: None,
            choice: Choice {
                chosen: Chosen::Role {
                    session: session.to_owned(),
                    account_id: account_id.to_owned(),
                    account_name: Some(account_name.to_owned()).filter(|n| !n.is_empty()),
                    role_name: role.to_owned(),
                },
                region: None,
            },
            text: format!("{account_name} ({account_id}) {role}  [{session}]"),
            names: vec![
                account_id.to_owned(),
                account_name.to_owned(),
                format!("{account_name}/{role}"),
                format!("{account_id}/{role}"),
            ],
        }
    }

    /// Whether this is an SSO profile that selects `role` (so the role needs no line of its own).
    fn covers(&self, role: &Candidate) -> bool {
        let Chosen::Role {
            session,
            account_id,
            role_name,
            ..
        } = &role.choice.chosen
        else {
            return false;
        };
        self.selects
            .as_ref()
            .is_some_and(|(s, a, r)| s == session && a == account_id && r == role_name)
    }
}

/// The picker's list: recent choices first (newest first), then profiles in config order,
/// then the inventory's roles not already selected by a profile. Pure.
///
/// A profile that selects a role of the inventory takes that role's line: it gets the
/// account's name in its text and names, so a query for the account finds the profile.
pub(crate) fn order(
    mut profiles: Vec<Candidate>,
    roles: Vec<Candidate>,
    recent: &[Choice],
) -> Vec<Candidate> {
    let mut kept = Vec::with_capacity(roles.len());
    for role in roles {
        let Some(profile) = profiles.iter_mut().find(|p| p.covers(&role)) else {
            kept.push(role);
            continue;
        };
        if let Chosen::Role {
            account_name: Some(name),
            role_name,
            ..
        } = &role.choice.chosen
        {
            profile.text = format!("{}  {name}", profile.text);
            profile.names.push(name.clone());
            profile.names.push(format!("{name}/{role_name}"));
        }
    }
    let roles = kept;
    let mut all: Vec<Candidate> = profiles.into_iter().chain(roles).collect();
    let mut ordered = Vec::with_capacity(all.len());
    for choice in recent {
        if let Some(i) = all.iter().position(|c| c.choice.same_target(choice)) {
            ordered.push(all.remove(i));
        }
    }
    ordered.extend(all);
    ordered
}

/// What a query selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Selection {
    /// Exactly one candidate (an exact name, or the only one containing the query).
    One(usize),
    /// Several, or none: the indexes of those containing the query (empty: none does).
    Ambiguous(Vec<usize>),
}

/// Selects among `candidates` with `query` (pure): a candidate one of whose names equals the
/// query (ignoring case) wins when it is the only such; else the candidates whose text
/// contains the query (ignoring case); one of them is selected, more or none are
/// [`Selection::Ambiguous`].
pub(crate) fn select(candidates: &[Candidate], query: &str) -> Selection {
    let query = query.trim().to_lowercase();
    let exact: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.names.iter().any(|n| n.to_lowercase() == query))
        .map(|(i, _)| i)
        .collect();
    if let [one] = exact[..] {
        return Selection::One(one);
    }
    let containing: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.text.to_lowercase().contains(&query))
        .map(|(i, _)| i)
        .collect();
    match containing[..] {
        [one] => Selection::One(one),
        _ if exact.len() > 1 => Selection::Ambiguous(exact),
        _ => Selection::Ambiguous(containing),
    }
}

/// The recent choices, newest first; an unreadable or malformed file is no recent choices
/// (the list only orders the picker).
pub(crate) fn read_recent(path: &Path) -> Vec<Choice> {
    let Ok(Some(bytes)) = crate::fsutil::read_private(path) else {
        return Vec::new();
    };
    serde_json::from_slice::<Vec<String>>(&bytes)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| Choice::decode(e))
        .collect()
}

/// `choice` put first in `recent` (once), at most [`RECENT_LIMIT`] kept. Pure.
pub(crate) fn with_recent(recent: &[Choice], choice: &Choice) -> Vec<Choice> {
    std::iter::once(choice.clone())
        .chain(recent.iter().filter(|c| !c.same_target(choice)).cloned())
        .take(RECENT_LIMIT)
        .collect()
}

/// Puts `choice` first in the recent list at `path` (a private file).
pub(crate) fn remember(path: &Path, choice: &Choice) -> std::io::Result<()> {
    let list: Vec<String> = with_recent(&read_recent(path), choice)
        .iter()
        .map(Choice::encode)
        .collect();
    let json = serde_json::to_vec(&list).map_err(std::io::Error::other)?;
    crate::fsutil::write_private(path, &json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(account: &str, name: &str, role_name: &str) -> Candidate {
        Candidate::role("corp", account, name, role_name)
    }

    #[test]
    fn choices_survive_their_encoding() {
        let choices = [
            Choice::profile("dev"),
            Choice {
                chosen: Chosen::Profile("odd & name=x %".into()),
                region: Some("eu-west-1".into()),
            },
            Choice {
                chosen: Chosen::Role {
                    session: "corp".into(),
                    account_id: "123456789012".into(),
                    account_name: Some("prod ünï".into()),
                    role_name: "Admin".into(),
                },
                region: None,
            },
        ];
        for c in choices {
            let text = c.encode();
            assert!(!text.contains(' ') && !text.contains('\''), "{text}");
            assert_eq!(Choice::decode(&text), Some(c));
        }
        assert_eq!(
            Choice::profile("dev").encode(),
            "profile=dev",
            "the documented form"
        );
        for junk in ["", "x=1", "profile=a&session=b", "session=a&account=1"] {
            assert_eq!(Choice::decode(junk), None, "{junk}");
        }
    }

    #[test]
    fn labels_name_the_account_when_known() {
        let c = role("123456789012", "prod", "Admin").choice;
        assert_eq!(c.label(), "prod/Admin");
        let c = role("123456789012", "", "Admin").choice;
        assert_eq!(c.label(), "123456789012/Admin");
        assert_eq!(Choice::profile("dev").label(), "dev");
    }

    #[test]
    fn exact_names_win_then_a_single_substring_match() {
        let list = vec![
            Candidate::profile("dev", Some(("corp", Some("1"), Some("Admin")))),
            Candidate::profile("dev-admin", None),
            role("111111111111", "account-000", "Role0"),
            role("222222222222", "account-001", "Role0"),
        ];
        assert_eq!(select(&list, "dev"), Selection::One(0));
        assert_eq!(select(&list, "DEV-ADMIN"), Selection::One(1));
        assert_eq!(select(&list, "account-001"), Selection::One(3));
        assert_eq!(select(&list, "2222"), Selection::One(3));
        assert_eq!(select(&list, "account"), Selection::Ambiguous(vec![2, 3]));
        assert_eq!(select(&list, "nothing"), Selection::Ambiguous(vec![]));
        // Two accounts with the same name: the name is no answer.
        let twins = vec![
            role("111111111111", "same", "R"),
            role("222222222222", "same", "R"),
        ];
        assert_eq!(select(&twins, "same"), Selection::Ambiguous(vec![0, 1]));
    }

    #[test]
    fn recent_choices_come_first_and_profiles_hide_their_roles() {
        let profiles = vec![
            Candidate::profile("dev", Some(("corp", Some("111111111111"), Some("R")))),
            Candidate::profile("other", None),
        ];
        let roles = vec![
            role("111111111111", "a", "R"),
            role("222222222222", "b", "R"),
        ];
        let recent = vec![
            role("222222222222", "b", "R").choice,
            Choice::profile("other"),
            Choice::profile("gone"),
        ];
        let texts: Vec<String> = order(profiles, roles, &recent)
            .into_iter()
            .map(|c| c.choice.label())
            .collect();
        assert_eq!(texts, ["b/R", "other", "dev"]);
    }

    #[test]
    fn the_recent_list_is_bounded_and_without_duplicates() {
        let mut recent = Vec::new();
        for i in 0..30 {
            recent = with_recent(&recent, &Choice::profile(&format!("p{i}")));
        }
        recent = with_recent(&recent, &Choice::profile("p20"));
        assert_eq!(recent.len(), RECENT_LIMIT);
        assert_eq!(recent[0], Choice::profile("p20"));
        assert_eq!(recent.iter().filter(|c| c.label() == "p20").count(), 1);
    }
}
