//! What differs between unix (Linux, macOS, WSL) and Windows, one module per concern, each
//! cfg-gated inside: the decisions are pure functions tested on every platform, the system
//! calls around them thin. Everything above this module ([`crate::fsutil`], `awsso doctor`,
//! `serve`, `exec`, the login's browser) is written once for both.
//!
//! Processes: [`signals`] (signals and console events), [`process`] (exit statuses),
//! [`browser`] (which opener to try, WSL and macOS included). Files:
//!
//! | concern | unix | Windows |
//! |---|---|---|
//! | private files and folders ([`security`]) | modes `0600` / `0700` | protected DACL: the user, SYSTEM, Administrators |
//! | owned by someone else ([`identity`], [`modes`], [`acl`]) | uid against the effective uid (root trusted for folders) | owner SID against the token's user and default owner (SYSTEM, Administrators trusted for folders) |
//! | others can write a folder ([`modes`], [`acl`]) | group/other write bits; sticky folders and the user private group excepted | ACL entries for other accounts with write, delete, or DACL/owner rights |
//! | no-follow opens ([`open`]) | `O_NOFOLLOW \| O_NONBLOCK`, `fstat` | `FILE_FLAG_OPEN_REPARSE_POINT`, reparse points refused, `GetFileType == FILE_TYPE_DISK` |
//! | atomic replacement ([`replace`]) | `rename`, `fsync` of the folder | `rename`, retried while another process holds the file open |
//! | home folder ([`home`]) | `HOME` | `USERPROFILE` (as the AWS CLI) |
//! | fix commands ([`fix`]) | `chmod`, `chown`, `rm` | `icacls`, `takeown`, `del` |
//! | runnable programs ([`program`]) | an execute bit | any file; `PATHEXT` extensions |
//!
//! The decisions ([`access`], [`modes`], [`acl`], [`home`], [`fix`], [`program`], the retry
//! policy in [`replace`]) are pure and compiled on every platform, so both platforms' rules are
//! unit-tested on each. The system calls are `cfg`-gated: unix through `libc` (in [`identity`]),
//! Windows through `windows-sys` in `win`, where every Windows `unsafe` block is.

pub(crate) mod access;
// Unix's rules, compiled everywhere so that they are tested everywhere.
#[cfg_attr(not(unix), allow(dead_code))]
pub(crate) mod modes;
// Windows' rules, compiled everywhere so that they are tested everywhere.
#[cfg_attr(not(windows), allow(dead_code))]
pub(crate) mod acl;
pub(crate) mod fix;
pub(crate) mod home;
pub(crate) mod identity;
pub(crate) mod open;
pub(crate) mod program;
pub(crate) mod replace;
pub(crate) mod security;
#[cfg(windows)]
mod win;

pub(crate) use access::Os;

// Processes: signals and console events, exit statuses, the browser.
pub(crate) mod browser;
// Only `awsso console` opens a chosen browser.
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) mod browser_choice;
pub(crate) mod process;
pub(crate) mod signals;
