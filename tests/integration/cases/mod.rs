//! Test cases, one module per area.

mod assignments;
mod credential_process;
mod discover;
mod doctor;
mod env;
mod exec;
mod generated_docs;
mod layering;
mod library;
mod list;
mod login;
mod logout;
mod status;
mod write_default;
