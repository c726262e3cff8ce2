//! Test cases, one module per area.

mod credential_process;
mod env;
mod exec;
mod login;
mod logout;
mod status;
mod doctor;
mod generated_docs;
