//! `url[..Position::AfterHost]` and the like: the url crate's slicing by component.

use std::ops::{Index, Range, RangeFrom, RangeTo};

use super::Url;

#[derive(Copy, Clone, Debug)]
pub enum Position {
    BeforeScheme,
    AfterScheme,
    BeforeUsername,
    AfterUsername,
    BeforePassword,
    AfterPassword,
    BeforeHost,
    AfterHost,
    BeforePort,
    AfterPort,
    BeforePath,
    AfterPath,
    BeforeQuery,
    AfterQuery,
    BeforeFragment,
    AfterFragment,
}

impl Url {
    fn offset(&self, position: Position) -> usize {
        let len = self.serialization.len();
        let has_password = self.has_authority() && self.serialization[self.username_end..].starts_with(':');
        let port_len = self.port.map_or(0, |p| 1 + p.to_string().len());
        match position {
            Position::BeforeScheme => 0,
            Position::AfterScheme => self.scheme_end,
            Position::BeforeUsername if self.has_authority() => self.scheme_end + 3,
            Position::BeforeUsername => self.scheme_end + 1,
            Position::AfterUsername => self.username_end,
            Position::BeforePassword if has_password => self.username_end + 1,
            Position::BeforePassword => self.username_end,
            Position::AfterPassword if has_password => self.host_start - 1,
            Position::AfterPassword => self.host_start,
            Position::BeforeHost => self.host_start,
            Position::AfterHost => self.host_end,
            Position::BeforePort => self.host_end + usize::from(self.port.is_some()),
            Position::AfterPort => self.host_end + port_len,
            Position::BeforePath => self.path_start,
            Position::AfterPath => self.query_start.or(self.fragment_start).unwrap_or(len),
            Position::BeforeQuery => match (self.query_start, self.fragment_start) {
                (Some(q), _) => q + 1,
                (None, Some(f)) => f,
                (None, None) => len,
            },
            Position::AfterQuery => self.fragment_start.unwrap_or(len),
            Position::BeforeFragment => self.fragment_start.map_or(len, |f| f + 1),
            Position::AfterFragment => len,
        }
    }
}

impl Index<RangeTo<Position>> for Url {
    type Output = str;
    fn index(&self, range: RangeTo<Position>) -> &str {
        &self.serialization[..self.offset(range.end)]
    }
}

impl Index<RangeFrom<Position>> for Url {
    type Output = str;
    fn index(&self, range: RangeFrom<Position>) -> &str {
        &self.serialization[self.offset(range.start)..]
    }
}

impl Index<Range<Position>> for Url {
    type Output = str;
    fn index(&self, range: Range<Position>) -> &str {
        &self.serialization[self.offset(range.start)..self.offset(range.end)]
    }
}
