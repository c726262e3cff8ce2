//! One module per subcommand: flags + `Context` in, a value out, rendered through `Ui`.

pub mod credential_process;
pub mod discover;
pub mod list;
pub mod login;
pub mod write_default;
