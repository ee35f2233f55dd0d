//! MediaWiki's identify JWT, in the console's workings (docs/lti.md, issue 13): each
//! check of `engine::mediawiki_identify` with what it compared. Shown only for the MediaWiki
//! preset's `Special:OAuth/identify` call (`state::mediawiki`).

use oauth1::{Explanation, PreparedRequest};
use yew::prelude::*;

use crate::state::config::Config;
use crate::state::mediawiki::identify;
use crate::state::outcome::HttpResponse;

/// The checks of the identify JWT in `response` at `now` (seconds since 1970), or nothing
/// when the call is another one.
pub fn identify_checks(
    config: &Config,
    request: &PreparedRequest,
    explanation: &Explanation,
    response: &HttpResponse,
    now: u64,
) -> Html {
    let body = String::from_utf8_lossy(&response.body);
    let Some(result) = identify(config, &request.url, explanation, &body, now) else {
        return Html::default();
    };
    html! {
        <details open=true class="identify">
            <summary>{ "MediaWiki identify: the JWT checked (HS256 with the consumer secret)" }</summary>
            { match result {
                Err(e) => html! { <p class="field-error">{ e }</p> },
                Ok(id) => html! {
                    <>
                        <p class={if id.verified() { "notice" } else { "notice warn" }}>
                            { if id.verified() { "Every check passed" } else { "A check failed: do not believe these claims" } }
                            if let Some(u) = id.username() { { format!(" (username: {u})") } }
                        </p>
                        <ul>
                            { for id.checks.iter().map(|c| html! {
                                <li>{ if c.passed { "✓ " } else { "✗ " } }<code>{ c.name }</code>{ ": " }{ &c.detail }</li>
                            }) }
                        </ul>
                    </>
                },
            } }
        </details>
    }
}
