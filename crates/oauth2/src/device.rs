//! The device authorization grant, RFC 8628: the device authorization request (§3.1) and
//! response (§3.2), and the polling rules of §3.5: wait `interval` seconds (5 when absent),
//! keep going on `authorization_pending`, add 5 seconds on `slow_down`, stop on
//! `expired_token`, `access_denied` or the response's own `expires_in`.

use serde::Serialize;

use crate::client_auth::ClientAuth;
use crate::http::{Members, Param, Response, oauth_document, parse_url};
use crate::token_response::{TokenResponse, parse_token_response};
use crate::workings::{BuiltRequest, build_form_post};
use crate::{Error, ErrorResponse, Secret};

const DOCUMENT: &str = "device authorization response";
/// §3.2: the default polling interval, and §3.5: what `slow_down` adds.
pub const DEFAULT_INTERVAL: u64 = 5;
pub const SLOW_DOWN_STEP: u64 = 5;

/// §3.1: the client (with its authentication, for confidential clients) and the scope.
pub fn device_authorization_request(
    endpoint: &str,
    auth: &ClientAuth,
    scope: Option<&str>,
    extra: &[(String, String)],
) -> Result<BuiltRequest, Error> {
    let url = parse_url(endpoint)?;
    let params = scope
        .map(|s| vec![Param::new("scope", s, "what access is asked for (RFC 8628 §3.1)")])
        .unwrap_or_default();
    build_form_post(&url, params, Some(auth), extra, &[], vec![])
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceAuthorization {
    #[serde(skip)]
    pub device_code: Secret,
    /// What the user types at `verification_uri`.
    pub user_code: String,
    /// Checked to be http(s) before anyone is told to open it.
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_in: u64,
    pub interval: u64,
}

pub fn parse_device_authorization(response: Response<'_>) -> Result<DeviceAuthorization, Error> {
    let map = oauth_document(response, DOCUMENT)?;
    let m = Members {
        map: &map,
        document: DOCUMENT,
    };
    // Some servers (Google) say `verification_url`; the RFC's name wins when both exist.
    let uri = match m.string("verification_uri")? {
        Some(u) => u,
        None => m.string("verification_url")?.ok_or(Error::MissingMember {
            document: DOCUMENT,
            member: "verification_uri",
        })?,
    };
    let complete = m
        .string("verification_uri_complete")?
        .map(|u| parse_url(&u).map(String::from))
        .transpose()?;
    Ok(DeviceAuthorization {
        device_code: Secret::new(m.required("device_code")?),
        user_code: m.required("user_code")?,
        verification_uri: parse_url(&uri)?.into(),
        verification_uri_complete: complete,
        expires_in: m.seconds("expires_in")?.ok_or(Error::MissingMember {
            document: DOCUMENT,
            member: "expires_in",
        })?,
        interval: m.seconds("interval")?.unwrap_or(DEFAULT_INTERVAL).max(1),
    })
}

/// What to do after one poll of the token endpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum PollStep {
    Done(Box<TokenResponse>),
    /// Poll again after this many seconds (the interval, raised after `slow_down`).
    Wait {
        seconds: u64,
        slowed_down: bool,
    },
    /// The device code expired (by the server's word or by the clock) or the user refused.
    Stop(Error),
}

/// The polling state of §3.5. Time is the caller's: pass seconds since the epoch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevicePoller {
    pub interval: u64,
    pub deadline: u64,
}

impl DevicePoller {
    pub fn new(authorization: &DeviceAuthorization, now_secs: u64) -> Self {
        Self {
            interval: authorization.interval,
            deadline: now_secs.saturating_add(authorization.expires_in),
        }
    }

    /// Reads one token-endpoint response and says what comes next.
    pub fn on_response(&mut self, response: Response<'_>, now_secs: u64) -> PollStep {
        match parse_token_response(response) {
            Ok(t) => PollStep::Done(Box::new(t)),
            Err(Error::Server(e)) => match e.error.as_str() {
                "authorization_pending" => self.wait(now_secs, false, e),
                "slow_down" => {
                    self.interval = self.interval.saturating_add(SLOW_DOWN_STEP);
                    self.wait(now_secs, true, e)
                }
                _ => PollStep::Stop(Error::Server(e)),
            },
            Err(other) => PollStep::Stop(other),
        }
    }

    fn wait(&self, now_secs: u64, slowed_down: bool, e: ErrorResponse) -> PollStep {
        if now_secs.saturating_add(self.interval) > self.deadline {
            let mut expired = ErrorResponse::new("expired_token");
            expired.error_description = Some(format!(
                "the device code's lifetime ran out while the server still said {}",
                e.error
            ));
            return PollStep::Stop(Error::Server(expired));
        }
        PollStep::Wait {
            seconds: self.interval,
            slowed_down,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC8628_EXAMPLE: &str = r#"{
        "device_code": "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS",
        "user_code": "WDJB-MJHT",
        "verification_uri": "https://example.com/device",
        "verification_uri_complete": "https://example.com/device?user_code=WDJB-MJHT",
        "expires_in": 1800,
        "interval": 5
    }"#;

    #[test]
    fn rfc8628_section_3_2_example_and_polling() {
        let d = parse_device_authorization(Response::new(200, &[], RFC8628_EXAMPLE.as_bytes())).unwrap();
        assert_eq!(d.user_code, "WDJB-MJHT");
        assert_eq!(
            d.verification_uri_complete.as_deref(),
            Some("https://example.com/device?user_code=WDJB-MJHT")
        );
        let mut p = DevicePoller::new(&d, 1000);
        let pending = br#"{"error":"authorization_pending"}"#;
        assert_eq!(
            p.on_response(Response::new(400, &[], pending), 1005),
            PollStep::Wait {
                seconds: 5,
                slowed_down: false
            }
        );
        let slow = br#"{"error":"slow_down"}"#;
        assert_eq!(
            p.on_response(Response::new(400, &[], slow), 1010),
            PollStep::Wait {
                seconds: 10,
                slowed_down: true
            }
        );
        assert_eq!(
            p.on_response(Response::new(400, &[], slow), 1020),
            PollStep::Wait {
                seconds: 15,
                slowed_down: true
            }
        );
        let PollStep::Stop(Error::Server(e)) = p.on_response(Response::new(400, &[], pending), 2790) else {
            panic!()
        };
        assert_eq!(e.error, "expired_token");
        let denied = br#"{"error":"access_denied"}"#;
        assert!(
            matches!(p.on_response(Response::new(400, &[], denied), 1030), PollStep::Stop(Error::Server(e)) if e.error == "access_denied")
        );
        let ok = br#"{"access_token":"a","token_type":"Bearer"}"#;
        assert!(matches!(
            p.on_response(Response::new(200, &[], ok), 1030),
            PollStep::Done(_)
        ));
    }

    #[test]
    fn refuses_bad_verification_uris_and_defaults_interval() {
        let bad = RFC8628_EXAMPLE.replace("https://example.com/device\"", "javascript:alert(1)\"");
        assert!(matches!(
            parse_device_authorization(Response::new(200, &[], bad.as_bytes())),
            Err(Error::Url(_))
        ));
        let no_interval = r#"{"device_code":"d","user_code":"u","verification_url":"https://g.co/device","expires_in":"600"}"#;
        let d = parse_device_authorization(Response::new(200, &[], no_interval.as_bytes())).unwrap();
        assert_eq!(
            (d.interval, d.expires_in, d.verification_uri.as_str()),
            (5, 600, "https://g.co/device")
        );
        let req = device_authorization_request(
            "https://as.example/device",
            &ClientAuth::None {
                client_id: "tv".into(),
            },
            Some("openid"),
            &[],
        )
        .unwrap();
        assert_eq!(req.request.body, "scope=openid&client_id=tv");
    }
}
