//! Pretty-printing response bodies (JSON, XML) into lines of typed tokens, as text only:
//! the view renders tokens as text nodes, never as HTML. JSON keeps the document's key
//! order and number spelling. Large documents are split into collapsible sections, one
//! per top-level member (JSON) or child of the root element (XML).

use super::json::{Value, parse, quote};
#[cfg(test)]
use token_store::json::is_number;

/// Documents longer than this many lines are shown in collapsible sections.
pub const COLLAPSE_LINES: usize = 40;
/// Deeper nesting than this is shown raw: the JSON reader's limit (`token_store::json`).
#[cfg(test)]
const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Punct,
    Key,
    Str,
    Num,
    Lit,
    Tag,
    Text,
    Comment,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub text: String,
    /// An http(s) URL in a JSON string, offered to the console.
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub depth: usize,
    pub tokens: Vec<Token>,
    /// First line of a top-level member: a section starts here.
    pub starts_member: bool,
}

impl Line {
    pub fn text(&self) -> String {
        let mut s = "  ".repeat(self.depth);
        self.tokens.iter().for_each(|t| s.push_str(&t.text));
        s
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `None`: always shown; `Some`: a collapsible member with this summary.
    pub summary: Option<String>,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

/// The body pretty-printed, or `None` when it is neither JSON nor XML.
pub fn pretty(body: &str, content_type: Option<&str>) -> Option<(Format, Vec<Section>)> {
    let ct = content_type.unwrap_or_default().to_ascii_lowercase();
    let t = body.trim_start();
    let lines = if ct.contains("json") || t.starts_with('{') || t.starts_with('[') {
        json_lines(body).map(|l| (Format::Json, l))
    } else if ct.contains("xml") || t.starts_with('<') && !ct.contains("html") {
        xml_lines(body).map(|l| (Format::Xml, l))
    } else {
        None
    }?;
    Some((lines.0, sections(lines.1)))
}

/// One section for a short document; otherwise the root's opening and closing lines
/// plus a collapsible section per member.
pub fn sections(lines: Vec<Line>) -> Vec<Section> {
    if lines.len() <= COLLAPSE_LINES {
        return vec![Section { summary: None, lines }];
    }
    let mut out: Vec<Section> = Vec::new();
    for line in lines {
        if line.starts_member {
            let mut summary: String = line.text().trim().chars().take(80).collect();
            summary.push_str(" …");
            out.push(Section {
                summary: Some(summary),
                lines: vec![line],
            });
            continue;
        }
        // The root's own lines gather in unnamed sections; others continue their member.
        match out.last_mut() {
            Some(s) if line.depth > 0 || s.summary.is_none() => s.lines.push(line),
            _ => out.push(Section {
                summary: None,
                lines: vec![line],
            }),
        }
    }
    out
}

fn tok(kind: Kind, text: impl Into<String>) -> Token {
    Token {
        kind,
        text: text.into(),
        link: None,
    }
}

fn str_token(kind: Kind, s: &str) -> Token {
    let link = (s.starts_with("https://") || s.starts_with("http://")).then(|| s.to_owned());
    Token {
        kind,
        text: quote(s),
        link: link.filter(|_| kind == Kind::Str),
    }
}

fn emit(v: &Value, depth: usize, mut first: Vec<Token>, last: bool, out: &mut Vec<Line>) {
    let comma = |tokens: &mut Vec<Token>| {
        if !last {
            tokens.push(tok(Kind::Punct, ","));
        }
    };
    let starts_member = depth == 1;
    let (open, close, empty) = match v {
        Value::Array(items) => ("[", "]", items.is_empty()),
        Value::Object(members) => ("{", "}", members.is_empty()),
        scalar => {
            first.push(match scalar {
                Value::String(s) => str_token(Kind::Str, s),
                Value::Number(n) => tok(Kind::Num, n.clone()),
                Value::Bool(b) => tok(Kind::Lit, if *b { "true" } else { "false" }),
                _ => tok(Kind::Lit, "null"),
            });
            comma(&mut first);
            return out.push(Line {
                depth,
                tokens: first,
                starts_member,
            });
        }
    };
    if empty {
        first.push(tok(Kind::Punct, format!("{open}{close}")));
        comma(&mut first);
        return out.push(Line {
            depth,
            tokens: first,
            starts_member,
        });
    }
    first.push(tok(Kind::Punct, open));
    out.push(Line {
        depth,
        tokens: first,
        starts_member,
    });
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                emit(item, depth + 1, Vec::new(), i + 1 == items.len(), out);
            }
        }
        Value::Object(members) => {
            for (i, (k, item)) in members.iter().enumerate() {
                let key = vec![str_token(Kind::Key, k), tok(Kind::Punct, ": ")];
                emit(item, depth + 1, key, i + 1 == members.len(), out);
            }
        }
        _ => {}
    }
    let mut end = vec![tok(Kind::Punct, close)];
    comma(&mut end);
    out.push(Line {
        depth,
        tokens: end,
        starts_member: false,
    });
}

/// JSON as indented lines; `None` when it does not parse.
pub fn json_lines(body: &str) -> Option<Vec<Line>> {
    let v = parse(body).ok()?;
    let mut out = Vec::new();
    emit(&v, 0, Vec::new(), true, &mut out);
    Some(out)
}

#[path = "pretty_xml.rs"]
mod xml;
pub use xml::xml_lines;

#[cfg(test)]
#[path = "pretty_tests.rs"]
mod tests;
