//! AWS identifiers and value ranges, checked in one place: account ids, IAM role names, and the
//! largest duration a flag may give.
//!
//! Pure. Called by the flag parsers (`cli.rs`), the role-ARN parser and target resolution
//! (`sso::target`), so a value from a flag, an ARN or the config file meets the same rules:
//!
//! - an account id is exactly 12 ASCII digits;
//! - an IAM role name is 1 to 64 characters of `A-Z a-z 0-9 + = , . @ _ -` (IAM's `[\w+=,.@-]+`);
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
    fn hostile_values_are_shown_escaped_and_short() {
        let long = format!("\u{1b}[31m{}", "x".repeat(70_000));
        let message = check_role_name(&long).unwrap_err().to_string();
        assert!(!message.contains('\u{1b}'), "{message}");
        assert!(message.len() < 200, "{}", message.len());
        assert!(shown("a\u{202E}b").contains("\\u{202e}"));
    }
}
