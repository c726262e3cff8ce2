//! The one integration-test binary: runs the real `awsso` binary (assert_cmd) in a temporary
//! HOME with a cleared environment against the Identity Center emulator on 127.0.0.1.

#![allow(unreachable_pub)]
// a test binary: `pub` only shares helpers between its modules
// Helpers outside `#[test]` fns panic (unwrap) and print notices (skipped shells) on purpose.
#![allow(clippy::unwrap_used, clippy::print_stderr, clippy::type_complexity)]

#[macro_use]
mod support;
mod cases;
