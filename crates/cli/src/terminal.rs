//! Provider text on a terminal. A response must not drive the terminal: ECMA-48 control
//! sequences recolour, move the cursor, clear the screen or retitle the window, and a bare
//! carriage return or a bidirectional override (Unicode UAX #9) hides or reorders what is
//! shown. Such characters are printed as visible `\u{…}` escapes instead.

use std::borrow::Cow;
use std::io::Write;

/// One line of provider text (a problem's advice, `debug_sbs`, a token, a header): every
/// control character is escaped, line breaks and tabs too, so it cannot fake a line of ours.
pub fn printable_line(text: &str) -> Cow<'_, str> {
    printable(text, false)
}

/// Provider text of several lines (a response body, an error that quotes one): as
/// [`printable_line`], but tabs, line feeds and the carriage return of a CRLF are kept.
pub fn printable_text(text: &str) -> Cow<'_, str> {
    printable(text, true)
}

fn printable(text: &str, lines: bool) -> Cow<'_, str> {
    let mut chars = text.chars().peekable();
    let mut out = String::new();
    let mut changed = false;
    while let Some(c) = chars.next() {
        let kept = match c {
            '\n' | '\t' => lines,
            '\r' => lines && chars.peek() == Some(&'\n'),
            _ => !is_control(c),
        };
        if kept {
            out.push(c);
        } else {
            changed = true;
            out.extend(c.escape_unicode());
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// C0, DEL, C1, and the bidirectional marks, embeddings, overrides and isolates.
fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A response body on stdout: as it came when stdout is a file or a pipe (a download stays
/// exact), [`printable_text`] when it is a terminal.
pub fn write_body(out: &mut impl Write, body: &[u8], terminal: bool) -> std::io::Result<()> {
    if terminal {
        out.write_all(printable_text(&String::from_utf8_lossy(body)).as_bytes())
    } else {
        out.write_all(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "\u{1b}[31mred\u{1b}]0;title\u{7} \u{202e}txt.exe\r\nnext\tline\rover\u{9b}2J\u{7f}";

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(
            printable_line(HOSTILE),
            "\\u{1b}[31mred\\u{1b}]0;title\\u{7} \\u{202e}txt.exe\\u{d}\\u{a}next\\u{9}line\\u{d}over\\u{9b}2J\\u{7f}"
        );
        assert_eq!(
            printable_text(HOSTILE),
            "\\u{1b}[31mred\\u{1b}]0;title\\u{7} \\u{202e}txt.exe\r\nnext\tline\\u{d}over\\u{9b}2J\\u{7f}"
        );
        // Plain text, Unicode included, is not copied; escaping twice changes nothing.
        assert!(matches!(printable_line("héllo ✓ 日本"), Cow::Borrowed(_)));
        let once = printable_text(HOSTILE).into_owned();
        assert_eq!(printable_text(&once), once);
    }

    #[test]
    fn a_body_is_exact_in_a_pipe_and_escaped_on_a_terminal() {
        let body = b"ok\x1b[2J\xff\n";
        let mut piped = Vec::new();
        write_body(&mut piped, body, false).unwrap();
        assert_eq!(piped, body);
        let mut shown = Vec::new();
        write_body(&mut shown, body, true).unwrap();
        assert_eq!(String::from_utf8(shown).unwrap(), "ok\\u{1b}[2J\u{fffd}\n");
    }
}
