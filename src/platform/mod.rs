//! What differs between unix (Linux, macOS, WSL) and Windows, one module per concern, each
//! cfg-gated inside: the decisions are pure functions tested on every platform, the system
//! calls around them thin.

// Processes: signals and console events, exit statuses, the browser.
pub(crate) mod browser;
pub(crate) mod process;
pub(crate) mod signals;
