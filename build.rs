//! Build script: link the `awsso` executable without PIE on Linux; detect moto for a test.
//!
//! Why: `credential-process` is spawned for every AWS call, and a PIE image makes the dynamic
//! loader apply ~11,800 relative relocations at every start, dirtying ~40 pages of
//! `.data.rel.ro` (mostly the AWS SDK's static tables). Measured on the 2-core dev machine
//! (`scripts/bench/bench.py`, interleaved spawns, cache hit): PIE 1.23 ms vs non-PIE 1.06 ms
//! against a 0.75 ms floor. The cost: the executable image itself is not address-randomised
//! (libraries, heap, stack and mmaps still are). Only the binary's final link changes.
#![allow(clippy::disallowed_methods)] // build scripts read cargo's variables from the environment

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // The `awsso assignments` test against a real moto server runs when `moto_server` is on
    // PATH (`.ci/run` installs it), and is visibly ignored otherwise.
    println!("cargo:rustc-check-cfg=cfg(awsso_moto)");
    println!("cargo:rerun-if-env-changed=PATH");
    let moto = std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| dir.join("moto_server").is_file())
    });
    if moto {
        println!("cargo:rustc-cfg=awsso_moto");
    }
    if std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux") {
        println!("cargo:rustc-link-arg-bin=awsso=-no-pie");
    }
}
