//! Test cases, one module per area.

mod assignments;
mod completions;
mod configure;
mod console;
mod credential_process;
mod discover;
mod doctor;
mod env;
mod errors;
mod exec;
mod files;
mod generated_docs;
mod hardening;
mod layering;
mod library;
mod list;
mod login;
mod login_listener;
mod logout;
mod network;
mod rejected;
mod serve;
mod status;
mod terminal;
mod write_default;
