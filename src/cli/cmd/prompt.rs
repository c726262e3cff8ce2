//! `awsso prompt`: the account and role `awsso use` chose in this shell, and the minutes its
//! credentials have left, for a shell prompt.
//!
//! Runs at every prompt, so it stays on the floor of the credential-process cache hit or
//! below: it reads two environment variables (AWSSO_USE, AWS_CREDENTIAL_EXPIRATION) and
//! nothing else — no file, no lock, no network, no runtime — and its command line has a
//! parser of its own (see `args::parse_from`). The formatting ([`segment`]) is pure.
//!
//! ```text
//! dev (42m)             credentials with 42 minutes left
//! account-000/Role0     --profile-only (the SDK refreshes through the profile)
//! dev (expired)         past AWS_CREDENTIAL_EXPIRATION
//! ```

use anyhow::Context as _;
use time::OffsetDateTime;

use crate::cli::app::Context;
use crate::cli::args::PromptArgs;
use crate::cli::choice::Choice;
use crate::sso::timestamp::Timestamp;

/// The prompt segment for an `AWSSO_USE` value and an `AWS_CREDENTIAL_EXPIRATION` value at
/// `now`; `None` when `use` has chosen nothing. Terminal escapes in names are shown, not
/// obeyed. Pure.
pub(crate) fn segment(
    current: Option<&str>,
    expiration: Option<&str>,
    now: OffsetDateTime,
) -> Option<String> {
    let choice = Choice::decode(current?)?;
    let label = crate::escape::for_terminal(&choice.label()).into_owned();
    let Some(expires) = expiration.and_then(Timestamp::parse) else {
        return Some(label);
    };
    let left = (expires.get() - now).whole_minutes();
    Some(if left > 0 {
        format!("{label} ({left}m)")
    } else {
        format!("{label} (expired)")
    })
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, _args: &PromptArgs) -> anyhow::Result<u8> {
    let Some(text) = segment(
        ctx.env.use_current.as_deref(),
        ctx.env.credential_expiration.as_deref(),
        ctx.now(),
    ) else {
        return Ok(0);
    };
    ctx.ui
        .payload(&format!("{text}\n"))
        .context("cannot write to stdout")?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn minutes_left_expired_or_just_the_name() {
        let now = datetime!(2026-12-07 10:00:00 UTC);
        let at = |e: &str| segment(Some("profile=dev"), Some(e), now);
        assert_eq!(at("2026-12-07T10:42:30Z").as_deref(), Some("dev (42m)"));
        assert_eq!(at("2026-12-07T09:59:00Z").as_deref(), Some("dev (expired)"));
        assert_eq!(at("not a time").as_deref(), Some("dev"));
        assert_eq!(
            segment(Some("profile=dev"), None, now).as_deref(),
            Some("dev")
        );
        assert_eq!(segment(None, Some("2026-12-07T10:42:30Z"), now), None);
        assert_eq!(segment(Some("garbage"), None, now), None);
        let role = "session=corp&account=123456789012&role=Admin&name=prod%1B%5B2J";
        assert_eq!(
            segment(Some(role), None, now).as_deref(),
            Some("prod\\x1b[2J/Admin")
        );
    }
}
