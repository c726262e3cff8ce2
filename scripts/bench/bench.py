"""Drives the awsso benchmarks; called by scripts/bench.sh after the release build."""

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROFILE = os.environ.get("AWSSO_BENCH_PROFILE", "release")  # "debug" for a quick look
# AWSSO_BENCH_AWSSO: another build to compare (e.g. a copy of the binary before a change).
AWSSO = os.environ.get("AWSSO_BENCH_AWSSO", os.path.join(ROOT, "target", PROFILE, "awsso"))
EMU = os.path.join(ROOT, "target", PROFILE, "awsso-emulator")
FLOOR = os.path.join(ROOT, "target/bench/floor")


def start_emulator(*args):
    proc = subprocess.Popen([EMU, "serve", *args], stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    return proc, url


def start_tls_emulator(*args):
    """An emulator serving the APIs over TLS; returns (proc, https url, CA PEM path)."""
    ca = tempfile.mktemp(prefix="awsso-bench-ca-", suffix=".pem")
    proc, url = start_emulator("--tls-ca-file", ca, *args)
    return proc, url, ca


def calls(url):
    ctx = None
    if url.startswith("https://"):
        import ssl
        ctx = ssl._create_unverified_context()  # the emulator's own throw-away CA, on loopback
    with urllib.request.urlopen(url + "/_emulator/calls", context=ctx) as r:
        return json.load(r)


def make_home(url, accounts_first_id="100000000000", ca=None):
    home = tempfile.mkdtemp(prefix="awsso-bench-")
    os.makedirs(os.path.join(home, ".aws"))
    with open(os.path.join(home, ".aws", "config"), "w") as f:
        f.write(
            "[profile bench]\nsso_session = bench\n"
            f"sso_account_id = {accounts_first_id}\nsso_role_name = Role0\nregion = eu-west-1\n\n"
            "[sso-session bench]\nsso_start_url = https://bench.awsapps.com/start\n"
            "sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"
        )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "AWS_ENDPOINT_URL_SSO": url,
        "AWS_ENDPOINT_URL_SSO_OIDC": url,
        "AWS_SSO_DISABLE_BROWSER": "1",
    }
    if ca:
        env["AWS_CA_BUNDLE"] = ca
    subprocess.run([AWSSO, "-q", "login", "--profile", "bench"], env=env, check=True)
    return home, env


def interleaved(commands, env, runs=1500):
    """Median wall time (s) of each command, spawning them in turn so that machine noise (this
    is a 2-core VM) hits all of them alike; sequential runs drift by more than the gap measured."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    times = [[] for _ in commands]
    for _ in range(runs):
        for i, cmd in enumerate(commands):
            t0 = time.perf_counter_ns()
            pid = os.posix_spawn(cmd[0], cmd, env, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
            _, status = os.waitpid(pid, 0)
            times[i].append(time.perf_counter_ns() - t0)
            if status != 0:
                raise SystemExit(f"{cmd} failed")
    out = []
    for t in times:
        t.sort()
        out.append({"median": t[len(t) // 2] / 1e9, "p10": t[len(t) // 10] / 1e9, "p90": t[9 * len(t) // 10] / 1e9})
    return out


def interleaved_cold(cases, runs=200):
    """Cold credential-process (role cache removed before each spawn) for each (name, cmd, env,
    roles dir), spawned in turn; per case the median wall time and median CPU time (user + sys,
    from wait4) in seconds."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    wall = [[] for _ in cases]
    cpu = [[] for _ in cases]
    for _ in range(runs):
        for i, (_, cmd, env, roles) in enumerate(cases):
            shutil.rmtree(roles, ignore_errors=True)
            t0 = time.perf_counter_ns()
            pid = os.posix_spawn(cmd[0], cmd, env, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
            _, status, usage = os.wait4(pid, 0)
            wall[i].append((time.perf_counter_ns() - t0) / 1e9)
            cpu[i].append(usage.ru_utime + usage.ru_stime)
            if status != 0:
                raise SystemExit(f"{cmd} failed")
    med = lambda xs: sorted(xs)[len(xs) // 2]
    return [{"name": c[0], "wall": med(w), "cpu": med(u)} for c, w, u in zip(cases, wall, cpu)]


def hyperfine(name, commands, env, prepare=None, runs=200):
    out = os.path.join(ROOT, "target/bench", name + ".json")
    args = ["hyperfine", "-N", "--warmup", "10", "--runs", str(runs), "--export-json", out]
    if prepare:
        args += ["--prepare", prepare]
    args += commands
    subprocess.run(args, env=env, check=True, stdout=sys.stderr)
    with open(out) as f:
        return [r for r in json.load(f)["results"]]


def spine():
    emu, url = start_emulator("--accounts", "2", "--roles", "2")
    home, env = make_home(url)
    try:
        cp = [AWSSO, "credential-process", "--profile", "bench"]
        subprocess.run(cp, env=env, check=True, stdout=subprocess.DEVNULL)
        roles = os.path.join(home, ".aws/awsso/roles")
        cached = os.path.join(roles, os.listdir(roles)[0])
        # `awsso prompt` runs at every shell prompt: measured in the same interleaved runs, with
        # the variables `awsso use` leaves in the shell.
        pr = [AWSSO, "prompt"]
        env = dict(env, AWSSO_USE="profile=bench", AWS_CREDENTIAL_EXPIRATION="2099-01-01T00:00:00Z")
        hit, prompt, floor = interleaved([cp, pr, [FLOOR, cached]], env)
        ratio = hit["median"] / floor["median"]
        # A fresh process's ru_maxrss for the cache hit (RUSAGE_CHILDREN keeps the max).
        rss = measure_rss(cp, env)
        cold = hyperfine("cold", [" ".join(cp)], env, prepare=f"rm -rf {roles}", runs=100)[0]

        # 64 parallel cold calls: exactly one GetRoleCredentials, zero failures.
        shutil.rmtree(roles, ignore_errors=True)
        before = calls(url).get("GetRoleCredentials", 0)
        t0 = time.perf_counter()
        procs = [subprocess.Popen(cp, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(64)]
        failures = sum(1 for p in procs if p.wait() != 0)
        wall = time.perf_counter() - t0
        fetched = calls(url).get("GetRoleCredentials", 0) - before

        print("credential-process (release, 2-core machine, emulator on loopback)")
        print(f"  cache hit median  {hit['median']*1e3:7.3f} ms  (p10 {hit['p10']*1e3:.3f}, p90 {hit['p90']*1e3:.3f})")
        print(f"  floor median      {floor['median']*1e3:7.3f} ms  (p10 {floor['p10']*1e3:.3f}, p90 {floor['p90']*1e3:.3f})")
        print(f"  ratio             {ratio:7.2f}x    (target <= 1.5x; 1500 interleaved spawns each)")
        print(f"  prompt median     {prompt['median']*1e3:7.3f} ms  (p10 {prompt['p10']*1e3:.3f}, p90 {prompt['p90']*1e3:.3f}; "
              f"{prompt['median']/hit['median']:.2f}x the cache hit, target <= 1x)")
        print(f"  cache hit peak RSS {rss/1024:6.2f} MB (target <= 8 MB)")
        print(f"  cold median       {cold['median']*1e3:7.2f} ms  (target <= 15 ms)")
        print(f"  64 parallel cold  {wall*1e3:7.1f} ms wall, {fetched} GetRoleCredentials, {failures} failures")
    finally:
        emu.terminate()
        shutil.rmtree(home, ignore_errors=True)


def login():
    """credential-process cache hit for an `aws login` session profile (login_session) against
    the same for an Identity Center profile and the floor, interleaved."""
    emu, url = start_emulator("--accounts", "2", "--roles", "2")
    home, env = make_home(url)
    try:
        principal = "arn:aws:iam::123456789012:user/alice"
        with urllib.request.urlopen(url + "/_emulator/login-session?expires_in=43200") as r:
            doc = r.read()
        import hashlib
        cache = os.path.join(home, ".aws/login/cache")
        os.makedirs(cache, mode=0o700)
        path = os.path.join(cache, hashlib.sha256(principal.encode()).hexdigest() + ".json")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.write(fd, doc)
        os.close(fd)
        with open(os.path.join(home, ".aws/config"), "a") as f:
            f.write(f"\n[profile console]\nlogin_session = {principal}\nregion = eu-west-1\n")
        env = dict(env, AWS_ENDPOINT_URL_SIGNIN=url)
        sso = [AWSSO, "credential-process", "--profile", "bench"]
        cp = [AWSSO, "credential-process", "--profile", "console"]
        subprocess.run(sso, env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(cp, env=env, check=True, stdout=subprocess.DEVNULL)
        before = calls(url).get("CreateOAuth2Token", 0)
        hit_sso, hit_login, floor = interleaved([sso, cp, [FLOOR, path]], env)
        assert calls(url).get("CreateOAuth2Token", 0) == before, "cache hits made no call"
        print("credential-process cache hit, login_session vs SSO profile (release, emulator on loopback)")
        for name, r in (("SSO profile", hit_sso), ("login_session", hit_login), ("floor", floor)):
            print(f"  {name:14} median {r['median']*1e3:7.3f} ms  (p10 {r['p10']*1e3:.3f}, p90 {r['p90']*1e3:.3f})")
    finally:
        emu.terminate()
        shutil.rmtree(home, ignore_errors=True)


def measure_rss(cmd, env):
    """Peak RSS in KB of `cmd`, via GNU time (a fork of Python would report Python's RSS)."""
    peak = 0
    for _ in range(10):
        r = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], env=env, capture_output=True, text=True, check=True)
        peak = max(peak, int(r.stderr.strip().splitlines()[-1]))
    return peak


def tls():
    """The cold path over https:// against http:// (one interleaved run), then login and
    discover over https://."""
    emu_http, url_http = start_emulator("--accounts", "2", "--roles", "2")
    emu_tls, url_tls, ca = start_tls_emulator("--accounts", "2", "--roles", "2")
    home_http, env_http = make_home(url_http)
    home_tls, env_tls = make_home(url_tls, ca=ca)
    try:
        cp = [AWSSO, "credential-process", "--profile", "bench"]
        cases = [
            ("http", cp, env_http, os.path.join(home_http, ".aws/awsso/roles")),
            ("https", cp, env_tls, os.path.join(home_tls, ".aws/awsso/roles")),
        ]
        http, https = interleaved_cold(cases, runs=300)
        print("cold credential-process (valid token, role not cached), 300 interleaved runs each")
        for r in (http, https):
            print(f"  {r['name']:5}  median wall {r['wall']*1e3:6.2f} ms, median CPU {r['cpu']*1e3:6.2f} ms")
        print(f"  https/http: wall {https['wall']/http['wall']:.2f}x, CPU {https['cpu']/max(http['cpu'], 1e-6):.2f}x"
              f"  (targets: https CPU <= 15 ms, <= 2x http)")

        login = [AWSSO, "-q", "login", "--profile", "bench", "--force", "--use-device-code", "--no-browser"]
        for name, env in (("http", env_http), ("https", env_tls)):
            times = []
            for _ in range(20):
                t0 = time.perf_counter()
                subprocess.run(login, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - t0)
            times.sort()
            print(f"  login --force (device flow, approved at once) over {name:5}: median {times[10]*1e3:6.1f} ms (20 runs)")
    finally:
        emu_http.terminate()
        emu_tls.terminate()
        shutil.rmtree(home_http, ignore_errors=True)
        shutil.rmtree(home_tls, ignore_errors=True)
        os.unlink(ca)
    run_discover(300, 20, tls=True)


def run_discover(accounts, limit, extra=(), tls=False):
    """discover with ACCOUNTS x 3 roles, 20 ms latency, a throttle at LIMIT req/s; prints wall
    time, calls, 429s, failures and whether a login happened."""
    args = ["--accounts", str(accounts), "--roles", "3", "--latency-ms", "20", "--rate-limit", str(limit),
            "--page-size", "100"]
    ca = None
    if tls:
        emu, url, ca = start_tls_emulator(*args)
    else:
        emu, url = start_emulator(*args)
    home, env = make_home(url, ca=ca)
    try:
        before = calls(url)
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        r = subprocess.run([AWSSO, "-v", "discover", "--profile", "bench", *extra], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        made = {k: v - before.get(k, 0) for k, v in calls(url).items() if v - before.get(k, 0)}
        with open(os.path.join(home, ".aws/config")) as f:
            profiles = f.read().count("[profile ")
        portal = made.get("ListAccounts", 0) + made.get("ListAccountRoles", 0)
        throttled = made.get("throttled", 0)
        floor = accounts / limit  # the floor: one ListAccountRoles per account
        print(f"discover {accounts} accounts x 3 roles over {'https' if tls else 'http'}, 20 ms latency, "
              f"throttled at {limit} req/s, {' '.join(extra) or 'default flags'}")
        print(f"  exit {r.returncode}, wall {wall:.1f} s (floor {floor:.1f} s, {wall/floor:.2f}x), CPU {cpu:.2f} s, "
              f"{profiles - 1} profiles written")
        print(f"  calls {portal}, 429s {throttled} ({100*throttled/max(portal,1):.1f} %), "
              f"CreateToken {made.get('CreateToken', 0)} (no re-login), failures {0 if r.returncode == 0 else 'run failed'}")
        if r.returncode != 0:
            print(r.stderr[-2000:])
    finally:
        emu.terminate()
        shutil.rmtree(home, ignore_errors=True)
        if ca:
            os.unlink(ca)


def discover():
    """Adaptive pacing with no flags against a 20 req/s throttle (300 and 1000 accounts) and a
    5 req/s one; then a ceiling (--rate 10)."""
    run_discover(300, 20)
    run_discover(1000, 20)
    run_discover(100, 5)
    run_discover(300, 20, extra=("--rate", "10"))


def assignments():
    """awsso assignments: N accounts x 10 provisioned permission sets (each assigned to one
    group), 20 ms latency; the admin APIs unthrottled (the adaptive pacer's slow start must make
    it as fast as an unpaced client), then throttling at 20 req/s (the floor is the number of
    calls divided by 20 req/s; the target is 0 failures and a wall within 1.1x of it)."""
    accounts = os.environ.get("AWSSO_BENCH_ADMIN_ACCOUNTS", "1000")
    for limit, extra in ((None, []), (20, []), (20, ["--rate", "30"])):
        throttle = ["--admin-rate-limit", str(limit)] if limit else []
        emu, url = start_emulator(
            "--accounts", "1", "--latency-ms", "20",
            "--admin-accounts", accounts, "--admin-permission-sets", "10", *throttle,
        )
        home = tempfile.mkdtemp(prefix="awsso-bench-")
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": home,
            "AWS_ENDPOINT_URL": url,
            "AWS_ACCESS_KEY_ID": "AKIAEMULATORADMIN01",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_REGION": "eu-west-1",
        }
        try:
            before = calls(url)
            cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            r = subprocess.run([AWSSO, "-v", "assignments", *extra], env=env, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
            after = calls(url)
            made = {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0) and k not in ("total",)}
            total = after["total"] - before["total"]
            rows = len(r.stdout.splitlines()) - 1
            retries = sum(1 for line in r.stderr.splitlines() if "; retry " in line)
            # The floor: the calls that had to succeed, at the throttle's 20 req/s (throttled
            # attempts are the cost of going faster, not part of the work).
            pacing = ' '.join(extra) or 'adaptive'
            if limit:
                floor = (total - retries) / limit
                print(f"assignments {accounts} accounts x 10 permission sets, 20 ms latency, throttled at {limit} req/s, {pacing}")
                print(f"  exit {r.returncode}, {rows} rows, wall {wall:.1f} s (CPU {cpu:.2f} s); floor {floor:.1f} s for {total - retries} calls at {limit} req/s: {wall / floor:.2f}x")
            else:
                print(f"assignments {accounts} accounts x 10 permission sets, 20 ms latency, unthrottled, {pacing}")
                print(f"  exit {r.returncode}, {rows} rows, wall {wall:.1f} s (CPU {cpu:.2f} s) for {total} calls: {total / wall:.0f} calls/s")
            print(f"  {retries} retried calls; calls: {json.dumps(made, sort_keys=True)}")
            print(f"  summary: {r.stderr.strip().splitlines()[-1:] if r.stderr.strip() else ''}")
            if r.returncode != 0:
                print(r.stderr[-2000:])
        finally:
            emu.terminate()
            shutil.rmtree(home, ignore_errors=True)


def scale():
    """Every command that reads the whole config, at 100,000 profiles (each naming one of 100
    sso-sessions, plus the logged-in `bench` session's profile): wall time of one run each
    (the target is 1 s). AWSSO_BENCH_PROFILES changes the count."""
    count = int(os.environ.get("AWSSO_BENCH_PROFILES", "100000"))
    emu, url = start_emulator("--accounts", "3", "--roles", "2")
    home, env = make_home(url)
    try:
        config = os.path.join(home, ".aws", "config")
        with open(config, "a") as f:
            for s in range(100):
                f.write(f"\n[sso-session s{s}]\nsso_start_url = https://s{s}.awsapps.com/start\n"
                        "sso_region = us-east-1\n")
            for i in range(count):
                f.write(f"\n[profile p{i}]\nsso_session = s{i % 100}\nsso_account_id = {100000000000 + i}\n"
                        f"sso_role_name = Role{i % 7}\nregion = eu-west-1\n")
        commands = [
            ["status"],
            ["doctor"],
            ["discover", "--profile", "bench", "--dry-run"],
            ["discover", "--profile", "bench"],
            ["list", "--profile", "bench"],
            ["credential-process", "--profile", "bench"],
            ["env", "--profile", "bench"],
            ["exec", "--profile", "bench", "--", "true"],
            ["write-default", "--profile", "bench"],
            ["logout", "--profile", "p5"],
        ]
        print(f"{count} profiles in {os.path.getsize(config) // 1024} KiB of config")
        for args in commands:
            cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            r = subprocess.run([AWSSO, *args], env=env, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
            print(f"  awsso {' '.join(args):45} exit {r.returncode}  wall {wall:6.2f} s  CPU {cpu:6.2f} s")
    finally:
        emu.terminate()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what in ("all", "spine", "prompt"):
        spine()
    if what in ("all", "login"):
        login()
    if what in ("all", "tls"):
        tls()
    if what in ("all", "discover"):
        discover()
    if what in ("all", "assignments"):
        assignments()
    if what in ("all", "scale"):
        scale()
