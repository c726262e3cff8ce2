#!/usr/bin/env bash
# Type-check awsso for Windows and macOS on a Linux (Debian bookworm) machine, build the Windows
# executable, and run it under Wine.
#
#   scripts/xplat-check.sh [--targets T[,T...]] [--no-wine] [--smoke] [-h]
#
#     --targets LIST  comma- or space-separated; default: x86_64-pc-windows-msvc,
#                     x86_64-pc-windows-gnu,aarch64-apple-darwin,x86_64-apple-darwin
#     --no-wine       build awsso.exe but do not set up Wine or run it
#     --smoke         after building, run scripts/wine-smoke.sh (the real awsso.exe against the
#                     emulator under Wine)
#     -h, --help      this text
#
#   Environment:
#     AWSSO_XPLAT_DIR   cache folder (default ~/.cache/awsso-xplat): the cargo target dir, logs,
#                       stub C headers and the Wine prefix. Outside the clone, so re-runs are
#                       warm and the clone's target/ is never touched.
#     AWSSO_XPLAT_NICE  niceness of the builds (default 10)
#     AWSSO_XPLAT_NO_APT=1  never run apt-get (a missing tool is then a skip)
#
# What each target gets:
#   every target          cargo check --workspace --all-targets --locked, warnings are errors
#   x86_64-pc-windows-gnu also cargo build --bin awsso (debug): the only target that links here
#                         (mingw-w64 gcc is the linker), run under Wine unless --no-wine; the
#                         .exe is copied to $AWSSO_XPLAT_DIR/out/<hash of the clone's path>/
#   msvc and macOS        type-checked only: there is no MSVC link.exe and no Apple SDK/ld64
#
# Exit status: 0 all passed; 1 a check, the build or the smoke suite failed (error counts per
# target and file, and the first errors, are printed; full logs in $AWSSO_XPLAT_DIR/logs);
# 77 nothing failed but a step was skipped because a tool could not be installed (a line
# `skipped: <step>: <reason>` says which); 2 usage error.
#
# How it works (the reasons behind the moving parts):
# - rustup cannot download other targets' std here, and has no rust-src. Debian bookworm ships
#   `rustc-web`/`cargo-web` (rustc 1.96, sysroot /usr) and `rust-web-src`, std's source at
#   /usr/lib/rustlib/src/rust, which is exactly where cargo's `-Zbuild-std` looks. So std is
#   compiled from source for each foreign target; RUSTC_BOOTSTRAP=1 unlocks `-Z` on that stable
#   cargo. /usr/bin/cargo is called by its full path because rustup's ~/.cargo/bin comes first
#   on PATH and its toolchain has no std source.
# - ring's build script compiles C even for `cargo check`, so each target needs a C compiler:
#     windows-gnu  Debian's mingw-w64 gcc.
#     windows-msvc clang-cl + llvm-lib, without a Windows SDK: ring's RING_CORE_NOSTDLIBINC
#                  mode (no libc headers) plus a stub <stdlib.h> declaring only the
#                  _byteswap_* intrinsics ring's MSVC branch wants from it (clang-cl does not
#                  define __GNUC__, so ring takes that branch).
#     *-apple-darwin clang --target=..., without an Apple SDK: -nostdlibinc -ffreestanding
#                  (clang's <immintrin.h> pulls <stdlib.h> only when hosted), RING_CORE_NOSTDLIBINC
#                  and a stub <TargetConditionals.h>.
#   Those objects are only good for a type-check, which is all they are used for.
# - Warnings are errors, but not via RUSTFLAGS=-Dwarnings: RUSTFLAGS also reaches the std
#   built by -Zbuild-std (whose own warnings are not ours to fix) and every dependency. Instead
#   the short-format output is scanned: a `file:line:col: warning` outside the sysroot and the
#   registry is counted like an error. Cargo replays a fresh crate's warnings, so warm runs
#   report them too.
# - The target dir is shared by all targets (std is built once per target and kept).
#   First run on 2 cores: roughly 10-15 min for the first Windows target (std and the AWS SDK
#   from scratch), a few minutes for each further target; a warm re-run takes well under a
#   minute per target.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
XPLAT=${AWSSO_XPLAT_DIR:-${HOME:-/root}/.cache/awsso-xplat}
NICE=${AWSSO_XPLAT_NICE:-10}
ALL_TARGETS=(x86_64-pc-windows-msvc x86_64-pc-windows-gnu aarch64-apple-darwin x86_64-apple-darwin)
TARGETS=()
WINE=1
SMOKE=0
EXIT_SKIP=77

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --targets) [ $# -ge 2 ] || { echo "--targets needs a list" >&2; exit 2; }
               read -r -a more <<<"${2//,/ }"; TARGETS+=("${more[@]}"); shift 2 ;;
    --targets=*) v=${1#*=}; read -r -a more <<<"${v//,/ }"; TARGETS+=("${more[@]}"); shift ;;
    --no-wine) WINE=0; shift ;;
    --smoke) SMOKE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")
for t in "${TARGETS[@]}"; do
  case " ${ALL_TARGETS[*]} " in *" $t "*) ;; *) echo "unsupported target: $t" >&2; exit 2 ;; esac
done
has_target() { case " ${TARGETS[*]} " in *" $1 "*) return 0 ;; esac; return 1; }
if [ "$SMOKE" = 1 ] && { [ "$WINE" = 0 ] || ! has_target x86_64-pc-windows-gnu; }; then
  echo "--smoke needs Wine and the x86_64-pc-windows-gnu target" >&2; exit 2
fi

mkdir -p "$XPLAT/logs"
SKIPPED=()
FAILED=()
skip() { echo "skipped: $1: $2"; SKIPPED+=("$1"); }
fail() { echo "FAILED: $1${2:+: $2}"; FAILED+=("$1"); }
now() { date +%s; }
took() { echo "($(( $(now) - $1 ))s)"; }

# --- 1. packages, only what is missing -----------------------------------------------------
installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }
APT_UPDATED=0
# ensure STEP PACKAGE...: installs the missing packages; returns 1 (after printing the reason)
# when they cannot be installed.
ensure() {
  local step=$1; shift
  local need=() p
  for p in "$@"; do installed "$p" || need+=("$p"); done
  [ ${#need[@]} -gt 0 ] || return 0
  if [ "${AWSSO_XPLAT_NO_APT:-0}" = 1 ]; then
    skip "$step" "${need[*]} not installed (AWSSO_XPLAT_NO_APT=1)"; return 1
  fi
  if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
    skip "$step" "${need[*]} not installed, and apt-get needs root"; return 1
  fi
  echo "== apt-get install ${need[*]}"
  if [ "$APT_UPDATED" = 0 ]; then
    timeout 300 apt-get update -qq >"$XPLAT/logs/apt.log" 2>&1 || true
    APT_UPDATED=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends \
      "${need[@]}" >>"$XPLAT/logs/apt.log" 2>&1; then
    skip "$step" "apt-get install ${need[*]} failed (see $XPLAT/logs/apt.log)"; return 1
  fi
}

if ! ensure toolchain rustc-web cargo-web rust-web-src; then
  exit $EXIT_SKIP
fi
C_OK=()
for t in "${TARGETS[@]}"; do
  case $t in
    *-windows-gnu) pkgs=(gcc-mingw-w64-x86-64) ;;
    *) pkgs=(clang-22 llvm-22) ;;
  esac
  if ensure "check $t" "${pkgs[@]}"; then C_OK+=("$t"); fi
done
if [ "$WINE" = 1 ] && has_target x86_64-pc-windows-gnu; then
  ensure wine wine64 gcc-mingw-w64-x86-64 || WINE=0
fi

# --- 2. Debian's toolchain, never rustup's ---------------------------------------------------
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
CARGO=/usr/bin/cargo
unset RUSTUP_TOOLCHAIN RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_TARGET \
  CARGO_BUILD_TARGET_DIR || true
SYSROOT=$($RUSTC --print sysroot)
if [ ! -f "$SYSROOT/lib/rustlib/src/rust/library/Cargo.lock" ]; then
  skip toolchain "std source not found under $SYSROOT/lib/rustlib/src/rust/library"
  exit $EXIT_SKIP
fi
echo "== $($RUSTC --version), std from source at $(readlink -f "$SYSROOT/lib/rustlib/src/rust")"
echo "== cache: $XPLAT"

# --- 3. C compilers and stub headers for ring's build script ----------------------------------
STUB="$XPLAT/stub-include"
mkdir -p "$STUB/msvc"
# Written only when different, so their mtimes (and ring's build-script fingerprint) stay put.
write_if_changed() { local f=$1 c; c=$(cat); [ -f "$f" ] && [ "$(cat "$f")" = "$c" ] || printf '%s\n' "$c" >"$f"; }
write_if_changed "$STUB/TargetConditionals.h" <<'EOF'
/* Stand-in for the Apple SDK header, for type-checking only (awsso scripts/xplat-check.sh).
 * clang already predefines TARGET_OS_* for Darwin targets; this fills in where it does not. */
#ifndef TARGET_OS_MAC
#define TARGET_OS_MAC 1
#endif
#ifndef TARGET_OS_OSX
#define TARGET_OS_OSX 1
#endif
#ifndef TARGET_OS_IPHONE
#define TARGET_OS_IPHONE 0
#endif
EOF
write_if_changed "$STUB/msvc/stdlib.h" <<'EOF'
/* Stand-in for the Windows SDK header, for type-checking only (awsso scripts/xplat-check.sh):
 * ring's MSVC branch includes it only for these intrinsics. */
#pragma once
unsigned short __cdecl _byteswap_ushort(unsigned short);
unsigned long __cdecl _byteswap_ulong(unsigned long);
unsigned __int64 __cdecl _byteswap_uint64(unsigned __int64);
EOF
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_msvc=clang-cl-22 AR_x86_64_pc_windows_msvc=llvm-lib-22
export CFLAGS_x86_64_pc_windows_msvc="-DRING_CORE_NOSTDLIBINC=1 -I$STUB/msvc"
for t in aarch64_apple_darwin x86_64_apple_darwin; do
  export "CC_$t=clang-22" "AR_$t=llvm-ar-22"
  export "CFLAGS_$t=-nostdlibinc -ffreestanding -DRING_CORE_NOSTDLIBINC=1 -I$STUB"
done
export CARGO_TARGET_DIR="$XPLAT/target"

xcargo() { nice -n "$NICE" "$CARGO" "$@" -Zbuild-std=std,panic_abort --message-format=short; }

# Summarises a short-format log: errors, and warnings from our own code (not std's, not a
# registry crate's), per file, plus the first few.
ERR_RE='^[^ ]+:[0-9]+:[0-9]+: error|^error(\[E[0-9]+\])?: '
NOT_ERR_RE='^error: (could not compile|aborting due to|build failed)'
WARN_RE='^[^ ]+:[0-9]+:[0-9]+: warning'
FOREIGN_RE="^($SYSROOT/lib/rustlib/|/usr/src/rustc|[^ ]*/\.cargo/registry/|[^ ]*/\.cargo/git/)"
# (Distinct lines: a file compiled for the lib and for its tests reports an error once.)
diagnostics() { grep -E "$1" "$2" | grep -Ev "$NOT_ERR_RE" | grep -Ev "$FOREIGN_RE" | awk '!seen[$0]++' || true; }
by_file() {
  { grep . || true; } | sed -E 's/^([^ ]+):[0-9]+:[0-9]+: (error|warning).*/\1 \2/; t; s/^(error|warning).*/(no file) \1/' \
    | sort | uniq -c | sort -rn
}
summarise() {
  local log=$1 errs warns
  errs=$(diagnostics "$ERR_RE" "$log")
  warns=$(diagnostics "$WARN_RE" "$log")
  N_ERR=$(printf '%s' "$errs" | grep -c . || true)
  N_WARN=$(printf '%s' "$warns" | grep -c . || true)
  if [ "$N_ERR" -gt 0 ] || [ "$N_WARN" -gt 0 ]; then
    echo "   $N_ERR error(s), $N_WARN warning(s) by file:"
    { printf '%s\n' "$errs" | by_file; printf '%s\n' "$warns" | by_file; } >"$log.by-file"
    head -n 15 "$log.by-file" | sed 's/^/     /'
    local files
    files=$(wc -l <"$log.by-file")
    [ "$files" -le 15 ] || echo "     ... $((files - 15)) more in $log.by-file"
    echo "   first ones:"
    printf '%s\n%s\n' "$errs" "$warns" | grep . | sed -n 1,12p | cut -c1-240 | sed 's/^/     /'
  fi
}

# --- 4. type-check each target -------------------------------------------------------------
cd "$ROOT"
SUMMARY=()
for t in "${TARGETS[@]}"; do
  case " ${C_OK[*]} " in *" $t "*) ;; *) SUMMARY+=("$t: check skipped (no C compiler)"); continue ;; esac
  log="$XPLAT/logs/check-$t.log"
  echo "== cargo check --workspace --all-targets --locked --target $t"
  start=$(now)
  set +e
  xcargo check --workspace --all-targets --locked --keep-going --target "$t" >"$log" 2>&1
  rc=$?
  set -e
  summarise "$log"
  if [ $rc -eq 0 ] && [ "$N_ERR" = 0 ] && [ "$N_WARN" = 0 ]; then
    SUMMARY+=("$t: check OK $(took "$start")")
  else
    fail "check $t" "rc=$rc, $N_ERR error(s), $N_WARN warning(s) (log: $log)"
    if [ $rc -ne 0 ] && [ "$N_ERR" = 0 ]; then tail -n 15 "$log" | sed 's/^/     /'; fi
    SUMMARY+=("$t: check FAILED: $N_ERR error(s), $N_WARN warning(s) $(took "$start")")
  fi
done

# --- 5. build awsso.exe (x86_64-pc-windows-gnu) ----------------------------------------------
# The target dir is shared (by every clone on this machine that runs this script, and by anyone
# who points CARGO_TARGET_DIR at it), so target/x86_64-pc-windows-gnu/debug/awsso.exe can be
# replaced by another build at any moment. --artifact-dir makes cargo copy the finished .exe,
# while it still holds the build lock, to a folder of this clone's own.
OUT="$XPLAT/out/$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
EXE="$OUT/awsso.exe"
EXE_OK=0
if has_target x86_64-pc-windows-gnu && case " ${C_OK[*]} " in *" x86_64-pc-windows-gnu "*) true ;; *) false ;; esac; then
  log="$XPLAT/logs/build-x86_64-pc-windows-gnu.log"
  echo "== cargo build --workspace --bin awsso --locked --target x86_64-pc-windows-gnu"
  start=$(now)
  rm -rf "$OUT"
  set +e
  # --workspace --bin: whichever member owns the `awsso` binary (the root package today,
  # `awsso-cli` after the split).
  xcargo build --workspace --bin awsso --locked --target x86_64-pc-windows-gnu \
    -Zunstable-options --artifact-dir "$OUT" >"$log" 2>&1
  rc=$?
  set -e
  if [ $rc -eq 0 ] && [ -f "$EXE" ]; then
    EXE_OK=1
    SUMMARY+=("x86_64-pc-windows-gnu: awsso.exe built $(took "$start") -> $EXE")
  else
    summarise "$log"
    fail "build awsso.exe" "rc=$rc (log: $log)"
    SUMMARY+=("x86_64-pc-windows-gnu: awsso.exe NOT built $(took "$start")")
  fi
fi

# --- 6. Wine: the prefix (with the ProcessPrng stand-in), then awsso.exe --version ------------
# selftest: a minimal Rust .exe that needs ProcessPrng (a HashMap's random keys). Built and run
# only when awsso.exe is missing or does not start, to tell "the Wine setup is broken" from
# "awsso is broken". Same dev profile as the project's, so the std built for it is shared.
selftest() {
  local st="$XPLAT/selftest" log="$XPLAT/logs/selftest.log" out start
  start=$(now)
  mkdir -p "$st/src"
  write_if_changed "$st/Cargo.toml" <<'EOF'
[package]
name = "xplat-selftest"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[profile.dev.package."*"]
opt-level = 1
debug = false
EOF
  write_if_changed "$st/src/main.rs" <<'EOF'
fn main() {
    let mut m = std::collections::HashMap::new();
    m.insert("wine", 1);
    println!("selftest ok {}", m.len());
}
EOF
  if (cd "$st" && xcargo build --target x86_64-pc-windows-gnu -Zunstable-options --artifact-dir "$st/out") >"$log" 2>&1 \
     && out=$(timeout 120 "$ROOT/scripts/wine-smoke.sh" --run "$st/out/xplat-selftest.exe" 2>>"$log") \
     && [ "$(printf '%s' "$out" | tr -d '\r')" = "selftest ok 1" ]; then
    SUMMARY+=("wine: a minimal Rust .exe runs, so the Wine setup works $(took "$start")")
  else
    fail "wine self-test" "a minimal Rust .exe did not run (log: $log)"
  fi
}
if [ "$WINE" = 1 ] && has_target x86_64-pc-windows-gnu; then
  export WINEPREFIX="$XPLAT/wineprefix"
  start=$(now)
  # The prefix and its stand-in bcryptprimitives.dll are made by the smoke suite's --prepare
  # (see the comment there: Wine 8.0 lacks ProcessPrng, which every Rust >= 1.78 .exe imports).
  if "$ROOT/scripts/wine-smoke.sh" --prepare; then
    SUMMARY+=("wine: prefix ready $(took "$start") -> $WINEPREFIX")
    if [ "$EXE_OK" = 1 ]; then
      if v=$(timeout 120 "$ROOT/scripts/wine-smoke.sh" --run "$EXE" --version 2>&1); then
        SUMMARY+=("wine: awsso.exe --version: $(printf '%s' "$v" | tr -d '\r' | sed -n 1p)")
      else
        fail "awsso.exe under Wine" "awsso.exe --version failed: $(printf '%s' "$v" | tail -n 3)"
        selftest
      fi
    else
      selftest
    fi
  else
    rc=$?
    if [ $rc -eq $EXIT_SKIP ]; then skip wine "the prefix could not be set up"
    else fail "wine prefix" "scripts/wine-smoke.sh --prepare exited $rc"; fi
  fi
fi

# --- 7. the smoke suite --------------------------------------------------------------------
if [ "$SMOKE" = 1 ]; then
  if [ "$EXE_OK" = 1 ] && [ "$WINE" = 1 ]; then
    start=$(now)
    # The emulator is a Linux binary, built by the project's usual cargo (not this script's
    # toolchain or target dir).
    set +e
    (unset CARGO_TARGET_DIR RUSTC RUSTDOC RUSTC_BOOTSTRAP; "$ROOT/scripts/wine-smoke.sh" "$EXE")
    rc=$?
    set -e
    case $rc in
      0) SUMMARY+=("wine smoke suite: passed $(took "$start")") ;;
      "$EXIT_SKIP") skip "smoke" "the smoke suite was skipped (see above)" ;;
      *) fail "wine smoke suite" "exit $rc"; SUMMARY+=("wine smoke suite: FAILED $(took "$start")") ;;
    esac
  else
    echo "smoke suite not run: no awsso.exe or no Wine"
    [ "$WINE" = 1 ] || skip smoke "Wine is not available"
  fi
fi

echo "== summary"
printf '  %s\n' "${SUMMARY[@]}"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "FAILED: ${FAILED[*]}"
  exit 1
fi
if [ ${#SKIPPED[@]} -gt 0 ]; then
  echo "skipped: ${SKIPPED[*]}"
  exit $EXIT_SKIP
fi
echo "OK"
