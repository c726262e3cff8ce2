//! Where awsso reads and writes files, derived from [`Env`].
//!
//! Pure: no file is touched here.
//!
//! `~` is the home folder of [`Env`]: `$HOME`, or `%USERPROFILE%` on Windows.
//!
//! ```text
//! ~/.aws/config                  AWS_CONFIG_FILE              shared with every AWS tool
//! ~/.aws/credentials             AWS_SHARED_CREDENTIALS_FILE  shared with every AWS tool
//! ~/.aws/sso/cache/<sha1>.json   SSO tokens + registrations   shared with the AWS CLI and SDKs
//! ~/.aws/login/cache/<sha256>.json `aws login` sessions       shared with the AWS CLI and SDKs
//!                                (AWS_LOGIN_CACHE_DIRECTORY; a leading `~/` is the home folder)
//! ~/.aws/awsso/roles/<sha1>.json role credentials             awsso's own, 0600
//! ~/.aws/awsso/locks/*.lock      single-flight locks          awsso's own
//! ~/.aws/awsso/recent.json       `awsso use`'s recent choices awsso's own, 0600
//! ```

use std::path::PathBuf;

use crate::env::Env;

/// Every path awsso uses.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    /// The shared config file.
    pub config: PathBuf,
    /// The shared credentials file.
    pub credentials: PathBuf,
    /// The SSO token cache folder shared with the AWS CLI.
    pub sso_cache: PathBuf,
    /// awsso's private folder (role cache, locks).
    pub awsso_dir: PathBuf,
    /// The `aws login` session cache folder shared with the AWS CLI and the SDKs.
    pub login_cache: PathBuf,
}

/// No usable home folder, so no default path can be built.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum NoHome {
    /// No variable names one and the operating system knows none.
    #[error(
        "cannot find the home directory: set {}",
        crate::platform::home::variable(crate::platform::Os::HERE)
    )]
    Unset,
    /// The home folder is a relative path (`HOME=.`): tokens and credentials would land under
    /// whatever the current directory happens to be.
    #[error(
        "the home directory '{}' is a relative path: set {} to an absolute path (tokens and \
         credentials would otherwise be written under the current directory)",
        crate::escape::for_terminal(&path.display().to_string()),
        crate::platform::home::variable(crate::platform::Os::HERE)
    )]
    Relative {
        /// The home folder as given.
        path: PathBuf,
    },
}

impl Paths {
    /// Derives the paths from the environment. A relative home folder is refused (see
    /// [`crate::platform::home::is_usable`]).
    pub(crate) fn from_env(env: &Env) -> Result<Paths, NoHome> {
        let home = env.home.as_deref().ok_or(NoHome::Unset)?;
        if !crate::platform::home::is_usable(home) {
            return Err(NoHome::Relative {
                path: home.to_owned(),
            });
        }
        let aws = home.join(".aws");
        Ok(Paths {
            config: env
                .config_file
                .clone()
                .unwrap_or_else(|| aws.join("config")),
            credentials: env
                .credentials_file
                .clone()
                .unwrap_or_else(|| aws.join("credentials")),
            sso_cache: aws.join("sso").join("cache"),
            awsso_dir: aws.join("awsso"),
            // The AWS CLI expands `~` in the variable, the Rust and JavaScript SDKs do not; a
            // leading `~/` can only mean the home folder, so it is expanded.
            login_cache: match &env.login_cache_directory {
                Some(dir) => match dir.to_str().and_then(|d| d.strip_prefix("~/")) {
                    Some(rest) => home.join(rest),
                    None => dir.clone(),
                },
                None => aws.join("login").join("cache"),
            },
        })
    }

    /// The folder of cached role credentials.
    pub(crate) fn role_cache(&self) -> PathBuf {
        self.awsso_dir.join("roles")
    }

    /// The list of recent choices of `awsso use` (names only, no secrets; private anyway).
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub(crate) fn recent_choices(&self) -> PathBuf {
        self.awsso_dir.join("recent.json")
    }

    /// The folder of lock files.
    pub(crate) fn locks(&self) -> PathBuf {
        self.awsso_dir.join("locks")
    }

    /// The lock file for `name` (a hex digest).
    pub(crate) fn lock(&self, kind: &str, digest: &str) -> PathBuf {
        self.locks().join(format!("{kind}-{digest}.lock"))
    }

    /// The lock file that serialises edits of the user file `path` (config or credentials):
    /// keyed by the file's resolved identity, so every awsso process editing the same file,
    /// through any link to it, takes the same lock.
    pub(crate) fn edit_lock(&self, path: &std::path::Path) -> std::io::Result<PathBuf> {
        let identity = crate::fsutil::resolved_identity(path)?;
        let digest = crate::sso::token_cache::sha1_hex(&identity.display().to_string());
        Ok(self.lock("file", &digest))
    }

    /// The token cache file for a cache key (session name or start URL).
    pub(crate) fn token_file(&self, digest: &str) -> PathBuf {
        self.sso_cache.join(format!("{digest}.json"))
    }
}
