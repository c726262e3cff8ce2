//! OIDC client registrations: re-used from the token cache folder until they expire, so the
//! person is not asked for consent at every login; replaced when the service rejects one.
//!
//! I/O. Keyed like the AWS CLI's (a digest of tool, start URL, region, scopes and session name,
//! with `tool = awsso` so each tool keeps its own), stored next to the tokens.

use std::time::Duration;

use crate::sso::SsoError;
use crate::sso::client::NewRegistration;
use crate::sso::session::Session;
use crate::sso::token_cache::{self, Registration};

/// A registration must last at least this long to be re-used for a login.
const MIN_LEFT: Duration = Duration::from_secs(3600);

/// A client registration for `grant_types`: the cached one while it lasts, else a new one.
/// With `fresh`, the cached registration is ignored (the service rejected it).
pub(crate) fn obtain(
    session: &Session,
    grant_types: &[&str],
    redirect: Option<&str>,
    fresh: bool,
) -> Result<Registration, SsoError> {
    let t = session.target();
    let key =
        token_cache::registration_key(&t.start_url, &t.sso_region, &t.scopes, t.session.as_deref());
    let store = &session.world().tokens;
    let wanted: Vec<String> = grant_types.iter().map(|g| (*g).to_owned()).collect();
    if let Some(reg) = store.read_registration(&key).filter(|_| !fresh) {
        let lasts = reg.expires_at.get() > session.now() + MIN_LEFT;
        if lasts && reg.grant_types == wanted && reg.scopes == t.scopes {
            session.debug(|| {
                format!(
                    "re-using the client registration in {}",
                    store.location(&key).display()
                )
            });
            return Ok(reg);
        }
    }
    session.debug(|| "registering a new OIDC client".to_owned());
    let clients = session.clients()?;
    let NewRegistration {
        client_id,
        client_secret,
        expires_at,
    } = session
        .block_on(clients.register_client(
            &t.start_url,
            &t.scopes,
            grant_types,
            redirect,
            session.now(),
        ))?
        .map_err(SsoError::Api)?;
    let reg = Registration {
        client_id,
        client_secret,
        expires_at,
        scopes: t.scopes.clone(),
        grant_types: wanted,
    };
    store
        .write_registration(&key, &reg)
        .map_err(|e| session.corrupt(e))?;
    Ok(reg)
}
