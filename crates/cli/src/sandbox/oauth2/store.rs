//! What the authorization server remembers, and the rules that spend it: single-use,
//! short-lived codes (RFC 6749 §4.1.2, §10.5), refresh-token rotation with reuse detection
//! that revokes the whole family (OAuth 2.0 Security BCP, RFC 9700 §4.14.2), expiry, and
//! revocation (RFC 7009 §2.1). Pure: the caller passes the clock's reading and fresh values.

use oauth2::ChallengeMethod;

use super::bounded::Bounded;
use super::reply::Refusal;

/// A code is exchanged within a minute or never (§4.1.2 recommends at most ten).
pub const CODE_TTL: u64 = 60;
pub const ACCESS_TTL: u64 = 3600;
/// A family's refresh tokens die this long after the first grant; rotating never extends it.
pub const FAMILY_TTL: u64 = 30 * 24 * 3600;

/// What the user (or, for client_credentials, the client itself) granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub client_id: &'static str,
    pub scope: Vec<String>,
    pub nonce: Option<String>,
    /// When the user signed in; none for client_credentials.
    pub auth_time: Option<u64>,
    /// RFC 9449 §6: the DPoP key's thumbprint the tokens are bound to.
    pub jkt: Option<String>,
}

impl Grant {
    pub fn has(&self, scope: &str) -> bool {
        self.scope.iter().any(|s| s == scope)
    }
}

pub struct Code {
    pub grant: Grant,
    pub redirect_uri: String,
    pub challenge: String,
    pub method: ChallengeMethod,
    /// Set at the exchange: the family its tokens belong to, revoked if the code comes back.
    pub family: Option<String>,
}

#[derive(Debug)]
pub struct Access {
    pub grant: Grant,
    pub family: String,
    pub issued_at: u64,
}

struct Refresh {
    grant: Grant,
    family: String,
    /// When it was rotated; a second use is a reuse.
    used_at: Option<u64>,
}

struct Family {
    revoked: Option<&'static str>,
}

#[derive(Default)]
pub struct Store {
    codes: Bounded<Code>,
    access: Bounded<Access>,
    refresh: Bounded<Refresh>,
    families: Bounded<Family>,
    /// `jti`s of client assertions and DPoP proofs seen while they are valid (replay).
    jtis: Bounded<()>,
}

/// A new family's id and the tokens it starts with.
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub grant: Grant,
}

impl Store {
    pub fn add_code(&mut self, now: u64, code: String, value: Code) {
        self.codes.insert(now, code, now + CODE_TTL, value);
    }

    /// Spends a code; a second exchange revokes what the first one issued (§4.1.2).
    pub fn take_code(&mut self, now: u64, code: &str) -> Result<&mut Code, Refusal> {
        let expired = self.codes.expired(now, code);
        let gone = || {
            Refusal::invalid_grant(match expired {
                Some(at) => {
                    format!("this code expired at {at} (codes live {CODE_TTL} s); the clock says {now}")
                }
                None => "this code is unknown: it was never issued here, or is long gone".into(),
            })
        };
        let family = self.codes.get_mut(now, code).ok_or_else(gone)?.1.family.clone();
        if let Some(family) = family {
            let n = self.revoke_family(now, &family, "its code was exchanged twice");
            return Err(Refusal::invalid_grant(format!(
                "this code was already exchanged; a code is single-use (RFC 6749 §4.1.2), so the \
                 {n} token(s) issued from it are now revoked"
            )));
        }
        self.codes.get_mut(now, code).map(|(_, c)| c).ok_or_else(gone)
    }

    /// Tokens for `grant`, in a new family (or `family`, when rotating).
    pub fn issue(
        &mut self,
        now: u64,
        grant: Grant,
        family: String,
        access_token: String,
        refresh_token: Option<String>,
    ) -> Tokens {
        // A rotated token keeps its family's end: rotation never extends the grant.
        let family_end = match self.families.get_mut(now, &family) {
            Some((end, _)) => end,
            None => {
                let end = now + FAMILY_TTL;
                self.families
                    .insert(now, family.clone(), end, Family { revoked: None });
                end
            }
        };
        self.access.insert(
            now,
            access_token.clone(),
            now + ACCESS_TTL,
            Access {
                grant: grant.clone(),
                family: family.clone(),
                issued_at: now,
            },
        );
        if let Some(r) = &refresh_token {
            self.refresh.insert(
                now,
                r.clone(),
                family_end,
                Refresh {
                    grant: grant.clone(),
                    family,
                    used_at: None,
                },
            );
        }
        Tokens {
            access_token,
            refresh_token,
            grant,
        }
    }

    /// Rotates a refresh token: gives its grant and family, and marks it used. A used one
    /// coming back means two parties hold it: the whole family is revoked.
    /// `check` (the DPoP key, a narrower scope) runs before the token is spent, so a
    /// refused request does not burn it; it gives the grant to issue.
    pub fn rotate(
        &mut self,
        now: u64,
        token: &str,
        client_id: &str,
        check: impl FnOnce(&Grant) -> Result<Grant, Refusal>,
    ) -> Result<(Grant, String), Refusal> {
        let expired = self.refresh.expired(now, token);
        let Some((_, r)) = self.refresh.get_mut(now, token) else {
            return Err(Refusal::invalid_grant(match expired {
                Some(at) => format!("this refresh token expired at {at}; the clock says {now}"),
                None => "this refresh token is unknown".into(),
            }));
        };
        if r.grant.client_id != client_id {
            return Err(Refusal::invalid_grant(format!(
                "this refresh token was issued to {}, not {client_id}",
                r.grant.client_id
            )));
        }
        let family = r.family.clone();
        match r.used_at {
            None => {
                let grant = check(&r.grant)?;
                r.used_at = Some(now);
                match self.family_revoked(now, &family) {
                    Some(why) => Err(Refusal::invalid_grant(format!(
                        "this refresh token is revoked: {why}"
                    ))),
                    None => Ok((grant, family)),
                }
            }
            Some(at) => {
                let n = self.revoke_family(now, &family, "a rotated refresh token was reused");
                Err(Refusal::invalid_grant(format!(
                    "this refresh token was already used at {at} and replaced; reuse means it may be \
                     stolen, so its whole family is revoked ({n} token(s)): sign in again"
                )))
            }
        }
    }

    fn family_revoked(&mut self, now: u64, family: &str) -> Option<&'static str> {
        match self.families.get_mut(now, family) {
            Some((_, f)) => f.revoked,
            None => Some("its family has ended"),
        }
    }

    /// A live access token, or why not.
    pub fn access(&mut self, now: u64, token: &str) -> Result<Access, String> {
        let expired = self.access.expired(now, token);
        let Some((_, a)) = self.access.get_mut(now, token) else {
            return Err(match expired {
                Some(at) => format!("the access token expired at {at}; the clock says {now}"),
                None => "the access token is unknown".into(),
            });
        };
        let a = Access {
            grant: a.grant.clone(),
            family: a.family.clone(),
            issued_at: a.issued_at,
        };
        match self.family_revoked(now, &a.family) {
            Some(why) => Err(format!("the access token is revoked: {why}")),
            None => Ok(a),
        }
    }

    /// A live access or refresh token, for introspection: its grant and expiry.
    pub fn lookup(&mut self, now: u64, token: &str) -> Option<(Grant, u64, &'static str)> {
        let (grant, exp, family, kind) = if let Some((exp, a)) = self.access.get_mut(now, token) {
            (a.grant.clone(), exp, a.family.clone(), "access_token")
        } else {
            let (exp, r) = self.refresh.get_mut(now, token)?;
            if r.used_at.is_some() {
                return None;
            }
            (r.grant.clone(), exp, r.family.clone(), "refresh_token")
        };
        self.family_revoked(now, &family)
            .is_none()
            .then_some((grant, exp, kind))
    }

    /// RFC 7009 §2.1: revoking a refresh token revokes its family; an access token, itself.
    /// Only the client it was issued to may; anything else is ignored (§2.2).
    pub fn revoke(&mut self, now: u64, token: &str, client_id: &str) {
        if let Some((_, r)) = self.refresh.get_mut(now, token)
            && r.grant.client_id == client_id
        {
            let family = r.family.clone();
            self.revoke_family(now, &family, "it was revoked (RFC 7009)");
        } else if self
            .access
            .get_mut(now, token)
            .is_some_and(|(_, a)| a.grant.client_id == client_id)
        {
            self.access.remove(token);
        }
    }

    /// Marks a family revoked; gives how many of its tokens were live.
    fn revoke_family(&mut self, now: u64, family: &str, why: &'static str) -> usize {
        if let Some((_, f)) = self.families.get_mut(now, family) {
            if f.revoked.is_some() {
                return 0;
            }
            f.revoked = Some(why);
        }
        self.access.values_mut().filter(|a| a.family == family).count()
            + self
                .refresh
                .values_mut()
                .filter(|r| r.family == family && r.used_at.is_none())
                .count()
    }

    /// Records a `jti` until `expires`; false when it was seen already.
    pub fn first_use(&mut self, now: u64, jti: &str, expires: u64) -> bool {
        if self.jtis.get_mut(now, jti).is_some() {
            return false;
        }
        self.jtis.insert(now, jti.to_owned(), expires, ());
        true
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn grant() -> Grant {
        Grant {
            client_id: "c",
            scope: vec!["openid".into()],
            nonce: None,
            auth_time: Some(0),
            jkt: None,
        }
    }

    #[test]
    fn rotation_never_extends_the_family_and_reuse_revokes_it() {
        let mut s = Store::default();
        s.issue(0, grant(), "f".into(), "a1".into(), Some("r1".into()));
        let later = FAMILY_TTL - 10;
        let (g, family) = s.rotate(later, "r1", "c", |g| Ok(g.clone())).unwrap();
        s.issue(later, g, family, "a2".into(), Some("r2".into()));
        // r2 dies with the family, not FAMILY_TTL after its own issue.
        let e = s.rotate(FAMILY_TTL, "r2", "c", |g| Ok(g.clone())).unwrap_err();
        assert!(
            e.description().starts_with("this refresh token expired at"),
            "{}",
            e.description()
        );

        let mut s = Store::default();
        s.issue(0, grant(), "f".into(), "a1".into(), Some("r1".into()));
        let (g, family) = s.rotate(1, "r1", "c", |g| Ok(g.clone())).unwrap();
        s.issue(1, g, family, "a2".into(), Some("r2".into()));
        assert!(s.access(1, "a2").is_ok());
        let e = s.rotate(2, "r1", "c", |g| Ok(g.clone())).unwrap_err();
        assert_eq!(e.code(), "invalid_grant");
        assert_eq!(
            s.access(2, "a2").unwrap_err(),
            "the access token is revoked: a rotated refresh token was reused"
        );
        assert!(s.lookup(2, "r2").is_none());
    }

    #[test]
    fn a_refused_check_does_not_spend_the_token() {
        let mut s = Store::default();
        s.issue(0, grant(), "f".into(), "a1".into(), Some("r1".into()));
        let refused = s.rotate(1, "r1", "c", |_| Err(Refusal::invalid_request("no")));
        assert_eq!(refused.unwrap_err().description(), "no");
        assert!(s.rotate(1, "r1", "c", |g| Ok(g.clone())).is_ok());
        assert_eq!(
            s.rotate(1, "r1", "other", |g| Ok(g.clone())).unwrap_err().code(),
            "invalid_grant"
        );
    }
}
