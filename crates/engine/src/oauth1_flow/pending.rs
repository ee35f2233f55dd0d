//! What the flow holds between its legs, and the provider's return from the authorize page
//! (RFC 5849 §2.2), checked against the pending request token (§4.13).

use std::fmt;

use oauth1::TokenResponse;

/// What the provider put in the callback URL when it sent the user back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderReturn {
    /// `oauth_token` and, in OAuth 1.0a, `oauth_verifier` (§2.2).
    Authorized { token: String, verifier: Option<String> },
    /// `denied=TOKEN`: the user refused (a common extension, e.g. X's).
    Denied { token: String },
}

impl ProviderReturn {
    /// Reads a callback URL's query (a leading `?` is allowed). `None` when it carries
    /// neither `oauth_token` nor `denied`: the page was opened some other way.
    pub fn from_query(query: &str) -> Option<Self> {
        let query = query.trim().trim_start_matches('?');
        let mut token = None;
        let mut verifier = None;
        let mut denied = None;
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let slot = match name.as_ref() {
                "oauth_token" => &mut token,
                "oauth_verifier" => &mut verifier,
                "denied" => &mut denied,
                _ => continue,
            };
            // The first occurrence counts, as with every other parameter here.
            slot.get_or_insert_with(|| value.into_owned());
        }
        if let Some(token) = denied {
            return Some(ProviderReturn::Denied { token });
        }
        Some(ProviderReturn::Authorized {
            token: token?,
            verifier: verifier.filter(|v| !v.is_empty()),
        })
    }
}

/// What a user pasted after authorizing in a browser: the PIN shown for `oob`, or the URL
/// (or just its query) the provider redirected to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pasted {
    Pin(String),
    Return(ProviderReturn),
    Nothing,
}

impl Pasted {
    pub fn read(text: &str) -> Self {
        let text = text.trim();
        if text.is_empty() {
            return Pasted::Nothing;
        }
        if ["oauth_verifier=", "oauth_token=", "denied="]
            .iter()
            .any(|p| text.contains(p))
        {
            let query = text.split_once('?').map_or(text, |(_, q)| q);
            let query = query.split('#').next().unwrap_or(query);
            if let Some(r) = ProviderReturn::from_query(query) {
                return Pasted::Return(r);
            }
            // A verifier without a token: nothing to check it against, as with a PIN.
            if let Some((_, v)) =
                form_urlencoded::parse(query.as_bytes()).find(|(n, _)| n == "oauth_verifier")
            {
                return Pasted::Pin(v.into_owned());
            }
        }
        Pasted::Pin(text.to_owned())
    }
}

/// A return that was not taken; the pending flow is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturnRefused {
    /// Nothing is pending here (another tab started it, or storage is unavailable).
    NoPendingToken,
    /// The token is not the pending one: possibly someone else's (§4.13).
    TokenMismatch { returned: String, pending: String },
    /// An OAuth 1.0a return must carry `oauth_verifier` (§2.2).
    MissingVerifier,
    /// A denial that names another token is not about this authorization.
    DeniedOtherToken { named: String, pending: String },
    /// Nothing was pasted.
    Empty,
}

impl fmt::Display for ReturnRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReturnRefused::NoPendingToken => f.write_str(
                "The provider sent you back, but there is no pending request token here (the flow was \
                 started in another tab, or storage is unavailable). Start over.",
            ),
            ReturnRefused::TokenMismatch { returned, pending } => write!(
                f,
                "Refused: the provider returned oauth_token \"{returned}\", which is not the pending request \
                 token \"{pending}\". Continuing could let someone else's token be bound to you (RFC 5849 \
                 §4.13). Start over."
            ),
            ReturnRefused::MissingVerifier => {
                f.write_str("The provider sent you back without oauth_verifier; OAuth 1.0a needs it (§2.2).")
            }
            ReturnRefused::DeniedOtherToken { named, pending } => write!(
                f,
                "Ignored: the denial names oauth_token \"{named}\", not the pending request token \
                 \"{pending}\", so it is not about this authorization. The pending request token is kept."
            ),
            ReturnRefused::Empty => f.write_str("No verification code was given."),
        }
    }
}

impl std::error::Error for ReturnRefused {}

/// A return that was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Returned {
    /// The verifier is in [`Pending::verifier`]; next, the access token.
    Authorized,
    /// The user refused: the provider discards the request token, and so does the flow.
    Denied,
}

impl Returned {
    pub fn message(&self) -> &'static str {
        match self {
            Returned::Authorized => "Authorized: the verifier arrived. Next: get the access token.",
            Returned::Denied => "Authorization was denied. Start over to try again.",
        }
    }
}

/// The flow between its legs. The request token of leg 1 is kept typed (token, secret,
/// `oauth_callback_confirmed`) until leg 3 uses it; the verifier is what the provider sent
/// or the user typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pending {
    pub request_token: Option<TokenResponse>,
    pub verifier: String,
    pub access_token: Option<TokenResponse>,
}

impl Pending {
    /// Leg 1 answered: a new authorization begins, and nothing of an earlier one is kept.
    pub fn request_token_received(&mut self, token: TokenResponse) {
        *self = Pending {
            request_token: Some(token),
            ..Pending::default()
        };
    }

    /// The provider sent the user back (§2.2). The token must be the pending one (§4.13);
    /// a denial counts only when it names the pending token.
    pub fn returned(&mut self, back: ProviderReturn) -> Result<Returned, ReturnRefused> {
        let pending = self.request_token.as_ref().ok_or(ReturnRefused::NoPendingToken)?;
        match back {
            ProviderReturn::Denied { token } if token == pending.token => {
                self.request_token = None;
                self.verifier.clear();
                Ok(Returned::Denied)
            }
            ProviderReturn::Denied { token } => Err(ReturnRefused::DeniedOtherToken {
                named: token,
                pending: pending.token.clone(),
            }),
            ProviderReturn::Authorized { token, .. } if token != pending.token => {
                Err(ReturnRefused::TokenMismatch {
                    returned: token,
                    pending: pending.token.clone(),
                })
            }
            ProviderReturn::Authorized { verifier: None, .. } => Err(ReturnRefused::MissingVerifier),
            ProviderReturn::Authorized {
                verifier: Some(v), ..
            } => {
                self.verifier = v;
                Ok(Returned::Authorized)
            }
        }
    }

    /// What the user pasted: a PIN is taken as the verifier (there is no token to check), a
    /// pasted URL is checked as a return.
    pub fn pasted(&mut self, pasted: Pasted) -> Result<Returned, ReturnRefused> {
        match pasted {
            Pasted::Nothing => Err(ReturnRefused::Empty),
            Pasted::Return(back) => self.returned(back),
            Pasted::Pin(pin) => {
                if self.request_token.is_none() {
                    return Err(ReturnRefused::NoPendingToken);
                }
                self.verifier = pin;
                Ok(Returned::Authorized)
            }
        }
    }

    /// Leg 3 answered: a request token is good for one exchange (§2.3).
    pub fn access_token_received(&mut self, token: TokenResponse) {
        self.request_token = None;
        self.verifier.clear();
        self.access_token = Some(token);
    }

    /// Set when leg 1 asked for a callback URL and the provider did not confirm it
    /// (`oauth_callback_confirmed=true`, §2.1): an OAuth 1.0 provider may ignore the callback.
    pub fn unconfirmed_callback(&self, callback: &super::Callback) -> Option<&'static str> {
        let confirmed = self.request_token.as_ref()?.callback_confirmed;
        (*callback != super::Callback::Oob && confirmed != Some(true)).then_some(
            "The provider did not send oauth_callback_confirmed=true; it may be an OAuth 1.0 (not 1.0a) \
             provider, which ignores the callback sent on this step.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_callback_query_is_read_once_per_parameter() {
        assert_eq!(
            ProviderReturn::from_query("?oauth_token=t%2B1&oauth_verifier=v+1&oauth_token=other"),
            Some(ProviderReturn::Authorized {
                token: "t+1".into(),
                verifier: Some("v 1".into())
            })
        );
        assert_eq!(
            ProviderReturn::from_query("denied=t1&oauth_token=t1"),
            Some(ProviderReturn::Denied { token: "t1".into() })
        );
        assert_eq!(
            ProviderReturn::from_query("oauth_token=t&oauth_verifier="),
            Some(ProviderReturn::Authorized {
                token: "t".into(),
                verifier: None
            })
        );
        assert_eq!(ProviderReturn::from_query(""), None);
        assert_eq!(ProviderReturn::from_query("config=abc"), None);
    }

    #[test]
    fn a_paste_is_a_pin_or_a_return() {
        assert_eq!(Pasted::read("  1234-abcd \n"), Pasted::Pin("1234-abcd".into()));
        assert_eq!(
            Pasted::read("http://localhost/cb?oauth_token=t&oauth_verifier=v%2B1#x\n"),
            Pasted::Return(ProviderReturn::Authorized {
                token: "t".into(),
                verifier: Some("v+1".into())
            })
        );
        assert_eq!(
            Pasted::read("oauth_token=t&oauth_verifier=abc"),
            Pasted::Return(ProviderReturn::Authorized {
                token: "t".into(),
                verifier: Some("abc".into())
            })
        );
        assert_eq!(
            Pasted::read("oauth_verifier=v%201&x=y"),
            Pasted::Pin("v 1".into())
        );
        assert_eq!(Pasted::read(" \n"), Pasted::Nothing);
    }
}
