//! `awsso status`: one line (or one JSON object) per SSO session and per `aws login` session
//! profile.

use std::fmt::Write as _;

use anyhow::Context as _;

use crate::cli::app::Context;
use crate::cli::args::{OutputFormat, StatusArgs};
use crate::cli::report::{EXIT_LOGIN_REQUIRED, login_command};
use crate::login_session::status::LoginSessionStatus;
use crate::sso::status::{self, SessionStatus, TokenState};

/// Runs the command: exit 0 when every configured session is logged in, else 3.
pub(crate) fn run(ctx: &Context, args: &StatusArgs) -> anyhow::Result<u8> {
    let set = ctx.profiles(false)?;
    let sessions = status::collect(&set, &ctx.paths, ctx.now());
    let logins = crate::login_session::status::collect(&set, &ctx.paths, ctx.now());
    let all_logged_in = sessions
        .iter()
        .filter(|s| s.configured)
        .all(|s| s.logged_in)
        && logins.iter().all(|s| s.logged_in);
    let text = match args.output {
        OutputFormat::Json => {
            let sessions: Vec<serde_json::Value> = sessions.iter().map(json).collect();
            let logins: Vec<serde_json::Value> = logins.iter().map(login_json).collect();
            let json = serde_json::json!({
                "all_logged_in": all_logged_in,
                "sessions": sessions,
                "login_sessions": logins,
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&json).context("cannot render JSON")?
            )
        }
        OutputFormat::Text => sessions
            .iter()
            .map(line)
            .chain(logins.iter().map(login_line))
            .collect(),
    };
    ctx.ui.payload(&text).context("cannot write to stdout")?;
    for s in logins.iter().filter(|s| !s.logged_in) {
        ctx.ui.hint(format!("run `{}`", login_command(&s.login)));
    }
    if sessions.is_empty() && logins.is_empty() {
        let config = ctx.paths.config.display();
        if set.config_document().is_none() {
            ctx.ui.status(format!(
                "No config file at {config} and no tokens in {}.",
                ctx.paths.sso_cache.display()
            ));
        } else {
            ctx.ui.status(format!(
                "No SSO sessions in {config} and no tokens in {}.",
                ctx.paths.sso_cache.display()
            ));
        }
        ctx.ui
            .hint("run `awsso configure` to set up an SSO session and log in");
    }
    if !all_logged_in {
        for s in sessions.iter().filter(|s| s.configured && !s.logged_in) {
            if let Some(target) = &s.login {
                ctx.ui.hint(format!("run `{}`", login_command(target)));
            }
        }
    }
    Ok(if all_logged_in {
        0
    } else {
        EXIT_LOGIN_REQUIRED
    })
}

/// One `aws login` session profile as JSON: its fields and the command that logs in to it.
fn login_json(s: &LoginSessionStatus) -> serde_json::Value {
    let mut value = serde_json::to_value(s).expect("a LoginSessionStatus has only string keys");
    if let serde_json::Value::Object(fields) = &mut value {
        fields.insert("login_command".to_owned(), login_command(&s.login).into());
    }
    value
}

/// One `aws login` session profile for humans: principal, account, time left.
fn login_line(s: &LoginSessionStatus) -> String {
    let mut out = format!(
        "{} (aws login as {}, account {}): ",
        s.profile,
        s.principal,
        s.account_id.as_deref().unwrap_or("?")
    );
    let expiry = match (&s.expires, &s.expires_at) {
        (Some(rel), Some(at)) => format!("{rel} ({at})"),
        _ => String::new(),
    };
    let _ = match s.credentials {
        TokenState::Missing => write!(out, "not logged in (no cached session)"),
        TokenState::Corrupt => write!(
            out,
            "not logged in (unusable cache file: {})",
            s.problem.as_deref().unwrap_or("?")
        ),
        TokenState::Valid => write!(
            out,
            "logged in, credentials expire {expiry}, refreshed until the console session ends"
        ),
        TokenState::Expired => write!(
            out,
            "logged in, credentials expired {expiry} (will be refreshed while the console session lasts)"
        ),
        TokenState::Rejected => write!(out, "not logged in (the service refused the session)"),
    };
    let mut out = crate::escape::for_terminal(&out).into_owned();
    out.push('\n');
    out
}

/// One session as JSON: its fields and the command that logs in to it (`login_command`).
fn json(s: &SessionStatus) -> serde_json::Value {
    let mut value = serde_json::to_value(s).expect("a SessionStatus has only string keys");
    if let serde_json::Value::Object(fields) = &mut value {
        fields.insert(
            "login_command".to_owned(),
            s.login.as_ref().map(login_command).into(),
        );
    }
    value
}

/// One line for humans.
fn line(s: &SessionStatus) -> String {
    let mut out = match (&s.name, &s.start_url) {
        (Some(name), Some(url)) => format!("{name} ({url}): "),
        (Some(name), None) => format!("{name}: "),
        (None, Some(url)) => format!("{url}: "),
        (None, None) => format!("{}: ", s.token_file),
    };
    let expiry = || match (&s.expires, &s.expires_at) {
        (Some(rel), Some(at)) => format!("{rel} ({at})"),
        _ => String::new(),
    };
    let _ = match s.token {
        TokenState::Missing => write!(out, "not logged in (no cached token)"),
        TokenState::Corrupt => write!(
            out,
            "not logged in (unusable token file: {})",
            s.problem.as_deref().unwrap_or("?")
        ),
        TokenState::Valid => write!(out, "logged in, token expires {}", expiry()),
        TokenState::Expired if s.logged_in => write!(
            out,
            "logged in, token expired {} (will be refreshed)",
            expiry()
        ),
        TokenState::Expired => write!(out, "not logged in, token expired {}", expiry()),
        TokenState::Rejected => write!(
            out,
            "not logged in ({}; log in again)",
            s.problem
                .as_deref()
                .unwrap_or("the service rejected the token")
        ),
    };
    if matches!(s.token, TokenState::Valid | TokenState::Expired) {
        let _ = match &s.not_refreshable {
            None => write!(out, ", refreshable"),
            Some(why) => write!(out, ", not refreshable: {why}"),
        };
    }
    if !s.configured {
        out.push_str(" [not in the config file]");
    }
    if !s.roles.is_empty() {
        let roles: Vec<String> = s
            .roles
            .iter()
            .map(|r| {
                format!(
                    "{}/{} until {} ({})",
                    r.account_id, r.role_name, r.expires_at, r.expires
                )
            })
            .collect();
        let _ = write!(out, "; cached roles: {}", roles.join(", "));
    }
    // One session, one line: names and URLs come from files other processes can write.
    let mut out = crate::escape::for_terminal(&out).into_owned();
    out.push('\n');
    out
}
