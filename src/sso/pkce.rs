//! PKCE (RFC 7636) values and the browser URL of the authorization code flow.
//!
//! Pure apart from drawing random bytes. The verifier is 64 characters of the unreserved set
//! `[A-Za-z0-9-._~]`; the challenge is `base64url(sha256(verifier))` without padding; the URL is
//! built on the OIDC endpoint in use so endpoint overrides (private endpoints, FIPS, tests) work.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

const UNRESERVED: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/// Fills `n` random bytes from the OS.
fn random_bytes(n: usize) -> Result<Vec<u8>, getrandom::Error> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf)?;
    Ok(buf)
}

/// A PKCE code verifier: 64 characters of the unreserved set.
pub(crate) fn new_verifier() -> Result<String, getrandom::Error> {
    // 66 symbols: bytes >= 198 (3 * 66) are dropped so every symbol is equally likely.
    let mut out = String::with_capacity(64);
    while out.len() < 64 {
        for b in random_bytes(96)? {
            if out.len() == 64 {
                break;
            }
            if usize::from(b) < UNRESERVED.len() * 3 {
                out.push(char::from(UNRESERVED[usize::from(b) % UNRESERVED.len()]));
            }
        }
    }
    Ok(out)
}

/// The S256 challenge for a verifier.
pub(crate) fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A random `state` value (32 bytes, base64url).
pub(crate) fn new_state() -> Result<String, getrandom::Error> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes(32)?))
}

/// The redirect URI registered with the client (any loopback port is accepted).
pub(crate) const REGISTERED_REDIRECT: &str = "http://127.0.0.1/oauth/callback";

/// The redirect URI for a listener on `port`.
pub(crate) fn redirect_uri(port: u16) -> String {
    format!("http://127.0.0.1:{port}/oauth/callback")
}

/// The OIDC endpoint for a region when no override is set.
pub(crate) fn default_oidc_endpoint(region: &str) -> String {
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://oidc.{region}.{suffix}")
}

/// The parameters of the browser leg.
#[derive(Debug, Clone)]
pub(crate) struct AuthorizeRequest<'a> {
    /// The OIDC endpoint (override or default), without the `/authorize` path.
    pub endpoint: &'a str,
    /// The registered client.
    pub client_id: &'a str,
    /// The exact redirect URI with port.
    pub redirect_uri: &'a str,
    /// The anti-CSRF state.
    pub state: &'a str,
    /// The S256 challenge.
    pub code_challenge: &'a str,
    /// The registration scopes.
    pub scopes: &'a [String],
}

/// The URL to open in the browser.
pub(crate) fn authorize_url(req: &AuthorizeRequest<'_>) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", req.client_id)
        .append_pair("redirect_uri", req.redirect_uri)
        .append_pair("state", req.state)
        .append_pair("code_challenge_method", "S256")
        .append_pair("scopes", &req.scopes.join(" "))
        .append_pair("code_challenge", req.code_challenge)
        .finish();
    format!("{}/authorize?{query}", req.endpoint.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifier_is_64_unreserved_chars() {
        let v = new_verifier().unwrap();
        assert_eq!(v.len(), 64);
        assert!(v.bytes().all(|b| UNRESERVED.contains(&b)));
        assert_ne!(v, new_verifier().unwrap());
    }

    #[test]
    fn challenge_matches_rfc7636_appendix_b() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn url_is_built_on_the_endpoint_in_use() {
        let scopes = vec!["sso:account:access".to_owned()];
        let url = authorize_url(&AuthorizeRequest {
            endpoint: "http://127.0.0.1:9/",
            client_id: "cid",
            redirect_uri: "http://127.0.0.1:5/oauth/callback",
            state: "st",
            code_challenge: "ch",
            scopes: &scopes,
        });
        assert!(url.starts_with("http://127.0.0.1:9/authorize?response_type=code&client_id=cid"));
        assert!(url.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Foauth%2Fcallback"));
        assert!(url.contains("scopes=sso%3Aaccount%3Aaccess"));
        assert!(url.contains("code_challenge_method=S256"));
        assert_eq!(
            default_oidc_endpoint("cn-north-1"),
            "https://oidc.cn-north-1.amazonaws.com.cn"
        );
    }
}
