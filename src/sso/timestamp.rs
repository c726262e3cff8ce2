//! UTC timestamps as the AWS token and credential caches write them.
//!
//! Pure. Written as `YYYY-MM-DDTHH:MM:SSZ` (what the AWS CLI writes); read leniently:
//! RFC 3339 with fractions or offsets, and the older `...UTC` suffix some tools wrote.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// A point in time, always normalised to UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// Wraps a time, converting it to UTC.
    pub(crate) fn new(t: OffsetDateTime) -> Timestamp {
        Timestamp(
            t.to_offset(UtcOffset::UTC)
                .replace_nanosecond(0)
                .unwrap_or(t),
        )
    }

    /// The time as seconds since the epoch; `None` outside the years 0000–9999 (what the
    /// caches' `YYYY-MM-DDTHH:MM:SSZ` form can hold).
    pub(crate) fn from_unix(secs: i64) -> Option<Timestamp> {
        OffsetDateTime::from_unix_timestamp(secs)
            .ok()
            .map(Timestamp::new)
            .filter(Timestamp::writable)
    }

    /// Whether the year has four digits, so the written form parses back.
    fn writable(&self) -> bool {
        (0..=9999).contains(&self.0.year())
    }

    /// The inner time.
    pub(crate) fn get(self) -> OffsetDateTime {
        self.0
    }

    /// Parses any of the accepted forms (see module docs). Years before 0000 (`-0052-…`) are
    /// refused: they could not be written back in the same form.
    pub(crate) fn parse(text: &str) -> Option<Timestamp> {
        Timestamp::parse_any(text).filter(Timestamp::writable)
    }

    fn parse_any(text: &str) -> Option<Timestamp> {
        let text = text.trim();
        if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
            return Some(Timestamp::new(t));
        }
        let bare = text
            .strip_suffix("UTC")
            .or_else(|| text.strip_suffix('Z'))?;
        let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        PrimitiveDateTime::parse(bare, &fmt)
            .ok()
            .map(|t| Timestamp::new(t.assume_utc()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid timestamp '{text}'")))
    }
}

/// A human description of `until - now`: `in 7h 59m`, `12m ago`.
pub(crate) fn relative(until: Timestamp, now: OffsetDateTime) -> String {
    let secs = (until.get() - now).whole_seconds();
    let abs = secs.unsigned_abs();
    let text = if abs >= 86_400 {
        format!("{}d {}h", abs / 86_400, (abs % 86_400) / 3600)
    } else if abs >= 3600 {
        format!("{}h {}m", abs / 3600, (abs % 3600) / 60)
    } else if abs >= 60 {
        format!("{}m", abs / 60)
    } else {
        format!("{abs}s")
    };
    if secs >= 0 {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_forms_seen_in_caches() {
        let want = Timestamp::parse("2026-11-22T10:00:00Z").unwrap();
        for form in [
            "2026-11-22T10:00:00Z",
            "2026-11-22T10:00:00.123Z",
            "2026-11-22T10:00:00+00:00",
            "2026-11-22T11:00:00+01:00",
            "2026-11-22T10:00:00UTC",
        ] {
            assert_eq!(Timestamp::parse(form), Some(want), "{form}");
        }
        assert_eq!(want.to_string(), "2026-11-22T10:00:00Z");
        assert_eq!(Timestamp::parse("yesterday"), None);
        // Found by the role_cache and token_cache fuzz targets: a negative year parsed, then
        // was written as "-052-…", which no reader parses.
        assert_eq!(Timestamp::parse("-0052-11-23T11:00:00Z"), None);
        assert_eq!(Timestamp::parse("-0678-11-22T18:00:00Z"), None);
        assert_eq!(Timestamp::from_unix(-70_000_000_000), None);
        let last = Timestamp::parse("9999-12-31T23:59:59Z").unwrap();
        assert_eq!(Timestamp::parse(&last.to_string()), Some(last));
    }
}
