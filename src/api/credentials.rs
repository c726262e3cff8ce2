//! Role credentials for SDK clients: [`RoleCredentialsProvider`] and [`SdkConfigLoader`].
//!
//! The provider speaks aws-config's language for failures, as its own SSO provider does: a
//! login that is needed is "credentials not loaded" (so a `CredentialsProviderChain` tries its
//! next provider), a configuration mistake is "invalid configuration", a service or network
//! failure is a "provider error", anything else "unhandled".

use std::sync::Arc;
use std::time::SystemTime;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, error::CredentialsError, future};

use crate::Error;
use crate::sso::client::Clients;
use crate::sso::role_cache::RoleCredentials;
use crate::sso::session::{LoginOptions, RoleOptions, Session};

use super::{MIN_REMAINING, RolesUsed, blocking};

/// Role credentials from awsso for any AWS SDK client: served from the role cache while more
/// than 15 minutes remain, else fetched with GetRoleCredentials (single-flight across threads
/// and processes; the SSO token is refreshed as needed).
///
/// As an SDK's [`ProvideCredentials`], its failures are the [`CredentialsError`] kinds
/// aws-config's own SSO provider gives for the same situations: a login that is needed
/// ([`Error::LoginRequired`]) is [`CredentialsError::not_loaded`], so a
/// `CredentialsProviderChain` with awsso first goes on to its next provider; a configuration
/// mistake is [`CredentialsError::invalid_configuration`]; a failed call to the service (or no
/// answer) is [`CredentialsError::provider_error`]; anything else
/// [`CredentialsError::unhandled`]. The awsso [`Error`] is the error's source.
///
/// ```no_run
/// # async fn demo() -> Result<(), awsso::Error> {
/// use aws_credential_types::provider::ProvideCredentials;
///
/// let sso = awsso::Sso::from_session("my-sso")?;
/// let provider = sso.credentials_provider("123456789012", "ReadOnly");
/// let config = aws_config::SdkConfig::builder()
///     .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(
///         provider.clone(),
///     ))
///     .build();
/// let creds = provider.provide_credentials().await.expect("logged in");
/// # let _ = (config, creds);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RoleCredentialsProvider {
    session: Arc<Session>,
    account_id: String,
    role_name: String,
    login: Option<LoginOptions>,
    roles_used: RolesUsed,
}

impl std::fmt::Debug for RoleCredentialsProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoleCredentialsProvider")
            .field("start_url", &self.session.target().start_url)
            .field("account_id", &self.account_id)
            .field("role_name", &self.role_name)
            .field("login", &self.login.is_some())
            .finish()
    }
}

impl RoleCredentialsProvider {
    pub(super) fn new(
        session: Arc<Session>,
        account_id: String,
        role_name: String,
        roles_used: RolesUsed,
    ) -> Self {
        RoleCredentialsProvider {
            session,
            account_id,
            role_name,
            login: None,
            roles_used,
        }
    }

    /// Logs in interactively (with `options`) when no usable token is cached, instead of
    /// failing with a login-required error; `None` fails instead (and undoes
    /// [`Sso::with_login`](crate::Sso::with_login)). Only for programs a person is watching:
    /// the SDK call waits for the login.
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?;
    /// let provider = sso
    ///     .credentials_provider("123456789012", "ReadOnly")
    ///     .login(Some(awsso::LoginOptions::default().device_code(true)));
    /// # let _ = provider;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn login(mut self, options: Option<LoginOptions>) -> Self {
        self.login = options;
        self
    }

    /// The credentials, as awsso's typed result.
    ///
    /// ```no_run
    /// # async fn demo(sso: awsso::Sso) -> Result<(), awsso::Error> {
    /// let creds = sso.credentials_provider("123456789012", "ReadOnly").credentials().await?;
    /// println!("{} until {:?}", creds.access_key_id(), creds.expiry());
    /// # Ok(()) }
    /// ```
    pub async fn credentials(&self) -> Result<Credentials, Error> {
        let session = Arc::clone(&self.session);
        let login = self.login.clone();
        if session.target().login_session.is_some() {
            // An `aws login` session: its cache file, refreshed when needed.
            let (creds, _) = blocking(move |cancel| {
                let opts = RoleOptions {
                    min_remaining: MIN_REMAINING,
                    login: login.map(|o| o.with_cancel(cancel)),
                };
                session.role_credentials(&opts)
            })
            .await?;
            return Ok(sdk_credentials(&creds));
        }
        let key = session.role_key_for(&self.account_id, &self.role_name);
        self.roles_used.remember(&key);
        let (creds, _) = blocking(move |cancel| {
            let opts = RoleOptions {
                min_remaining: MIN_REMAINING,
                login: login.map(|o| o.with_cancel(cancel)),
            };
            session.role_credentials_for(&key, &opts)
        })
        .await?;
        Ok(sdk_credentials(&creds))
    }
}

/// The [`CredentialsError`] kind aws-config's SSO provider uses for the same situation (see
/// [`RoleCredentialsProvider`]).
fn credentials_error(e: Error) -> CredentialsError {
    match e {
        Error::LoginRequired(_) => CredentialsError::not_loaded(e),
        Error::Config(_) => CredentialsError::invalid_configuration(e),
        Error::Service(_) | Error::NoAccess { .. } | Error::LoginFailed(_) => {
            CredentialsError::provider_error(e)
        }
        _ => CredentialsError::unhandled(e),
    }
}

fn sdk_credentials(creds: &RoleCredentials) -> Credentials {
    Credentials::new(
        creds.access_key_id.clone(),
        creds.secret_access_key.expose().clone(),
        Some(creds.session_token.expose().clone()),
        Some(SystemTime::from(creds.expiration.get())),
        "awsso",
    )
}

impl ProvideCredentials for RoleCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            self.credentials().await.map_err(credentials_error)
        })
    }
}

/// Builds an [`aws_config::SdkConfig`] whose credentials come from awsso.
///
/// Where its settings come from:
/// - credentials: a [`RoleCredentialsProvider`] for the account and role (nothing else of the
///   default credential chain is consulted);
/// - region: [`region`](Self::region), else the profile's `region` (for
///   [`Sso::from_profile`](crate::Sso::from_profile)), else aws-config's default region chain
///   (`AWS_REGION`, the profile named by `AWS_PROFILE`, ...);
/// - HTTP client: awsso's (rustls; `AWS_CA_BUNDLE` honoured, as the CLI does);
/// - everything else (endpoint URLs such as `AWS_ENDPOINT_URL_STS`, retry and timeout settings,
///   app name): aws-config's loader, from the environment and the shared config file, as any
///   SDK program gets them.
///
/// ```no_run
/// # async fn demo() -> Result<(), awsso::Error> {
/// let sso = awsso::Sso::from_profile("dev")?;
/// let config = sso.sdk_config("123456789012", "ReadOnly")
///     .region("eu-west-1")
///     .login(true)
///     .load()
///     .await?;
/// // aws_sdk_s3::Client::new(&config) ...
/// # let _ = config;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "call .load().await to get the SdkConfig"]
pub struct SdkConfigLoader {
    provider: RoleCredentialsProvider,
    region: Option<String>,
}

impl SdkConfigLoader {
    pub(super) fn new(provider: RoleCredentialsProvider, region: Option<String>) -> Self {
        SdkConfigLoader { provider, region }
    }

    /// The region of the SdkConfig (where the SDK clients send requests).
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?;
    /// let loader = sso.sdk_config("123456789012", "ReadOnly").region("us-west-2");
    /// # let _ = loader;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// `true`: log in interactively when needed (with the [`Sso`](crate::Sso)'s
    /// [`with_login`](crate::Sso::with_login) options, else the default [`LoginOptions`]);
    /// `false`: fail with a login-required error instead, even when the `Sso` has
    /// `with_login`. Default: the `Sso`'s `with_login`.
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?
    ///     .with_login(Some(awsso::LoginOptions::default()));
    /// // A background job must not wait for a person: no login here.
    /// let loader = sso.sdk_config("123456789012", "ReadOnly").login(false);
    /// # let _ = loader;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn login(mut self, login: bool) -> Self {
        let options = match (login, self.provider.login.take()) {
            (false, _) => None,
            (true, Some(options)) => Some(options),
            (true, None) => Some(LoginOptions::default()),
        };
        self.provider = self.provider.login(options);
        self
    }

    /// Like [`login(true)`](Self::login), with these options.
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?;
    /// let loader = sso
    ///     .sdk_config("123456789012", "ReadOnly")
    ///     .login_options(awsso::LoginOptions::default().device_code(true));
    /// # let _ = loader;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn login_options(mut self, options: LoginOptions) -> Self {
        self.provider = self.provider.login(Some(options));
        self
    }

    /// Fetches the credentials once (so a missing login or role fails here, with a typed
    /// error), then builds the SdkConfig.
    ///
    /// ```no_run
    /// # async fn demo(sso: awsso::Sso) -> Result<(), awsso::Error> {
    /// let config = sso.sdk_config("123456789012", "ReadOnly").load().await?;
    /// # let _ = config;
    /// # Ok(()) }
    /// ```
    pub async fn load(self) -> Result<SdkConfig, Error> {
        let provider = self.provider;
        provider.credentials().await?;
        let http = Clients::https_client(&provider.session.world().env)
            .map_err(|e| Error::Config(Box::new(e)))?;
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http)
            .credentials_provider(provider.clone());
        if let Some(region) = self.region {
            loader = loader.region(Region::new(region));
        }
        Ok(loader.load().await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{LoginFailure, LoginRequired, LoginRequiredReason};
    use crate::sso::SsoError;
    use crate::sso::target::SsoTarget;

    fn login_required() -> Error {
        let target = SsoTarget::start_url("https://x.awsapps.com/start", "eu-west-1");
        Error::from(SsoError::from(LoginRequired::new(
            &target,
            LoginRequiredReason::NoToken,
            "no cached token",
        )))
    }

    #[test]
    fn errors_map_to_the_kinds_aws_configs_sso_provider_uses() {
        let kind = |e: Error| match credentials_error(e) {
            CredentialsError::CredentialsNotLoaded(_) => "not loaded",
            CredentialsError::InvalidConfiguration(_) => "invalid configuration",
            CredentialsError::ProviderError(_) => "provider error",
            CredentialsError::Unhandled(_) => "unhandled",
            _ => "other",
        };
        assert_eq!(kind(login_required()), "not loaded");
        let config = Error::from(SsoError::from(crate::sso::target::TargetError::NoRole {
            what: "profile 'dev' has no sso_account_id/sso_role_name".into(),
        }));
        assert_eq!(kind(config), "invalid configuration");
        let no_access = Error::NoAccess {
            account_id: "123456789012".into(),
            role_name: "Admin".into(),
        };
        assert_eq!(kind(no_access), "provider error");
        assert_eq!(
            kind(Error::LoginFailed(LoginFailure::Denied)),
            "provider error"
        );
        let io = Error::Io {
            path: "/x".into(),
            source: std::io::ErrorKind::PermissionDenied.into(),
        };
        assert_eq!(kind(io), "unhandled");
    }
}
