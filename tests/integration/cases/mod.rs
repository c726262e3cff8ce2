//! Test cases, one module per area.

mod credential_process;
mod discover;
mod doctor;
mod env;
mod exec;
mod generated_docs;
mod list;
mod login;
mod logout;
mod network;
mod status;
mod write_default;
