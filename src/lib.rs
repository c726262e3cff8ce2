//! awsso: fast, safe credentials from AWS IAM Identity Center (formerly AWS SSO), as a library
//! and as a CLI built on it.
//!
//! The library is what [aws-sso-lib] is for Python: log in ([`Sso::login`]), get an
//! [`aws_config::SdkConfig`] for an account and role ([`Sso::sdk_config`]) or a credentials
//! provider ([`Sso::credentials_provider`]), and list the accounts and roles you can reach
//! ([`Sso::list_available_accounts`], [`Sso::list_available_roles`]). It shares the AWS CLI's
//! token cache and the `awsso` binary's role cache, so one login serves every tool, and fetches
//! are single-flight across threads and processes.
//!
//! # Quickstart
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // An instance from an [sso-session] of ~/.aws/config (or Sso::new(start_url, region),
//!     // or Sso::from_profile("dev")).
//!     let sso = awsso::Sso::from_session("my-sso")?;
//!
//!     // Log in if needed: a no-op while a cached token lasts, a silent refresh when possible,
//!     // else the browser (PKCE) or the device code flow.
//!     let token = sso.login(awsso::LoginOptions::default()).await?;
//!     eprintln!("logged in to {} until {:?}", token.start_url, token.expires_at);
//!
//!     // Every role you can assume.
//!     let roles: Vec<awsso::AccountRole> = sso.list_available_roles(None).try_collect().await?;
//!     for role in &roles {
//!         println!("{} ({}) {}", role.account_id, role.account_name, role.role_name);
//!     }
//!
//!     // An SdkConfig for one of them: any aws-sdk-* client gets awsso's credentials,
//!     // refreshed before they expire.
//!     let config = sso.sdk_config("123456789012", "ReadOnly").region("eu-west-1").load().await?;
//!     // let sts = aws_sdk_sts::Client::new(&config);
//!     // let me = sts.get_caller_identity().send().await?;
//!     # let _ = config;
//!     Ok(())
//! }
//! ```
//!
//! For Identity Center administrators, [`admin::list_assignments`] is aws-sso-lib's
//! `list_assignments`: every assignment of a permission set to a user or group in an account,
//! as a stream, with ordinary AWS credentials (an [`aws_config::SdkConfig`]).
//!
//! Profiles of AWS `aws login` sessions (`login_session = <principal ARN>`, console
//! credentials) work the same way: [`Sso::from_profile`] then
//! [`profile_sdk_config`](Sso::profile_sdk_config) serves the session's cached credentials,
//! refreshed with the sign-in service when due ([`Sso::login_session`]).
//!
//! [`discover`] writes one config-file profile per role, as `awsso discover` does: plan
//! ([`Sso::plan_profiles`]), review, write — every byte outside the generated profiles kept.
//!
//! Errors are one typed enum, [`Error`]: a login-required error says which instance and why
//! ([`LoginRequired`]), a service error which call and, when no answer came, what failed
//! ([`ServiceError`]). Secrets never appear in `Debug` or `Display`. Warnings and debug lines go
//! to an [`Event`] handler ([`SsoBuilder::on_event`]) and to `tracing` (target `awsso`); the
//! library installs no subscriber and prints nothing but a login's message.
//!
//! Async methods run the core on tokio's blocking pool, and dropping their future cancels the
//! work: see [the execution model](Sso#execution-model).
//!
//! Only the items documented here are the library's API. The `awsso` command line is built
//! from this crate with the `cli` feature (the `awsso-cli` package); a program that depends on
//! the library compiles none of it.
//!
//! [aws-sso-lib]: https://github.com/benkehoe/aws-sso-util/tree/main/lib

// Without the `cli` feature, the core items only the command line uses (serve, status, the
// discover planner, ...) have no caller in this build; dead-code detection runs on the
// workspace build, which has the feature on.
#![cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]

pub mod admin;
mod api;
pub mod discover;
mod error;

pub use api::{
    AccountRole, Cache, RoleCredentialsProvider, SdkConfigLoader, Sso, SsoBuilder, TokenInfo,
};
pub use error::{
    Error, LoginFailure, LoginRequired, LoginRequiredReason, NetworkErrorKind, ServiceError,
};
pub use sso::client::Account;
pub use sso::login_options::LoginOptions;
pub use sso::observer::{Event, UserAuth};
pub use sso::store::CacheStore;

mod env;
mod escape;
mod fsutil;
mod ids;
mod ini;
mod login_session;
mod paths;
mod platform;
mod profile;
mod secret;
mod sso;

#[cfg(feature = "cli")]
mod cli;

#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod __private;
