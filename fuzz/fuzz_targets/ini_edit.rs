//! Edit invariants of the profile editor. On any file:
//! - an upsert either refuses or produces a file our parser reads back with the values set;
//! - when botocore (the configparser model) reads the input the way we do, the editor accepts
//!   it, and botocore reads the output too, with the edited key in the edited section: an edit
//!   never turns a file botocore parses into one it does not.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| awsso::__private::fuzz::ini_edit(data));
