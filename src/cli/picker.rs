//! The fuzzy picker of `awsso use`: a query line and the matching items, drawn on stderr (the
//! terminal; stdout belongs to the shell function that evaluates `use`'s output), chosen with
//! the arrow keys and Enter, left with Esc or Ctrl-C.
//!
//! I/O (the terminal); the filtering ([`filter`]) is pure.
//!
//! Why not dialoguer's `FuzzySelect` (which `awsso configure` and `write-default` use): on
//! Ctrl-C it raises SIGINT in the middle of its drawing, so the process dies with the cursor
//! hidden and the list left on the screen; and it sorts matches with an unstable sort, so
//! with an empty query the recently used items do not stay first. This picker reads keys
//! with the same terminal crate (`console`, which puts the terminal in raw mode only while it
//! waits for one key and restores it before returning, Ctrl-C included: `read_key_raw`
//! returns it as a key instead of raising SIGINT) and scores with the same matcher
//! (`fuzzy-matcher`'s skim algorithm), keeping ties in the given order. It never hides the
//! cursor, and a guard clears what it drew on every way out, so the terminal is left as it
//! was found.

use std::io::{self, Write as _};

use console::{Key, Term};
use fuzzy_matcher::FuzzyMatcher as _;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::escape::for_terminal;

/// The most items shown at once.
const MAX_ROWS: usize = 12;

/// The indexes of `items` matching `query`, best first; ties (and every item, for an empty
/// query) keep their order in `items`. Pure.
pub(crate) fn filter(items: &[String], query: &str) -> Vec<usize> {
    if query.is_empty() {
        return (0..items.len()).collect();
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut scored: Vec<(i64, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| matcher.fuzzy_match(item, query).map(|s| (s, i)))
        .collect();
    // A stable sort: equal scores keep the given (recent-first) order.
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// Clears what the picker drew when it goes away, however it goes.
struct Screen {
    term: Term,
    drawn: bool,
}

impl Screen {
    fn clear(&mut self) -> io::Result<()> {
        if self.drawn {
            self.term.write_str("\r")?;
            self.term.clear_to_end_of_screen()?;
            self.drawn = false;
        }
        self.term.flush()
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.clear();
    }
}

/// Shows the picker on the terminal (stderr) and returns the index of the chosen item, or
/// `None` when the person pressed Esc or Ctrl-C. `query` is the starting text. Callers make
/// sure stdin and stderr are terminals.
pub(crate) fn pick(prompt: &str, items: &[String], query: &str) -> io::Result<Option<usize>> {
    let mut screen = Screen {
        term: Term::stderr(),
        drawn: false,
    };
    let mut query = query.to_owned();
    let mut selected = 0_usize;
    let mut first = 0_usize;
    loop {
        let matches = filter(items, &query);
        selected = selected.min(matches.len().saturating_sub(1));
        let (rows, cols) = screen.term.size();
        let visible = MAX_ROWS.min(usize::from(rows).saturating_sub(2)).max(1);
        if selected < first {
            first = selected;
        } else if selected >= first + visible {
            first = selected + 1 - visible;
        }
        draw(
            &mut screen,
            prompt,
            &query,
            items,
            &matches,
            selected,
            first,
            visible,
            cols,
        )?;
        match screen.term.read_key_raw()? {
            Key::Enter if !matches.is_empty() => return Ok(Some(matches[selected])),
            Key::Escape | Key::CtrlC => return Ok(None),
            Key::ArrowUp | Key::BackTab => selected = selected.saturating_sub(1),
            Key::ArrowDown | Key::Tab if selected + 1 < matches.len() => selected += 1,
            Key::PageUp => selected = selected.saturating_sub(visible),
            Key::PageDown => selected = (selected + visible).min(matches.len().saturating_sub(1)),
            Key::Home => selected = 0,
            Key::End => selected = matches.len().saturating_sub(1),
            Key::Backspace => {
                query.pop();
                selected = 0;
                first = 0;
            }
            // Ctrl-U: clear the query, as in a shell.
            Key::Char('\u{15}') => {
                query.clear();
                selected = 0;
                first = 0;
            }
            Key::Char(c) if !c.is_control() => {
                query.push(c);
                selected = 0;
                first = 0;
            }
            _ => {}
        }
    }
}

/// Draws the query line and the visible items, and leaves the cursor after the query.
#[allow(clippy::too_many_arguments)]
fn draw(
    screen: &mut Screen,
    prompt: &str,
    query: &str,
    items: &[String],
    matches: &[usize],
    selected: usize,
    first: usize,
    visible: usize,
    cols: u16,
) -> io::Result<()> {
    let width = usize::from(cols).max(20) - 1;
    let head = format!("{prompt} ({}/{}): ", matches.len(), items.len());
    let query_shown = for_terminal(query);
    let mut text = String::new();
    let first_line =
        console::truncate_str(&format!("{head}{query_shown}"), width, "…").into_owned();
    text.push_str(&first_line);
    let mut lines = 1_usize;
    for (row, &index) in matches.iter().enumerate().skip(first).take(visible) {
        let marker = if row == selected { "> " } else { "  " };
        let item = for_terminal(&items[index]);
        let line = console::truncate_str(&format!("{marker}{item}"), width, "…").into_owned();
        text.push('\n');
        if row == selected {
            text.push_str(&console::style(line).for_stderr().reverse().to_string());
        } else {
            text.push_str(&line);
        }
        lines += 1;
    }
    if matches.is_empty() {
        text.push_str("\n  (nothing matches)");
        lines += 1;
    }
    if screen.drawn {
        screen.term.write_str("\r")?;
        screen.term.clear_to_end_of_screen()?;
    }
    screen.drawn = true;
    screen.term.write_str(&text)?;
    screen.term.move_cursor_up(lines - 1)?;
    screen.term.write_str("\r")?;
    screen
        .term
        .move_cursor_right(console::measure_text_width(&first_line))?;
    screen.term.flush()?;
    let _ = io::stderr().flush();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_keeps_the_order_and_ties_stay_in_order() {
        let items: Vec<String> = ["prod/Admin", "dev/Admin", "stage/Admin"]
            .map(String::from)
            .to_vec();
        assert_eq!(filter(&items, ""), [0, 1, 2]);
        assert_eq!(filter(&items, "admin"), [0, 1, 2]);
        assert_eq!(filter(&items, "dev"), [1]);
        assert_eq!(filter(&items, "zzz"), Vec::<usize>::new());
    }

    #[test]
    fn better_matches_come_first() {
        let items: Vec<String> = ["account-001 Role0", "acc 0 unt", "account-000 Role1"]
            .map(String::from)
            .to_vec();
        let found = filter(&items, "account-000");
        assert_eq!(found.first(), Some(&2), "{found:?}");
    }
}
