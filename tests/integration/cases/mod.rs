//! Test cases, one module per area.

mod assignments;
mod completions;
mod configure;
mod console;
mod console_browser;
mod credential_process;
mod discover;
mod doctor;
mod env;
mod errors;
mod exec;
mod generated_docs;
mod hardening;
mod layering;
mod library;
mod list;
mod login;
mod login_listener;
mod login_session;
mod logout;
mod network;
mod serve;
mod shell_use;
mod status;
mod terminal;
mod write_default;
