//! The profiles `awsso discover` generates: names, keys, ownership, and the edit plan.
//!
//! Pure: config text and the discovered roles in, the new text and a per-profile report out.
//! Reading and writing the file, and listing the roles, are the caller's. One profile per role:
//!
//! ```ini
//! # --mode process (default): SDKs run the process line; metadata stays under awsso_* keys,
//! # because any plain sso_* key would make botocore and the Rust SDK use native SSO and ignore
//! # credential_process.
//! [profile prod.AdministratorAccess]
//! credential_process = /usr/local/bin/awsso credential-process --sso-session corp --account-id 123456789012 --role-name AdministratorAccess
//! region = eu-west-1
//! awsso_session = corp
//! awsso_account_id = 123456789012
//! awsso_account_name = prod
//! awsso_role_name = AdministratorAccess
//!
//! # --mode native: the SDKs' own SSO provider, same metadata.
//! [profile prod.ReadOnly]
//! sso_session = corp
//! sso_account_id = 123456789012
//! sso_role_name = ReadOnly
//! region = eu-west-1
//! awsso_session = corp
//! awsso_account_id = 123456789012
//! awsso_account_name = prod
//! awsso_role_name = ReadOnly
//! ```
//!
//! For a legacy target (`--start-url`/`--sso-region`, or a legacy profile) `awsso_session` is
//! replaced by `awsso_start_url` + `awsso_sso_region` (and native mode writes `sso_start_url` +
//! `sso_region`).
//!
//! # Rules
//!
//! 1. **Names** come from a template over `{account_id}`, `{account_name}`, `{role_name}` and
//!    `{session}`, sanitised to `[A-Za-z0-9_\-/.%@:+]`: each run of other characters becomes one
//!    `-`, and leading/trailing `-` are trimmed.
//! 2. **Collisions** between generated names are resolved the same way every time: the roles
//!    are sorted by (account id, role name, account name); a name shared by several roles gets `-ACCOUNT_ID`
//!    appended, then `-2`, `-3`… while it is still taken.
//! 3. **Ownership.** A profile is awsso's when it carries `awsso_account_id` and belongs to this
//!    session (`awsso_session`, or `awsso_start_url` for legacy targets). Only those are updated
//!    or pruned; any other profile with a generated name is left alone and reported as skipped,
//!    unless `force`, which takes it over (and removes keys that would shadow the new ones).
//! 4. **Minimal edits.** Keys are set with [`ConfigEditor`]; unchanged values leave their lines
//!    untouched, so a re-run with no change gives the identical text. Switching modes removes
//!    the other mode's keys.
//! 5. **Values are single lines** that read back unchanged: account names lose control
//!    characters and any whitespace before `#`/`;` (which readers would cut as a comment).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::section::is_portable_name;
use super::write::{ConfigEditor, Upsert, WriteError};
use super::{FileKind, ProfileSet, Section};
use crate::discover::{PlannedProfile, ProfileAction as Action};

/// Metadata key: the sso-session a generated profile belongs to.
pub(crate) const KEY_SESSION: &str = "awsso_session";
/// Metadata key: the start URL (legacy targets).
pub(crate) const KEY_START_URL: &str = "awsso_start_url";
/// Metadata key: the Identity Center region (legacy targets).
pub(crate) const KEY_SSO_REGION: &str = "awsso_sso_region";
/// Metadata key: the account id; its presence marks a profile as awsso's.
pub(crate) const KEY_ACCOUNT_ID: &str = "awsso_account_id";
/// Metadata key: the account name (informational).
pub(crate) const KEY_ACCOUNT_NAME: &str = "awsso_account_name";
/// Metadata key: the role name.
pub(crate) const KEY_ROLE_NAME: &str = "awsso_role_name";

pub(crate) use crate::discover::DEFAULT_TEMPLATE;

const SSO_KEYS: [&str; 6] = [
    "sso_session",
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
    "sso_registration_scopes",
];

/// How generated profiles get their credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `credential_process = awsso credential-process ...`.
    Process,
    /// The SDKs' native SSO keys.
    Native,
}

/// The Identity Center instance the profiles belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// An `[sso-session NAME]`.
    Session {
        /// The session name.
        name: String,
        /// Its start URL (to create the section in native mode when missing).
        start_url: String,
        /// Its region.
        sso_region: String,
    },
    /// A start URL and region without a session (legacy format).
    Legacy {
        /// The start URL.
        start_url: String,
        /// The region.
        sso_region: String,
    },
}

impl Source {
    /// The source of a resolved target: its sso-session, else its start URL and region.
    pub(crate) fn of(target: &crate::sso::target::SsoTarget) -> Source {
        match &target.session {
            Some(name) => Source::Session {
                name: name.clone(),
                start_url: target.start_url.clone(),
                sso_region: target.sso_region.clone(),
            },
            None => Source::Legacy {
                start_url: target.start_url.clone(),
                sso_region: target.sso_region.clone(),
            },
        }
    }

    /// The `{session}` template value: the session name, or the start URL's host.
    fn label(&self) -> String {
        match self {
            Source::Session { name, .. } => name.clone(),
            Source::Legacy { start_url, .. } => {
                let rest = start_url
                    .split_once("://")
                    .map_or(start_url.as_str(), |(_, r)| r);
                rest.split(['/', '.']).next().unwrap_or(rest).to_owned()
            }
        }
    }

    /// Whether an existing profile belongs to this source.
    fn owns(&self, section: &Section) -> bool {
        if section.get(KEY_ACCOUNT_ID).is_none() {
            return false;
        }
        match self {
            Source::Session { name, .. } => section.get(KEY_SESSION) == Some(name.as_str()),
            Source::Legacy { start_url, .. } => {
                section.get(KEY_SESSION).is_none()
                    && section
                        .get(KEY_START_URL)
                        .is_some_and(|u| u.trim_end_matches('/') == start_url.trim_end_matches('/'))
            }
        }
    }
}

/// A discovered role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoleRef {
    /// The account id.
    pub account_id: String,
    /// The account name.
    pub account_name: String,
    /// The role name.
    pub role_name: String,
}

/// Why a plan could not be made.
#[derive(Debug, thiserror::Error)]
pub(crate) enum GenerateError {
    /// The name template is malformed.
    #[error("invalid name template '{template}': {reason}")]
    Template {
        /// The template.
        template: String,
        /// What is wrong.
        reason: String,
    },
    /// A generated value cannot be written (e.g. a program path with ` #`).
    #[error("cannot write profile '{profile}'")]
    Write {
        /// The profile.
        profile: String,
        /// The editor's reason.
        #[source]
        source: WriteError,
    },
    /// The config file has lines the editor cannot edit faithfully.
    #[error("the config file cannot be edited safely")]
    Unfaithful(#[source] WriteError),
    /// The program path cannot be quoted (it contains a NUL byte).
    #[error("cannot quote '{0}' for a credential_process line")]
    Quote(String),
    /// The `region =` to write is not a region name.
    #[error(transparent)]
    Region(crate::ids::IdError),
}

/// A parsed `--name-template`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Var {
    AccountId,
    AccountName,
    RoleName,
    Session,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Var(Var),
}

impl Template {
    /// Parses a template; `{` and `}` only delimit the four placeholders.
    pub(crate) fn parse(text: &str) -> Result<Template, GenerateError> {
        let bad = |reason: String| GenerateError::Template {
            template: text.to_owned(),
            reason,
        };
        let mut pieces = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find(['{', '}']) {
                Some(i) if rest.as_bytes()[i] == b'}' => {
                    return Err(bad("unmatched '}'".to_owned()));
                }
                Some(i) => {
                    if i > 0 {
                        pieces.push(Piece::Text(rest[..i].to_owned()));
                    }
                    let after = &rest[i + 1..];
                    let end = after
                        .find('}')
                        .ok_or_else(|| bad("unmatched '{'".to_owned()))?;
                    let var = match &after[..end] {
                        "account_id" => Var::AccountId,
                        "account_name" => Var::AccountName,
                        "role_name" => Var::RoleName,
                        "session" => Var::Session,
                        other => {
                            return Err(bad(format!(
                                "unknown placeholder {{{other}}} (use {{account_id}}, {{account_name}}, {{role_name}}, {{session}})"
                            )));
                        }
                    };
                    pieces.push(Piece::Var(var));
                    rest = &after[end + 1..];
                }
                None => {
                    pieces.push(Piece::Text(rest.to_owned()));
                    rest = "";
                }
            }
        }
        if !pieces
            .iter()
            .any(|p| matches!(p, Piece::Var(Var::RoleName)))
        {
            return Err(bad(
                "it must contain {role_name}, or every role of an account gets the same name"
                    .to_owned(),
            ));
        }
        Ok(Template { pieces })
    }

    fn render(&self, role: &RoleRef, session: &str) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(Var::AccountId) => out.push_str(&role.account_id),
                Piece::Var(Var::AccountName) => out.push_str(&role.account_name),
                Piece::Var(Var::RoleName) => out.push_str(&role.role_name),
                Piece::Var(Var::Session) => out.push_str(session),
            }
        }
        out
    }
}

/// Maps `text` to a portable profile name (rule 1). Never empty: falls back to `profile`.
pub(crate) fn sanitize_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut replaced = false;
    for c in text.chars() {
        let mut buf = [0; 4];
        if is_portable_name(c.encode_utf8(&mut buf)) {
            out.push(c);
            replaced = false;
        } else if !replaced {
            out.push('-');
            replaced = true;
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "profile".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Makes `text` a single-line value that reads back unchanged (rule 5).
pub(crate) fn sanitize_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space && !matches!(c, '#' | ';') {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// The final, unique profile name of every role (rule 2), in the input's order.
pub(crate) fn names(template: &Template, source: &Source, roles: &[RoleRef]) -> Vec<String> {
    let label = source.label();
    let base: Vec<String> = roles
        .iter()
        .map(|r| sanitize_name(&template.render(r, &label)))
        .collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for b in &base {
        *count.entry(b.as_str()).or_default() += 1;
    }
    let mut taken: HashSet<String> = base
        .iter()
        .filter(|b| count[b.as_str()] == 1)
        .cloned()
        .collect();
    let mut order: Vec<usize> = (0..roles.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |r: &RoleRef| {
            (
                r.account_id.clone(),
                r.role_name.clone(),
                r.account_name.clone(),
            )
        };
        key(&roles[a]).cmp(&key(&roles[b]))
    });
    let mut out = base.clone();
    for i in order {
        if count[base[i].as_str()] == 1 {
            continue;
        }
        let first = sanitize_name(&format!("{}-{}", base[i], roles[i].account_id));
        let mut name = first.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{first}-{n}");
            n += 1;
        }
        taken.insert(name.clone());
        out[i] = name;
    }
    out
}

/// Quotes a word so that both `shlex.split` (botocore, no shell) and `sh -c` (the Rust SDK)
/// read it back unchanged.
pub(crate) fn quote_word(word: &str) -> Result<String, GenerateError> {
    shlex::try_quote(word)
        .map(|q| q.into_owned())
        .map_err(|_| GenerateError::Quote(word.to_owned()))
}

/// The `credential_process` line for a role.
pub(crate) fn process_command(
    program: &str,
    source: &Source,
    role: &RoleRef,
    login: bool,
) -> Result<String, GenerateError> {
    let mut words = vec![quote_word(program)?, "credential-process".to_owned()];
    match source {
        Source::Session { name, .. } => {
            words.push("--sso-session".to_owned());
            words.push(quote_word(name)?);
        }
        Source::Legacy {
            start_url,
            sso_region,
        } => {
            words.push("--start-url".to_owned());
            words.push(quote_word(start_url)?);
            words.push("--sso-region".to_owned());
            words.push(quote_word(sso_region)?);
        }
    }
    words.extend([
        "--account-id".to_owned(),
        quote_word(&role.account_id)?,
        "--role-name".to_owned(),
        quote_word(&role.role_name)?,
    ]);
    if login {
        words.push("--login".to_owned());
    }
    Ok(words.join(" "))
}

/// What discover should do.
#[derive(Debug, Clone)]
pub(crate) struct GenerationRequest<'a> {
    /// The Identity Center instance.
    pub source: &'a Source,
    /// Process or native profiles.
    pub mode: Mode,
    /// The name template.
    pub template: &'a Template,
    /// `region =` for the profiles, if any.
    pub region: Option<&'a str>,
    /// Add `--login` to process lines.
    pub login: bool,
    /// Take over profiles awsso does not own.
    pub force: bool,
    /// Remove awsso's profiles of this source that were not discovered.
    pub prune: bool,
    /// The awsso binary for process lines (unquoted).
    pub program: &'a str,
}

/// The result of [`plan`].
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The new file text (identical to the input when nothing changed).
    pub text: String,
    /// Every generated, skipped, removed or stale profile, generated ones first in name order.
    pub entries: Vec<PlannedProfile>,
}

impl Plan {
    /// How many entries have `action`.
    #[cfg(test)]
    pub(crate) fn count(&self, action: Action) -> usize {
        self.entries.iter().filter(|e| e.action == action).count()
    }
}

/// Computes the new config text for `roles` (see the module rules).
pub(crate) fn plan(
    path: &Path,
    text: &str,
    request: &GenerationRequest<'_>,
    roles: &[RoleRef],
) -> Result<Plan, GenerateError> {
    // A region becomes a host name wherever the profile is used: never write one that is not.
    if let Some(region) = request.region {
        crate::ids::check_region(region).map_err(GenerateError::Region)?;
    }
    // One parse of a file that may hold 100,000 profiles, for all three readers.
    let doc = crate::ini::Document::parse(text);
    crate::profile::write::check_faithful_document(
        path,
        text,
        &doc,
        request.force,
        FileKind::Config,
    )
    .map_err(GenerateError::Unfaithful)?;
    let existing = ProfileSet::sections_of_config(path, &doc);
    let mut editor = ConfigEditor::from_document(doc, FileKind::Config);
    let names = names(request.template, request.source, roles);
    let mut order: Vec<usize> = (0..roles.len()).collect();
    order.sort_by(|&a, &b| names[a].cmp(&names[b]));
    let mut entries = Vec::new();
    let write_err = |profile: &str| {
        let profile = profile.to_owned();
        move |source| GenerateError::Write { profile, source }
    };
    if request.mode == Mode::Native
        && let Source::Session {
            name,
            start_url,
            sso_region,
        } = request.source
        && existing.sso_session(name).is_none()
    {
        editor
            .upsert_sso_session(
                name,
                &[
                    ("sso_start_url", start_url.as_str()),
                    ("sso_region", sso_region.as_str()),
                    ("sso_registration_scopes", crate::sso::target::DEFAULT_SCOPE),
                ],
            )
            .map_err(write_err(name))?;
    }
    for i in order {
        let (name, role) = (&names[i], &roles[i]);
        let entry = |action| PlannedProfile {
            name: name.clone(),
            account_id: role.account_id.clone(),
            account_name: role.account_name.clone(),
            role_name: role.role_name.clone(),
            action,
        };
        let current = existing.profile(name);
        if let Some(section) = current
            && !request.source.owns(section)
            && !request.force
        {
            entries.push(entry(Action::Skipped));
            continue;
        }
        let (keys, remove) = profile_keys(request, role)?;
        let pairs: Vec<(&str, &str)> = keys.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let upsert = editor
            .upsert_profile(name, &pairs)
            .map_err(write_err(name))?;
        let removed = current.is_some() && editor.remove_keys(name, &remove);
        entries.push(entry(match upsert {
            Upsert::Created => Action::Created,
            Upsert::Updated => Action::Updated,
            Upsert::Unchanged if removed => Action::Updated,
            Upsert::Unchanged => Action::Unchanged,
        }));
    }
    let generated: HashSet<&str> = names.iter().map(String::as_str).collect();
    for name in existing.profile_names() {
        let Some(section) = existing.profile(name) else {
            continue;
        };
        if generated.contains(name) || !request.source.owns(section) {
            continue;
        }
        let action = if request.prune {
            editor.remove_profile(name);
            Action::Removed
        } else {
            Action::Stale
        };
        entries.push(PlannedProfile {
            name: name.to_owned(),
            account_id: section.get(KEY_ACCOUNT_ID).unwrap_or_default().to_owned(),
            account_name: section.get(KEY_ACCOUNT_NAME).unwrap_or_default().to_owned(),
            role_name: section.get(KEY_ROLE_NAME).unwrap_or_default().to_owned(),
            action,
        });
    }
    Ok(Plan {
        text: editor.render(),
        entries,
    })
}

/// The keys to set (in order) and the keys to remove.
type ProfileKeys = (Vec<(&'static str, String)>, Vec<&'static str>);

/// The keys to set (in order) and the keys to remove for one role.
fn profile_keys(
    request: &GenerationRequest<'_>,
    role: &RoleRef,
) -> Result<ProfileKeys, GenerateError> {
    let mut keys: Vec<(&'static str, String)> = Vec::new();
    let mut remove: Vec<&'static str> = Vec::new();
    match request.mode {
        Mode::Process => {
            keys.push((
                "credential_process",
                process_command(request.program, request.source, role, request.login)?,
            ));
            // Any sso_* key would make the SDKs ignore the process line.
            remove.extend(SSO_KEYS);
        }
        Mode::Native => {
            match request.source {
                Source::Session { name, .. } => {
                    keys.push(("sso_session", name.clone()));
                    // The Rust SDK rejects these next to sso_session.
                    remove.extend(["sso_start_url", "sso_region"]);
                }
                Source::Legacy {
                    start_url,
                    sso_region,
                } => {
                    keys.push(("sso_start_url", start_url.clone()));
                    keys.push(("sso_region", sso_region.clone()));
                    remove.push("sso_session");
                }
            }
            keys.push(("sso_account_id", role.account_id.clone()));
            keys.push(("sso_role_name", role.role_name.clone()));
            remove.push("credential_process");
        }
    }
    if let Some(region) = request.region {
        keys.push(("region", region.to_owned()));
    }
    match request.source {
        Source::Session { name, .. } => {
            keys.push((KEY_SESSION, name.clone()));
            remove.extend([KEY_START_URL, KEY_SSO_REGION]);
        }
        Source::Legacy {
            start_url,
            sso_region,
        } => {
            keys.push((KEY_START_URL, start_url.clone()));
            keys.push((KEY_SSO_REGION, sso_region.clone()));
            remove.push(KEY_SESSION);
        }
    }
    keys.push((KEY_ACCOUNT_ID, role.account_id.clone()));
    let account_name = sanitize_value(&role.account_name);
    if account_name.is_empty() {
        remove.push(KEY_ACCOUNT_NAME);
    } else {
        keys.push((KEY_ACCOUNT_NAME, account_name));
    }
    keys.push((KEY_ROLE_NAME, role.role_name.clone()));
    Ok((keys, remove))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(id: &str, name: &str, role: &str) -> RoleRef {
        RoleRef {
            account_id: id.to_owned(),
            account_name: name.to_owned(),
            role_name: role.to_owned(),
        }
    }

    fn session() -> Source {
        Source::Session {
            name: "corp".to_owned(),
            start_url: "https://x.awsapps.com/start".to_owned(),
            sso_region: "us-east-1".to_owned(),
        }
    }

    #[test]
    fn templates() {
        let t = Template::parse("{account_id}-{role_name}@{session}").unwrap();
        assert_eq!(t.render(&role("1", "n", "R"), "s"), "1-R@s");
        for bad in [
            "{account_name",
            "x}",
            "{nope}-{role_name}",
            "{account_name}",
        ] {
            assert!(Template::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_are_sanitised() {
        assert_eq!(sanitize_name("Prod ] $(rm -rf ~) \"x\"\n"), "Prod-rm--rf-x");
        assert_eq!(sanitize_name("a.b_c-d/e%f@g:h+i"), "a.b_c-d/e%f@g:h+i");
        assert_eq!(sanitize_name("Ünïcode"), "n-code");
        assert_eq!(sanitize_name("]]]"), "profile");
        assert!(is_portable_name(&sanitize_name("[profile x]\r\n[default]")));
    }

    #[test]
    fn values_are_single_lines_without_comment_markers() {
        assert_eq!(
            sanitize_value("  Prod\n[evil]\r\n  #1 ;x  "),
            "Prod [evil]#1;x"
        );
        assert_eq!(sanitize_value("a#b"), "a#b");
        assert_eq!(sanitize_value("\n\t"), "");
    }

    #[test]
    fn collisions_resolve_deterministically() {
        let t = Template::parse(DEFAULT_TEMPLATE).unwrap();
        let roles = vec![
            role("222222222222", "prod", "Admin"),
            role("111111111111", "prod", "Admin"),
            role("111111111111", "dev", "Admin"),
            role("333333333333", "p r o d", "Admin"),
            role("333333333333", "p-r-o-d", "Admin"),
        ];
        let n = names(&t, &session(), &roles);
        assert_eq!(
            n,
            [
                "prod.Admin-222222222222",
                "prod.Admin-111111111111",
                "dev.Admin",
                "p-r-o-d.Admin-333333333333",
                "p-r-o-d.Admin-333333333333-2",
            ]
        );
        let mut reversed = roles.clone();
        reversed.reverse();
        let mut m = names(&t, &session(), &reversed);
        m.reverse();
        assert_eq!(n, m, "input order does not matter");
    }

    #[test]
    fn process_line_quotes_for_shlex_and_sh() {
        let line = process_command(
            "/opt/my apps/awsso",
            &session(),
            &role("123456789012", "x", "Admin"),
            true,
        )
        .unwrap();
        assert_eq!(
            line,
            "'/opt/my apps/awsso' credential-process --sso-session corp --account-id 123456789012 --role-name Admin --login"
        );
        let words = shlex::split(&line).unwrap();
        assert_eq!(words[0], "/opt/my apps/awsso");
        let legacy = Source::Legacy {
            start_url: "https://x.awsapps.com/start".to_owned(),
            sso_region: "eu-west-1".to_owned(),
        };
        let line = process_command("awsso", &legacy, &role("1", "x", "R"), false).unwrap();
        assert_eq!(
            line,
            "awsso credential-process --start-url https://x.awsapps.com/start --sso-region eu-west-1 --account-id 1 --role-name R"
        );
    }

    fn request<'a>(
        source: &'a Source,
        template: &'a Template,
        mode: Mode,
    ) -> GenerationRequest<'a> {
        GenerationRequest {
            source,
            mode,
            template,
            region: Some("eu-west-1"),
            login: false,
            force: false,
            prune: false,
            program: "/bin/awsso",
        }
    }

    #[test]
    fn plan_is_idempotent_and_respects_ownership() {
        let source = session();
        let t = Template::parse(DEFAULT_TEMPLATE).unwrap();
        let text = "# mine\n[profile prod.Admin]\nregion = us-west-2\n";
        let roles = vec![
            role("111111111111", "prod", "Admin"),
            role("111111111111", "prod", "Read"),
        ];
        let req = request(&source, &t, Mode::Process);
        let p = plan(Path::new("config"), text, &req, &roles).unwrap();
        assert_eq!(p.count(Action::Skipped), 1);
        assert_eq!(p.count(Action::Created), 1);
        assert!(
            p.text.starts_with(text),
            "user profile untouched: {}",
            p.text
        );
        let again = plan(Path::new("config"), &p.text, &req, &roles).unwrap();
        assert_eq!(again.text, p.text);
        assert_eq!(again.count(Action::Unchanged), 1);

        let forced = GenerationRequest {
            force: true,
            ..req.clone()
        };
        let f = plan(Path::new("config"), text, &forced, &roles).unwrap();
        assert_eq!(f.count(Action::Updated), 1);
        assert!(
            f.text
                .contains("[profile prod.Admin]\nregion = eu-west-1\ncredential_process"),
            "{}",
            f.text
        );

        let pruned = GenerationRequest {
            prune: true,
            ..req.clone()
        };
        let p2 = plan(Path::new("config"), &p.text, &pruned, &roles[..0]).unwrap();
        assert_eq!(p2.count(Action::Removed), 1);
        assert_eq!(p2.text, text);
    }

    #[test]
    fn switching_modes_removes_the_other_modes_keys() {
        let source = session();
        let t = Template::parse(DEFAULT_TEMPLATE).unwrap();
        let roles = vec![role("111111111111", "prod", "Admin")];
        let native = plan(
            Path::new("c"),
            "",
            &request(&source, &t, Mode::Native),
            &roles,
        )
        .unwrap();
        assert!(
            native.text.contains("[sso-session corp]"),
            "{}",
            native.text
        );
        assert!(native.text.contains("sso_account_id = 111111111111"));
        let process = plan(
            Path::new("c"),
            &native.text,
            &request(&source, &t, Mode::Process),
            &roles,
        )
        .unwrap();
        assert!(
            !process.text.contains("\nsso_account_id"),
            "{}",
            process.text
        );
        assert!(process.text.contains("credential_process = /bin/awsso"));
    }
}
