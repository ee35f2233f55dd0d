//! Settings with a fixed set of values, each spelled one way: [`Choice::name`] is what the
//! writers put into the session and the `#config=` link, the select's option value and the
//! only name the readers accept (`Fields::variant`, [`parse`]). Nothing else spells them.

use super::config::{CallbackMode, RelayMode};
use super::presets::{self, PresetId};
use oauth1::{Placement, SignatureMethod};

/// A setting chosen from a list.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every value, in the order the select lists them.
    fn all() -> Vec<Self>;
    /// The value's one spelling.
    fn name(self) -> &'static str;
    /// The option's text.
    fn label(self) -> &'static str;
}

/// The value's one spelling, [`Choice::name`].
pub fn spelling<T: Choice>(value: T) -> &'static str {
    value.name()
}

/// The value spelt `name`, if there is one.
pub fn parse<T: Choice>(name: &str) -> Option<T> {
    T::all().into_iter().find(|v| spelling(*v) == name)
}

/// `(value, text)` for each option of a select.
pub fn options<T: Choice>() -> Vec<(String, &'static str)> {
    T::all()
        .into_iter()
        .map(|v| (v.name().to_owned(), v.label()))
        .collect()
}

impl Choice for CallbackMode {
    fn name(self) -> &'static str {
        match self {
            CallbackMode::ThisPage => "this_page",
            CallbackMode::Oob => "oob",
            CallbackMode::Custom => "custom",
        }
    }
    fn all() -> Vec<Self> {
        CallbackMode::ALL.to_vec()
    }
    fn label(self) -> &'static str {
        CallbackMode::label(self)
    }
}

impl Choice for RelayMode {
    fn name(self) -> &'static str {
        match self {
            RelayMode::SameOrigin => "same_origin",
            RelayMode::Template => "template",
            RelayMode::Direct => "direct",
        }
    }
    fn all() -> Vec<Self> {
        RelayMode::ALL.to_vec()
    }
    fn label(self) -> &'static str {
        RelayMode::label(self)
    }
}

impl Choice for PresetId {
    fn name(self) -> &'static str {
        match self {
            PresetId::Sandbox => "sandbox",
            PresetId::Custom => "custom",
            PresetId::X => "x",
            PresetId::Trello => "trello",
            PresetId::Flickr => "flickr",
            PresetId::Tumblr => "tumblr",
            PresetId::Discogs => "discogs",
            PresetId::SmugMug => "smug_mug",
            PresetId::Etrade => "etrade",
            PresetId::NetSuite => "net_suite",
            PresetId::Jira => "jira",
            PresetId::Zotero => "zotero",
            PresetId::Magento => "magento",
            PresetId::WooCommerce => "woo_commerce",
            PresetId::Schoology => "schoology",
            PresetId::MediaWiki => "media_wiki",
            PresetId::Evernote => "evernote",
            PresetId::Usos => "usos",
        }
    }
    fn all() -> Vec<Self> {
        presets::ALL.iter().map(|p| p.id).collect()
    }
    fn label(self) -> &'static str {
        presets::info_of(self).label
    }
}

impl Choice for Placement {
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn all() -> Vec<Self> {
        Placement::ALL.to_vec()
    }
    fn label(self) -> &'static str {
        match self {
            Placement::Header => "Header",
            Placement::Query => "Query",
            Placement::Body => "Body",
        }
    }
}

impl Choice for SignatureMethod {
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn all() -> Vec<Self> {
        SignatureMethod::ALL.to_vec()
    }
    /// The §3.4 name itself.
    fn label(self) -> &'static str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Choice + std::fmt::Debug>() {
        let all = T::all();
        assert!(!all.is_empty());
        for v in &all {
            let name = spelling(*v);
            assert!(!name.is_empty(), "{v:?}");
            assert_eq!(parse::<T>(name), Some(*v), "{name}");
            assert!(!v.label().is_empty());
        }
        let mut names: Vec<_> = options::<T>().into_iter().map(|(n, _)| n).collect();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert_eq!(parse::<T>("no such value"), None);
    }

    #[test]
    fn every_choice_has_one_spelling_that_reads_back() {
        round_trips::<CallbackMode>();
        round_trips::<RelayMode>();
        round_trips::<PresetId>();
        round_trips::<Placement>();
        round_trips::<SignatureMethod>();
    }

    #[test]
    fn the_spellings_are_the_ones_links_and_sessions_always_had() {
        assert_eq!(spelling(PresetId::SmugMug), "smug_mug");
        assert_eq!(spelling(PresetId::NetSuite), "net_suite");
        assert_eq!(spelling(CallbackMode::ThisPage), "this_page");
        assert_eq!(spelling(RelayMode::SameOrigin), "same_origin");
        assert_eq!(spelling(Placement::Query), "query");
        assert_eq!(spelling(SignatureMethod::RsaSha256), "RSA-SHA256");
        assert_eq!(
            spelling(SignatureMethod::RsaSha256),
            SignatureMethod::RsaSha256.as_str()
        );
        assert_eq!(Placement::Body.as_str(), spelling(Placement::Body));
    }
}
