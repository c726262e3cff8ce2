//! Test cases, one module per area.

mod credential_process;
mod doctor;
mod env;
mod exec;
mod generated_docs;
mod login;
mod logout;
mod status;
