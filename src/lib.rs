//! awsso: fast, safe credentials from AWS IAM Identity Center (AWS SSO).
//!
//! This library exists so the binary, the integration tests and the benchmarks share one core.
//! It is internal — no semver promise — except [`sso::session`] (log in, get a token, get role
//! credentials), which Rust programs may use as documented there.

pub mod admin;
pub mod app;
pub mod child;
pub mod cli;
pub mod cmd;
pub mod doctor;
pub mod env;
pub mod error;
pub mod exports;
pub mod fsutil;
pub mod ini;
pub mod paths;
pub mod profile;
pub mod secret;
pub mod sso;
pub mod ui;
