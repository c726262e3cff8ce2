//! One module per subcommand: flags + `Context` in, a value out, rendered through `Ui`.

pub mod completions;
pub mod credential_process;
pub mod doctor;
pub mod env;
pub mod exec;
pub mod login;
pub mod logout;
pub mod status;
