//! `awsso shell-init`, `awsso use` and `awsso prompt` in real shells: bash, zsh and fish run in
//! a pseudo-terminal (tmux), load the function, open the picker, type, press Enter, Esc and
//! Ctrl-C, and then an SDK signs a request with what the shell was left with. Also the folder
//! file (`.awsso.toml`), honoured and refused, without a terminal.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{TestEnv, texts};

/// A shell in a tmux pane of its own tmux server (a socket in the test's temp HOME).
struct Pane {
    socket: PathBuf,
    dir: PathBuf,
}

impl Pane {
    /// Starts `argv` in a 120x30 pane with exactly the test environment's variables, awsso's
    /// folder first on PATH, in `dir`.
    fn start(env: &TestEnv, argv: &[&str], dir: &Path) -> Pane {
        let socket = env.home.path().join("tmux.sock");
        let bin = assert_cmd::cargo::cargo_bin("awsso");
        let bin_dir = bin.parent().unwrap().display().to_string();
        let mut vars: Vec<String> = Vec::new();
        for (k, v) in env.env_vars() {
            if k == "PATH" {
                vars.push(format!("PATH={bin_dir}:{v}"));
            } else {
                vars.push(format!("{k}={v}"));
            }
        }
        vars.push("TERM=xterm".into());
        vars.push(format!("XDG_CONFIG_HOME={}", env.home.path().display()));
        vars.push(format!("XDG_DATA_HOME={}", env.home.path().display()));
        let status = Command::new("tmux")
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", env.home.path())
            .arg("-S")
            .arg(&socket)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "30",
            ])
            .arg("-c")
            .arg(dir)
            .arg("env")
            .arg("-i")
            .args(&vars)
            .args(argv)
            .status()
            .unwrap();
        assert!(status.success(), "tmux new-session failed");
        Pane {
            socket,
            dir: dir.to_path_buf(),
        }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "tmux {args:?}: {}", texts(&out).1);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types `text` literally, then presses Enter.
    fn line(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", text]);
        self.tmux(&["send-keys", "-t", "0", "Enter"]);
    }

    /// Presses keys by tmux's names (`Enter`, `Escape`, `C-c`, `Down`) or types text (`-l`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend(keys);
        self.tmux(&args);
    }

    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", text]);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "0"])
    }

    /// Waits until the screen shows `needle`.
    fn wait_for_screen(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {needle:?} on the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `needle` at least `count` times.
    fn wait_for_count(&self, needle: &str, count: usize) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.matches(needle).count() >= count {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {needle:?} {count} times on the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Runs `command` in the shell, its output going to a file, and returns that output once
    /// the shell has written all of it.
    fn output_of(&self, command: &str, name: &str) -> String {
        let path = self.dir.join(name);
        let file = path.display();
        self.line(&format!(
            "{command} > '{file}.part'; mv '{file}.part' '{file}'"
        ));
        let start = Instant::now();
        while !path.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{command} never finished:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        fs::read_to_string(path).unwrap()
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .env_clear()
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

/// `NAME=value` lines as pairs (the variables of interest only).
fn aws_vars(env_output: &str) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = env_output
        .lines()
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| k.starts_with("AWS") && !k.starts_with("AWS_ENDPOINT_URL"))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    vars.sort();
    vars
}

fn var<'a>(vars: &'a [(String, String)], name: &str) -> Option<&'a str> {
    vars.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// GetCallerIdentity at the emulator, signed by an SDK with the credentials the shell holds;
/// returns the ARN.
fn caller_arn(env: &TestEnv, vars: &[(String, String)]) -> String {
    let creds = aws_credential_types::Credentials::new(
        var(vars, "AWS_ACCESS_KEY_ID").expect("AWS_ACCESS_KEY_ID is set"),
        var(vars, "AWS_SECRET_ACCESS_KEY").expect("AWS_SECRET_ACCESS_KEY is set"),
        var(vars, "AWS_SESSION_TOKEN").map(str::to_owned),
        None,
        "shell",
    );
    let config = aws_sdk_sts::Config::builder()
        .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
        .region(aws_sdk_sts::config::Region::new(
            var(vars, "AWS_REGION").unwrap_or("us-east-1").to_owned(),
        ))
        .credentials_provider(creds)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .endpoint_url(format!("{}/sts", env.emu.url()))
        .build();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let me = runtime
        .block_on(
            aws_sdk_sts::Client::from_conf(config)
                .get_caller_identity()
                .send(),
        )
        .expect("GetCallerIdentity with the shell's credentials");
    me.arn().unwrap().to_owned()
}

/// The whole story in one shell: load the function, pick a role by typing part of its
/// account's name, call STS with the result, switch to a profile and back with `use -`,
/// leave the picker with Ctrl-C and with Esc (nothing changes, the terminal settings are the
/// same), `prompt`, and `use --clear`.
fn drive(argv: &[&str], init: &str) {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let work = env.home.path().join("work");
    fs::create_dir(&work).unwrap();
    let pane = Pane::start(&env, argv, &work);
    pane.line(init);
    let stty_before = pane.output_of("stty -g", "stty-before");

    // The picker: every profile and role; typing narrows it; Enter picks.
    pane.line("awsso use");
    pane.wait_for_screen("awsso use (");
    pane.type_text("account-001");
    pane.wait_for_screen(": account-001\n> account-001 (100000000001) Role0");
    pane.keys(&["Enter"]);
    let vars = aws_vars(&pane.output_of("env", "env-picked"));
    assert_eq!(
        var(&vars, "AWSSO_USE"),
        Some("session=corp&account=100000000001&role=Role0&name=account-001"),
        "{vars:?}"
    );
    let arn = caller_arn(&env, &vars);
    assert!(
        arn.starts_with("arn:aws:sts::100000000001:assumed-role/Role0/"),
        "{arn}"
    );
    let prompt = pane.output_of("awsso prompt", "prompt");
    assert!(prompt.starts_with("account-001/Role0 ("), "{prompt}");
    assert!(prompt.trim_end().ends_with("m)"), "{prompt}");

    // A profile by name (no picker), then back with `use -`.
    pane.line("awsso use dev");
    let dev = aws_vars(&pane.output_of("env", "env-dev"));
    assert_eq!(var(&dev, "AWSSO_USE"), Some("profile=dev"));
    assert_eq!(var(&dev, "AWS_REGION"), Some("eu-west-1"));
    let arn = caller_arn(&env, &dev);
    assert!(
        arn.starts_with(&format!(
            "arn:aws:sts::{}:assumed-role/{}/",
            env.account(),
            env.role()
        )),
        "{arn}"
    );
    pane.line("awsso use -");
    let back = aws_vars(&pane.output_of("env", "env-back"));
    assert_eq!(var(&back, "AWSSO_USE"), var(&vars, "AWSSO_USE"));
    assert_eq!(var(&back, "AWSSO_USE_PREVIOUS"), Some("profile=dev"));
    assert!(caller_arn(&env, &back).starts_with("arn:aws:sts::100000000001:assumed-role/Role0/"));

    // Ctrl-C and Esc in the picker: the terminal and the environment stay as they were.
    let before = pane.output_of("env", "env-before-cancel");
    for (i, key) in ["C-c", "Escape"].into_iter().enumerate() {
        pane.line("awsso use");
        pane.wait_for_screen("awsso use (");
        pane.type_text("acc");
        pane.wait_for_screen(": acc\n> ");
        pane.keys(&[key]);
        // A lone Esc is told from the start of an escape sequence by what follows it at once:
        // wait for the picker to go before typing on.
        pane.wait_for_count("cancelled; nothing changed", i + 1);
        let after = pane.output_of("env", &format!("env-after-cancel-{i}"));
        assert_eq!(aws_vars(&after), aws_vars(&before), "{key}");
        let stty_after = pane.output_of("stty -g", &format!("stty-after-{i}"));
        assert_eq!(stty_after, stty_before, "{key}: terminal settings changed");
        let screen = pane.screen();
        assert!(
            !screen.contains("> account"),
            "{key}: the picker was left on screen:\n{screen}"
        );
        assert!(screen.contains("cancelled; nothing changed"), "{screen}");
    }

    // The folder file: `use` without a query takes it (no picker); one others could have
    // written is refused with the reason, and nothing changes.
    let project = work.join("project");
    fs::create_dir(&project).unwrap();
    fs::write(project.join(".awsso.toml"), "profile = \"dev\"\n").unwrap();
    pane.line("cd project");
    pane.line("awsso use");
    let here = aws_vars(&pane.output_of("env", "env-folder"));
    assert_eq!(
        var(&here, "AWSSO_USE"),
        Some("profile=dev"),
        "{}",
        pane.screen()
    );
    pane.wait_for_screen("using profile dev from ");
    #[cfg(unix)]
    {
        crate::support::set_mode(&project, 0o777);
        pane.line("awsso use");
        pane.wait_for_screen("refusing the folder file");
        let refused = aws_vars(&pane.output_of("env", "env-refused"));
        assert_eq!(refused, here);
        crate::support::set_mode(&project, 0o755);
    }
    pane.line("cd ..");

    pane.line("awsso use --clear");
    let cleared = aws_vars(&pane.output_of("env", "env-cleared"));
    assert_eq!(cleared, Vec::<(String, String)>::new());
    let prompt = pane.output_of("awsso prompt", "prompt-cleared");
    assert_eq!(prompt, "");
}

awsso_test_tools::tmux_test! { bash
    fn bash_use_picker_switches_back_and_survives_ctrl_c() {
        drive(&["bash", "--norc", "--noprofile"], "eval \"$(awsso shell-init bash)\"");
    }
}

awsso_test_tools::tmux_test! { zsh
    fn zsh_use_picker_switches_back_and_survives_ctrl_c() {
        drive(&["zsh", "-f"], "eval \"$(awsso shell-init zsh)\"");
    }
}

awsso_test_tools::tmux_test! { fish
    fn fish_use_picker_switches_back_and_survives_ctrl_c() {
        drive(&["fish", "--no-config"], "awsso shell-init fish | source");
    }
}

/// A project folder under the temp HOME with a folder file.
fn project(env: &TestEnv, text: &str) -> PathBuf {
    let dir = env.home.path().join("project");
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(dir.join(".awsso.toml"), text).unwrap();
    dir
}

#[test]
#[cfg_attr(not(unix), ignore = "the exec checks run sh")]
fn the_folder_file_chooses_for_use_env_and_exec_unless_a_flag_or_aws_profile_does() {
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let dir = project(
        &env,
        "# the team's account\nsso_session = \"corp\"\naccount_id = \"100000000001\"\nrole_name = \"Role1\"\nregion = \"ap-south-1\"\n",
    );
    let sub = dir.join("sub");
    let file = dir.join(".awsso.toml");

    let out = env
        .cmd()
        .current_dir(&sub)
        .args(["use", "--shell", "bash"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "using role Role1 in account 100000000001 of sso-session corp from {}",
            file.display()
        )),
        "{stderr}"
    );
    assert!(
        stdout.contains(
            "export AWSSO_USE='session=corp&account=100000000001&role=Role1&region=ap-south-1'"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("export AWS_REGION='ap-south-1'"),
        "{stdout}"
    );

    let out = env.cmd().current_dir(&sub).args(["env"]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("using role Role1 in account 100000000001"),
        "{stderr}"
    );
    assert!(
        stdout.contains("export AWS_REGION='ap-south-1'"),
        "{stdout}"
    );

    let out = env
        .cmd()
        .current_dir(&sub)
        .args(["exec", "--", "sh", "-c", "echo $AWSSO_PROFILE $AWS_REGION"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "100000000001/Role1 ap-south-1\n");
    assert!(stderr.contains("using role Role1"), "{stderr}");

    // A flag, then AWS_PROFILE, beat the file: it is not even mentioned.
    let out = env
        .cmd()
        .current_dir(&sub)
        .args([
            "exec",
            "--profile",
            "dev",
            "--",
            "sh",
            "-c",
            "echo $AWSSO_PROFILE",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!((stdout.as_str(), stderr.as_str()), ("dev\n", ""));
    env.set_env("AWS_PROFILE", "dev");
    let out = env
        .cmd()
        .current_dir(&sub)
        .args(["exec", "--", "sh", "-c", "echo $AWSSO_PROFILE"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!((stdout.as_str(), stderr.as_str()), ("dev\n", ""));
}

#[cfg(unix)] // modes and symlinks
#[test]
fn a_folder_file_others_could_have_written_is_refused_with_the_reason() {
    use crate::support::set_mode;
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let dir = project(&env, "profile = \"dev\"\n");
    let file = dir.join(".awsso.toml");
    let refused = |why: &str| {
        for args in [&["use", "--shell", "bash"][..], &["env"][..]] {
            let out = env.cmd().current_dir(&dir).args(args).output().unwrap();
            let (stdout, stderr) = texts(&out);
            assert!(!out.status.success(), "{args:?}: {stderr}");
            assert_eq!(stdout, "", "{args:?}");
            assert!(
                stderr.contains("refusing the folder file"),
                "{args:?}: {stderr}"
            );
            assert!(stderr.contains(why), "{args:?}: {stderr}");
        }
    };
    set_mode(&file, 0o666);
    refused("can be written by other users (mode 666)");
    set_mode(&file, 0o644);
    set_mode(&dir, 0o777);
    refused("can be written by other users (mode 777)");
    set_mode(&dir, 0o755);
    fs::remove_file(&file).unwrap();
    fs::write(
        env.home.path().join("elsewhere.toml"),
        "profile = \"dev\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(env.home.path().join("elsewhere.toml"), &file).unwrap();
    refused("is a symbolic link");
}

#[test]
fn a_malformed_folder_file_names_its_line() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let dir = project(&env, "profile = \"dev\"\ncolour = \"red\"\n");
    let out = env.cmd().current_dir(&dir).args(["env"]).output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&format!(
            "{}:2: unknown key 'colour'",
            dir.join(".awsso.toml").display()
        )),
        "{stderr}"
    );
}

#[test]
fn use_without_the_function_or_a_terminal_explains_itself() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let out = env.cmd().args(["use", "dev"]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("awsso shell-init"), "{stderr}");

    // Ambiguous, and no terminal for the picker: the candidates are listed.
    let out = env
        .cmd()
        .args(["use", "--shell", "bash", "account"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("'account' matches 4 profiles and roles"),
        "{stderr}"
    );
    assert!(
        stderr.contains("account-001 (100000000001) Role1  [corp]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("dev  (100000000000 Role0 [corp])  account-000"),
        "{stderr}"
    );

    // `use -` without a previous choice.
    let out = env
        .cmd()
        .args(["use", "--shell", "bash", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(texts(&out).1.contains("no previous choice"));
}

#[test]
fn profile_only_sets_aws_profile_and_removes_credentials() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    for (shell, set, unset) in [
        (
            "bash",
            "export AWS_PROFILE='dev'",
            "unset AWS_ACCESS_KEY_ID",
        ),
        (
            "fish",
            "set -gx AWS_PROFILE 'dev'",
            "set -e AWS_ACCESS_KEY_ID",
        ),
        (
            "powershell",
            "$Env:AWS_PROFILE = 'dev'",
            "Remove-Item Env:AWS_ACCESS_KEY_ID",
        ),
    ] {
        let out = env
            .cmd()
            .args(["use", "--shell", shell, "--profile-only", "dev"])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(stdout.contains(set), "{stdout}");
        assert!(stdout.contains(unset), "{stdout}");
        assert!(!stdout.contains("ASIA"), "{stdout}");
    }
}

#[test]
fn prompt_reads_only_the_environment() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let expires = crate::support::rfc3339(time::OffsetDateTime::now_utc().unix_timestamp() + 3600);
    let out = env
        .cmd()
        .env("HOME", "/nonexistent/awsso-prompt")
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWSSO_USE", "profile=dev")
        .env("AWS_CREDENTIAL_EXPIRATION", &expires)
        .arg("prompt")
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout == "dev (59m)\n" || stdout == "dev (60m)\n",
        "{stdout:?}"
    );
    let out = env.cmd().arg("prompt").output().unwrap();
    assert_eq!(texts(&out), (String::new(), String::new()));
}

#[test]
fn shell_init_prints_a_function_that_calls_the_program() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = env.cmd().args(["shell-init", shell]).output().unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(stdout.contains(&format!("use --shell {shell}")), "{stdout}");
    }
    let out = env
        .cmd()
        .args(["shell-init", "bash", "--profile-only"])
        .output()
        .unwrap();
    assert!(
        texts(&out)
            .0
            .contains("use --shell bash --profile-only \"$@\"")
    );
    // bash parses it (the tmux tests run every shell's).
    if cfg!(windows) {
        return;
    }
    let out = env.cmd().args(["shell-init", "bash"]).output().unwrap();
    let status = Command::new("bash")
        .arg("-n")
        .arg("-c")
        .arg(String::from_utf8_lossy(&out.stdout).as_ref())
        .status()
        .unwrap();
    assert!(status.success(), "bash -n");
}
