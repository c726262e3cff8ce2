//! Role credentials for SDK clients: [`RoleCredentialsProvider`] and [`SdkConfigLoader`].

use std::sync::Arc;
use std::time::SystemTime;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, error::CredentialsError, future};

use crate::sso::SsoError;
use crate::sso::client::Clients;
use crate::sso::role_cache::RoleCredentials;
use crate::sso::session::{LoginOptions, RoleOptions, Session};

use super::{MIN_REMAINING, blocking};

/// Role credentials from awsso for any AWS SDK client: served from the role cache while more
/// than 15 minutes remain, else fetched with GetRoleCredentials (single-flight across threads
/// and processes; the SSO token is refreshed as needed).
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
    pub(super) fn new(session: Arc<Session>, account_id: String, role_name: String) -> Self {
        RoleCredentialsProvider {
            session,
            account_id,
            role_name,
            login: None,
        }
    }

    /// Logs in interactively (with `options`) when no usable token is cached, instead of
    /// failing with a login-required error. Only for programs a person is watching: the SDK
    /// call waits for the login.
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
    pub async fn credentials(&self) -> Result<Credentials, SsoError> {
        let session = Arc::clone(&self.session);
        let key = session.role_key_for(&self.account_id, &self.role_name);
        let opts = RoleOptions {
            min_remaining: MIN_REMAINING,
            login: self.login.clone(),
        };
        let (creds, _) = blocking(move || session.role_credentials_for(&key, &opts)).await?;
        Ok(sdk_credentials(&creds))
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

/// An error for the SDK: its message ends with the fix, because SDKs show only the message.
#[derive(Debug)]
struct WithHint(SsoError);

impl std::fmt::Display for WithHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", crate::sso::error_chain(&self.0))?;
        if let Some(hint) = self.0.hint() {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for WithHint {}

impl ProvideCredentials for RoleCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            self.credentials()
                .await
                .map_err(|e| CredentialsError::provider_error(WithHint(e)))
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
    login: bool,
}

impl SdkConfigLoader {
    pub(super) fn new(provider: RoleCredentialsProvider, region: Option<String>) -> Self {
        SdkConfigLoader {
            provider,
            region,
            login: false,
        }
    }

    /// The region of the SdkConfig (where the SDK clients send requests).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Log in interactively when needed, with the default [`LoginOptions`] (default `false`:
    /// a login-required error).
    pub fn login(mut self, login: bool) -> Self {
        self.login = login;
        self
    }

    /// Like [`login`](Self::login), with your options.
    pub fn login_options(mut self, options: LoginOptions) -> Self {
        self.provider = self.provider.login(Some(options));
        self.login = true;
        self
    }

    /// Fetches the credentials once (so a missing login or role fails here, with a typed
    /// error), then builds the SdkConfig.
    pub async fn load(self) -> Result<SdkConfig, SsoError> {
        let provider = if self.login && self.provider.login.is_none() {
            self.provider.login(Some(LoginOptions::default()))
        } else {
            self.provider
        };
        provider.credentials().await?;
        let http = Clients::https_client(&provider.session.world().env);
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http)
            .credentials_provider(provider.clone());
        if let Some(region) = self.region {
            loader = loader.region(Region::new(region));
        }
        Ok(loader.load().await)
    }
}
