#!/usr/bin/env bash
# awsso benchmarks (not timed tests): credential-process cache hit vs a floor program (and the
# prompt segment, `awsso prompt`, in the same runs), the cold
# path, 64 parallel cold calls, the cold path over https:// against http://, login over
# https://, discover at scale with adaptive pacing, and assignments (the admin APIs) at scale.
# Everything runs against the emulator on
# 127.0.0.1 in a throwaway HOME.
#
#   ./scripts/bench.sh            # all
#   ./scripts/bench.sh spine      # credential-process only (and `awsso prompt` next to it)
#   ./scripts/bench.sh login      # credential-process cache hit, aws login session vs SSO
#   ./scripts/bench.sh tls        # cold https:// vs http://, login and discover over https://
#   ./scripts/bench.sh discover   # discover at 20 and 5 req/s throttles
#   ./scripts/bench.sh assignments  # awsso assignments, 1000 accounts x 10 permission sets
#   ./scripts/bench.sh scale      # every config-reading command at 100,000 profiles
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (Debian packages)" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" >/dev/null; }
fi

cargo build --release --locked --quiet --workspace --bins
mkdir -p target/bench
rustc -O -C panic=abort -C strip=symbols -o target/bench/floor scripts/bench/floor.rs
exec python3 scripts/bench/bench.py "${1:-all}"
