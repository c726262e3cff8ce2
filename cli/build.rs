//! Build script: link the `awsso` executable without PIE on Linux. It runs no program.
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
    if std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux") {
        println!("cargo:rustc-link-arg-bin=awsso=-no-pie");
    }
}
