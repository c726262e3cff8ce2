//! Test cases, one module per area.

mod credential_process;
mod login;
mod discover;
mod list;
mod write_default;
