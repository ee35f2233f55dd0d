//! What a response means, kept typed from the wire to the view: tokens (RFC 5849 §2.1,
//! §2.3), a provider's `oauth_problem` (with the base-string diff), a relay's refusal, or an
//! HTTP failure. Every text both the app and the CLI show about a response is here once.

use std::fmt;

use oauth1::{Problem, TokenResponse};

pub use crate::diff::BaseStringDiff;
use crate::http::HttpResponse;
use crate::relay::RelayRefusal;

/// What the request was for, which decides how its response is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expect {
    /// A token endpoint: the body must be `oauth_token=…&oauth_token_secret=…`.
    Tokens,
    /// A protected resource: any success will do.
    Resource,
}

/// A response, interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A token response, secrets typed as secrets (§2.1, §2.3).
    Tokens(TokenResponse),
    /// A protected resource answered with success.
    Resource,
    /// The provider reported a problem (the Problem Reporting extension); `diff` when it
    /// sent the base string it computed.
    Problem {
        problem: Box<Problem>,
        diff: Option<BaseStringDiff>,
    },
    /// A relay refused to forward the request: the provider never saw it.
    RelayRefused(RelayRefusal),
    /// Any other failure.
    Failed(Failure),
}

/// A failure without an `oauth_problem`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// An HTTP error status.
    Http {
        status: u16,
        status_text: String,
        via_relay: bool,
    },
    /// A success whose body is not a token response (often a login page).
    NotTokens { status: u16, error: oauth1::Error },
}

impl Outcome {
    /// Interprets `response`; `our_base_string` (what was signed) feeds the diff.
    pub fn of(response: &HttpResponse, expect: Expect, our_base_string: &str) -> Self {
        if expect == Expect::Resource && response.ok() {
            return Outcome::Resource;
        }
        if let Some(refusal) = RelayRefusal::from_response(response) {
            return Outcome::RelayRefused(refusal);
        }
        if let Some(problem) = find_problem(response) {
            let diff = problem
                .debug_sbs
                .as_deref()
                .map(|theirs| BaseStringDiff::new(our_base_string, theirs));
            return Outcome::Problem {
                problem: Box::new(problem),
                diff,
            };
        }
        if !response.ok() {
            return Outcome::Failed(Failure::Http {
                status: response.status,
                status_text: response.status_text.clone(),
                via_relay: response.via_relay,
            });
        }
        match TokenResponse::parse(&response.text()) {
            Ok(tokens) => Outcome::Tokens(tokens),
            Err(error) => Outcome::Failed(Failure::NotTokens {
                status: response.status,
                error,
            }),
        }
    }

    /// True for the outcomes the step was after.
    pub fn succeeded(&self) -> bool {
        matches!(self, Outcome::Tokens(_) | Outcome::Resource)
    }

    /// The whole explanation as plain text, one fact a line, for a terminal: who answered
    /// what (`The provider answered HTTP/1.1 401 Unauthorized.`), then what it means. The app
    /// lays the same parts out itself ([`problem_details`], [`BaseStringDiff`]).
    ///
    /// `shown` is applied to every text the provider (or a relay) sent: the CLI escapes
    /// control characters so a response cannot drive the terminal; `str::to_owned` keeps
    /// the text as it came.
    pub fn report(&self, response: &HttpResponse, shown: impl Fn(&str) -> String) -> String {
        let who = if matches!(self, Outcome::RelayRefused(_)) {
            "relay"
        } else {
            "provider"
        };
        let mut out = format!("The {who} answered {}.\n", shown(&response.status_line()));
        match self {
            Outcome::Tokens(_) => out.push_str("It sent a token.\n"),
            Outcome::Resource => out.push_str("It accepted the request.\n"),
            Outcome::RelayRefused(refusal) => out.push_str(&format!("{}\n", shown(&refusal.explain()))),
            Outcome::Failed(Failure::Http {
                status, via_relay, ..
            }) => out.push_str(&format!(
                "It did not say why (no oauth_problem in the body or the WWW-Authenticate header). {}\n",
                http_advice(*status, *via_relay)
            )),
            Outcome::Failed(Failure::NotTokens { error, .. }) => {
                out.push_str(&format!(
                    "But {}. {NOT_TOKENS_ADVICE}\n",
                    shown(&error.to_string())
                ));
            }
            Outcome::Problem { problem, diff } => {
                out.push_str(&format!(
                    "oauth_problem={}\n  {}\n",
                    shown(&problem.problem),
                    problem.explanation()
                ));
                for (label, value) in problem_details(problem) {
                    out.push_str(&format!("{label}: {}\n", shown(&value)));
                }
                if let Some(d) = diff {
                    out.push_str(&format!(
                        "The provider's base string (debug_sbs):\n  {}\nThe base string signed here:\n  {}\n",
                        shown(&d.theirs),
                        d.ours
                    ));
                    out.push_str(&d.summary());
                    let (_, rest) = d.split(&d.ours);
                    if !rest.is_empty() {
                        let excerpt: String = rest.chars().take(40).collect();
                        out.push_str(&format!(" Ours from there: {excerpt}"));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// What to check when a token endpoint's success is not a token response.
const NOT_TOKENS_ADVICE: &str = "Check that this URL is the token endpoint and not a web page.";

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Http {
                status,
                status_text,
                via_relay,
            } => {
                let heading = format!("HTTP {status} {status_text}");
                write!(f, "{}. {}", heading.trim_end(), http_advice(*status, *via_relay))
            }
            Failure::NotTokens { status, error } => {
                write!(
                    f,
                    "The provider answered {status} but {error}. {NOT_TOKENS_ADVICE}"
                )
            }
        }
    }
}

/// The provider's problem report: from the body (§ Problem Reporting), else from
/// `WWW-Authenticate: OAuth … oauth_problem="…"` (RFC 5849 §3.5.1). A success counts only
/// when its body names an `oauth_problem`.
pub fn find_problem(response: &HttpResponse) -> Option<Problem> {
    let body = response.text();
    if response.ok() && !body.contains("oauth_problem") {
        return None;
    }
    Problem::from_body(&body).or_else(|| {
        response
            .header("WWW-Authenticate")
            .and_then(Problem::from_www_authenticate)
    })
}

/// The report's optional fields, labelled, in the order they are shown.
pub fn problem_details(problem: &Problem) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(a) = &problem.advice {
        out.push(("Provider's advice", a.clone()));
    }
    if !problem.parameters_absent.is_empty() {
        out.push(("Parameters absent", problem.parameters_absent.join(", ")));
    }
    if !problem.parameters_rejected.is_empty() {
        out.push(("Parameters rejected", problem.parameters_rejected.join(", ")));
    }
    if let Some(v) = &problem.acceptable_versions {
        out.push(("Acceptable versions", v.clone()));
    }
    if let Some(t) = &problem.acceptable_timestamps {
        out.push(("Acceptable timestamps", t.clone()));
    }
    out
}

/// What an HTTP error status without an `oauth_problem` most likely means here.
pub fn http_advice(status: u16, via_relay: bool) -> &'static str {
    match status {
        0 => "The browser hid the response (an opaque or blocked response).",
        400 => {
            "Bad request: a parameter is missing or malformed. Compare the parameters with the provider's \
             docs; some servers reject an empty oauth_token or oauth_version."
        }
        401 => {
            "Unauthorized: the provider rejected the signature or the credentials. Check the consumer key \
             and secret, the signature method and the base string."
        }
        403 => {
            "Forbidden: the credentials are valid but not allowed here (app permissions, registered \
             callback, or a relay refusing the host)."
        }
        404 => "Not found: the URL is wrong for this provider, or the method (GET/POST) is.",
        405 => "Method not allowed: switch the HTTP method for this step.",
        429 => "Too many requests: the provider is rate limiting; wait and retry.",
        500..=599 if via_relay => {
            "Server error, from the relay or the provider behind it: the relay may not reach the provider."
        }
        500..=599 => "Server error at the provider: retry later.",
        _ => "The provider did not answer with success.",
    }
}

#[cfg(test)]
#[path = "outcome_tests.rs"]
mod tests;
