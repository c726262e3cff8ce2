//! One config-file profile per role, the way `awsso discover` writes them: plan → review →
//! write.
//!
//! I/O at the edges only: [`Sso::plan_profiles`](crate::Sso::plan_profiles) reads the config
//! file and computes the new text (the pure planner, with its naming, ownership and
//! minimal-edit rules, is the crate's `profile::generate`); the [`ProfilePlan`] shows what
//! would change, profile by profile and as old and new text; [`ProfilePlan::write`] writes it
//! atomically, under the same cross-process lock as the CLI, planning again first when another
//! program changed the file meanwhile. Nothing but the generated profiles' keys changes: comments, blank
//! lines and every other section keep their bytes.
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//!
//! # async fn demo() -> Result<(), awsso::Error> {
//! let sso = awsso::Sso::from_session("my-sso")?;
//! let roles: Vec<awsso::AccountRole> = sso.list_available_roles(None).try_collect().await?;
//! let plan = sso.plan_profiles(&roles, &awsso::discover::ProfileOptions::default())?;
//! for p in plan.profiles() {
//!     println!("{:?} [profile {}] ({} {})", p.action, p.name, p.account_id, p.role_name);
//! }
//! let mut plan = plan;
//! if plan.changes_file() {
//!     plan.write()?;
//! }
//! # Ok(()) }
//! ```

use std::path::{Path, PathBuf};

use crate::Error;
use crate::fsutil::{self, FileLock};
use crate::paths::Paths;
use crate::profile::generate::{self, GenerationRequest, Mode, RoleRef, Template};
use crate::sso::SsoError;

/// The default name template: `{account_name}.{role_name}` (`prod.ReadOnly`).
///
/// ```
/// let options = awsso::discover::ProfileOptions::default()
///     .name_template(format!("sso.{}", awsso::discover::DEFAULT_TEMPLATE));
/// # let _ = options;
/// ```
pub const DEFAULT_TEMPLATE: &str = "{account_name}.{role_name}";

/// How the generated profiles look: their credentials, names and region, and what may be
/// taken over or removed.
///
/// ```
/// let options = awsso::discover::ProfileOptions::default()
///     .name_template("{account_name}-{role_name}")
///     .region("eu-west-1")
///     .prune(true);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProfileOptions {
    pub(crate) program: Option<String>,
    pub(crate) login: bool,
    pub(crate) name_template: String,
    pub(crate) region: Option<String>,
    pub(crate) force: bool,
    pub(crate) prune: bool,
}

impl Default for ProfileOptions {
    /// Native SSO profiles (the SDKs' own `sso_*` keys) named by [`DEFAULT_TEMPLATE`], the
    /// instance's default region, nothing taken over or removed.
    fn default() -> ProfileOptions {
        ProfileOptions {
            program: None,
            login: false,
            name_template: DEFAULT_TEMPLATE.to_owned(),
            region: None,
            force: false,
            prune: false,
        }
    }
}

impl ProfileOptions {
    /// `credential_process = PROGRAM credential-process …` profiles instead of native ones:
    /// `program` is the path of the `awsso` executable (for SDKs and tools that cannot read
    /// SSO profiles). With `login`, the process line logs in when needed.
    ///
    /// ```
    /// let options = awsso::discover::ProfileOptions::default()
    ///     .credential_process("/usr/local/bin/awsso", false);
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn credential_process(mut self, program: impl Into<String>, login: bool) -> Self {
        self.program = Some(program.into());
        self.login = login;
        self
    }

    /// Profile names from a template over `{account_id}`, `{account_name}`, `{role_name}` and
    /// `{session}` (default [`DEFAULT_TEMPLATE`]); checked by
    /// [`Sso::plan_profiles`](crate::Sso::plan_profiles).
    ///
    /// ```
    /// let options = awsso::discover::ProfileOptions::default().name_template("{session}-{account_id}-{role_name}");
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn name_template(mut self, template: impl Into<String>) -> Self {
        self.name_template = template.into();
        self
    }

    /// `region = REGION` in every profile (default: the instance's default region, if any).
    ///
    /// ```
    /// let options = awsso::discover::ProfileOptions::default().region("us-west-2");
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Take over profiles with a generated name that awsso did not write for this instance.
    ///
    /// ```
    /// let options = awsso::discover::ProfileOptions::default().force(true);
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// Remove this instance's generated profiles whose role is no longer listed.
    ///
    /// ```
    /// let options = awsso::discover::ProfileOptions::default().prune(true);
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn prune(mut self, prune: bool) -> Self {
        self.prune = prune;
        self
    }
}

/// What the plan does to one profile.
///
/// ```
/// # fn demo(plan: &awsso::discover::ProfilePlan) {
/// use awsso::discover::ProfileAction;
/// let new = plan.count(ProfileAction::Created);
/// let taken = plan.count(ProfileAction::Skipped);
/// println!("{new} new profiles, {taken} names already taken");
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProfileAction {
    /// A new section.
    Created,
    /// Keys are added, changed or removed.
    Updated,
    /// Already exactly right.
    Unchanged,
    /// A profile awsso did not write has this name: left alone (see [`ProfileOptions::force`]).
    Skipped,
    /// A generated profile whose role is gone: removed ([`ProfileOptions::prune`]).
    Removed,
    /// Such a profile, kept because pruning was not asked for.
    Stale,
}

/// One profile of a [`ProfilePlan`].
///
/// ```
/// # fn demo(plan: &awsso::discover::ProfilePlan) {
/// for p in plan.profiles() {
///     println!("[profile {}] {} {} {:?}", p.name, p.account_id, p.role_name, p.action);
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct PlannedProfile {
    /// The profile name (`[profile NAME]`).
    #[serde(rename = "profile")]
    pub name: String,
    /// The account id.
    pub account_id: String,
    /// The account name.
    pub account_name: String,
    /// The role name.
    pub role_name: String,
    /// What the plan does to it.
    pub action: ProfileAction,
}

/// The config file's new text for a set of roles, with a report per profile; see the
/// [module docs](self).
#[derive(Debug, Clone)]
pub struct ProfilePlan {
    path: PathBuf,
    lock: PathBuf,
    old: String,
    new: String,
    profiles: Vec<PlannedProfile>,
    /// What the plan was made from, to make it again on the file as it is when written.
    inputs: Inputs,
}

#[derive(Debug, Clone)]
struct Inputs {
    source: generate::Source,
    roles: Vec<RoleRef>,
    options: ProfileOptions,
    default_region: Option<String>,
}

impl ProfilePlan {
    /// The config file the plan edits.
    ///
    /// ```
    /// # fn demo(plan: &awsso::discover::ProfilePlan) {
    /// println!("editing {}", plan.path().display());
    /// # }
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every generated, skipped, removed or stale profile, generated ones first, by name.
    ///
    /// ```
    /// # fn demo(plan: &awsso::discover::ProfilePlan) {
    /// let names: Vec<&str> = plan.profiles().iter().map(|p| p.name.as_str()).collect();
    /// # let _ = names;
    /// # }
    /// ```
    pub fn profiles(&self) -> &[PlannedProfile] {
        &self.profiles
    }

    /// How many profiles get `action`.
    ///
    /// ```
    /// # fn demo(plan: &awsso::discover::ProfilePlan) {
    /// let removed = plan.count(awsso::discover::ProfileAction::Removed);
    /// # let _ = removed;
    /// # }
    /// ```
    pub fn count(&self, action: ProfileAction) -> usize {
        self.profiles.iter().filter(|p| p.action == action).count()
    }

    /// Whether writing would change the file (when not, [`write`](Self::write) does not touch
    /// it).
    ///
    /// ```
    /// # fn demo(plan: &awsso::discover::ProfilePlan) {
    /// if !plan.changes_file() {
    ///     println!("{} is up to date", plan.path().display());
    /// }
    /// # }
    /// ```
    pub fn changes_file(&self) -> bool {
        self.old != self.new
    }

    /// The file's text when the plan was made.
    ///
    /// ```
    /// # fn demo(plan: &awsso::discover::ProfilePlan) {
    /// let before = plan.old_text().lines().count();
    /// let after = plan.new_text().lines().count();
    /// println!("{before} -> {after} lines");
    /// # }
    /// ```
    pub fn old_text(&self) -> &str {
        &self.old
    }

    /// The text the plan writes.
    ///
    /// ```
    /// # fn demo(plan: &awsso::discover::ProfilePlan) {
    /// print!("{}", plan.new_text());
    /// # }
    /// ```
    pub fn new_text(&self) -> &str {
        &self.new
    }

    /// Writes the new text atomically (the file's mode kept), under the lock every awsso
    /// process takes to edit the file; returns whether the file was written. When another
    /// program changed the file since the plan was made, the plan is made again on the
    /// current text first (its [`profiles`](Self::profiles) and texts are updated), so no
    /// edit is lost; when nothing changes, the file is not touched.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be locked, read or written; a planning error when
    /// the file changed into one that cannot be edited faithfully.
    ///
    /// ```no_run
    /// # fn demo(mut plan: awsso::discover::ProfilePlan) -> Result<(), awsso::Error> {
    /// if plan.write()? {
    ///     println!("wrote {}", plan.path().display());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn write(&mut self) -> Result<bool, Error> {
        let path = self.path.clone();
        let io = |source: std::io::Error| SsoError::Io {
            path: path.clone(),
            source,
        };
        let _lock =
            FileLock::acquire_noting(&self.lock, || {}, None).map_err(|source| SsoError::Io {
                path: self.lock.clone(),
                source,
            })?;
        let current = fsutil::read_text(&self.path).map_err(io)?;
        if current != self.old {
            let again = plan_text(&self.path, current, &self.inputs)?;
            self.old = again.old;
            self.new = again.new;
            self.profiles = again.profiles;
        }
        if !self.changes_file() {
            return Ok(false);
        }
        fsutil::atomic_write(&self.path, self.new.as_bytes()).map_err(io)?;
        Ok(true)
    }
}

/// Plans the profiles for `roles` of `source` in the config file at `path`; `default_region`
/// applies when the options name none.
pub(crate) fn plan(
    paths: &Paths,
    path: &Path,
    source: &generate::Source,
    roles: &[RoleRef],
    options: &ProfileOptions,
    default_region: Option<&str>,
) -> Result<ProfilePlan, SsoError> {
    let io = |source: std::io::Error| SsoError::Io {
        path: path.to_path_buf(),
        source,
    };
    let inputs = Inputs {
        source: source.clone(),
        roles: roles.to_vec(),
        options: options.clone(),
        default_region: default_region.map(str::to_owned),
    };
    let lock = paths.edit_lock(path).map_err(io)?;
    let old = fsutil::read_text(path).map_err(io)?;
    let planned = plan_text(path, old, &inputs)?;
    Ok(ProfilePlan {
        lock,
        inputs,
        ..planned
    })
}

/// The plan for the file text `old` (its lock path and inputs left empty for the caller).
fn plan_text(path: &Path, old: String, inputs: &Inputs) -> Result<ProfilePlan, SsoError> {
    let options = &inputs.options;
    let template = Template::parse(&options.name_template)?;
    let request = GenerationRequest {
        source: &inputs.source,
        mode: if options.program.is_some() {
            Mode::Process
        } else {
            Mode::Native
        },
        template: &template,
        region: options
            .region
            .as_deref()
            .or(inputs.default_region.as_deref()),
        login: options.login,
        force: options.force,
        prune: options.prune,
        program: options.program.as_deref().unwrap_or("awsso"),
    };
    let planned = generate::plan(path, &old, &request, &inputs.roles)?;
    Ok(ProfilePlan {
        path: path.to_path_buf(),
        lock: PathBuf::new(),
        old,
        new: planned.text,
        profiles: planned.entries,
        inputs: inputs.clone(),
    })
}
