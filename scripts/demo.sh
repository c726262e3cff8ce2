#!/usr/bin/env bash
# The whole awsso flow on the bundled Identity Center emulator, in a throwaway HOME.
# No AWS account, no network: everything talks to 127.0.0.1.
#
#   ./scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

say "Building awsso and the emulator (debug; the first build compiles the AWS SDK and takes a few minutes)"
cargo build --locked --workspace --bins
bin=$PWD/target/debug

demo_home=$(mktemp -d)
emu_out=$demo_home/emulator.url
cleanup() {
  [ -n "${emu_pid:-}" ] && kill "$emu_pid" 2>/dev/null || true
  rm -rf "$demo_home"
}
trap cleanup EXIT

say "Starting the emulator (3 accounts x 2 roles) on 127.0.0.1"
"$bin/awsso-emulator" serve --accounts 3 --roles 2 >"$emu_out" &
emu_pid=$!
for _ in $(seq 100); do [ -s "$emu_out" ] && break; sleep 0.05; done
url=$(head -n1 "$emu_out")
echo "emulator: $url" >&2

# A clean environment: the throwaway HOME, the emulator as both SSO endpoints, and the
# emulator's fake browser as $BROWSER (it follows the login redirect like a real browser).
run() {
  env -i PATH="$PATH" HOME="$demo_home" \
    AWS_ENDPOINT_URL_SSO="$url" AWS_ENDPOINT_URL_SSO_OIDC="$url" \
    BROWSER="$bin/awsso-emulator browse" "$@"
}

say "awsso configure   (writes [sso-session] and a profile, logs in through the fake browser)"
run "$bin/awsso" configure --start-url https://demo.awsapps.com/start --sso-region us-east-1 \
  --session-name demo-sso --profile demo --account-id 100000000000 --role-name Role0 --region eu-west-1

say "The config file it wrote ($demo_home/.aws/config)"
cat "$demo_home/.aws/config" >&2

say "The token cache, shared with the AWS CLI (secrets elided)"
ls -l "$demo_home/.aws/sso/cache" >&2
for f in "$demo_home"/.aws/sso/cache/*.json; do
  grep -q '"accessToken"' "$f" && sed -E 's/("(accessToken|clientSecret|refreshToken)": ")[^"]*/\1…/' "$f" >&2
done

say "awsso credential-process --profile demo   (cold: one GetRoleCredentials)"
run "$bin/awsso" -v credential-process --profile demo

say "Again (warm: served from the 0600 role cache, no network)"
run "$bin/awsso" -v credential-process --profile demo

say "awsso list --profile demo   (every account and role, streamed)"
run "$bin/awsso" list --profile demo

say "awsso discover --profile demo --dry-run   (the credential_process profiles it would write)"
run "$bin/awsso" discover --profile demo --dry-run

say "awsso status"
run "$bin/awsso" status || true

say "Emulator call counters"
"$bin/awsso-emulator" browse "$url/_emulator/calls" >&2
echo >&2
say "Done. The throwaway HOME is removed on exit."
