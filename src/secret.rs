//! `Secret<T>`: a value that must never reach logs, errors or `Debug` output.
//!
//! Pure. Access tokens, refresh tokens, client secrets and role credentials live in a `Secret`.
//! There is no `Display`; `Debug` prints `REDACTED`; [`Secret::expose`] marks each place a value
//! leaves (an HTTP request, a cache file, the credential_process payload). Serde support is
//! transparent because writing a cache file is such a place.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret value. See the module docs.
#[derive(Clone, PartialEq, Eq, Default)]
pub(crate) struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a value.
    pub(crate) fn new(value: T) -> Secret<T> {
        Secret(value)
    }

    /// The value itself. Every call site is a place where the secret leaves awsso's custody.
    pub(crate) fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Secret<T> {
        Secret(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("REDACTED")
    }
}

impl<T: Serialize> Serialize for Secret<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Secret<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2".to_owned());
        assert_eq!(format!("{s:?}"), "REDACTED");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(REDACTED)");
        assert_eq!(s.expose(), "hunter2");
    }
}
