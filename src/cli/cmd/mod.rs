//! One module per subcommand: flags + `Context` in, a value out, rendered through `Ui`.

pub mod assignments;
pub mod completions;
pub mod configure;
pub mod console;
pub mod credential_process;
pub mod discover;
pub mod doctor;
pub mod env;
pub mod exec;
pub mod list;
pub mod login;
pub mod logout;
pub mod serve;
pub mod status;
pub mod write_default;
