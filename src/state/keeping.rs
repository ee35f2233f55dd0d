//! Where the token store is kept (docs/token-store.md): in this browser (localStorage,
//! the default, so a token outlives the tab) or in this tab only (sessionStorage, so no
//! secret stays behind when the tab closes).

/// The localStorage key of the choice itself. It holds no secret, and it is kept in
/// localStorage so that new tabs start with the same choice.
pub const CHOICE_KEY: &str = "oauth-playground.keep-tokens";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keeping {
    /// localStorage: kept until the user deletes them.
    #[default]
    Browser,
    /// sessionStorage: gone when the tab closes.
    Tab,
}

impl Keeping {
    /// From the "Keep secrets in this tab only" checkbox.
    pub fn tab_only(on: bool) -> Self {
        if on { Keeping::Tab } else { Keeping::Browser }
    }

    /// Reads the stored choice; anything but `tab` is the default.
    pub fn read(stored: Option<&str>) -> Self {
        match stored {
            Some("tab") => Keeping::Tab,
            _ => Keeping::Browser,
        }
    }

    /// The value to store under [`CHOICE_KEY`]; `None`: remove the key (the default).
    pub fn stored(self) -> Option<&'static str> {
        match self {
            Keeping::Browser => None,
            Keeping::Tab => Some("tab"),
        }
    }

    /// Where saved tokens are, in the token store's words.
    pub fn tokens_where(self) -> &'static str {
        match self {
            Keeping::Browser => {
                "in this browser (localStorage): they stay after the tab closes, until you delete them"
            }
            Keeping::Tab => "in this tab only (sessionStorage): they are gone when the tab closes",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_round_trips_and_defaults_to_the_browser() {
        for k in [Keeping::Browser, Keeping::Tab] {
            assert_eq!(Keeping::read(k.stored()), k);
        }
        assert_eq!(Keeping::read(Some("anything else")), Keeping::Browser);
        assert_eq!(Keeping::default(), Keeping::Browser);
        assert_eq!(Keeping::tab_only(true), Keeping::Tab);
        assert!(Keeping::Tab.tokens_where().contains("sessionStorage"));
        assert!(Keeping::Browser.tokens_where().contains("localStorage"));
    }
}
