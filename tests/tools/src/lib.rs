//! Which external tools awsso's tests can use, decided once at build time (see `build.rs`).
//!
//! A test that needs a tool is written inside that tool's macro:
//!
//! ```
//! awsso_test_tools::fish_test! {
//!     /// The exported variables survive a round trip through fish.
//!     fn fish_round_trip() {
//!         // run fish ...
//!     }
//! }
//! ```
//!
//! It expands to a `#[test]` when the tool was found, and to a `#[test] #[ignore = "<tool> not
//! installed"]` otherwise, so `cargo test` reports it as ignored with the reason, never as a
//! silent pass.

/// The Python interpreter that has boto3, by full path, when one was found.
pub const PYTHON: Option<&str> = option_env!("AWSSO_TEST_PYTHON");
/// The Python interpreter whose botocore reads `aws login` sessions (1.41+ with the CRT
/// extra), by full path, when one was found.
pub const PYTHON_LOGIN: Option<&str> = option_env!("AWSSO_TEST_PYTHON_LOGIN");
/// Node.js, by full path, when it and `@aws-sdk/credential-provider-login` in `tests/sdk/node`
/// were found.
pub const NODE_LOGIN: Option<&str> = option_env!("AWSSO_TEST_NODE_LOGIN");
/// Node.js, by full path, when it and the JavaScript SDK in `tests/sdk/node` were found.
pub const NODE: Option<&str> = option_env!("AWSSO_TEST_NODE");

/// A test that needs fish: ignored, with the reason, when it is missing.
#[cfg(has_fish)]
#[macro_export]
macro_rules! fish_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        fn $name() $body
    };
}

/// A test that needs fish: ignored, with the reason, when it is missing.
#[cfg(not(has_fish))]
#[macro_export]
macro_rules! fish_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        #[ignore = "fish not installed"]
        fn $name() $body
    };
}

/// A test that needs zsh: ignored, with the reason, when it is missing.
#[cfg(has_zsh)]
#[macro_export]
macro_rules! zsh_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        fn $name() $body
    };
}

/// A test that needs zsh: ignored, with the reason, when it is missing.
#[cfg(not(has_zsh))]
#[macro_export]
macro_rules! zsh_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        #[ignore = "zsh not installed"]
        fn $name() $body
    };
}

/// A test that needs pwsh: ignored, with the reason, when it is missing.
#[cfg(has_pwsh)]
#[macro_export]
macro_rules! pwsh_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        fn $name() $body
    };
}

/// A test that needs pwsh: ignored, with the reason, when it is missing.
#[cfg(not(has_pwsh))]
#[macro_export]
macro_rules! pwsh_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        #[ignore = "pwsh (PowerShell) not installed"]
        fn $name() $body
    };
}

/// A test that needs boto3: ignored, with the reason, when it is missing.
#[cfg(has_boto3)]
#[macro_export]
macro_rules! boto3_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        fn $name() $body
    };
}

/// A test that needs boto3: ignored, with the reason, when it is missing.
#[cfg(not(has_boto3))]
#[macro_export]
macro_rules! boto3_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        #[ignore = "boto3 not installed (pip install boto3)"]
        fn $name() $body
    };
}

/// A test that needs node sdk: ignored, with the reason, when it is missing.
#[cfg(has_node_sdk)]
#[macro_export]
macro_rules! node_sdk_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        fn $name() $body
    };
}

/// A test that needs node sdk: ignored, with the reason, when it is missing.
#[cfg(not(has_node_sdk))]
#[macro_export]
macro_rules! node_sdk_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        #[ignore = "the JavaScript SDK is not installed (npm install --prefix tests/sdk/node)"]
        fn $name() $body
    };
}

/// A test that needs moto: ignored, with the reason, when it is missing.
#[cfg(has_moto)]
#[macro_export]
macro_rules! moto_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        fn $name() $body
    };
}

/// A test that needs moto: ignored, with the reason, when it is missing.
#[cfg(not(has_moto))]
#[macro_export]
macro_rules! moto_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        #[ignore = "moto_server not installed (pip install 'moto[server]')"]
        fn $name() $body
    };
}

/// A test that drives a shell through a pseudo-terminal with tmux (and, for `zsh` and `fish`,
/// needs that shell too): ignored, with the reason, when one is missing. The first token
/// names the shell: `tmux_test! { bash fn name() { ... } }`.
#[cfg(has_tmux)]
#[macro_export]
macro_rules! tmux_test {
    (bash $(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        fn $name() $body
    };
    (zsh $(#[$attr:meta])* fn $name:ident() $body:block) => {
        $crate::zsh_test! { $(#[$attr])* fn $name() $body }
    };
    (fish $(#[$attr:meta])* fn $name:ident() $body:block) => {
        $crate::fish_test! { $(#[$attr])* fn $name() $body }
    };
}

/// A test that drives a shell through a pseudo-terminal with tmux: ignored, with the reason,
/// when tmux is missing.
#[cfg(not(has_tmux))]
#[macro_export]
macro_rules! tmux_test {
    ($shell:ident $(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        #[ignore = "tmux not installed"]
        fn $name() $body
    };
}

/// A test that needs botocore login: ignored, with the reason, when it is missing.
#[cfg(has_botocore_login)]
#[macro_export]
macro_rules! botocore_login_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        fn $name() $body
    };
}

/// A test that needs botocore login: ignored, with the reason, when it is missing.
#[cfg(not(has_botocore_login))]
#[macro_export]
macro_rules! botocore_login_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        #[ignore = "botocore with the CRT extra (botocore[crt] >= 1.41) not installed"]
        fn $name() $body
    };
}

/// A test that needs node login: ignored, with the reason, when it is missing.
#[cfg(has_node_login)]
#[macro_export]
macro_rules! node_login_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        fn $name() $body
    };
}

/// A test that needs node login: ignored, with the reason, when it is missing.
#[cfg(not(has_node_login))]
#[macro_export]
macro_rules! node_login_test {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        #[ignore = "node or @aws-sdk/credential-provider-login (npm install in tests/sdk/node) not installed"]
        fn $name() $body
    };
}
