//! `awsso serve`: the credentials endpoint in the foreground, for containers and other
//! programs started separately; prints the variables to set, then serves until stopped.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;

use crate::cli::app::Context;
use crate::cli::args::{OutputFormat, ServeArgs};
use crate::cli::cmd::env::region;
use crate::cli::cmd::exec::endpoint_vars;
use crate::cli::exports::{self, Syntax};
use crate::fsutil;
use crate::platform::signals::{self, Family, StopSignals};
use crate::sso::serve::{self, ServeOptions, Server};
use crate::sso::session::{LoginOptions, RoleOptions};

/// Runs the command until a stop event (Ctrl-C, ...; see [`signals`]) or a failure; returns
/// the stop event's exit code.
pub(crate) fn run(ctx: &Context, args: &ServeArgs) -> anyhow::Result<u32> {
    let target = ctx.resolve(&args.target, Some(&args.role), ctx.env.profile.as_deref())?;
    // Checked before any request.
    let region = region(args.region.as_deref(), &target)?.map(str::to_owned);
    let session = Arc::new(ctx.session(target));
    let login = args.login.then(LoginOptions::default);
    let (creds, _) = session.role_credentials(&RoleOptions {
        min_remaining: serve::REFRESH_AHEAD,
        login: login.clone(),
    })?;
    if !args.bind.is_loopback() {
        ctx.ui.warn(format!(
            "listening on {}, not a loopback address: anyone who can reach it and has the token \
             gets the role's credentials, in clear text over HTTP",
            args.bind
        ));
    }
    // Ctrl-C, a TERM or a closed console must not leave the token file behind: taken from here
    // on, before the server's threads start (on unix they inherit the blocked signals).
    let signals =
        StopSignals::listen().context("cannot take Ctrl-C (and the other stop events)")?;
    let server = Server::start(
        Arc::clone(&session),
        ServeOptions {
            bind: SocketAddr::new(args.bind, args.port),
            login,
            initial: Some(creds),
        },
    )
    .context("cannot start the credentials endpoint")?;
    if let Some(path) = &args.token_file {
        fsutil::write_secret_to(path, server.token().expose().as_bytes())
            .with_context(|| format!("cannot write the token to {}", path.display()))?;
    }
    let vars = endpoint_vars(
        &server.url(),
        server.token().expose(),
        args.token_file.as_deref(),
        region.as_deref(),
    );
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let syntax = match args.output {
        OutputFormat::Text => Syntax::default_shell(cfg!(windows), ctx.env.msystem),
        OutputFormat::Json => Syntax::Json,
    };
    let text = exports::render(syntax, &pairs).context("cannot write the variables")?;
    ctx.ui.payload(&text).context("cannot write to stdout")?;
    let (account, role) = session.target().principal()?;
    ctx.ui.status(format!(
        "serving credentials for {role} in {account} at {}; press Ctrl-C to stop",
        server.url()
    ));
    let event = signals.wait();
    drop(server);
    if let Some(path) = &args.token_file {
        let _ = std::fs::remove_file(path);
    }
    let event = event.context("cannot wait for Ctrl-C")?;
    ctx.ui.status("stopped; the token no longer works");
    Ok(signals::exit_code(event, Family::CURRENT))
}
