//! The `aws login` browser login: authorization code + PKCE with the sign-in service, the
//! same-device flow (a loopback redirect) and the cross-device flow (a code the person pastes).
//!
//! I/O around pure pieces ([`authorize_url`], [`parse_pasted_code`], [`principal_of`]). The
//! flow, as the AWS CLI's `aws login` runs it:
//!
//! 1. A new P-256 DPoP key, a PKCE verifier (64 characters of `[A-Za-z0-9-._~]`) and its
//!    challenge (base64url SHA-256, no padding), a `state` (a random UUID).
//! 2. The browser opens `{base}/v1/authorize?response_type=code&client_id=…&state=…&
//!    code_challenge_method=SHA-256&scope=openid&redirect_uri=…&code_challenge=…` (values
//!    percent-encoded, only `-_.~` left as they are). The method is spelled `SHA-256`, not
//!    RFC 7636's `S256`.
//! 3. Same device (`client_id` `arn:aws:signin:::devtools/same-device`): the redirect comes to
//!    `http://127.0.0.1:PORT/oauth/callback` with `code` and `state`, served by the same
//!    loopback listener as the Identity Center login ([`crate::sso::login::wait_for_code`]);
//!    a fixed port can be forwarded over SSH. Cross device (`…/cross-device`): the redirect
//!    is the sign-in service's own page `{base}/v1/sessions/confirmation`, which shows a code:
//!    the standard base64 of `state=…&code=…`, pasted back by the person.
//! 4. The token call (`authorization_code` grant with the verifier and the same redirect URI,
//!    and a DPoP proof). The principal is the `sub` claim of the returned id token (its
//!    signature is not checked: the token came straight from the service over TLS), its
//!    account the ARN's fifth field.
//! 5. The cache file is written (with `signInRegion`, so refreshes go back to this region).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use crate::login_session::cache::{self, CROSS_DEVICE, LoginToken, SAME_DEVICE};
use crate::login_session::dpop::DpopKey;
use crate::login_session::token::{self, Grant};
use crate::secret::Secret;
use crate::sso::SsoError;
use crate::sso::observer::UserAuth;
use crate::sso::role_cache::RoleCredentials;
use crate::sso::session::{LoginOptions, Session};

/// How the person confirms the login.
pub(crate) enum Flow<'a> {
    /// The browser on this machine redirects to a loopback listener (on `callback_port`, or a
    /// random one); the browser is opened when `open_browser`.
    SameDevice {
        /// A fixed port for the listener.
        callback_port: Option<u16>,
        /// Whether to open the browser (else the URL is only shown).
        open_browser: bool,
    },
    /// The URL is shown; the person opens it anywhere and pastes the code it shows, which
    /// `read_code` returns.
    CrossDevice {
        /// Reads the pasted code.
        read_code: &'a dyn Fn() -> std::io::Result<String>,
    },
}

/// A completed login.
#[derive(Debug)]
pub(crate) struct LoggedIn {
    /// The principal ARN (the profile's `login_session`).
    pub principal: String,
    /// What was cached.
    pub token: LoginToken,
    /// Where.
    pub path: std::path::PathBuf,
}

/// A login that did not complete for a reason of the sign-in flow itself.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LoginError {
    /// The pasted code is not what the sign-in page shows.
    #[error("the pasted code is not a sign-in code (expected the text the sign-in page shows)")]
    BadPastedCode,
    /// The state did not match.
    #[error("the sign-in code belongs to another login (state mismatch); start the login again")]
    StateMismatch,
    /// The id token names no principal.
    #[error("the sign-in service's id token names no principal (no 'sub' ARN)")]
    NoPrincipal,
    /// Reading the pasted code failed.
    #[error("cannot read the pasted code")]
    Read(#[source] std::io::Error),
}

/// Percent-encodes `text`, leaving only ASCII letters, digits and `-_.~`.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The authorize URL (see the module docs for the order of the parameters).
pub(crate) fn authorize_url(
    base: &str,
    client_id: &str,
    state: &str,
    redirect_uri: &str,
    challenge: &str,
) -> String {
    format!(
        "{base}/v1/authorize?response_type=code&client_id={}&state={}&code_challenge_method=SHA-256&scope=openid&redirect_uri={}&code_challenge={}",
        encode(client_id),
        encode(state),
        encode(redirect_uri),
        encode(challenge)
    )
}

/// The code and state of a pasted cross-device code (base64 of `state=…&code=…`).
pub(crate) fn parse_pasted_code(text: &str) -> Option<(String, String)> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = STANDARD
        .decode(&compact)
        .or_else(|_| URL_SAFE_NO_PAD.decode(compact.trim_end_matches('=')))
        .ok()?;
    let (mut state, mut code) = (None, None);
    for (k, v) in form_urlencoded::parse(&bytes) {
        match &*k {
            "state" => state = Some(v.into_owned()),
            "code" => code = Some(v.into_owned()),
            _ => {}
        }
    }
    Some((state?, code.filter(|c| !c.is_empty())?))
}

/// The `sub` claim of an id token (a JWT; the signature is not checked).
pub(crate) fn principal_of(id_token: &str) -> Option<String> {
    let parts: Vec<&str> = id_token.split('.').collect();
    let [_, payload, _] = parts.as_slice() else {
        return None;
    };
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims["sub"]
        .as_str()
        .map(str::to_owned)
        .filter(|s| s.starts_with("arn:") && crate::login_session::account_of(s).is_some())
}

/// Logs in with the sign-in service of `region` (or the endpoint override) and writes the
/// cache file. `session` is the profile's (for its world: environment, cache folder,
/// observer, runtime).
pub(crate) fn login(
    session: &Session,
    region: &str,
    flow: &Flow<'_>,
    opts: &LoginOptions,
) -> Result<LoggedIn, SsoError> {
    let random = |e: getrandom::Error| SsoError::Random(e.to_string());
    let key = DpopKey::generate().map_err(random)?;
    let verifier = Secret::new(crate::sso::pkce::new_verifier().map_err(random)?);
    let challenge = crate::sso::pkce::challenge(verifier.expose());
    let state = uuid::Uuid::new_v4().to_string();
    let base = crate::login_session::base_url(session, region);
    let world = session.world();
    let Some(cache_dir) = world.login_cache.clone() else {
        return Err(SsoError::Io {
            path: "login cache".into(),
            source: std::io::Error::other("no login session cache folder"),
        });
    };
    // The cache file's name comes from the principal the service names, so only its folder
    // can be checked before the browser: a login that cannot be saved fails here, naming the
    // path and the fix, not after the person signed in.
    let probe = cache_dir.join(".awsso-writable.json");
    crate::fsutil::check_writable(&probe).map_err(|source| SsoError::Io {
        path: cache_dir.clone(),
        source,
    })?;
    let auth = |url: &str, ssh_forward: Option<String>| UserAuth {
        start_url: format!("AWS sign-in ({region})"),
        verification_uri: url.to_owned(),
        user_code: None,
        verification_uri_complete: None,
        expires_at: None,
        ssh_forward,
    };
    let (client_id, redirect_uri, code) = match flow {
        Flow::SameDevice {
            callback_port,
            open_browser,
        } => {
            // The hardened loopback listener of the Identity Center login (bounded
            // connections, accept errors survived, a one-time URL for the browser).
            let mut listener = crate::sso::loopback::Loopback::bind(callback_port.unwrap_or(0))
                .map_err(|e| match callback_port {
                    Some(port) if e.kind() == std::io::ErrorKind::AddrInUse => {
                        SsoError::CallbackPortInUse(*port)
                    }
                    _ => SsoError::Listener(e),
                })?;
            let port = listener.port();
            let redirect_uri = crate::sso::pkce::redirect_uri(port);
            let url = authorize_url(&base, SAME_DEVICE, &state, &redirect_uri, &challenge);
            let forward = if world.env.in_ssh {
                crate::sso::login::ssh_forward_command(world.env.ssh_connection.as_deref(), port)
            } else {
                None
            };
            opts.call_handler(&auth(&url, forward.clone()));
            session.observer().login_prompt(&auth(&url, forward), opts);
            if *open_browser {
                // The browser gets a one-time URL on the listener, never the authorize URL
                // (its state) in its command line.
                let browser_url = listener
                    .one_time_url(Secret::new(url.clone()))
                    .map_err(|e| SsoError::Listener(std::io::Error::other(e.to_string())))?;
                if let Err(e) = crate::platform::browser::open(
                    &world.env,
                    &browser_url,
                    crate::platform::browser::Origin::Loopback,
                ) {
                    session.observer().warn(&e);
                }
            }
            let code = session.block_on(crate::sso::login::wait_for_code(
                listener,
                &state,
                opts.login_timeout(),
                opts.cancel(),
            ))??;
            (SAME_DEVICE, redirect_uri, code)
        }
        Flow::CrossDevice { read_code } => {
            let redirect_uri = format!("{base}/v1/sessions/confirmation");
            let url = authorize_url(&base, CROSS_DEVICE, &state, &redirect_uri, &challenge);
            opts.call_handler(&auth(&url, None));
            session.observer().login_prompt(&auth(&url, None), opts);
            let pasted =
                read_code().map_err(|e| SsoError::BadRedirect(LoginError::Read(e).to_string()))?;
            let (got_state, code) = parse_pasted_code(&pasted)
                .ok_or_else(|| SsoError::BadRedirect(LoginError::BadPastedCode.to_string()))?;
            if got_state != state {
                return Err(SsoError::BadRedirect(LoginError::StateMismatch.to_string()));
            }
            (CROSS_DEVICE, redirect_uri, Secret::new(code))
        }
    };
    let clock = world.clock.clone();
    let answer = session.block_on(token::create_token(
        &world.env,
        &base,
        client_id,
        &Grant::AuthorizationCode {
            code: &code,
            verifier: &verifier,
            redirect_uri: &redirect_uri,
        },
        &key,
        move || clock.now().unix_timestamp(),
    ))?;
    let new = answer.map_err(|e| crate::login_session::token_error(session, e))?;
    let principal = new
        .id_token
        .as_ref()
        .and_then(|t| principal_of(t.expose()))
        .ok_or_else(|| SsoError::BadRedirect(LoginError::NoPrincipal.to_string()))?;
    let account_id = crate::login_session::account_of(&principal)
        .unwrap_or_default()
        .to_owned();
    let token = LoginToken::new(
        RoleCredentials {
            access_key_id: new.access_key_id,
            secret_access_key: new.secret_access_key,
            session_token: new.session_token,
            expiration: crate::login_session::expiry(session.now(), new.expires_in),
        },
        account_id,
        client_id.to_owned(),
        new.refresh_token,
        key,
        // Without an endpoint override the region named the endpoint; with one, it is still
        // the region the person chose, which refreshes should keep using.
        Some(region.to_owned()),
        new.id_token,
        new.token_type,
    );
    let path = cache_dir.join(cache::file_name(&principal));
    cache::write(&path, &token).map_err(|e| SsoError::Io {
        path: path.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(LoggedIn {
        principal,
        token,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_urls_match_the_aws_cli() {
        let url = authorize_url(
            "https://us-east-1.signin.aws.amazon.com",
            SAME_DEVICE,
            "0f1e2d3c-aaaa-4bbb-8ccc-123456789abc",
            "http://127.0.0.1:53037/oauth/callback",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        );
        assert_eq!(
            url,
            "https://us-east-1.signin.aws.amazon.com/v1/authorize?response_type=code&client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fsame-device&state=0f1e2d3c-aaaa-4bbb-8ccc-123456789abc&code_challenge_method=SHA-256&scope=openid&redirect_uri=http%3A%2F%2F127.0.0.1%3A53037%2Foauth%2Fcallback&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn pasted_codes() {
        let pasted = STANDARD.encode("state=abc&code=xyz");
        assert_eq!(
            parse_pasted_code(&format!("  {pasted}\n")),
            Some(("abc".to_owned(), "xyz".to_owned()))
        );
        assert_eq!(
            parse_pasted_code(&STANDARD.encode("state=abc&auth_code=x")),
            None
        );
        assert_eq!(parse_pasted_code("not base64!"), None);
    }

    #[test]
    fn principals_of_id_tokens() {
        let payload =
            URL_SAFE_NO_PAD.encode(r#"{"sub":"arn:aws:iam::123456789012:user/Admin","aud":"x"}"#);
        assert_eq!(
            principal_of(&format!("h.{payload}.s")).as_deref(),
            Some("arn:aws:iam::123456789012:user/Admin")
        );
        assert_eq!(principal_of(&format!("h.{payload}")), None);
        let no_sub = URL_SAFE_NO_PAD.encode(r#"{"aud":"x"}"#);
        assert_eq!(principal_of(&format!("h.{no_sub}.s")), None);
    }
}
