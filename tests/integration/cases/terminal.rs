//! Untrusted text never reaches the terminal raw: names from the service, cache files other
//! processes can write, and config values are escaped in every human-facing output.

use awsso_emulator::{Account, Config};

use crate::support::{TestEnv, texts};

const ESC: char = '\u{1b}';
const RLO: char = '\u{202e}';

fn hostile_grid() -> Config {
    let mut config = Config::grid(0, 0);
    config.accounts = vec![
        Account {
            id: "111111111111".into(),
            name: format!("prod{ESC}]0;owned{ESC}\\ {RLO}gnp.exe"),
            email: "a@example.com".into(),
            roles: vec![format!("Read{ESC}[2JOnly")],
        },
        Account {
            id: format!("12345{ESC}[31m"),
            name: "not an account".into(),
            email: "b@example.com".into(),
            roles: vec!["Role0".into()],
        },
    ];
    config
}

fn assert_clean(text: &str) {
    assert!(!text.contains(ESC), "raw ESC: {text:?}");
    assert!(!text.contains(RLO), "raw bidi override: {text:?}");
}

#[test]
fn list_escapes_names_and_leaves_out_invalid_account_ids() {
    let env = TestEnv::with(hostile_grid());
    env.seed_token("corp", true, 8 * 3600);
    for format in ["text", "table"] {
        let out = env
            .cmd()
            .args(["list", "--sso-session", "corp", "--output", format])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{stderr}");
        assert_clean(&stdout);
        assert_clean(&stderr);
        assert!(stdout.contains("\\x1b]0;owned"), "{stdout}");
        assert!(stdout.contains("\\u{202e}"), "{stdout}");
        assert!(!stdout.contains("not an account"), "{stdout}");
        assert!(stderr.contains("invalid id '12345\\x1b[31m'"), "{stderr}");
    }
}

#[test]
fn status_escapes_what_a_forged_token_file_says() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    env.write_raw_token(
        "forged",
        &serde_json::json!({
            "startUrl": format!("https://x{ESC}[1A\nmy-sso (https://example): logged in"),
            "region": "us-east-1",
            "accessToken": "t",
            "expiresAt": "2099-01-01T00:00:00Z",
        })
        .to_string(),
    );
    let out = env.cmd().args(["status"]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_clean(&stdout);
    assert_clean(&stderr);
    let forged: Vec<&str> = stdout.lines().filter(|l| l.contains("https://x")).collect();
    assert_eq!(forged.len(), 1, "one line per session: {stdout}");
    assert!(forged[0].contains("\\n"), "{stdout}");
    assert!(
        !stdout
            .lines()
            .any(|l| l.starts_with("my-sso (https://example)")),
        "{stdout}"
    );
}

#[test]
fn doctor_escapes_config_values() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    env.write_config(&format!(
        "[profile bad]\nsso_session = corp{ESC}[31m{RLO}\nsso_account_id = 111111111111\nsso_role_name = R\n"
    ));
    let out = env.cmd().args(["doctor"]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_clean(&stdout);
    assert_clean(&stderr);
    assert!(
        stdout.contains("\\x1b[31m"),
        "the value is shown, escaped: {stdout}"
    );
}

/// A line break of any kind in a value from a file (a cache file's startUrl in `logout --all`)
/// is shown escaped: untrusted text is one line when shown, and cannot forge one of its own.
#[test]
fn logout_all_shows_a_forged_start_url_on_one_line() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    let separators = [
        "\n", "\r\n", "\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{b}", "\u{c}",
    ];
    for (i, sep) in separators.iter().enumerate() {
        env.write_raw_token(
            &format!("forged{i}"),
            &serde_json::json!({
                "startUrl": format!("https://x.awsapps.com/start{sep}Logged in to https://prod (token valid)"),
                "accessToken": "t",
                "expiresAt": "2000-01-01T00:00:00Z",
            })
            .to_string(),
        );
    }
    let out = env.cmd().args(["logout", "--all"]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_clean(&stderr);
    let lines: Vec<&str> = stderr.split(['\n']).collect();
    assert!(
        !lines.iter().any(|l| l.starts_with("Logged in")),
        "a forged line: {stderr:?}"
    );
    for sep in ["\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{b}", "\u{c}"] {
        assert!(!stderr.contains(sep), "raw {sep:?}: {stderr:?}");
    }
    let shown = lines
        .iter()
        .filter(|l| l.contains("https://x.awsapps.com/start"))
        .count();
    assert_eq!(shown, separators.len(), "one line per token file: {stderr}");
    assert_eq!(stdout, "");
}
