//! Pretty-printing response bodies (JSON, XML) into lines of typed tokens, as text only:
//! the view renders tokens as text nodes, never as HTML. JSON keeps the document's key
//! order and number spelling. Large documents are split into collapsible sections, one
//! per top-level member (JSON) or child of the root element (XML).

/// Documents longer than this many lines are shown in collapsible sections.
pub const COLLAPSE_LINES: usize = 40;
/// Deeper nesting than this is shown raw (and keeps the parser's stack small).
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

#[derive(Debug)]
enum J {
    Lit(String),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.ws();
        (self.s.get(self.i) == Some(&b)).then(|| self.i += 1)
    }

    fn value(&mut self, depth: usize) -> Option<J> {
        self.ws();
        if depth > MAX_DEPTH {
            return None;
        }
        match *self.s.get(self.i)? {
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                if self.eat(b'}').is_some() {
                    return Some(J::Obj(members));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.eat(b':')?;
                    members.push((key, self.value(depth + 1)?));
                    if self.eat(b',').is_none() {
                        self.eat(b'}')?;
                        return Some(J::Obj(members));
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                if self.eat(b']').is_some() {
                    return Some(J::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b',').is_none() {
                        self.eat(b']')?;
                        return Some(J::Arr(items));
                    }
                }
            }
            b'"' => self.string().map(J::Str),
            b't' | b'f' | b'n' => {
                let lit = ["true", "false", "null"]
                    .into_iter()
                    .find(|l| self.s[self.i..].starts_with(l.as_bytes()))?;
                self.i += lit.len();
                Some(J::Lit(lit.into()))
            }
            _ => {
                let start = self.i;
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|b| b"+-.eE".contains(b) || b.is_ascii_digit())
                {
                    self.i += 1;
                }
                let n = std::str::from_utf8(&self.s[start..self.i]).ok()?;
                is_number(n).then(|| J::Num(n.to_owned()))
            }
        }
    }

    /// A JSON string at `i` (which holds `"`), unescaped.
    fn string(&mut self) -> Option<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return None;
        }
        let start = self.i;
        self.i += 1;
        loop {
            match *self.s.get(self.i)? {
                b'"' => break,
                b'\\' => self.i += 2,
                _ => self.i += 1,
            }
        }
        self.i += 1;
        let raw = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        serde_json::from_str::<serde_json::Value>(raw)
            .ok()?
            .as_str()
            .map(str::to_owned)
    }
}

/// JSON's number grammar (RFC 8259 §6), checked by hand: no float parser in the wasm.
fn is_number(n: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let n = n.strip_prefix('-').unwrap_or(n);
    let (mantissa, exp) = match n.find(['e', 'E']) {
        Some(i) => (&n[..i], Some(&n[i + 1..])),
        None => (n, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let exp_ok = exp.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    digits(int) && (int == "0" || !int.starts_with('0')) && frac.is_none_or(digits) && exp_ok
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
        text: serde_json::to_string(s).unwrap_or_default(),
        link: link.filter(|_| kind == Kind::Str),
    }
}

fn emit(v: &J, depth: usize, mut first: Vec<Token>, last: bool, out: &mut Vec<Line>) {
    let comma = |tokens: &mut Vec<Token>| {
        if !last {
            tokens.push(tok(Kind::Punct, ","));
        }
    };
    let starts_member = depth == 1;
    let (open, close, empty) = match v {
        J::Arr(items) => ("[", "]", items.is_empty()),
        J::Obj(members) => ("{", "}", members.is_empty()),
        scalar => {
            first.push(match scalar {
                J::Str(s) => str_token(Kind::Str, s),
                J::Num(n) => tok(Kind::Num, n.clone()),
                J::Lit(l) => tok(Kind::Lit, l.clone()),
                _ => tok(Kind::Punct, ""),
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
        J::Arr(items) => {
            for (i, item) in items.iter().enumerate() {
                emit(item, depth + 1, Vec::new(), i + 1 == items.len(), out);
            }
        }
        J::Obj(members) => {
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
    let mut p = Parser {
        s: body.as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i != body.len() {
        return None;
    }
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
