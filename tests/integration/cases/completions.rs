//! Shell completion through real shells: the script `awsso completions SHELL` prints is loaded
//! into bash, zsh and fish, which call the built `awsso` back for profile, sso-session,
//! account and role names from the temp HOME's config file and role cache.

use std::path::Path;
use std::process::Command;

use crate::support::TestEnv;

/// A config with names that sort apart, a legacy and a session profile, and two sessions.
fn completion_env() -> TestEnv {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    env.write_config(
        "[default]\nregion = eu-west-1\n\n\
         [profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n\n\
         [profile dev-readonly]\nsso_session = corp\nsso_account_id = 444455556666\nsso_role_name = ReadOnly\n\n\
         [profile prod]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n\n\
         [sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n\n\
         [sso-session corp-eu]\nsso_start_url = https://eu.awsapps.com/start\nsso_region = eu-west-1\n",
    );
    env
}

/// Runs `script` in `shell` with only HOME and a PATH that finds the built `awsso`.
fn run_shell(env: &TestEnv, shell: &str, args: &[&str], script: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("awsso");
    let bin_dir = bin.parent().unwrap();
    let out = Command::new(shell)
        .args(args)
        .arg(script)
        .env_clear()
        .env("HOME", env.home.path())
        .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{shell}: {e}"));
    assert!(
        out.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn script_file(env: &TestEnv, shell: &str) -> String {
    let out = env.cmd().args(["completions", shell]).output().unwrap();
    assert!(out.status.success());
    let path = env.home.path().join(format!("completion.{shell}"));
    std::fs::write(&path, &out.stdout).unwrap();
    path.display().to_string()
}

/// Completes `line` (the cursor at its end) in bash the way readline does, via the registered
/// function; returns the candidates sorted.
fn bash_complete(env: &TestEnv, line: &str) -> Vec<String> {
    let script = script_file(env, "bash");
    let words: Vec<String> = if line.ends_with(' ') {
        line.split_whitespace()
            .map(str::to_owned)
            .chain([String::new()])
            .collect()
    } else {
        line.split_whitespace().map(str::to_owned).collect()
    };
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let cur = &words[cword];
    let prev = &words[cword - 1];
    let out = run_shell(
        env,
        "bash",
        &["-c"],
        &format!(
            "source '{script}'\n\
             COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; COMP_TYPE=9\n\
             func=$(complete -p awsso | sed -E 's/.* -F ([^ ]+) .*/\\1/')\n\
             \"$func\" awsso '{cur}' '{prev}'\n\
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            words = quoted.join(" ")
        ),
    );
    sorted(&out)
}

fn sorted(out: &str) -> Vec<String> {
    let mut v: Vec<String> = out
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").trim_end().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    v.sort();
    v
}

#[test]
fn bash_completes_profile_and_session_names_from_the_config_file() {
    let env = completion_env();
    assert_eq!(
        bash_complete(&env, "awsso login --profile "),
        ["default", "dev", "dev-readonly", "prod"]
    );
    assert_eq!(
        bash_complete(&env, "awsso exec --profile de"),
        ["default", "dev", "dev-readonly"]
    );
    assert_eq!(
        bash_complete(&env, "awsso credential-process --sso-session "),
        ["corp", "corp-eu"]
    );
    assert_eq!(bash_complete(&env, "awsso doctor -p pr"), ["prod"]);
    // Account ids and role names from the config file.
    assert_eq!(
        bash_complete(&env, "awsso env --account-id 4"),
        ["444455556666"]
    );
    assert_eq!(
        bash_complete(&env, "awsso env --role-name "),
        ["Admin", "ReadOnly"]
    );
    // Subcommands and flags still complete.
    assert!(bash_complete(&env, "awsso lo").contains(&"login".to_owned()));
    assert!(bash_complete(&env, "awsso login --us").contains(&"--use-device-code".to_owned()));
}

#[test]
fn account_ids_and_roles_used_before_complete_from_the_role_cache() {
    let env = completion_env();
    let roles = env.aws_dir().join("awsso/roles");
    std::fs::create_dir_all(&roles).unwrap();
    std::fs::write(
        roles.join("0123.json"),
        r#"{"Version":1,"AccessKeyId":"ASIA","SecretAccessKey":"s","SessionToken":"t","Expiration":"2030-01-01T00:00:00Z","StartUrl":"https://x/start","AccountId":"777788889999","RoleName":"Billing"}"#,
    )
    .unwrap();
    std::fs::write(roles.join("garbage.json"), "{not json").unwrap();
    assert_eq!(
        bash_complete(&env, "awsso env --account-id 7"),
        ["777788889999"]
    );
    assert_eq!(
        bash_complete(&env, "awsso write-default --role-name B"),
        ["Billing"]
    );
}

#[test]
fn no_config_file_completes_nothing_and_prints_no_error() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    std::fs::remove_file(env.config_path()).unwrap();
    assert_eq!(
        bash_complete(&env, "awsso login --profile "),
        Vec::<String>::new()
    );
}

awsso_test_tools::fish_test! {
    fn fish_completes_profile_names_and_keeps_format_descriptions_literal() {
        let env = completion_env();
        let script = script_file(&env, "fish");
        let out = run_shell(
            &env,
            "fish",
            &["--no-config", "-c"],
            &format!("source '{script}'; complete -C 'awsso login --profile d'"),
        );
        assert_eq!(sorted(&out), ["default", "dev", "dev-readonly"]);
        let out = run_shell(
            &env,
            "fish",
            &["--no-config", "-c"],
            &format!("source '{script}'; complete -C 'awsso env --format '"),
        );
        let powershell = out
            .lines()
            .find(|l| l.starts_with("powershell"))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(
            powershell.contains("$Env:NAME = 'value'"),
            "fish expanded the description: {powershell}"
        );
        let dotenv = out.lines().find(|l| l.starts_with("dotenv")).unwrap();
        assert!(dotenv.contains("NAME=value"), "{dotenv}");
    }
}

awsso_test_tools::zsh_test! {
    fn zsh_completes_profile_and_session_names() {
        let env = completion_env();
        let script = script_file(&env, "zsh");
        // compinit needs a terminal; stand in for its two functions the script calls.
        let complete = |line: &str| {
            let words: Vec<String> = line.split(' ').map(|w| format!("'{w}'")).collect();
            let out = run_shell(
                &env,
                "zsh",
                &["-f", "-c"],
                &format!(
                    "compdef() {{ : }}\n_describe() {{ print -rl -- \"${{(@P)3}}\" }}\n\
                     source '{script}'\nwords=({}); CURRENT={}\n_clap_dynamic_completer_awsso",
                    words.join(" "),
                    words.len()
                ),
            );
            sorted(&out.replace(':', "\t"))
        };
        assert_eq!(
            complete("awsso login --profile dev"),
            ["dev", "dev-readonly"]
        );
        assert_eq!(
            complete("awsso logout --sso-session c"),
            ["corp", "corp-eu"]
        );
    }
}

#[test]
fn the_completion_scripts_call_awsso_from_path() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let text =
            String::from_utf8(awsso::__private::completion_script(shell.parse().unwrap())).unwrap();
        assert!(text.contains("awsso"), "{shell}: {text}");
        assert!(!Path::new(&text).is_absolute());
        assert!(
            !text.contains(env!("CARGO_MANIFEST_DIR")),
            "{shell}: no build path baked in"
        );
    }
}

#[test]
fn an_unrelated_complete_variable_does_not_hijack_awsso() {
    let mut env = TestEnv::new();
    env.emu.expect_no_calls();
    env.set_env("COMPLETE", "yes-please");
    let out = env.cmd().output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Usage: awsso"), "{stderr}");
    let out = env.cmd().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("awsso "));
}

#[test]
fn use_completes_profiles_recent_choices_and_the_previous_one() {
    let env = completion_env();
    let recent = env.aws_dir().join("awsso/recent.json");
    std::fs::create_dir_all(recent.parent().unwrap()).unwrap();
    std::fs::write(
        &recent,
        r#"["session=corp&account=111122223333&role=Admin&name=prod-eu","profile=dev"]"#,
    )
    .unwrap();
    #[cfg(unix)]
    crate::support::set_mode(&recent, 0o600);
    let values: Vec<String> = bash_complete(&env, "awsso use ")
        .into_iter()
        .filter(|c| !c.starts_with("--"))
        .collect();
    assert_eq!(
        values,
        [
            "-",
            "default",
            "dev",
            "dev-readonly",
            "prod",
            "prod-eu/Admin"
        ]
    );
    assert_eq!(bash_complete(&env, "awsso use dev-"), ["dev-readonly"]);
    let shells = bash_complete(&env, "awsso shell-init ");
    for shell in ["bash", "fish", "powershell", "zsh"] {
        assert!(shells.contains(&shell.to_owned()), "{shells:?}");
    }
    assert!(bash_complete(&env, "awsso console --browser ").contains(&"firefox".to_owned()));
}
