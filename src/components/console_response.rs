//! The console's response: status, timing, headers, and the body pretty-printed (JSON,
//! XML; large documents collapse per top-level member) or raw. Text nodes only: a
//! response's HTML is never injected. URLs in JSON strings load into the console.

use yew::prelude::*;

use super::fields::CopyButton;
use crate::state::outcome::HttpResponse;
use crate::state::pretty::{self, Format, Kind, Line};

#[derive(Properties, PartialEq)]
pub struct ConsoleResponseProps {
    pub response: HttpResponse,
    pub elapsed_ms: Option<u64>,
    /// A URL clicked in the body.
    pub onurl: Callback<String>,
}

#[function_component]
pub fn ConsoleResponse(p: &ConsoleResponseProps) -> Html {
    let r = &p.response;
    let raw = use_state(|| false);
    let body = r.text().into_owned();
    let pretty = use_memo(
        (body.clone(), r.header("content-type").map(str::to_owned)),
        |(body, ct)| pretty::pretty(body, ct.as_deref()),
    );
    let toggle = {
        let raw = raw.clone();
        Callback::from(move |_| raw.set(!*raw))
    };
    let class = if r.ok() { "ok" } else { "bad" };
    html! {
        <section class="console-response" aria-labelledby="console-response-h">
            <h3 id="console-response-h">{ "Response" }</h3>
            <p class="status-line">
                <strong class={class}>{ format!("HTTP {} {}", r.status, r.status_text) }</strong>
                if let Some(ms) = p.elapsed_ms { <span class="hint">{ format!(" · {ms} ms") }</span> }
                <span class="hint">{ format!(" · {} bytes", r.body.len()) }</span>
                if r.via_relay { <span class="hint">{ " · through the relay" }</span> }
            </p>
            <details>
                <summary>{ format!("Headers ({})", r.headers.len()) }</summary>
                <pre class="wrap">{ for r.headers.iter().map(|(n, v)| format!("{n}: {v}\n")) }</pre>
            </details>
            <div class="actions">
                <span class="hint">{ "Body" }</span>
                if pretty.is_some() {
                    <button type="button" onclick={toggle} aria-pressed={(*raw).to_string()}>{ "Raw" }</button>
                }
                <CopyButton text={body.clone()} what="the response body" />
            </div>
            { match (&*pretty, *raw) {
                (Some((format, sections)), false) => html! {
                    <div class="pretty" aria-label={match format { Format::Json => "JSON body", Format::Xml => "XML body" }}>
                        { for sections.iter().map(|s| {
                            let lines = html! { <pre class="code">{ for s.lines.iter().map(|l| line(l, &p.onurl)) }</pre> };
                            match &s.summary {
                                None => lines,
                                Some(summary) => html! {
                                    <details class="member"><summary><code>{ summary }</code>
                                        <span class="hint">{ format!(" ({} lines)", s.lines.len()) }</span></summary>
                                    { lines }</details>
                                },
                            }
                        }) }
                    </div>
                },
                _ => html! { <pre class="wrap raw">{ body }</pre> },
            } }
        </section>
    }
}

fn class_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Punct => "t-punct",
        Kind::Key => "t-key",
        Kind::Str => "t-str",
        Kind::Num => "t-num",
        Kind::Lit => "t-lit",
        Kind::Tag => "t-tag",
        Kind::Text => "t-text",
        Kind::Comment => "t-comment",
    }
}

/// One line: indentation, then each token as text in a span (a URL as a button).
fn line(l: &Line, onurl: &Callback<String>) -> Html {
    let indent = "  ".repeat(l.depth);
    html! {
        <>
            { indent }
            { for l.tokens.iter().map(|t| match &t.link {
                Some(url) => {
                    let (cb, url) = (onurl.clone(), url.clone());
                    let title = format!("Load {url} into the console's URL");
                    html! { <button type="button" class="link t-str" {title}
                        onclick={Callback::from(move |_| cb.emit(url.clone()))}>{ &t.text }</button> }
                }
                None => html! { <span class={class_of(t.kind)}>{ &t.text }</span> },
            }) }
            { "\n" }
        </>
    }
}
