//! What the core has to tell a person, as events to a handler the caller supplies.
//!
//! The core never prints. During a login it must show a URL (and, for the device flow, a code);
//! along the way it has warnings ("could not refresh the token; using it until it expires") and
//! debug lines. It hands them to an [`Observer`]: the CLI's renders them on stderr through its
//! terminal printer, the library's ([`Library`]) passes warnings and debug lines to the
//! program's [`Event`] handler and prints the program's login message template (or nothing).
//! Whatever the observer, [`traced`] also emits warnings and debug lines as `tracing` events
//! (target `awsso`); nothing here installs a subscriber, and without one they cost nothing.

use std::fmt::Debug;
use std::sync::Arc;
use std::time::SystemTime;

use crate::sso::SsoError;
use crate::sso::login_options::LoginOptions;

/// What a person needs to complete an interactive login.
///
/// For the device code flow: the verification URI, the code to confirm, the URI with the code
/// filled in, and when the code expires. For the authorization code flow (PKCE) in a browser:
/// the authorize URL only (`user_code` is `None`).
///
/// ```
/// let options = awsso::LoginOptions::default().handler(|auth: &awsso::UserAuth| {
///     match &auth.user_code {
///         Some(code) => eprintln!("open {} and check the code {code}", auth.verification_uri),
///         None => eprintln!("open {}", auth.url()),
///     }
/// });
/// # let _ = options;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserAuth {
    /// The Identity Center start URL being logged in to.
    pub start_url: String,
    /// The URL to open: the device verification page, or the PKCE authorize URL.
    pub verification_uri: String,
    /// The code to confirm on that page (device flow only).
    pub user_code: Option<String>,
    /// The verification URL with the code filled in (device flow only).
    pub verification_uri_complete: Option<String>,
    /// When the device code expires (device flow only).
    pub expires_at: Option<SystemTime>,
    /// Over SSH, with the browser flow: the command that forwards the login's loopback port
    /// from the person's machine (`ssh -L PORT:127.0.0.1:PORT HOST`).
    pub ssh_forward: Option<String>,
}

impl UserAuth {
    /// The URL to show or open: the complete verification URI when there is one.
    ///
    /// ```
    /// let options = awsso::LoginOptions::default()
    ///     .handler(|auth: &awsso::UserAuth| eprintln!("open {}", auth.url()));
    /// # let _ = options;
    /// ```
    pub fn url(&self) -> &str {
        self.verification_uri_complete
            .as_deref()
            .unwrap_or(&self.verification_uri)
    }
}

/// How loud a diagnostic line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// Decisions and API calls (`-v`).
    Debug,
    /// Every step (`-vv`).
    Trace,
}

/// Something the library has to tell a program that does not stop the operation: what the
/// `awsso` CLI shows as `warning: …` lines and, with `-v` and `-vv`, as debug lines. Receive
/// them with [`SsoBuilder::on_event`](crate::SsoBuilder::on_event); they are also emitted as
/// `tracing` events with the target `awsso`.
///
/// ```
/// let event = awsso::Event::Warning("AWS_CA_BUNDLE=/x cannot be read".into());
/// if let awsso::Event::Warning(text) = &event {
///     assert!(text.contains("AWS_CA_BUNDLE"));
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// Something a person should know, e.g. "could not refresh the SSO token: …; using it until
    /// it expires at …".
    Warning(String),
    /// A step: a token lifecycle decision, an API call, a wait for another process's lock.
    Debug(String),
    /// A finer step (a loopback connection, a pending device authorization).
    Trace(String),
}

/// Receives what the core has to say. Implementations must be cheap when a level is off: the
/// message closure is only called when the line will be shown.
pub(crate) trait Observer: Send + Sync + Debug {
    /// A login needs the person: show `auth` (the login's options carry the caller's message
    /// template and handler). Called once per login, before waiting.
    fn login_prompt(&self, auth: &UserAuth, options: &LoginOptions);
    /// Something the person should know, that does not stop the operation.
    fn warn(&self, message: &str);
    /// A diagnostic line.
    fn log(&self, level: Verbosity, message: &dyn Fn() -> String);
    /// The fix for `error` in the front end's words, when it has one (the CLI names its
    /// commands; a library has none to name).
    fn hint(&self, _error: &SsoError) -> Option<String> {
        None
    }
}

/// A program's handler of [`Event`]s.
pub(crate) type EventHandler = Arc<dyn Fn(&Event) + Send + Sync>;

/// The library's observer: prints the login message template, if any, and passes warnings and
/// debug lines to the program's handler, if any.
#[derive(Clone, Default)]
pub(crate) struct Library {
    /// The program's handler.
    pub(crate) on_event: Option<EventHandler>,
}

impl Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library")
            .field("on_event", &self.on_event.as_ref().map(|_| "Fn(&Event)"))
            .finish()
    }
}

impl Observer for Library {
    fn login_prompt(&self, auth: &UserAuth, options: &LoginOptions) {
        if let Some(text) = options.render_message(auth) {
            #[allow(clippy::print_stderr)]
            // the library's documented default: the seed's message on stderr
            {
                eprintln!("{text}");
            }
        }
    }

    fn warn(&self, message: &str) {
        if let Some(on_event) = &self.on_event {
            on_event(&Event::Warning(message.to_owned()));
        }
    }

    fn log(&self, level: Verbosity, message: &dyn Fn() -> String) {
        if let Some(on_event) = &self.on_event {
            on_event(&match level {
                Verbosity::Debug => Event::Debug(message()),
                Verbosity::Trace => Event::Trace(message()),
            });
        }
    }
}

/// `observer`, also emitting its warnings and debug lines as `tracing` events.
pub(crate) fn traced(observer: Arc<dyn Observer>) -> Arc<dyn Observer> {
    Arc::new(Traced(observer))
}

#[derive(Debug)]
struct Traced(Arc<dyn Observer>);

impl Observer for Traced {
    fn login_prompt(&self, auth: &UserAuth, options: &LoginOptions) {
        self.0.login_prompt(auth, options);
    }

    fn warn(&self, message: &str) {
        tracing::warn!(target: "awsso", "{message}");
        self.0.warn(message);
    }

    fn log(&self, level: Verbosity, message: &dyn Fn() -> String) {
        // The macros format only when a subscriber wants the event.
        match level {
            Verbosity::Debug => tracing::debug!(target: "awsso", "{}", message()),
            Verbosity::Trace => tracing::trace!(target: "awsso", "{}", message()),
        }
        self.0.log(level, message);
    }

    fn hint(&self, error: &SsoError) -> Option<String> {
        self.0.hint(error)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A `tracing` subscriber that keeps each event's level, target and message.
    #[derive(Default)]
    struct Recorder(Mutex<Vec<(tracing::Level, String, String)>>);

    struct Message(String);

    impl tracing::field::Visit for Message {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
            if field.name() == "message" {
                self.0 = format!("{value:?}");
            }
        }
    }

    impl tracing::Subscriber for Recorder {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            let mut message = Message(String::new());
            event.record(&mut message);
            let meta = event.metadata();
            self.0
                .lock()
                .unwrap()
                .push((*meta.level(), meta.target().to_owned(), message.0));
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    #[test]
    fn warnings_and_debug_lines_go_to_tracing_and_the_handler() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        let observer = traced(Arc::new(Library {
            on_event: Some(Arc::new(move |e: &Event| {
                record.lock().unwrap().push(e.clone());
            })),
        }));
        let recorder = Arc::new(Recorder::default());
        tracing::subscriber::with_default(Arc::clone(&recorder), || {
            observer.warn("the token could not be refreshed");
            observer.log(Verbosity::Debug, &|| "token lifecycle: Use".to_owned());
            observer.log(Verbosity::Trace, &|| "authorization pending".to_owned());
        });
        assert_eq!(
            *recorder.0.lock().unwrap(),
            [
                (
                    tracing::Level::WARN,
                    "awsso".to_owned(),
                    "the token could not be refreshed".to_owned()
                ),
                (
                    tracing::Level::DEBUG,
                    "awsso".to_owned(),
                    "token lifecycle: Use".to_owned()
                ),
                (
                    tracing::Level::TRACE,
                    "awsso".to_owned(),
                    "authorization pending".to_owned()
                ),
            ]
        );
        assert_eq!(
            *seen.lock().unwrap(),
            [
                Event::Warning("the token could not be refreshed".into()),
                Event::Debug("token lifecycle: Use".into()),
                Event::Trace("authorization pending".into()),
            ]
        );
    }
}
