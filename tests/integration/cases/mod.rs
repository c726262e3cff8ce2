//! Test cases, one module per area.

mod completions;
mod configure;
mod credential_process;
mod discover;
mod doctor;
mod env;
mod errors;
mod exec;
mod generated_docs;
mod layering;
mod library;
mod list;
mod login;
mod logout;
mod network;
mod status;
mod write_default;
