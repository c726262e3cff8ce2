//! The only printer: the payload on stdout, everything for humans on stderr.
//!
//! I/O. stdout is an API (credential_process JSON, env exports, `--output json`, listings), so
//! nothing else ever goes there. Messages, URLs, codes, warnings, hints, debug logs and progress
//! bars go to stderr. A closed stdout (`awsso list | head`) is not an error: see
//! [`Ui::payload`]. A closed or failing stderr is ignored (a message that cannot be shown
//! must not turn into a panic). `NO_COLOR` and non-terminals get plain text.
#![allow(clippy::print_stderr, clippy::print_stdout)] // this module is the sanctioned printer

/// `eprintln!` that ignores write errors (std's panics on them, e.g. on `EPIPE`).
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

use crate::escape::for_terminal;
use std::fmt::Display;
use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use crate::env::Env;
use crate::sso::SsoError;
use crate::sso::login_options::LoginOptions;
use crate::sso::observer::{Observer, UserAuth, Verbosity};

/// How much to log on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// Only errors and warnings.
    Quiet,
    /// Progress and results (the default).
    Normal,
    /// `-v`: what awsso decides and why (cache hits, refreshes, API calls).
    Debug,
    /// `-vv`: every step, including paths and timings.
    Trace,
}

/// Prints what clap has to say about a command line it did not hand over (help, version, a
/// usage error): help on stdout, errors on stderr, colour only on a terminal without
/// `NO_COLOR`. Help keeps its example lines as written (see [`crate::cli::args::unwrap_examples`]).
pub(crate) fn print_clap(err: &clap::Error, env: &Env) {
    use clap::error::ErrorKind;
    let to_stderr = err.use_stderr();
    let tty = if to_stderr {
        io::stderr().is_terminal()
    } else {
        io::stdout().is_terminal()
    };
    let styled = err.render();
    let text = if tty && !env.no_color {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    let text = match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            crate::cli::args::unwrap_examples(&text)
        }
        _ => text,
    };
    let _ = if to_stderr {
        io::stderr().lock().write_all(text.as_bytes())
    } else {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    };
}

/// The terminal: where and how to print.
#[derive(Debug, Clone)]
pub(crate) struct Ui {
    level: Level,
    color: bool,
    stderr_tty: bool,
    stdin_tty: bool,
}

impl Ui {
    /// A `Ui` for this process: `verbose` counts `-v` flags; `AWSSO_LOG` can raise the level.
    pub(crate) fn new(env: &Env, verbose: u8, quiet: bool) -> Ui {
        let from_env = match env.log.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("trace") => Level::Trace,
            Some("debug") => Level::Debug,
            _ => Level::Normal,
        };
        let from_flags = match verbose {
            0 => Level::Normal,
            1 => Level::Debug,
            _ => Level::Trace,
        };
        let level = if quiet {
            Level::Quiet
        } else {
            from_env.max(from_flags)
        };
        let stderr_tty = io::stderr().is_terminal();
        Ui {
            level,
            color: stderr_tty && !env.no_color,
            stderr_tty,
            stdin_tty: io::stdin().is_terminal(),
        }
    }

    /// Whether stdin and stderr are both terminals (interactive prompts are allowed).
    pub(crate) fn is_interactive(&self) -> bool {
        self.stdin_tty && self.stderr_tty
    }

    /// Writes the payload to stdout. A closed pipe is reported as `Ok(false)` so the caller can
    /// stop quietly; other errors are returned.
    pub(crate) fn payload(&self, text: &str) -> io::Result<bool> {
        let mut out = io::stdout().lock();
        let result = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        match result {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// A progress or result message for humans, on one line (see [`clean`]).
    pub(crate) fn status(&self, msg: impl Display) {
        if self.level >= Level::Normal {
            eprintln!("{}", clean(&msg));
        }
    }

    /// A message of several lines the user must act on (shown even with `--quiet`): each line
    /// is escaped on its own, so only the breaks between `lines` are line breaks (an empty
    /// string is a blank line).
    fn prompt_lines(&self, lines: &[&dyn Display]) {
        let mut text = String::new();
        for line in lines {
            text.push_str(&clean(line));
            text.push('\n');
        }
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }

    /// A warning: shown even with `--quiet`.
    pub(crate) fn warn(&self, msg: impl Display) {
        eprintln!("{}: {}", self.paint("warning", "33"), clean(&msg));
    }

    /// A hint: the command that fixes something.
    pub(crate) fn hint(&self, msg: impl Display) {
        eprintln!("{}: {}", self.paint("hint", "36"), clean(&msg));
    }

    /// An error and its causes, as `main` reports them.
    pub(crate) fn error(&self, msg: impl Display, causes: &[String], hint: Option<&str>) {
        eprintln!("{}: {}", self.paint("error", "31"), clean(&msg));
        for cause in causes {
            eprintln!("  caused by: {}", clean(cause));
        }
        if let Some(hint) = hint {
            self.hint(hint);
        }
    }

    /// A `-v` log line; the closure runs only when the level is enabled.
    pub(crate) fn debug(&self, msg: impl FnOnce() -> String) {
        if self.level >= Level::Debug {
            eprintln!("{} {}", self.paint("debug:", "2"), clean(&msg()));
        }
    }

    /// A `-vv` log line.
    pub(crate) fn trace(&self, msg: impl FnOnce() -> String) {
        if self.level >= Level::Trace {
            eprintln!("{} {}", self.paint("trace:", "2"), clean(&msg()));
        }
    }

    /// A progress bar on stderr when it is a terminal; plain status lines otherwise.
    pub(crate) fn progress(&self, len: u64, what: &str) -> Progress {
        let bar = if self.stderr_tty && self.level >= Level::Normal {
            let bar = indicatif::ProgressBar::new(len);
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} {msg} [{bar:30}] {pos}/{len} ({elapsed})",
            )
            .map(|s| s.progress_chars("=> "));
            if let Ok(style) = style {
                bar.set_style(style);
            }
            bar.set_message(clean(&what));
            bar.enable_steady_tick(Duration::from_millis(120));
            Some(bar)
        } else {
            None
        };
        Progress {
            bar,
            ui: self.clone(),
        }
    }

    fn paint(&self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// A progress bar, or nothing (with plain lines at milestones) when stderr is not a terminal.
#[derive(Debug)]
pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    ui: Ui,
}

impl Progress {
    /// Grows the total (pages arrive as we go).
    pub(crate) fn inc_length(&self, by: u64) {
        if let Some(bar) = &self.bar {
            bar.inc_length(by);
        }
    }

    /// Marks `n` items done.
    pub(crate) fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// A line printed above the bar (or plainly without one).
    pub(crate) fn println(&self, msg: impl Display) {
        match &self.bar {
            Some(bar) => bar.println(clean(&msg)),
            None => self.ui.status(msg),
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Ui {
    /// Asks for one line of text on stderr (with `default` offered, taken on Enter). Callers
    /// check [`Ui::is_interactive`] first.
    pub(crate) fn ask(&self, prompt: &str, default: Option<&str>) -> io::Result<String> {
        // The prompt and the default are shown: escaped like every message (a default holding
        // a control character is no valid answer anyway).
        let mut input = dialoguer::Input::<String>::new().with_prompt(clean(&prompt));
        if let Some(d) = default {
            input = input.default(clean(&d));
        }
        input
            .interact_text()
            .map(|s| s.trim().to_owned())
            .map_err(|dialoguer::Error::IO(e)| e)
    }

    /// An interactive fuzzy chooser on stderr; `Ok(None)` when the user cancels (Esc/q).
    /// Callers check [`Ui::is_interactive`] first.
    pub(crate) fn choose(&self, prompt: &str, items: &[String]) -> io::Result<Option<usize>> {
        // Items name accounts and roles the service sent: one escaped line each.
        let items: Vec<String> = items.iter().map(|i| clean(i)).collect();
        dialoguer::FuzzySelect::new()
            .with_prompt(clean(&prompt))
            .items(&items)
            .default(0)
            .interact_opt()
            .map_err(|dialoguer::Error::IO(e)| e)
    }
}

impl Ui {
    /// The fuzzy picker of `awsso use` on stderr ([`crate::cli::picker`]), starting with
    /// `query`; `Ok(None)` when the person leaves it (Esc, Ctrl-C). Callers check
    /// [`Ui::is_interactive`] first.
    pub(crate) fn pick(
        &self,
        prompt: &str,
        items: &[String],
        query: &str,
    ) -> io::Result<Option<usize>> {
        crate::cli::picker::pick(prompt, items, query)
    }
}

/// The CLI's observer: what the core has to say, on stderr.
impl Observer for Ui {
    fn login_prompt(&self, auth: &UserAuth, _options: &LoginOptions) {
        // Shown even with --quiet: without it the login cannot be completed (the URL and the
        // code are never only in a browser tab).
        match &auth.user_code {
            // The device flow: the code is always printed next to the page to enter it on, even
            // when the service's complete URL carries it (it may not fill it in).
            Some(code) => {
                let intro = format!(
                    "To log in to {}, open this URL in a browser on any device:",
                    auth.start_url
                );
                let url = format!("  {}", auth.verification_uri);
                let code_line = format!("and enter (or confirm) the code: {code}");
                let mut block: Vec<&dyn Display> = vec![&intro, &"", &url, &"", &code_line];
                let complete = auth
                    .verification_uri_complete
                    .as_deref()
                    .filter(|c| *c != auth.verification_uri)
                    .map(|c| format!("(or open {c}, which may fill the code in)"));
                if let Some(complete) = &complete {
                    block.push(complete);
                }
                block.push(&"");
                self.prompt_lines(&block);
            }
            None => {
                let intro = format!(
                    "Logging in to {} in your browser. If it does not open, visit this URL:",
                    auth.start_url
                );
                let url = format!("  {}", auth.verification_uri);
                self.prompt_lines(&[&intro, &"", &url, &""]);
            }
        }
        if let Some(forward) = &auth.ssh_forward {
            let forward = format!("  {forward}");
            self.prompt_lines(&[
                &"Over SSH: the browser's redirect must reach this machine. On the machine with the browser, run first:",
                &"",
                &forward,
                &"",
            ]);
        }
    }

    fn warn(&self, message: &str) {
        Ui::warn(self, message);
    }

    fn log(&self, level: Verbosity, message: &dyn Fn() -> String) {
        match level {
            Verbosity::Debug => self.debug(message),
            Verbosity::Trace => self.trace(message),
        }
    }

    fn hint(&self, error: &SsoError) -> Option<String> {
        error.hint()
    }
}

/// A message for the terminal, on ONE line: everything [`for_terminal`] escapes — escape
/// sequences, bidi controls and every line break (`\n`, `\r`, U+0085, U+2028, U+2029, vertical
/// tab, form feed) — is shown, not obeyed, so a value from a file or a server cannot forge a
/// line of its own. A message of several lines is one escaped line each (the login prompt).
fn clean(msg: &dyn Display) -> String {
    for_terminal(&msg.to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn a_message_is_one_line_whatever_it_holds() {
        for separator in [
            "\n", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}", "\u{b}", "\u{c}",
        ] {
            let forged = format!("https://x.awsapps.com/start{separator}Logged in to prod");
            let shown = clean(&format!("Logged out of {forged}"));
            assert!(
                !shown.contains(|c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')),
                "{separator:?}: {shown:?}"
            );
            assert!(
                shown.starts_with("Logged out of https://x.awsapps.com/start\\"),
                "{shown}"
            );
        }
        assert_eq!(clean(&"Zürich – ok"), "Zürich – ok");
    }
}
