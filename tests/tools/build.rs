//! Probes for the programs awsso's tests feed its output through (shells, SDKs, moto).
//!
//! Each tool found sets `cfg(has_<tool>)` on this crate, which picks the variant of its
//! `*_test!` macro: a plain `#[test]`, or one `#[ignore]`d with the tool's name, so a missing
//! tool shows up as an ignored test with its reason, never as a silent pass. This lives with
//! the tests and only tests depend on it: nothing awsso ships runs a program at build time.
//!
//! Re-run when PATH changes or the JavaScript SDK folder changes (`npm install` there). After
//! installing a shell or boto3 on an unchanged PATH, `touch tests/tools/build.rs`.
#![allow(clippy::disallowed_methods)] // build scripts read cargo's variables from the environment

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PATH");
    // A folder in the repository (a fresh clone has it): cargo scans it for changes, so
    // installing node_modules there re-runs the probe, and nothing missing makes the crate dirty.
    println!("cargo:rerun-if-changed=../sdk/node");
    for cfg in [
        "fish",
        "zsh",
        "pwsh",
        "tmux",
        "boto3",
        "node_sdk",
        "moto",
        "botocore_login",
        "node_login",
    ] {
        println!("cargo::rustc-check-cfg=cfg(has_{cfg})");
    }
    for shell in ["fish", "zsh", "pwsh", "tmux"] {
        if on_path(shell) {
            println!("cargo::rustc-cfg=has_{shell}");
        }
    }
    if on_path("moto_server") {
        println!("cargo::rustc-cfg=has_moto");
    }
    // Interpreters by full path: the tests run children with a minimal PATH.
    if let Some(path) = interpreter(
        "python3",
        &["-c", "import sys, boto3; print(sys.executable)"],
    ) {
        println!("cargo::rustc-cfg=has_boto3");
        println!("cargo:rustc-env=AWSSO_TEST_PYTHON={path}");
    }
    // botocore's `aws login` provider (1.41+) signs its DPoP proofs with the CRT extra.
    if let Some(path) = interpreter(
        "python3",
        &[
            "-c",
            "import sys, awscrt; from botocore.credentials import LoginProvider; print(sys.executable)",
        ],
    ) {
        println!("cargo::rustc-cfg=has_botocore_login");
        println!("cargo:rustc-env=AWSSO_TEST_PYTHON_LOGIN={path}");
    }
    let login = Path::new("../sdk/node/node_modules/@aws-sdk/credential-provider-login").is_dir();
    if let Some(path) = interpreter("node", &["-p", "process.execPath"]).filter(|_| login) {
        println!("cargo::rustc-cfg=has_node_login");
        println!("cargo:rustc-env=AWSSO_TEST_NODE_LOGIN={path}");
    }
    let sdk = Path::new("../sdk/node/node_modules/@aws-sdk/client-sts").is_dir();
    if let Some(path) = interpreter("node", &["-p", "process.execPath"]).filter(|_| sdk) {
        println!("cargo::rustc-cfg=has_node_sdk");
        println!("cargo:rustc-env=AWSSO_TEST_NODE={path}");
    }
}

fn on_path(program: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([
            PathBuf::from("/usr/bin"),
            "/opt/microsoft/powershell/7".into(),
        ])
        .any(|dir| dir.join(program).is_file())
}

/// The full path `program args` prints (an interpreter telling where it lives), if it runs.
fn interpreter(program: &str, args: &[&str]) -> Option<String> {
    Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
}
