//! One module per subcommand: flags + `Context` in, a value out, rendered through `Ui`.

pub(crate) mod assignments;
pub(crate) mod completions;
pub(crate) mod configure;
pub(crate) mod console;
pub(crate) mod credential_process;
pub(crate) mod discover;
pub(crate) mod doctor;
pub(crate) mod env;
pub(crate) mod exec;
pub(crate) mod list;
pub(crate) mod login;
pub(crate) mod login_session;
pub(crate) mod logout;
pub(crate) mod prompt;
pub(crate) mod serve;
pub(crate) mod shell_init;
pub(crate) mod status;
pub(crate) mod use_;
pub(crate) mod write_default;
