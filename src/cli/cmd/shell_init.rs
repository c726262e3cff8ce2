//! `awsso shell-init`: the shell function that lets `awsso use` change the current shell.
//!
//! The function is the only shell code awsso has, and it holds no logic: for `awsso use ...`
//! it runs the program (`awsso use --shell SHELL ...`), which prints the code to evaluate (or
//! fails, and then nothing is evaluated), and evaluates it; every other command line goes to
//! the program unchanged. Pure text; each script is tested by running it in its shell.

use anyhow::Context as _;

use crate::cli::app::Context;
use crate::cli::args::{ShellInitArgs, UseShell};

/// The function for `shell`; `extra` is put before the person's own arguments of `use`
/// (`--profile-only `, or nothing).
pub(crate) fn script(shell: UseShell, extra: &str) -> String {
    match shell {
        UseShell::Bash | UseShell::Zsh => {
            let name = if shell == UseShell::Bash {
                "bash"
            } else {
                "zsh"
            };
            format!(
                r#"# awsso: `awsso use` switches this shell's AWS account and role.
# Load it from ~/.{name}rc with: eval "$(awsso shell-init {name})"
awsso() {{
  if [ "${{1-}}" = use ]; then
    shift
    local __awsso_code
    __awsso_code="$(command awsso use --shell {name} {extra}"$@")" || return
    eval "$__awsso_code"
  else
    command awsso "$@"
  fi
}}
"#
            )
        }
        UseShell::Fish => format!(
            r#"# awsso: `awsso use` switches this shell's AWS account and role.
# Load it from ~/.config/fish/config.fish with: awsso shell-init fish | source
function awsso --wraps awsso --description 'awsso (awsso use switches this shell)'
    if test (count $argv) -ge 1; and test "$argv[1]" = use
        command awsso use --shell fish {extra}$argv[2..-1] | source
        return $pipestatus[1]
    else
        command awsso $argv
    end
end
"#
        ),
        UseShell::Powershell => format!(
            r#"# awsso: `awsso use` switches this shell's AWS account and role.
# Load it from $PROFILE with: awsso shell-init powershell | Out-String | Invoke-Expression
function awsso {{
    $awssoExe = Get-Command -Name awsso -CommandType Application -ErrorAction Stop | Select-Object -First 1
    if ($args.Count -ge 1 -and $args[0] -eq 'use') {{
        $rest = @($args | Select-Object -Skip 1)
        $code = & $awssoExe use --shell powershell {extra}@rest
        if ($LASTEXITCODE -ne 0) {{ return }}
        Invoke-Expression ($code -join "`n")
    }} else {{
        & $awssoExe @args
    }}
}}
"#
        ),
    }
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &ShellInitArgs) -> anyhow::Result<u8> {
    let extra = if args.profile_only {
        "--profile-only "
    } else {
        ""
    };
    ctx.ui
        .payload(&script(args.shell, extra))
        .context("cannot write to stdout")?;
    Ok(0)
}
