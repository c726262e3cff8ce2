#!/bin/sh
# Runs every cargo-fuzz target for SECONDS each (default 60), one after another, and prints
# the executions and findings of each. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). `-s none` builds without the
# sanitizer flags that need a nightly compiler, so this works on stable. Corpora start from the
# test vectors (tests/vectors) and fuzz/seeds; new inputs accumulate in fuzz/corpus/<target>.
# A crash is saved in fuzz/artifacts/<target>/: turn it into a regular test (see fuzz/README.md).
set -eu
seconds=${1:-60}
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/fuzz"
targets=${*:-$(cargo fuzz list)}

seed() { # seed TARGET FILES...
    dir="corpus/$1"
    shift
    mkdir -p "$dir"
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$dir/seed-$(cksum <"$f" | cut -d' ' -f1)"
    done
    if [ -d "seeds/$(basename "$dir")" ]; then
        cp seeds/"$(basename "$dir")"/* "$dir"/
    fi
}
vectors="$root/tests/vectors"
seed ini_roundtrip "$vectors"/ini/*.ini "$vectors"/write_default/*/in/* "$vectors"/discover/*/in/*
seed ini_edit "$vectors"/ini/*.in.ini "$vectors"/write_default/*/in/*
seed profile_normalize "$vectors"/profile/*.config "$vectors"/profile/*.credentials
for t in token_cache role_cache args callback exports; do seed "$t"; done

cargo fuzz build -s none >/dev/null
status=0
for t in $targets; do
    log="corpus/$t.log"
    if cargo fuzz run -s none "$t" -- -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -print_final_stats=1 >"$log" 2>&1; then
        result="no crash"
    else
        result="CRASH (see fuzz/artifacts/$t/ and fuzz/$log)"
        status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    printf '%-18s %12s execs in %ss  %s\n' "$t" "${execs:-?}" "$seconds" "$result"
done
exit $status
