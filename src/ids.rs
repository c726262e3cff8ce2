//! AWS identifiers and value ranges, checked in one place: account ids, IAM role names, region
//! names, start URLs, and the largest duration a flag may give.
//!
//! Pure. Called by the flag parsers (`cli.rs`), the role-ARN parser and target resolution
//! (`sso::target`), so a value from a flag, an ARN or the config file meets the same rules:
//!
//! - an account id is exactly 12 ASCII digits;
//! - an IAM role name is 1 to 64 characters of `A-Z a-z 0-9 + = , . @ _ -` (IAM's `[\w+=,.@-]+`);
//! - a region is a valid host label (the AWS SDKs' own rule before a region goes into an
//!   endpoint): 1 to 63 ASCII letters, digits and `-`, starting with a letter or digit. Regions
//!   become host names (`https://{region}.signin.aws.amazon.com`, `oidc.{region}.amazonaws.com`),
//!   so `127.0.0.2:8080#` or `evil.example#` must never pass;
//! - a start URL is `https://HOST…`; plain `http://` only for a loopback host (`127.0.0.0/8`,
//!   `::1`, `localhost`: a test server), because the login sends the user there to sign in;
//! - a duration is at most [`MAX_DURATION_SECS`] (100 years), so adding it to or subtracting it
//!   from any timestamp awsso handles cannot overflow.
//!
//! Bad values are quoted in errors with control characters escaped and long values shortened,
//! so a hostile 70,000-character name neither floods the terminal nor reaches an API.

/// The longest IAM role name.
pub(crate) const MAX_ROLE_NAME: usize = 64;

/// The largest duration accepted anywhere (100 years, in seconds).
pub(crate) const MAX_DURATION_SECS: u64 = 100 * 365 * 86_400;

/// An identifier that AWS would not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum IdError {
    /// Not 12 digits.
    #[error("invalid account id '{0}': expected 12 digits")]
    AccountId(String),
    /// Empty, too long, or a character IAM does not allow.
    #[error(
        "invalid role name '{0}': expected 1 to 64 letters, digits and the characters + = , . @ _ -"
    )]
    RoleName(String),
    /// Not a host label.
    #[error(
        "invalid region '{0}': expected a region name such as eu-west-1 (letters, digits and '-')"
    )]
    Region(String),
    /// Not an https URL (or an http one on loopback).
    #[error("invalid start URL '{0}': {1}")]
    StartUrl(String, &'static str),
}

/// `text` for an error message: escaped for a terminal ([`crate::escape::for_terminal`]), cut
/// to 80 characters with `…`.
pub(crate) fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(80).collect();
    if text.chars().nth(80).is_some() {
        out.push('…');
    }
    crate::escape::for_terminal(&out).into_owned()
}

/// Checks an AWS account id: exactly 12 ASCII digits.
pub(crate) fn check_account_id(text: &str) -> Result<(), IdError> {
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(IdError::AccountId(shown(text)))
    }
}

/// Checks an IAM role name: 1 to 64 characters of `[A-Za-z0-9+=,.@_-]`.
pub(crate) fn check_role_name(text: &str) -> Result<(), IdError> {
    let ok = !text.is_empty()
        && text.len() <= MAX_ROLE_NAME
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(IdError::RoleName(shown(text)))
    }
}

/// The longest region name (a DNS label).
const MAX_REGION: usize = 63;

/// Checks a region name: a valid host label (see the module docs).
pub(crate) fn check_region(text: &str) -> Result<(), IdError> {
    let ok = !text.is_empty()
        && text.len() <= MAX_REGION
        && text.as_bytes()[0].is_ascii_alphanumeric()
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(IdError::Region(shown(text)))
    }
}

/// Checks a start URL: `https://` with a host, or `http://` on a loopback host; no whitespace
/// or control characters.
pub(crate) fn check_start_url(url: &str) -> Result<(), IdError> {
    const EXPECTED: &str = "expected https://YOUR-ID.awsapps.com/start (the AWS access portal URL)";
    let bad = |why| Err(IdError::StartUrl(shown(url), why));
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("it contains spaces or control characters");
    }
    let (Some((scheme, _)), Some(host)) = (url.split_once("://"), url_host(url)) else {
        return bad(EXPECTED);
    };
    if host.is_empty() {
        return bad(EXPECTED);
    }
    if scheme.eq_ignore_ascii_case("https") {
        Ok(())
    } else if !scheme.eq_ignore_ascii_case("http") {
        bad(EXPECTED)
    } else if is_loopback_host(host) {
        Ok(())
    } else {
        bad("plain http:// is refused (the sign-in would travel unencrypted); use https://")
    }
}

/// The host of an absolute URL (`scheme://[userinfo@]host[:port]/…`), IPv6 without brackets;
/// `None` when it is not one.
pub(crate) fn url_host(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(inner) = hostport.strip_prefix('[') {
        return inner.split_once(']').map(|(h, _)| h);
    }
    Some(hostport.rsplit_once(':').map_or(hostport, |(h, _)| h))
}

/// Whether `host` is this machine's loopback: `localhost`, `127.0.0.0/8` or `::1`.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_digits() {
        assert!(check_account_id("123456789012").is_ok());
        for bad in [
            "",
            "12345678901",
            "1234567890123",
            "12345678901a",
            "１２３４５６７８９０１２",
        ] {
            assert!(check_account_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn role_names_follow_iam() {
        for good in [
            "Admin",
            "a",
            "AWSReservedSSO_Admin_0123",
            "x+=,.@_-y",
            &"r".repeat(64),
        ] {
            assert!(check_role_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "a b",
            "a/b",
            "a\nb",
            "é",
            "a #x",
            &"r".repeat(65),
            &"r".repeat(70_000),
        ] {
            assert!(check_role_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn regions_are_host_labels() {
        for good in [
            "eu-west-1",
            "us-gov-west-1",
            "cn-north-1",
            "eusc-de-east-1",
            "local",
        ] {
            assert!(check_region(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "127.0.0.2:8080#",
            "evil.example#",
            "x@127.0.0.1/",
            "eu-west-1.evil.example",
            "-eu",
            "eu west",
            "eu\nwest",
            "é",
            &"r".repeat(64),
        ] {
            assert!(check_region(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn start_urls_are_https_or_loopback_http() {
        for good in [
            "https://d-123.awsapps.com/start",
            "https://sso.example.com/start#/",
            "HTTPS://X.awsapps.com/start",
            "http://127.0.0.1:9000/start",
            "http://[::1]:9000/start",
            "http://localhost/start",
        ] {
            assert!(check_start_url(good).is_ok(), "{good}");
        }
        for bad in [
            "http://d-123.awsapps.com/start",
            "http://127.0.0.1.evil.example/start",
            "http://evil.example/@127.0.0.1",
            "http://10.0.0.1/start",
            "ftp://x/start",
            "my-org.awsapps.com",
            "https://",
            "https:///start",
            "https://a b/start",
        ] {
            assert!(check_start_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hostile_values_are_shown_escaped_and_short() {
        let long = format!("\u{1b}[31m{}", "x".repeat(70_000));
        let message = check_role_name(&long).unwrap_err().to_string();
        assert!(!message.contains('\u{1b}'), "{message}");
        assert!(message.len() < 200, "{}", message.len());
        assert!(shown("a\u{202E}b").contains("\\u{202e}"));
    }
}
