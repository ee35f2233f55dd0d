//! The device authorization grant on the page (RFC 8628): step 1's request and what it
//! shows (the user code, the verification URI, the QR code's target), and step 2's polling
//! as a list of polls by the protocol crate's rules (`oauth2::device::DevicePoller`, the
//! CLI's too). The page waits between polls (`effects::timer`); nothing here sleeps.

use oauth2::device::{DeviceAuthorization, DevicePoller, PollStep, device_authorization_request};
use oauth2::{
    BuiltRequest, ClientAuth, Error, Grant, Response, TokenRequest, TokenResponse, parse_token_response,
};

use super::config::Config;
use super::explain;
use super::flows::linkable;

/// Step 1: the device authorization request (§3.1) to the configured endpoint.
pub fn request(config: &Config, auth: &ClientAuth, scope: &str) -> Result<BuiltRequest, String> {
    let endpoint = config.device_authorization_endpoint.trim();
    if endpoint.is_empty() {
        return Err(
            "No device_authorization_endpoint (RFC 8628 §4): discover the server's metadata, \
             or type it under Configuration."
                .into(),
        );
    }
    let scope = Some(scope.trim()).filter(|s| !s.is_empty());
    device_authorization_request(endpoint, auth, scope, &[]).map_err(|e| e.to_string())
}

/// What step 1 shows the user (§3.3): the code to type and where, large.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub user_code: String,
    pub verification_uri: String,
    /// The URI as a link: http(s) only.
    pub link: Option<String>,
    /// What the QR code holds (§3.3.1): the complete URI, else the plain one; http(s) only.
    pub qr: Option<String>,
    pub expires_in: u64,
    pub interval: u64,
}

pub fn shown(a: &DeviceAuthorization) -> Shown {
    let qr = a
        .verification_uri_complete
        .as_deref()
        .and_then(linkable)
        .or_else(|| linkable(&a.verification_uri))
        .map(str::to_owned);
    Shown {
        user_code: a.user_code.clone(),
        verification_uri: a.verification_uri.clone(),
        link: linkable(&a.verification_uri).map(str::to_owned),
        qr,
        expires_in: a.expires_in,
        interval: a.interval,
    }
}

/// One poll of the token endpoint, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poll {
    /// The page's clock, `HH:MM:SS` (UTC).
    pub at: String,
    pub status: u16,
    /// The server's `error` code, or `access_token` for the answer that ends it.
    pub outcome: String,
    /// What it means and what the page does next.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// The next poll in this many seconds.
    Waiting(u64),
    Done,
    /// The learner pressed Stop.
    Stopped,
    /// The grant ended without a token: why, explained.
    Failed(String),
}

/// Step 2's state: the polls so far and what comes next.
#[derive(Debug, Clone, PartialEq)]
pub struct Polling {
    poller: DevicePoller,
    pub polls: Vec<Poll>,
    pub phase: Phase,
}

impl Polling {
    /// `now`: seconds since 1970, when the authorization response came.
    pub fn new(a: &DeviceAuthorization, now: u64) -> Self {
        Self {
            poller: DevicePoller::new(a, now),
            polls: vec![],
            phase: Phase::Waiting(a.interval),
        }
    }

    pub fn interval(&self) -> u64 {
        self.poller.interval
    }

    /// One poll's request (§3.4).
    pub fn request(
        a: &DeviceAuthorization,
        token_endpoint: &str,
        auth: ClientAuth,
    ) -> Result<BuiltRequest, String> {
        let grant = Grant::DeviceCode {
            device_code: a.device_code.clone(),
        };
        TokenRequest::new(token_endpoint.trim(), grant, auth)
            .build()
            .map_err(|e| e.to_string())
    }

    /// Reads one poll's answer (§3.5); the token when it ends the grant.
    pub fn on_response(
        &mut self,
        response: Response<'_>,
        now: u64,
        at: &str,
        relayed: bool,
    ) -> Option<TokenResponse> {
        let (outcome, said) = match parse_token_response(response) {
            Ok(_) => ("access_token".to_owned(), String::new()),
            Err(Error::Server(e)) => (e.error.clone(), e.error_description.clone().unwrap_or_default()),
            Err(e) => ("unreadable".to_owned(), e.to_string()),
        };
        let (detail, token) = match self.poller.on_response(response, now) {
            PollStep::Done(t) => {
                self.phase = Phase::Done;
                ("The user approved: the token came.".to_owned(), Some(*t))
            }
            PollStep::Wait { seconds, slowed_down } => {
                self.phase = Phase::Waiting(seconds);
                let why = if slowed_down {
                    format!("Too fast: the interval is now {seconds} s, 5 s more (RFC 8628 §3.5).")
                } else {
                    format!("The user has not finished yet: the next poll in {seconds} s.")
                };
                (with_said(why, &said), None)
            }
            PollStep::Stop(e) => {
                let why = explain::token_error(&e, relayed);
                self.phase = Phase::Failed(why.clone());
                (why, None)
            }
        };
        self.polls.push(Poll {
            at: at.to_owned(),
            status: response.status,
            outcome,
            detail,
        });
        token
    }

    /// A poll that got no answer (the network, CORS): polling ends with why.
    pub fn on_failure(&mut self, why: String, at: &str) {
        self.polls.push(Poll {
            at: at.to_owned(),
            status: 0,
            outcome: "no answer".into(),
            detail: why.clone(),
        });
        self.phase = Phase::Failed(why);
    }

    pub fn stop(&mut self) {
        if matches!(self.phase, Phase::Waiting(_)) {
            self.phase = Phase::Stopped;
        }
    }
}

fn with_said(why: String, said: &str) -> String {
    if said.is_empty() {
        why
    } else {
        format!("{why} The server said: {said}")
    }
}

/// `HH:MM:SS` of an ISO 8601 time (`2026-12-03T05:42:57.123Z`); the text itself otherwise.
pub fn clock(iso: &str) -> String {
    iso.get(11..19).unwrap_or(iso).to_owned()
}

#[cfg(test)]
#[path = "device_tests.rs"]
mod tests;
