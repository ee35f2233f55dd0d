//! XML re-indented: one tag per line, an element holding only text on one line.
//! Lenient (no well-formedness check); `None` when a markup construct is left open.

use super::{Kind, Line, tok};

#[derive(Debug, PartialEq)]
enum Item<'a> {
    Open(&'a str),
    Close(&'a str),
    /// Self-closing tags, comments, `<?…?>`, `<!DOCTYPE …>`.
    Single(&'a str, Kind),
    Text(&'a str),
}

/// The end of the construct starting at `s[0] == '<'`, quotes in tags respected.
fn markup_end(s: &str) -> Option<usize> {
    for (open, close) in [("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")] {
        if s.starts_with(open) {
            return s.find(close).map(|i| i + close.len());
        }
    }
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn items(body: &str) -> Option<Vec<Item<'_>>> {
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                let end = markup_end(rest)?;
                let m = &rest[..end];
                out.push(if m.starts_with("</") {
                    Item::Close(m)
                } else if m.starts_with("<![CDATA[") {
                    Item::Text(m)
                } else if m.starts_with("<!") || m.starts_with("<?") {
                    Item::Single(m, Kind::Comment)
                } else if m.ends_with("/>") {
                    Item::Single(m, Kind::Tag)
                } else {
                    Item::Open(m)
                });
                rest = &rest[end..];
            }
            found => {
                let end = found.unwrap_or(rest.len());
                let text = rest[..end].trim();
                if !text.is_empty() {
                    out.push(Item::Text(text));
                }
                rest = &rest[end..];
            }
        }
    }
    out.iter().any(|i| !matches!(i, Item::Text(_))).then_some(out)
}

/// XML as indented lines.
pub fn xml_lines(body: &str) -> Option<Vec<Line>> {
    let items = items(body.trim())?;
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < items.len() {
        let line = |depth: usize, tokens| Line {
            depth,
            tokens,
            starts_member: depth == 1,
        };
        match (&items[i], items.get(i + 1), items.get(i + 2)) {
            (Item::Open(o), Some(Item::Text(t)), Some(Item::Close(c))) => {
                out.push(line(
                    depth,
                    vec![tok(Kind::Tag, *o), tok(Kind::Text, *t), tok(Kind::Tag, *c)],
                ));
                i += 3;
                continue;
            }
            (Item::Open(o), Some(Item::Close(c)), _) => {
                out.push(line(depth, vec![tok(Kind::Tag, *o), tok(Kind::Tag, *c)]));
                i += 2;
                continue;
            }
            (Item::Open(o), _, _) => {
                out.push(line(depth, vec![tok(Kind::Tag, *o)]));
                depth += 1;
            }
            (Item::Close(c), _, _) => {
                depth = depth.saturating_sub(1);
                out.push(Line {
                    starts_member: false,
                    ..line(depth, vec![tok(Kind::Tag, *c)])
                });
            }
            (Item::Single(s, kind), _, _) => out.push(line(depth, vec![tok(*kind, *s)])),
            (Item::Text(t), _, _) => out.push(line(depth, vec![tok(Kind::Text, *t)])),
        }
        i += 1;
    }
    Some(out)
}
