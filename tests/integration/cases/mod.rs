//! Test cases, one module per area.

mod assignments;
mod completions;
mod configure;
mod console;
mod credential_process;
mod destinations;
mod discover;
mod doctor;
mod env;
mod errors;
mod exec;
mod generated_docs;
mod hardening;
mod hostile_server;
mod layering;
mod library;
mod list;
mod login;
mod login_listener;
mod logout;
mod network;
mod serve;
mod status;
mod terminal;
mod write_default;
