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
use crate::sso::serve::{self, ServeOptions, Server};
use crate::sso::session::{LoginOptions, RoleOptions};

/// Runs the command; returns only when the server fails.
pub(crate) fn run(ctx: &Context, args: &ServeArgs) -> anyhow::Result<u8> {
    let target = ctx.resolve(&args.target, Some(&args.role), ctx.env.profile.as_deref())?;
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
    // Ctrl-C or a TERM must not leave the token file behind: blocked here, before the server's
    // threads start (they inherit the mask), and taken by `sigwait` below.
    let signals = StopSignals::block();
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
    let region = region(args.region.as_deref(), session.target());
    let vars = endpoint_vars(
        &server.url(),
        server.token().expose(),
        args.token_file.as_deref(),
        region,
    );
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let syntax = match args.output {
        OutputFormat::Text => Syntax::Sh,
        OutputFormat::Json => Syntax::Json,
    };
    let text = exports::render(syntax, &pairs).context("cannot write the variables")?;
    ctx.ui.payload(&text).context("cannot write to stdout")?;
    let (account, role) = session.target().role()?;
    ctx.ui.status(format!(
        "serving credentials for {role} in {account} at {}; press Ctrl-C to stop",
        server.url()
    ));
    let signal = signals.wait();
    drop(server);
    if let Some(path) = &args.token_file {
        let _ = std::fs::remove_file(path);
    }
    ctx.ui.status("stopped; the token no longer works");
    Ok(u8::try_from(128 + signal).unwrap_or(1))
}

/// SIGINT and SIGTERM, blocked in this thread (and the threads it starts afterwards) so that
/// [`StopSignals::wait`] receives them.
struct StopSignals(libc::sigset_t);

impl StopSignals {
    fn block() -> StopSignals {
        // SAFETY: sigemptyset/sigaddset initialise a local set; pthread_sigmask changes only
        // this thread's mask.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGINT);
            libc::sigaddset(&mut set, libc::SIGTERM);
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
            StopSignals(set)
        }
    }

    /// Waits for one of the signals; returns its number.
    fn wait(&self) -> i32 {
        let mut signal = 0;
        // SAFETY: the set was initialised in `block`; `signal` is a valid out-pointer.
        while unsafe { libc::sigwait(&self.0, &mut signal) } != 0 {}
        signal
    }
}
