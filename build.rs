//! Build script: link the `awsso` executable without PIE on Linux.
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

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=tests/sdk/node/node_modules");
    println!("cargo::rustc-check-cfg=cfg(awsso_no_boto3)");
    println!("cargo::rustc-check-cfg=cfg(awsso_no_node_sdk)");
    // The interpreter that has boto3, by full path: the tests run children with a minimal PATH.
    let python = std::process::Command::new("python3")
        .args(["-c", "import sys, boto3; print(sys.executable)"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty());
    match python {
        Some(path) => println!("cargo:rustc-env=AWSSO_TEST_PYTHON={path}"),
        None => println!("cargo:rustc-cfg=awsso_no_boto3"),
    }
    let node = std::process::Command::new("node")
        .args(["-p", "process.execPath"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty());
    let sdk = std::path::Path::new("tests/sdk/node/node_modules/@aws-sdk/client-sts").is_dir();
    match node {
        Some(path) if sdk => println!("cargo:rustc-env=AWSSO_TEST_NODE={path}"),
        _ => println!("cargo:rustc-cfg=awsso_no_node_sdk"),
    }
    if std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux") {
        println!("cargo:rustc-link-arg-bin=awsso=-no-pie");
    }
}
