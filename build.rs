//! Build script: link the `awsso` executable without PIE on Linux; probe for test shells and
//! for moto.
//!
//! Why: `credential-process` is spawned for every AWS call, and a PIE image makes the dynamic
//! loader apply ~11,800 relative relocations at every start, dirtying ~40 pages of
//! `.data.rel.ro` (mostly the AWS SDK's static tables). Measured on the 2-core dev machine
//! (`scripts/bench/bench.py`, interleaved spawns, cache hit): PIE 1.23 ms vs non-PIE 1.06 ms
//! against a 0.75 ms floor. The cost: the executable image itself is not address-randomised
//! (libraries, heap, stack and mmaps still are). Only the binary's final link changes.
//!
//! It also tells the integration tests which SDKs are installed for the `exec --server` tests
//! (boto3 for python3; the JavaScript SDK in tests/sdk/node, installed by `.ci/run`), so a
//! missing one shows as an ignored test with its reason instead of a silent pass. Nothing
//! about the product depends on it.
#![allow(clippy::disallowed_methods)] // build scripts read cargo's variables from the environment

/// Shells the integration tests feed awsso's output through: `cfg(has_NAME)` when found on
/// PATH at build time, so a test needing a missing one is compiled as `#[ignore = "NAME not
/// installed"]` and shows up as ignored in the test summary instead of passing silently.
/// Rebuilt when PATH changes; after installing a shell, `touch build.rs` to pick it up.
const PROBED: &[(&str, &str)] = &[
    ("fish", "has_fish"),
    ("zsh", "has_zsh"),
    ("pwsh", "has_pwsh"),
];

fn on_path(program: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([
            std::path::PathBuf::from("/usr/bin"),
            "/opt/microsoft/powershell/7".into(),
        ])
        .any(|dir| dir.join(program).is_file())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PATH");
    for (program, cfg) in PROBED {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if on_path(program) {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
    println!("cargo:rerun-if-changed=tests/sdk/node/node_modules");
    println!("cargo::rustc-check-cfg=cfg(has_boto3)");
    println!("cargo::rustc-check-cfg=cfg(has_node_sdk)");
    // The interpreter that has boto3, by full path: the tests run children with a minimal PATH.
    let python = interpreter(
        "python3",
        &["-c", "import sys, boto3; print(sys.executable)"],
    );
    if let Some(path) = python {
        println!("cargo::rustc-cfg=has_boto3");
        println!("cargo:rustc-env=AWSSO_TEST_PYTHON={path}");
    }
    let node = interpreter("node", &["-p", "process.execPath"]);
    let sdk = std::path::Path::new("tests/sdk/node/node_modules/@aws-sdk/client-sts").is_dir();
    if let Some(path) = node.filter(|_| sdk) {
        println!("cargo::rustc-cfg=has_node_sdk");
        println!("cargo:rustc-env=AWSSO_TEST_NODE={path}");
    }
    // The `awsso assignments` test against a real moto server runs when `moto_server` is on
    // PATH (`.ci/run` installs it), and is visibly ignored otherwise.
    println!("cargo::rustc-check-cfg=cfg(awsso_moto)");
    if on_path("moto_server") {
        println!("cargo::rustc-cfg=awsso_moto");
    }
    if std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux") {
        println!("cargo:rustc-link-arg-bin=awsso=-no-pie");
    }
}

/// The full path `program args` prints (an interpreter telling where it lives), if it runs.
fn interpreter(program: &str, args: &[&str]) -> Option<String> {
    std::process::Command::new(program)
        .args(args)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
}
