//! What a call gave back, typed from the wire to the view: the engine's response, outcome
//! (tokens, a provider's problem with the base-string diff, a relay's refusal, an HTTP
//! failure) and call errors. The texts are the engine's, written once for the app and the
//! CLI; this module only says how the app words a call that produced no response.

pub use engine::call::{Call, CallError, CallEvent, CallId, CallStage};
pub use engine::http::{HttpResponse, TransportError};
pub use engine::outcome::{BaseStringDiff, Failure, Outcome, problem_details};
pub use engine::relay::RelayRefusal;
pub use engine::sign::SignError;

/// Why a call has no response, as the app shows it: the reason itself, as a sentence
/// (the CLI prefixes "the request could not be signed"; the app shows it under the step).
pub fn error_text(error: &CallError) -> String {
    match error {
        CallError::Sign(e) => e.to_string(),
        other => other.to_string(),
    }
}

/// The words under a step or the console for an outcome that is not a success.
pub fn failure_text(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::RelayRefused(r) => Some(r.explain()),
        Outcome::Failed(f) => Some(f.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::outcome::Expect;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status_text: if status == 404 {
                "Not Found".into()
            } else {
                String::new()
            },
            ..HttpResponse::new(status, body)
        }
    }

    #[test]
    fn failures_read_as_before() {
        let o = Outcome::of(&resp(404, "nope"), Expect::Tokens, "");
        assert_eq!(
            failure_text(&o).unwrap(),
            "HTTP 404 Not Found. Not found: the URL is wrong for this provider, or the method (GET/POST) is."
        );
        let o = Outcome::of(&resp(200, "<html>login</html>"), Expect::Tokens, "");
        assert!(failure_text(&o).unwrap().ends_with("not a web page."));
        let o = Outcome::of(&resp(200, "{}"), Expect::Resource, "");
        assert_eq!((o.clone(), failure_text(&o)), (Outcome::Resource, None));
        let relayed = HttpResponse {
            via_relay: true,
            ..resp(
                400,
                r#"{"error":"target_refused","message":"10.0.0.1 is a private address"}"#,
            )
        };
        let o = Outcome::of(&relayed, Expect::Tokens, "");
        assert!(failure_text(&o).unwrap().contains("open proxy"));
    }

    #[test]
    fn call_errors_name_the_reason_only() {
        let e = CallError::Sign(SignError::Signer("Web Crypto could not sign: x".into()));
        assert_eq!(error_text(&e), "Web Crypto could not sign: x");
        let e = CallError::Transport(TransportError::Fetch {
            relayed: false,
            detail: "TypeError".into(),
        });
        assert!(error_text(&e).contains("CORS"));
        assert_eq!(
            error_text(&CallError::Input("Fill in the URL.".into())),
            "Fill in the URL."
        );
    }
}
