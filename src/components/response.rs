//! The raw response (as text only: a provider's HTML is never injected) and what it means.

use oauth1::mask;
use yew::prelude::*;

use crate::state::outcome::{BaseStringDiff, HttpResponse, Outcome, failure_text};

/// A view, not a component: it has no state, and each component type costs the page about a
/// kilobyte (BENCHMARKS.md). So are the others here but [`DiffView`], which the tests mount.
pub struct ResponseProps {
    pub response: HttpResponse,
    pub outcome: Option<Outcome>,
}

pub fn response_view(p: &ResponseProps) -> Html {
    let r = &p.response;
    // The token secret is masked in the raw body too; the "Token secret" field reveals it.
    let mut body = r.text().into_owned();
    if let Some(Outcome::Tokens(t)) = &p.outcome {
        let secrets = std::iter::once(t.token_secret.expose()).chain(
            t.extra
                .iter()
                .filter(|(n, _)| n.ends_with("secret"))
                .map(|(_, v)| v.as_str()),
        );
        for v in secrets.filter(|v| !v.is_empty()) {
            body = body
                .replace(&oauth1::encode::encode(v), &mask(v))
                .replace(v, &mask(v));
        }
    }
    html! {
        <div class="response">
            <h4>{ "Response" }{ if r.via_relay { " (through the relay)" } else { "" } }</h4>
            <pre class="wrap http">
                { format!("HTTP {} {}\n", r.status, r.status_text) }
                { for r.headers.iter().map(|(n, v)| format!("{n}: {v}\n")) }
                { "\n" }{ body }
            </pre>
            if let Some(o) = &p.outcome { { outcome_view(&OutcomeProps { outcome: o.clone() }) } }
        </div>
    }
}

pub struct OutcomeProps {
    pub outcome: Outcome,
}

pub fn outcome_view(p: &OutcomeProps) -> Html {
    match &p.outcome {
        Outcome::Tokens(t) => {
            let confirmed = t
                .callback_confirmed
                .map(|c| ("oauth_callback_confirmed", c.to_string()));
            let fields = [
                ("oauth_token", t.token.clone()),
                ("oauth_token_secret", mask(t.token_secret.expose())),
            ]
            .into_iter()
            .chain(confirmed)
            .chain(t.extra.iter().map(|(n, v)| {
                (
                    n.as_str(),
                    if n.ends_with("secret") { mask(v) } else { v.clone() },
                )
            }));
            html! {
                <>
                    <h4>{ "Parsed fields" }</h4>
                    <table class="fields">
                        <tbody>
                        { for fields.map(|(n, v)| html! {
                            <tr><th scope="row"><code>{ n }</code></th><td><code>{ v }</code></td></tr>
                        }) }
                        </tbody>
                    </table>
                </>
            }
        }
        Outcome::Resource => html! { <p class="ok">{ "Success: the provider accepted the token." }</p> },
        Outcome::RelayRefused(_) | Outcome::Failed(_) => html! {
            <div class="error" role="alert"><p>{ failure_text(&p.outcome) }</p></div>
        },
        Outcome::Problem { problem, diff } => html! {
            <div class="error" role="alert">
                <p><strong>{ "oauth_problem = " }<code>{ &problem.problem }</code></strong></p>
                <p>{ problem.explanation() }</p>
                if let Some(a) = &problem.advice { <p>{ "Provider's advice: " }{ a }</p> }
                if !problem.parameters_absent.is_empty() {
                    <p>{ "Missing: " }<code>{ problem.parameters_absent.join(", ") }</code></p>
                }
                if !problem.parameters_rejected.is_empty() {
                    <p>{ "Rejected: " }<code>{ problem.parameters_rejected.join(", ") }</code></p>
                }
                if let Some(t) = &problem.acceptable_timestamps {
                    <p>{ "Acceptable timestamps: " }<code>{ t }</code></p>
                }
                if let Some(d) = diff { <DiffView diff={d.clone()} /> }
            </div>
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct DiffProps {
    pub diff: BaseStringDiff,
}

/// Both base strings side by side, the first difference onwards highlighted.
#[function_component]
pub fn DiffView(p: &DiffProps) -> Html {
    let d = &p.diff;
    let side = |title: &str, text: &str| {
        let (same, rest) = d.split(text);
        html! {
            <figure>
                <figcaption>{ title }</figcaption>
                <pre class="wrap">{ same }<mark>{ rest }</mark></pre>
            </figure>
        }
    };
    html! {
        <div class="diff">
            <p>{ match d.at {
                Some(i) => format!("The base strings differ from character {} on (highlighted).", i + 1),
                None => "The base strings are identical: the keys differ. Check the consumer secret and the token secret.".into(),
            } }</p>
            <div class="side-by-side">
                { side("Ours", &d.ours) }
                { side("The server's (debug_sbs)", &d.theirs) }
            </div>
        </div>
    }
}
