#!/usr/bin/env bash
# Smoke-test the real Windows awsso.exe under Wine against the Identity Center emulator.
#
#   scripts/wine-smoke.sh [--emulator PATH] AWSSO_EXE   run the suite
#   scripts/wine-smoke.sh --native [--emulator PATH] AWSSO_BIN
#                                                       the same checks on a Linux awsso
#                                                       (tests this suite itself)
#   scripts/wine-smoke.sh --prepare                     only set up the Wine prefix
#   scripts/wine-smoke.sh --run EXE [ARGS...]           run any .exe in the prefix
#
# AWSSO_EXE is an x86_64-pc-windows-gnu build (scripts/xplat-check.sh builds one). The emulator
# is the Linux `awsso-emulator` binary (--emulator PATH or $AWSSO_EMULATOR; by default it is
# built with `cargo build -p awsso-emulator` in this clone, as scripts/demo.sh does) serving on
# 127.0.0.1; awsso.exe reaches it through Wine's sockets.
#
# Each check prints `PASS name`, `FAIL name: why` or `PENDING name: why` (a feature the Windows
# port has not added yet: reported, not failed). Exit status: 0 no FAIL; 1 a FAIL; 2 usage;
# 77 skipped (Wine, mingw-w64 or python3 missing: `skipped: ...` says which).
#
# The scenario, in a fresh temporary folder T (seen from Windows as Z:\...\T):
#   USERPROFILE=T\home, AWS_CONFIG_FILE=T\home\.aws\config (with comments),
#   AWS_SHARED_CREDENTIALS_FILE=T\home\.aws\credentials (CRLF, with comments),
#   AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC = the emulator, nothing else of the
#   caller's environment. Then: login --use-device-code (the emulator approves device codes by
#   itself); credential-process twice (cold, then a cache hit: same JSON fields and no second
#   GetRoleCredentials); env --format powershell and cmd; exec (the exit code and the
#   credentials pass through to `cmd /c`); write-default (the file is the old one with exactly
#   the four values replaced: every other byte kept, CRLF included); discover (every old line
#   kept in order, only new profiles added; a second run changes nothing; a written
#   credential_process line runs the way the AWS SDK for Rust runs it, `cmd.exe /C "LINE"`);
#   logout (revoked, token and role cache deleted; credential-process then exits 3); an `aws
#   login` session profile (login_session) whose cache file in %USERPROFILE%\.aws\login\cache
#   expires within a minute: credential-process refreshes it once (a DPoP-signed token call
#   the emulator verifies), then serves it from the file; and nothing was written to Wine's own profile folder instead of %USERPROFILE%.
#
# Environment: WINEPREFIX (default ${AWSSO_XPLAT_DIR:-~/.cache/awsso-xplat}/wineprefix),
# AWSSO_EMULATOR, AWSSO_SMOKE_KEEP=1 (keep the temporary folder to look at afterwards).
#
# Wine is not Windows: ACLs, file locking, sharing violations and console signals differ. This
# proves the binary starts, talks to the network, finds and edits the files where AWS tools
# expect them and runs children; platform rules belong in unit tests.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
XPLAT=${AWSSO_XPLAT_DIR:-${HOME:-/root}/.cache/awsso-xplat}
export WINEPREFIX=${WINEPREFIX:-$XPLAT/wineprefix}
export WINEDEBUG=${WINEDEBUG:--all}
EXIT_SKIP=77
# Debian's wine64 package has no /usr/bin entry (that comes with the `wine` wrapper package).
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver64)
HELPERS="$WINEPREFIX/drive_c/awsso-smoke"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
skip() { echo "skipped: $1: $2"; exit $EXIT_SKIP; }

# --- the Wine prefix ------------------------------------------------------------------------
# One prefix, reused (making one takes ~15 s), locked while in use. It holds:
# - system32\bcryptprimitives.dll, a stand-in. Rust >= 1.78's std imports `ProcessPrng` from
#   bcryptprimitives.dll (its randomness, e.g. for HashMap keys), and Debian bookworm's Wine 8.0
#   has no such DLL, so *every* Rust .exe fails to load, exit status 53, before main runs. The
#   stand-in exports ProcessPrng on top of RtlGenRandom (advapi32's SystemFunction036, which
#   Wine implements with the host's random source). Built with mingw-w64, for running test
#   builds under Wine only; nothing ships it. (Wine >= 9 has the real DLL.)
# - awsso-smoke\with-env.exe, a launcher that sets Windows environment variables, runs the rest
#   of its command line and returns its exit code. Needed because Wine sets USERPROFILE (and
#   APPDATA, HOMEPATH, ...) from the prefix's registry for every process, ignoring the Unix
#   environment, and does not pass the Unix HOME through: USERPROFILE can only be pointed at
#   the test's home from inside Windows.
# - awsso-smoke\prng-check.exe, which proves the stand-in works (run when it is rebuilt).
prepare() {
  [ -x "$WINE" ] || skip wine "wine64 is not installed (scripts/xplat-check.sh installs it)"
  command -v x86_64-w64-mingw32-gcc >/dev/null \
    || skip wine "x86_64-w64-mingw32-gcc is not installed (package gcc-mingw-w64-x86-64)"
  mkdir -p "$(dirname "$WINEPREFIX")"
  exec 8>"$WINEPREFIX.lock"
  flock -w 900 8 || { echo "another run holds $WINEPREFIX.lock" >&2; exit 1; }
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    local start=$SECONDS
    echo "== creating the Wine prefix $WINEPREFIX" >&2
    # No Mono or Gecko (their install prompts), no display.
    env -u DISPLAY -u WAYLAND_DISPLAY WINEDLLOVERRIDES="mscoree,mshtml=" \
      timeout 300 "$WINE" wineboot --init >/dev/null 2>&1 8>&- || true
    timeout 120 "$WINESERVER" -w 8>&- || true
    [ -f "$WINEPREFIX/system.reg" ] || { echo "wineboot did not create $WINEPREFIX" >&2; exit 1; }
    echo "== prefix created in $((SECONDS - start))s" >&2
  fi
  mkdir -p "$HELPERS"
  printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\nProcessPrng\n' >"$HELPERS/bcryptprimitives.def"
  build_helper bcryptprimitives.c "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    -shared "$HELPERS/bcryptprimitives.def" -ladvapi32 <<'EOF'
/* Stand-in bcryptprimitives.dll for Wine 8.0, which lacks it: Rust's std (>= 1.78) imports
 * ProcessPrng from it. For running test builds under Wine only (awsso scripts/wine-smoke.sh). */
#include <windows.h>
#include <ntsecapi.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!RtlGenRandom(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
EOF
  build_helper with-env.c "$HELPERS/with-env.exe" <<'EOF'
/* with-env.exe: set the variables listed in WINE_SMOKE_SET ("NAME=value" lines; an empty value
 * removes the variable), then run the rest of this command line as it is (or
 * WINE_SMOKE_CMDLINE) and exit with its exit code. Wine ignores the Unix USERPROFILE, so
 * awsso's smoke test sets it from inside Windows. */
#include <windows.h>
#include <wchar.h>
int main(void) {
  static WCHAR set[32768];
  DWORD n = GetEnvironmentVariableW(L"WINE_SMOKE_SET", set, 32768);
  if (n > 0 && n < 32768) {
    WCHAR *line = set;
    while (line && *line) {
      WCHAR *next = wcschr(line, L'\n');
      if (next) *next++ = 0;
      WCHAR *eq = wcschr(line, L'=');
      if (eq && eq != line) { *eq = 0; SetEnvironmentVariableW(line, eq[1] ? eq + 1 : NULL); }
      line = next;
    }
  }
  SetEnvironmentVariableW(L"WINE_SMOKE_SET", NULL);
  /* The command line: WINE_SMOKE_CMDLINE exactly as given (for command lines that Wine's
   * quoting of Unix arguments cannot express), else the rest of this one. */
  static WCHAR raw[32768];
  WCHAR *cmd = GetCommandLineW();
  n = GetEnvironmentVariableW(L"WINE_SMOKE_CMDLINE", raw, 32768);
  if (n > 0 && n < 32768) {
    cmd = raw;
  } else {
    if (*cmd == L'"') { cmd++; while (*cmd && *cmd != L'"') cmd++; if (*cmd) cmd++; }
    else { while (*cmd && *cmd != L' ' && *cmd != L'\t') cmd++; }
    while (*cmd == L' ' || *cmd == L'\t') cmd++;
  }
  SetEnvironmentVariableW(L"WINE_SMOKE_CMDLINE", NULL);
  STARTUPINFOW si = { sizeof si };
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
  si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION pi;
  if (!CreateProcessW(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) return 126;
  WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD code = 1;
  GetExitCodeProcess(pi.hProcess, &code);
  return (int)code;
}
EOF
  build_helper prng-check.c "$HELPERS/prng-check.exe" <<'EOF'
/* Checks that the prefix's bcryptprimitives.dll provides a working ProcessPrng. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
typedef BOOL (WINAPI *prng_fn)(PBYTE, SIZE_T);
int main(void) {
  HMODULE dll = LoadLibraryA("bcryptprimitives.dll");
  prng_fn prng = dll ? (prng_fn)(void *)GetProcAddress(dll, "ProcessPrng") : NULL;
  unsigned char a[32] = {0}, b[32] = {0};
  if (!prng || !prng(a, sizeof a) || !prng(b, sizeof b) || memcmp(a, b, sizeof a) == 0) {
    puts("ProcessPrng missing or broken");
    return 1;
  }
  puts("ProcessPrng ok");
  return 0;
}
EOF
  if [ "$HELPERS_CHANGED" = 1 ]; then
    local out
    out=$(timeout 60 "$WINE" "$HELPERS/prng-check.exe" </dev/null 2>&1 8>&- | tr -d '\r') || true
    if [ "$out" != "ProcessPrng ok" ]; then
      rm -f "$HELPERS"/*.c   # so the next run rebuilds and re-checks
      echo "the Wine prefix's ProcessPrng stand-in does not work: $out" >&2
      exit 1
    fi
  fi
}

# build_helper NAME.c OUTPUT [GCC ARGS...] < SOURCE: (re)builds OUTPUT when the source changed.
HELPERS_CHANGED=0
build_helper() {
  local src="$HELPERS/$1" out=$2 new
  shift 2
  new=$(cat)
  if [ -f "$out" ] && [ -f "$src" ] && [ "$(cat "$src")" = "$new" ]; then return 0; fi
  printf '%s\n' "$new" >"$src"
  x86_64-w64-mingw32-gcc -O2 -o "$out" "$src" "$@"
  HELPERS_CHANGED=1
}

NATIVE=0
EMU=${AWSSO_EMULATOR:-}
case ${1:-} in
  -h|--help) usage; exit 0 ;;
  --prepare) [ $# -eq 1 ] || { usage >&2; exit 2; }; prepare; exit 0 ;;
  --run) shift; [ $# -ge 1 ] || { usage >&2; exit 2; }
         prepare; exec 8>&-; exec "$WINE" "$@" ;;
esac
while [ $# -gt 1 ]; do
  case $1 in
    --native) NATIVE=1; shift ;;
    --emulator) EMU=$2; shift 2 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ $# -eq 1 ] || { usage >&2; exit 2; }
[ -f "$1" ] || { echo "no such file: $1" >&2; exit 2; }
EXE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v python3 >/dev/null || skip smoke "python3 is not installed (it checks the JSON and the files)"
[ "$NATIVE" = 1 ] || prepare

if [ -z "$EMU" ]; then
  echo "== building the emulator (Linux): cargo build --locked -p awsso-emulator" >&2
  (cd "$ROOT" && cargo build --locked -q -p awsso-emulator --bin awsso-emulator) >&2 8>&-
  EMU="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/awsso-emulator"
fi
[ -x "$EMU" ] || { echo "no emulator binary at $EMU" >&2; exit 2; }

# --- the temporary world ----------------------------------------------------------------------
T=$(mktemp -d "${TMPDIR:-/tmp}/awsso-wine-smoke.XXXXXX")
H="$T/home"
mkdir -p "$H/.aws"
if [ "$NATIVE" = 1 ]; then winpath() { printf '%s' "$1"; }
else winpath() { printf 'Z:%s' "${1//\//\\}"; }; fi
cleanup() {
  [ -n "${EMU_PID:-}" ] && kill "$EMU_PID" 2>/dev/null || true
  if [ "${AWSSO_SMOKE_KEEP:-0}" = 1 ]; then echo "kept: $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT

# The emulator lives until its stdin closes (also when this script is killed) or it is killed.
mkfifo "$T/emulator.in"
"$EMU" serve --accounts 2 --roles 2 --exit-on-stdin-eof <"$T/emulator.in" >"$T/emulator.url" \
  2>"$T/emulator.err" 8>&- &
EMU_PID=$!
exec 9>"$T/emulator.in"
for _ in $(seq 200); do [ -s "$T/emulator.url" ] && break; sleep 0.05; done
URL=$(head -n1 "$T/emulator.url")
[ -n "$URL" ] || { echo "the emulator did not start: $(cat "$T/emulator.err")" >&2; exit 1; }
calls() { "$EMU" browse "$URL/_emulator/calls" 8>&- 9>&- | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# Wine's own profile folder (C:\users\NAME): awsso must not write there (checked at the end).
[ "$NATIVE" = 1 ] || rm -rf "$WINEPREFIX"/drive_c/users/*/.aws

cat >"$H/.aws/config" <<'EOF'
# awsso Wine smoke test: every line here must survive `awsso discover`.
[default]
region = eu-west-1
s3 =
  max_concurrent_requests = 10

; the Identity Center session
[sso-session smoke]
sso_start_url = https://smoke.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

# the profile the checks use
[profile smoke]
sso_session = smoke
sso_account_id = 100000000000
sso_role_name = Role0
region = eu-west-1
EOF
# A credentials file as Notepad leaves it: CRLF line endings, comments, other profiles.
printf '%s\r\n' "# static keys for the CI user" "[ci]" "aws_access_key_id = AKIAEXAMPLECI" \
  "aws_secret_access_key = example-secret" "" "; yesterday's temporary keys" "[default]" \
  "aws_access_key_id = ASIAOLDKEY" "aws_secret_access_key = old-secret" \
  "aws_session_token = old-token" "x_security_token_expires = 2020-01-01T00:00:00Z" \
  "region = eu-west-1" "" "[other]" "aws_access_key_id = AKIAOTHER" \
  "aws_secret_access_key = other-secret" >"$H/.aws/credentials"

# awsso runs with a clean environment: what Wine needs and the test's variables only, so none
# of the caller's AWS_* settings leak in.
TEST_ENV=(AWS_CONFIG_FILE="$(winpath "$H/.aws/config")"
  AWS_SHARED_CREDENTIALS_FILE="$(winpath "$H/.aws/credentials")"
  AWS_ENDPOINT_URL_SSO="$URL" AWS_ENDPOINT_URL_SSO_OIDC="$URL" AWS_ENDPOINT_URL_SIGNIN="$URL"
  AWS_SSO_DISABLE_BROWSER=1)
WIN_SET="USERPROFILE=$(winpath "$H")
HOMEDRIVE=Z:
HOMEPATH=$(winpath "$H" | cut -c3-)
HOME="
awsso() {
  if [ "$NATIVE" = 1 ]; then
    env -i PATH=/usr/bin:/bin HOME="$H" "${TEST_ENV[@]}" timeout 120 "$EXE" "$@"
  else
    in_windows "$(winpath "$EXE")" "$@"
  fi
}
# in_windows PROGRAM ARGS...: runs a Windows program with the test's environment.
# in_windows_raw COMMAND-LINE: the same with a command line passed to CreateProcess as it is.
in_windows() {
  local raw=()
  [ -z "${RAW:-}" ] || raw=(WINE_SMOKE_CMDLINE="$RAW")
  env -i PATH=/usr/bin:/bin HOME="$T" USER="${USER:-root}" WINEPREFIX="$WINEPREFIX" \
    WINEDEBUG="$WINEDEBUG" WINE_SMOKE_SET="$WIN_SET" "${TEST_ENV[@]}" "${raw[@]}" \
    timeout 120 "$WINE" "$HELPERS/with-env.exe" "$@"
}
in_windows_raw() { RAW=$1 in_windows; }
# run NAME ARGS...: runs awsso; stdout in $T/NAME.out (without CRs), stderr in $T/NAME.err, the
# exit status in $RC.
run() {
  local name=$1; shift
  set +e
  awsso "$@" >"$T/$name.raw" 2>"$T/$name.err" </dev/null 8>&- 9>&-
  RC=$?
  set -e
  tr -d '\r' <"$T/$name.raw" >"$T/$name.out"
}
# A command for `awsso exec` and how it lists the environment.
if [ "$NATIVE" = 1 ]; then EXIT7=(sh -c 'exit 7'); LISTENV=(sh -c 'env | grep AWS')
else EXIT7=(cmd /c exit 7); LISTENV=(cmd /c set AWS); fi

PASSES=0
FAILS=()
PENDING=()
pass() { echo "PASS $1"; PASSES=$((PASSES + 1)); }
# fail NAME WHY [RUN-NAME]: with RUN-NAME, the end of that run's stderr is shown.
fail() {
  echo "FAIL $1: $2"
  FAILS+=("$1")
  if [ -n "${3:-}" ] && [ -s "$T/$3.err" ]; then tail -n 8 "$T/$3.err" | sed 's/^/    stderr: /'; fi
}
pending() { echo "PENDING $1: $2"; PENDING+=("$1"); }

# The file and JSON checks, in Python: `check KIND ARGS...` prints why and fails, or is silent.
cat >"$T/check.py" <<'EOF'
import difflib, json, re, sys

KEYS = ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration")

def creds(path):
    c = json.load(open(path))
    if c.get("Version") != 1:
        sys.exit("Version is not 1")
    for k in KEYS:
        if not isinstance(c.get(k), str) or not c[k]:
            sys.exit(f"no {k} in the JSON")
    return c

def variables(lines):
    return dict(l.split("=", 1) for l in lines if "=" in l)

def expect_vars(env, c):
    want = {"AWS_ACCESS_KEY_ID": c["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": c["SecretAccessKey"],
            "AWS_SESSION_TOKEN": c["SessionToken"], "AWS_REGION": "eu-west-1"}
    for k, v in want.items():
        if env.get(k) != v:
            sys.exit(f"{k} is {env.get(k)!r}")

kind, args = sys.argv[1], sys.argv[2:]
if kind == "creds":                       # creds JSON [EARLIER-JSON]
    a = creds(args[0])
    if len(args) > 1:
        b = creds(args[1])
        for k in KEYS:
            if a[k] != b[k]:
                sys.exit(f"{k} differs from the first run's")
elif kind == "powershell":                # powershell OUTPUT CREDS: $Env:NAME = 'value'
    env = {}
    for line in open(args[0]).read().splitlines():
        m = re.fullmatch(r"\$Env:(\w+)\s*=\s*'((?:[^']|'')*)'\s*;?", line.strip())
        if m:
            env[m.group(1)] = m.group(2).replace("''", "'")
    expect_vars(env, creds(args[1]))
elif kind == "set":                       # set OUTPUT CREDS: NAME=value lines of `set`
    expect_vars(variables(open(args[0]).read().splitlines()), creds(args[1]))
elif kind == "exec-env":                  # exec-env OUTPUT CREDS
    env, c = variables(open(args[0]).read().splitlines()), creds(args[1])
    if env.get("AWS_ACCESS_KEY_ID") != c["AccessKeyId"]:
        sys.exit("AWS_ACCESS_KEY_ID not passed to the command")
    if env.get("AWS_SESSION_TOKEN") != c["SessionToken"]:
        sys.exit("AWS_SESSION_TOKEN not passed to the command")
    if env.get("AWSSO_PROFILE") != "smoke":
        sys.exit(f"AWSSO_PROFILE is {env.get('AWSSO_PROFILE')!r}")
elif kind == "write-default":             # write-default BEFORE AFTER CREDS
    before, after, c = open(args[0], "rb").read(), open(args[1], "rb").read(), creds(args[2])
    want = before
    for old, k in ((b"ASIAOLDKEY", "AccessKeyId"), (b"old-secret", "SecretAccessKey"),
                   (b"old-token", "SessionToken"), (b"2020-01-01T00:00:00Z", "Expiration")):
        want = want.replace(old, c[k].encode())
    if after != want:
        diff = difflib.unified_diff(want.decode().splitlines(True), after.decode().splitlines(True),
                                    "expected", "written", n=1)
        sys.exit("not the old file with the four values replaced:\n"
                 + "".join("      " + repr(l)[1:-1] + "\n" for l in diff))
elif kind == "discover":                  # discover BEFORE AFTER
    before = open(args[0], "rb").read().decode().splitlines(True)
    after = open(args[1], "rb").read().decode().splitlines(True)
    i, added = 0, []
    for line in after:
        if i < len(before) and line == before[i]:
            i += 1
        else:
            added.append(line)
    if i < len(before):
        sys.exit(f"line {i + 1} of the old file is gone or changed: {before[i]!r}")
    key = re.compile(r"(credential_process|region|sso_session|sso_account_id|sso_role_name"
                     r"|awsso_[a-z_]+) = .+\n?")
    odd = [l for l in added if l.strip() and not l.startswith("[profile ") and not key.fullmatch(l)]
    if odd:
        sys.exit(f"unexpected added lines: {odd[:3]}")
    profiles = [l for l in added if l.startswith("[profile ")]
    procs = [l for l in added if l.startswith("credential_process = ")]
    if len(profiles) < 3 or len(procs) != len(profiles):
        sys.exit(f"expected a profile per account and role (2 x 2), added: {added}")
    if not all("credential-process" in l and "--sso-session smoke" in l for l in procs):
        sys.exit(f"credential_process lines: {procs}")
else:
    sys.exit(f"unknown check {kind}")
EOF
check() { python3 "$T/check.py" "$@" 2>&1; }

# --- the checks ---------------------------------------------------------------------------
run version --version
if [ $RC -eq 0 ] && grep -q '^awsso' "$T/version.out"; then
  pass "starts ($(head -n1 "$T/version.out"))"
else
  fail starts "awsso --version exited $RC (53 under Wine: a DLL is missing)" version
  echo "== wine smoke: awsso does not start; nothing else was run"
  exit 1
fi

run login login --sso-session smoke --use-device-code --no-browser --timeout 60s
token=$(grep -ls '"accessToken"' "$H"/.aws/sso/cache/*.json 2>/dev/null || true)
if [ $RC -ne 0 ]; then fail login-device-code "exit $RC" login
elif [ -z "$token" ]; then fail login-device-code "no token in %USERPROFILE%\\.aws\\sso\\cache" login
elif [ "$(calls StartDeviceAuthorization)" != 1 ]; then fail login-device-code "not the device code flow" login
else pass login-device-code; fi

run cp1 credential-process --profile smoke
if [ $RC -ne 0 ]; then fail credential-process-cold "exit $RC" cp1
elif why=$(check creds "$T/cp1.out"); then pass credential-process-cold
else fail credential-process-cold "$why"; fi
cp "$T/cp1.out" "$T/creds.json"
run cp2 credential-process --profile smoke
if [ $RC -ne 0 ]; then fail credential-process-cached "exit $RC" cp2
elif ! why=$(check creds "$T/cp2.out" "$T/cp1.out"); then fail credential-process-cached "$why"
elif [ "$(calls GetRoleCredentials)" != 1 ]; then
  fail credential-process-cached "a second GetRoleCredentials call: not served from the role cache"
else pass credential-process-cached; fi

run env-ps env --profile smoke --format powershell
if [ $RC -ne 0 ]; then fail env-powershell "exit $RC" env-ps
elif why=$(check powershell "$T/env-ps.out" "$T/creds.json"); then pass env-powershell
else fail env-powershell "$why; output: $(head -c 300 "$T/env-ps.out")"; fi

# cmd.exe: the printed lines run in (Wine's) cmd, which then lists the variables with `set`.
run env-help env -h
values=$(tr -s '\n ' '  ' <"$T/env-help.out" | grep -oE '\[possible values: [^]]*\]' | sed -n 1p || true)
cmd_format=$(printf '%s' "$values" | grep -oE '\b(cmd|batch|bat)\b' | sed -n 1p || true)
if [ -z "$cmd_format" ]; then
  pending env-cmd "awsso env has no cmd.exe format yet (${values:-no possible values listed})"
elif [ "$NATIVE" = 1 ]; then
  pending env-cmd "not checked natively (needs cmd.exe)"
else
  run env-cmd env --profile smoke --format "$cmd_format"
  if [ $RC -ne 0 ]; then fail env-cmd "exit $RC" env-cmd
  else
    sed 's/$/\r/' "$T/env-cmd.out" >"$H/env.cmd"
    printf '@echo off\r\ncall "%s"\r\nset AWS_\r\n' "$(winpath "$H/env.cmd")" >"$H/check.cmd"
    set +e
    env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" WINEDEBUG="$WINEDEBUG" \
      timeout 60 "$WINE" cmd /c "$(winpath "$H/check.cmd")" </dev/null 2>"$T/env-cmd-run.err" 8>&- 9>&- \
      | tr -d '\r' >"$T/env-cmd.vars"
    set -e
    if why=$(check set "$T/env-cmd.vars" "$T/creds.json"); then pass env-cmd
    else fail env-cmd "$why; output: $(head -c 300 "$T/env-cmd.out")"; fi
  fi
fi

run exec7 exec --profile smoke -- "${EXIT7[@]}"
if [ $RC -eq 7 ]; then pass exec-exit-code; else fail exec-exit-code "exit $RC, not 7" exec7; fi
run execenv exec --profile smoke -- "${LISTENV[@]}"
if [ $RC -ne 0 ]; then fail exec-environment "exit $RC" execenv
elif why=$(check exec-env "$T/execenv.out" "$T/creds.json"); then pass exec-environment
else fail exec-environment "$why"; fi

cp "$H/.aws/credentials" "$T/credentials.before"
run wd write-default --profile smoke
if [ $RC -ne 0 ]; then fail write-default "exit $RC" wd
elif why=$(check write-default "$T/credentials.before" "$H/.aws/credentials" "$T/creds.json"); then
  pass write-default
else fail write-default "$why"; fi

cp "$H/.aws/config" "$T/config.before"
run disc discover --profile smoke
if [ $RC -ne 0 ]; then fail discover "exit $RC" disc
elif why=$(check discover "$T/config.before" "$H/.aws/config"); then
  pass discover
  cp "$H/.aws/config" "$T/config.once"
  run disc2 discover --profile smoke
  if [ $RC -ne 0 ]; then fail discover-again "exit $RC" disc2
  elif cmp -s "$T/config.once" "$H/.aws/config"; then pass discover-again
  else fail discover-again "a second run changed the file: $(diff "$T/config.once" "$H/.aws/config" | sed -n 1,10p)"; fi
  # A written credential_process line, run the way the AWS SDK for Rust runs it: on Windows
  # the command line `cmd.exe /C "LINE"` (passed raw, not re-quoted), elsewhere `sh -c LINE`.
  line=$(sed -n 's/^credential_process = //p' "$H/.aws/config" | sed -n 1p)
  set +e
  if [ "$NATIVE" = 1 ]; then
    env -i PATH=/usr/bin:/bin HOME="$H" "${TEST_ENV[@]}" timeout 120 sh -c "$line" >"$T/proc.raw" 2>"$T/proc.err" </dev/null 8>&- 9>&-
  else
    in_windows_raw "cmd.exe /C \"$line\"" >"$T/proc.raw" 2>"$T/proc.err" </dev/null 8>&- 9>&-
  fi
  RC=$?
  set -e
  tr -d '\r' <"$T/proc.raw" >"$T/proc.out"
  if [ $RC -ne 0 ]; then fail discover-line-runs "exit $RC from: $line" proc
  elif why=$(check creds "$T/proc.out"); then pass discover-line-runs
  else fail discover-line-runs "$why (from: $line)"; fi
else fail discover "$why"; fi

run logout logout --sso-session smoke
token=$(grep -ls '"accessToken"' "$H"/.aws/sso/cache/*.json 2>/dev/null || true)
roles=$(find "$H/.aws/awsso" -path '*roles*' -type f 2>/dev/null || true)
if [ $RC -ne 0 ]; then fail logout "exit $RC" logout
elif [ -n "$token" ]; then fail logout "the token is still cached: $token"
elif [ -n "$roles" ]; then fail logout "role credentials are still cached: $roles"
elif [ "$(calls Logout)" != 1 ]; then fail logout "the token was not revoked (no Logout call)" logout
else
  run cp3 credential-process --profile smoke
  if [ $RC -eq 3 ]; then pass logout
  else fail logout "credential-process after logout exited $RC, not 3 (login required)" cp3; fi
fi

# An `aws login` session: the emulator seeds a cache file (its DPoP key registered) that
# expires in a minute, so the first call refreshes and the second is served from the file.
principal="arn:aws:iam::123456789012:user/alice"
login_cache="$H/.aws/login/cache"
mkdir -p "$login_cache" && chmod 700 "$H/.aws/login" "$login_cache"
login_file="$login_cache/$(printf %s "$principal" | sha256sum | cut -c1-64).json"
(umask 077 && "$EMU" browse "$URL/_emulator/login-session?expires_in=60" 8>&- 9>&- >"$login_file")
printf '\n[profile console]\nlogin_session = %s\nregion = us-east-1\n' "$principal" >>"$H/.aws/config"
run ls1 credential-process --profile console
if [ $RC -ne 0 ]; then fail login-session-refresh "exit $RC" ls1
elif ! why=$(check creds "$T/ls1.out"); then fail login-session-refresh "$why"
elif [ "$(calls CreateOAuth2Token)" != 1 ]; then fail login-session-refresh "not exactly one token refresh" ls1
else
  run ls2 credential-process --profile console
  if [ $RC -ne 0 ]; then fail login-session-refresh "second call: exit $RC" ls2
  elif ! why=$(check creds "$T/ls2.out" "$T/ls1.out"); then fail login-session-refresh "$why"
  elif [ "$(calls CreateOAuth2Token)" != 1 ]; then
    fail login-session-refresh "a second refresh: not served from the rewritten cache file"
  else pass login-session-refresh; fi
fi

if [ "$NATIVE" = 0 ]; then
  stray=$(find "$WINEPREFIX/drive_c/users" -mindepth 2 -maxdepth 2 -name .aws 2>/dev/null | sed -n 1p)
  if [ -n "$stray" ]; then
    fail home-is-userprofile "awsso.exe wrote to Wine's profile folder ($stray), not to %USERPROFILE%\\.aws, the folder the AWS CLI and SDKs use"
    rm -rf "$WINEPREFIX"/drive_c/users/*/.aws
  else pass home-is-userprofile; fi
fi

echo "== wine smoke$([ "$NATIVE" = 1 ] && echo ' (native)'): $PASSES passed, ${#FAILS[@]} failed${FAILS:+ (${FAILS[*]})}, ${#PENDING[@]} pending${PENDING:+ (${PENDING[*]})}"
[ ${#FAILS[@]} -eq 0 ]
