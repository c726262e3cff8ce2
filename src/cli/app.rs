//! The run context and the dispatch from subcommands to `cmd::*`.
//!
//! I/O only through the values it holds: [`Context`] carries the captured environment, the
//! derived paths and the printer, and reads the profile files on demand.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use time::OffsetDateTime;

use crate::cli::args::{Cli, Command, RoleArgs, TargetArgs};
use crate::cli::ui::Ui;
use crate::env::Env;
use crate::fsutil::{self, FileLock};
use crate::paths::Paths;
use crate::profile::{ProfileSet, SectionKind};
use crate::sso::session::{Session, World};
use crate::sso::target::{self, RoleChoice, SsoTarget, Target, TargetError};

/// Everything a command needs from the outside world.
#[derive(Debug)]
pub(crate) struct Context {
    /// The environment, read once.
    pub env: Env,
    /// Paths derived from it.
    pub paths: Paths,
    /// The printer.
    pub ui: Ui,
}

impl Context {
    /// A context for this process.
    pub(crate) fn new(env: Env, ui: Ui) -> anyhow::Result<Context> {
        let paths = Paths::from_env(&env)?;
        Ok(Context { env, paths, ui })
    }

    /// The current time (the one clock every decision is given).
    pub(crate) fn now(&self) -> OffsetDateTime {
        crate::sso::clock::Clock::now(&crate::sso::clock::SystemClock)
    }

    /// Reads the config file (and the credentials file when `with_credentials`).
    pub(crate) fn profiles(&self, with_credentials: bool) -> anyhow::Result<ProfileSet> {
        self.profiles_keeping(with_credentials, &|_, _| true)
    }

    /// [`Context::profiles`] reading the keys of only the sections `keep` selects (see
    /// [`ProfileSet::parse_keeping`]).
    fn profiles_keeping(
        &self,
        with_credentials: bool,
        keep: &dyn Fn(SectionKind, &str) -> bool,
    ) -> anyhow::Result<ProfileSet> {
        let credentials = with_credentials.then_some(self.paths.credentials.as_path());
        let set = ProfileSet::load_keeping(Some(&self.paths.config), credentials, keep)?;
        for d in set.diagnostics() {
            self.ui
                .debug(|| format!("{}:{}: {}", d.path.display(), d.line, d.message));
        }
        Ok(set)
    }

    /// Locks the read-modify-write of a user file against other awsso processes, so two
    /// concurrent edits (discover and write-default, say) never lose each other's changes.
    ///
    /// The lock is keyed on the file the write will replace (symlinks and `..` resolved), so
    /// two names of one file take the same lock.
    pub(crate) fn lock_for_edit(&self, path: &Path) -> anyhow::Result<FileLock> {
        let lock = self
            .paths
            .edit_lock(path)
            .with_context(|| format!("cannot resolve {}", path.display()))?;
        let waiting = || {
            self.ui.status(format!(
                "waiting for another awsso process writing {}",
                path.display()
            ))
        };
        FileLock::acquire_noting(&lock, waiting, None)
            .with_context(|| format!("cannot lock {}", lock.display()))
    }

    /// Resolves the selection flags against the config file. `default_profile` is used when no
    /// flag selects a target (AWS_PROFILE, for the commands that allow it). Warns about settings
    /// other users can change ([`Context::warn_untrusted_settings`]).
    pub(crate) fn resolve(
        &self,
        args: &TargetArgs,
        role: Option<&RoleArgs>,
        default_profile: Option<&str>,
    ) -> anyhow::Result<SsoTarget> {
        let target = self.resolve_unchecked(args, role, default_profile)?;
        self.warn_untrusted_settings();
        Ok(target)
    }

    /// [`Context::resolve`] without the warnings, for `credential-process`'s cache hit, which
    /// must stay at "read a file, print it" (a group-writable folder costs user and group
    /// look-ups); it warns when it goes to the service.
    pub(crate) fn resolve_unchecked(
        &self,
        args: &TargetArgs,
        role: Option<&RoleArgs>,
        default_profile: Option<&str>,
    ) -> anyhow::Result<SsoTarget> {
        let selected = selection(args, default_profile).ok_or(TargetError::NothingSelected)?;
        let (set, path) = target::read_for(&selected, &self.paths.config)?;
        for d in set.diagnostics() {
            self.ui
                .debug(|| format!("{}:{}: {}", d.path.display(), d.line, d.message));
        }
        let role = role.map(role_choice);
        let target = target::resolve(&selected, role.as_ref(), &set, &path)?;
        self.ui.trace(|| format!("target: {target:?}"));
        Ok(target)
    }

    /// [`Context::resolve`] for the commands that also honour the folder file (`exec`, `env`,
    /// `console`): when neither a selection flag nor AWS_PROFILE (`default_profile`) selects
    /// anything, the nearest `.awsso.toml` does (and says so on stderr); role flags still
    /// override its account and role, and its region becomes the target's region (a --region
    /// flag still wins). See [`crate::cli::folder_file`].
    pub(crate) fn resolve_here(
        &self,
        args: &TargetArgs,
        role: Option<&RoleArgs>,
        default_profile: Option<&str>,
    ) -> anyhow::Result<SsoTarget> {
        if selection(args, default_profile).is_some() {
            return self.resolve(args, role, default_profile);
        }
        let cwd = Env::current_dir().context("cannot read the current folder")?;
        let Some((path, found)) = crate::cli::folder_file::find(&cwd)? else {
            return self.resolve(args, role, default_profile);
        };
        self.ui.status(format!(
            "using {} from {}",
            found.describe(),
            path.display()
        ));
        let target_args = TargetArgs {
            profile: found.profile.clone(),
            sso_session: found.sso_session.clone(),
            ..TargetArgs::default()
        };
        let mut role_args = role.cloned().unwrap_or_default();
        if role_args.role_arn.is_none() {
            role_args.account_id = role_args.account_id.or(found.account_id.clone());
            role_args.role_name = role_args.role_name.or(found.role_name.clone());
        }
        let mut target = self.resolve(&target_args, Some(&role_args), None)?;
        if found.region.is_some() {
            target.region = found.region;
        }
        Ok(target)
    }

    /// Says which settings files or folders other users can change: a command acting on them
    /// does not go on silently (ids that are none are refused by `target::resolve` itself).
    pub(crate) fn warn_untrusted_settings(&self) {
        for warning in crate::cli::file_trust::warnings(&self.paths, self.env.home.as_deref()) {
            self.ui.warn(warning);
        }
    }

    /// The session's surroundings: this environment, the default caches and locks, the system
    /// clock, and the terminal as the observer.
    pub(crate) fn world(&self) -> World {
        World::new(self.env.clone(), &self.paths, Arc::new(self.ui.clone()))
    }

    /// A session for `target`.
    pub(crate) fn session(&self, target: SsoTarget) -> Session {
        Session::new(target, self.world())
    }
}

/// The selection flags as the core's [`Target`] (the one place clap's types are converted).
pub(crate) fn selection(args: &TargetArgs, default_profile: Option<&str>) -> Option<Target> {
    if let Some(url) = &args.start_url {
        return Some(Target::StartUrl {
            url: url.clone(),
            region: args.sso_region.clone().unwrap_or_default(),
        });
    }
    if let Some(name) = &args.sso_session {
        return Some(Target::Session(name.clone()));
    }
    args.profile
        .as_deref()
        .or(default_profile)
        .map(|p| Target::Profile(p.to_owned()))
}

/// The role flags as the core's [`RoleChoice`].
pub(crate) fn role_choice(args: &RoleArgs) -> RoleChoice {
    RoleChoice {
        role_arn: args.role_arn.clone(),
        account_id: args.account_id.clone(),
        role_name: args.role_name.clone(),
    }
}

/// Reads a user file (config or credentials) as UTF-8 text; a missing file is empty.
pub(crate) fn read_user_text(path: &Path) -> anyhow::Result<String> {
    fsutil::read_text(path).with_context(|| format!("cannot read {}", path.display()))
}

/// How long all of a command's requests may take together when `AWSSO_NETWORK_TIMEOUT` does
/// not say (see `sso::client`): short where a program waits on the answer (an SDK runs
/// `credential-process`; `env` and `exec` sit in scripts), a little longer for the console;
/// `None` (only the per-request limits) for long-running servers, the inventories of many
/// requests, and the logins, whose network part is bounded per request and by the login's
/// own timeout.
pub(crate) fn network_budget(command: &Command) -> Option<std::time::Duration> {
    use std::time::Duration;
    match command {
        Command::CredentialProcess(_) | Command::Env(_) => Some(Duration::from_secs(10)),
        Command::Exec(args) if !args.server => Some(Duration::from_secs(10)),
        Command::Console(_) => Some(Duration::from_secs(30)),
        _ => None,
    }
}

/// Runs a parsed command line. Returns the process exit code on success paths that are not 0
/// (e.g. `exec`'s child status, which on Windows may be any 32-bit code).
pub(crate) fn run(cli: Cli, ctx: &Context) -> anyhow::Result<u32> {
    let code = match cli.command {
        Command::Configure(args) => {
            crate::cli::cmd::configure::run(ctx, &args).context("configure failed")
        }
        Command::Login(args) => crate::cli::cmd::login::run(ctx, &args).context("login failed"),
        Command::CredentialProcess(args) => crate::cli::cmd::credential_process::run(ctx, &args),
        Command::Env(args) => crate::cli::cmd::env::run(ctx, &args),
        Command::Exec(args) => return crate::cli::cmd::exec::run(ctx, &args),
        Command::Serve(args) => return crate::cli::cmd::serve::run(ctx, &args),
        Command::Console(args) => crate::cli::cmd::console::run(ctx, &args),
        Command::Logout(args) => crate::cli::cmd::logout::run(ctx, &args).context("logout failed"),
        Command::Status(args) => crate::cli::cmd::status::run(ctx, &args),
        Command::Doctor(args) => crate::cli::cmd::doctor::run(ctx, &args),
        Command::Completions(args) => crate::cli::cmd::completions::run(ctx, &args),
        Command::ShellInit(args) => crate::cli::cmd::shell_init::run(ctx, &args),
        Command::Use(args) => crate::cli::cmd::use_::run(ctx, &args),
        Command::Prompt(args) => crate::cli::cmd::prompt::run(ctx, &args),
        Command::Discover(args) => {
            crate::cli::cmd::discover::run(ctx, &args).context("discover failed")
        }
        Command::Assignments(args) => {
            crate::cli::cmd::assignments::run(ctx, &args).context("assignments failed")
        }
        Command::List(args) => crate::cli::cmd::list::run(ctx, &args).context("list failed"),
        Command::WriteDefault(args) => {
            crate::cli::cmd::write_default::run(ctx, &args).context("write-default failed")
        }
    };
    code.map(u32::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(argv: &[&str]) -> Option<std::time::Duration> {
        let args = std::iter::once("awsso")
            .chain(argv.iter().copied())
            .map(std::ffi::OsString::from)
            .collect();
        let cli = crate::cli::args::parse_from(args).expect("a valid command line");
        network_budget(&cli.command)
    }

    #[test]
    fn commands_an_sdk_or_a_person_waits_on_have_a_short_network_budget() {
        use std::time::Duration;
        let ten = Some(Duration::from_secs(10));
        assert_eq!(budget(&["credential-process", "--profile", "p"]), ten);
        assert_eq!(budget(&["env", "--profile", "p"]), ten);
        assert_eq!(budget(&["exec", "--profile", "p", "--", "true"]), ten);
        assert_eq!(
            budget(&["console", "--profile", "p"]),
            Some(Duration::from_secs(30))
        );
        // Long-running servers and logins: per-request limits only.
        assert_eq!(
            budget(&["exec", "--server", "--profile", "p", "--", "x"]),
            None
        );
        assert_eq!(budget(&["serve", "--profile", "p"]), None);
        assert_eq!(budget(&["login", "--profile", "p"]), None);
    }
}
