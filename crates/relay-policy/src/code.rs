//! The relay's refusal and failure codes, the `error` of its `{"error", "message"}` answers:
//! one spelling for the hosts that send them (crates/cli's relay and `serve`, the Worker)
//! and the clients that explain them (crates/engine's `relay`, for the app and the CLI).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelayCode {
    /// The relay is at its concurrency limit.
    Busy,
    ConnectTimeout,
    /// The request's Host is not one this relay answers to (DNS rebinding).
    HostRefused,
    MethodNotAllowed,
    /// The Cloudflare Worker relay without (or with a malformed) setting, e.g. `ALLOWED_ORIGINS`.
    Misconfigured,
    /// A path the Worker does not serve (it answers `/relay?url=…` only).
    NotFound,
    OriginRefused,
    RateLimited,
    /// A header or a credential the relay does not forward.
    RequestRefused,
    /// The client did not finish sending its request in time.
    RequestTimeout,
    RequestTooLarge,
    ResponseTooLarge,
    TargetRefused,
    UpstreamFailed,
    UpstreamTimeout,
    UpstreamUnreachable,
}

impl RelayCode {
    pub const ALL: [RelayCode; 16] = [
        RelayCode::Busy,
        RelayCode::ConnectTimeout,
        RelayCode::HostRefused,
        RelayCode::MethodNotAllowed,
        RelayCode::Misconfigured,
        RelayCode::NotFound,
        RelayCode::OriginRefused,
        RelayCode::RateLimited,
        RelayCode::RequestRefused,
        RelayCode::RequestTimeout,
        RelayCode::RequestTooLarge,
        RelayCode::ResponseTooLarge,
        RelayCode::TargetRefused,
        RelayCode::UpstreamFailed,
        RelayCode::UpstreamTimeout,
        RelayCode::UpstreamUnreachable,
    ];

    /// The `error` value in the relay's JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RelayCode::Busy => "busy",
            RelayCode::ConnectTimeout => "connect_timeout",
            RelayCode::HostRefused => "host_refused",
            RelayCode::MethodNotAllowed => "method_not_allowed",
            RelayCode::Misconfigured => "misconfigured",
            RelayCode::NotFound => "not_found",
            RelayCode::OriginRefused => "origin_refused",
            RelayCode::RateLimited => "rate_limited",
            RelayCode::RequestRefused => "request_refused",
            RelayCode::RequestTimeout => "request_timeout",
            RelayCode::RequestTooLarge => "request_too_large",
            RelayCode::ResponseTooLarge => "response_too_large",
            RelayCode::TargetRefused => "target_refused",
            RelayCode::UpstreamFailed => "upstream_failed",
            RelayCode::UpstreamTimeout => "upstream_timeout",
            RelayCode::UpstreamUnreachable => "upstream_unreachable",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_one_spelling() {
        for code in RelayCode::ALL {
            assert_eq!(RelayCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(RelayCode::parse("Target_Refused"), None);
        let mut spellings: Vec<&str> = RelayCode::ALL.iter().map(|c| c.as_str()).collect();
        spellings.sort_unstable();
        spellings.dedup();
        assert_eq!(spellings.len(), RelayCode::ALL.len());
    }
}
