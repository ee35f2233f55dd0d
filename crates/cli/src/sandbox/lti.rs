//! The sandbox's LTI 1.1 tool (`POST /sandbox/lti/launch`): it verifies a Basic LTI launch
//! as a tool does (LTI 1.1 §6: the OAuth 1.0a signature over every form field, the
//! timestamp window and the nonce, RFC 5849 §3.2; then the LTI fields by the engine's
//! [`engine::lti::check_fields`]) and shows what it received, so the app's LTI mode works
//! offline. The launch is a browser form navigation: the answer is a page, never CORS.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use oauth1::Source;

use super::authorize::{escape, page};
use super::check::{authenticate, problem};
use super::endpoints::{Call, without_token};
use super::state::Sandbox;

pub async fn launch(State(sandbox): State<Arc<Sandbox>>, call: Call) -> Response {
    let refusal = || {
        problem(
            "token_rejected",
            "an LTI launch is signed by the consumer alone, without a token",
        )
    };
    let auth = match authenticate(&sandbox, &call.incoming(), without_token(refusal)) {
        Ok(auth) => auth,
        Err(rejection) => {
            let p = rejection.problem();
            let mut body = format!(
                "<h1>Launch refused</h1><p>The OAuth 1.0a check failed: <code id=\"problem\">{}</code></p>",
                escape(&p.problem)
            );
            if let Some(advice) = &p.advice {
                body.push_str(&format!("<p id=\"advice\">{}</p>", escape(advice)));
            }
            if let Some(sbs) = &p.debug_sbs {
                body.push_str(&format!(
                    "<p>The base string the tool computed:</p><pre id=\"debug-sbs\">{}</pre>",
                    escape(sbs)
                ));
            }
            return page(rejection.status(), "Launch refused", &body);
        }
    };
    let form: Vec<(String, String)> = auth
        .request
        .parameters
        .iter()
        .filter(|p| p.source == Source::FormBody)
        .map(|p| (p.name.clone(), p.value.clone()))
        .collect();
    if let Err(e) = engine::lti::check_fields(&form) {
        let body = format!(
            "<h1>Launch refused</h1><p>The signature is valid, but this is not an LTI 1.1 basic launch: \
             <span id=\"advice\">{}</span></p>",
            escape(&e.to_string())
        );
        return page(StatusCode::BAD_REQUEST, "Launch refused", &body);
    }
    let mut rows = String::new();
    for (name, value) in &form {
        rows.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(name),
            escape(value)
        ));
    }
    let body = format!(
        "<h1>LTI launch verified</h1><p id=\"verified\">Signed by the consumer <code>{}</code> with {}; \
         timestamp and nonce accepted.</p><table id=\"fields\"><caption>The form fields received</caption>\
         {rows}</table>",
        escape(auth.consumer.key),
        auth.request.signature_method.as_str()
    );
    page(StatusCode::OK, "LTI launch", &body)
}
