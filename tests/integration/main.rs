//! The one integration-test binary: runs the real `awsso` binary (assert_cmd) in a temporary
//! HOME with a cleared environment against the Identity Center emulator on 127.0.0.1.

#![allow(unreachable_pub)] // a test binary: `pub` only shares helpers between its modules

mod cases;
mod support;
