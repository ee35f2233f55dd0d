//! The API console (issue 6): any request, signed with the token in use, sent through the
//! configured relay; its workings, response and a replayable history. `Workbench` owns
//! the console's reducer and lays out the console and the export panel, which share it.

use yew::prelude::*;

use super::console_response::ConsoleResponse;
use super::export::ExportPanel;
use super::fields::FormField;
use super::identify_checks::identify_checks;
use super::workings::{WorkingsProps, workings};
use crate::effects::dom;
use crate::effects::storage::{self, Area};
use crate::runner;
use crate::state::config::Config;
use crate::state::console::{
    BodyType, Console, ConsoleAction, ConsoleField, ConsoleRequest, METHODS, call_warnings, console_input,
    one_legged_input,
};
use crate::state::console_history::{self, History};
use crate::state::outcome::error_text;
use crate::state::safe_url::endpoint_error;
use crate::state::tokens::{SavedToken, TokenStore};

#[derive(Properties, PartialEq)]
pub struct WorkbenchProps {
    pub store: UseReducerHandle<TokenStore>,
    pub config: Config,
    /// The relay template for the current settings (`None`: direct).
    pub relay: Option<AttrValue>,
}

#[function_component]
pub fn Workbench(p: &WorkbenchProps) -> Html {
    let console = use_reducer({
        let url = p.config.resource_url.trim().to_owned();
        move || {
            let stored = storage::read(Area::Local, console_history::STORAGE_KEY)
                .ok()
                .flatten();
            Console {
                request: ConsoleRequest {
                    url,
                    ..ConsoleRequest::default()
                },
                history: History::load(stored.as_deref()),
                ..Console::default()
            }
        }
    });
    // The history is written whenever it changes; it holds no secrets.
    use_effect_with(console.history.clone(), |h| {
        let _ = storage::write(Area::Local, console_history::STORAGE_KEY, &h.to_json());
    });
    html! {
        <>
            { api_console(&ApiConsoleProps { console: console.clone(), token: p.store.current().and_then(SavedToken::of),
                config: p.config.clone(), relay: p.relay.clone() }) }
            <ExportPanel store={p.store.clone()} config={p.config.clone()} request={console.request.clone()} />
        </>
    }
}

/// Signs the console's request with `token`, or one-legged with the configuration's
/// consumer, and sends it; the reducer gets the results.
fn send(
    console: &UseReducerHandle<Console>,
    token: Option<&SavedToken>,
    config: &Config,
    relay: Option<String>,
) {
    let leg = match (console.one_legged, token) {
        (true, _) => one_legged_input(&console.request, config, console.empty_token),
        (false, Some(t)) => console_input(&console.request, t, config),
        (false, None) => return,
    };
    let leg = match leg {
        Ok(leg) => leg,
        Err(m) => return console.dispatch(ConsoleAction::Refused(m)),
    };
    let console = console.clone();
    runner::run(
        leg,
        relay,
        config.user_agent.clone(),
        Box::new(move |event| {
            console.dispatch(ConsoleAction::Call {
                event,
                at: dom::now_iso(),
            })
        }),
    );
}

pub struct ApiConsoleProps {
    pub console: UseReducerHandle<Console>,
    pub token: Option<SavedToken>,
    pub config: Config,
    pub relay: Option<AttrValue>,
}

pub fn api_console(p: &ApiConsoleProps) -> Html {
    let c = &*p.console;
    let r = &c.request;
    let set = |field: ConsoleField| {
        let console = p.console.clone();
        Callback::from(move |v: String| console.dispatch(ConsoleAction::Set(field, v)))
    };
    let onsend = {
        let (console, token, config) = (p.console.clone(), p.token.clone(), p.config.clone());
        let relay = p.relay.as_ref().map(|r| r.to_string());
        Callback::from(move |_: MouseEvent| send(&console, token.as_ref(), &config, relay.clone()))
    };
    let load_url = {
        let console = p.console.clone();
        Callback::from(move |url: String| console.dispatch(ConsoleAction::SetUrl(url)))
    };
    let methods: Vec<(AttrValue, AttrValue)> = METHODS
        .iter()
        .chain((!METHODS.contains(&r.method.as_str())).then_some(&r.method.as_str()))
        .map(|m| (AttrValue::from(m.to_string()), AttrValue::from(m.to_string())))
        .collect();
    let body_types: Vec<(AttrValue, AttrValue)> = BodyType::ALL
        .iter()
        .map(|b| (b.as_str().into(), b.label().into()))
        .collect();
    let ready = (c.one_legged || p.token.is_some()) && !r.url.trim().is_empty() && !c.call.in_flight;
    let signer = p.token.as_ref().filter(|_| !c.one_legged);
    let warnings = call_warnings(r, signer, &p.config);
    let check = |field: ConsoleField| {
        let cb = set(field);
        Callback::from(move |on: bool| cb.emit(on.to_string()))
    };
    html! {
        <section class="panel console" aria-labelledby="console-h" aria-busy={c.call.in_flight.to_string()}>
            <h2 id="console-h">{ "API console" }</h2>
            <p class="hint">{ match (signer, c.one_legged) {
                (_, true) => format!("Requests are signed one-legged, by the consumer {} of the configuration alone, and sent {}.",
                    p.config.consumer_key.trim(), via(&p.relay)),
                (Some(t), _) => format!("Requests are signed with the token in use, \"{}\" (consumer {}), and sent {}.",
                    t.name, t.consumer_key, via(&p.relay)),
                (None, _) => "Get a token with the three legs above, choose \"Use\" on a saved token, or sign one-legged, to sign requests here.".into(),
            } }</p>
            <FormField check=true id="console-one-legged" label="One-legged: sign with the consumer alone" checked={c.one_legged}
                oncheck={check(ConsoleField::OneLegged)}
                hint={"The configuration's consumer key and secret (or RSA key) sign; no token is sent (RFC 5849 §3.1)."} />
            if c.one_legged {
                <FormField check=true id="console-empty-token" label="Send an empty oauth_token" checked={c.empty_token}
                    oncheck={check(ConsoleField::EmptyToken)}
                    hint={"Sends and signs oauth_token=\"\", which a few servers want and most refuse."} />
            }
            <div class="console-line">
                <FormField key={format!("method-{}", c.loads)} id="console-method" label="Method" value={r.method.clone()} options={methods}
                    onchange={set(ConsoleField::Method)} />
                <FormField id="console-url" label="URL" value={r.url.clone()} oninput={set(ConsoleField::Url)}
                    kind="url" placeholder="https://api.example.com/1/resource.json"
                    error={endpoint_error(&r.url).map(AttrValue::from)} />
            </div>
            <div class="console-grid">
                <FormField area=true id="console-query" label="Query parameters" value={r.query.clone()}
                    oninput={set(ConsoleField::Query)} placeholder="name=value"
                    hint={"One name=value per line, signed; # starts a comment line."} />
                <FormField area=true id="console-headers" label="Headers" value={r.headers.clone()}
                    oninput={set(ConsoleField::Headers)} placeholder="Accept: application/json"
                    hint={"One Name: value per line. OAuth 1.0a signs no headers."} />
            </div>
            <FormField key={format!("body-type-{}", c.loads)} id="console-body-type" label="Body type" value={r.body_type.as_str()} options={body_types}
                onchange={set(ConsoleField::BodyType)} />
            <FormField area=true id="console-body" label="Body" value={r.body.clone()} oninput={set(ConsoleField::Body)} rows={4}
                hint={match r.body_type {
                    BodyType::None => "Choose a body type to send a body.",
                    BodyType::Form => "One name=value per line; form parameters are signed (§3.4.1.3.1).",
                    _ => "Sent as is. Only oauth_body_hash covers it in the signature.",
                }} />
            <FormField check=true id="console-body-hash" label="Add oauth_body_hash" checked={r.body_hash}
                oncheck={check(ConsoleField::BodyHash)}
                hint={"OAuth Request Body Hash, for JSON and raw text bodies; never sent with a form body."} />
            { warnings_note(&warnings) }
            <div class="actions">
                <button type="button" class="primary" onclick={onsend} disabled={!ready}>{ "Send" }</button>
                if c.call.in_flight { <span class="spinner">{ "Sending…" }</span> }
            </div>
            if let Some(e) = &c.call.error { <div class="error" role="alert"><p>{ error_text(e) }</p></div> }
            if let Some(resp) = &c.call.response {
                <ConsoleResponse response={resp.clone()} elapsed_ms={c.call.elapsed_ms} onurl={load_url} />
            }
            if let (Some(e), Some(req)) = (&c.call.explanation, &c.call.request) {
                <details>
                    <summary>{ "Workings: how this call was signed" }</summary>
                    if c.call_one_legged {
                        <p class="hint">{ if e.parameters.iter().any(|p| p.name == "oauth_token") {
                            "One-legged, signed by the consumer alone, with an empty oauth_token as asked (RFC 5849 §3.1)."
                        } else {
                            "One-legged, signed by the consumer alone: no oauth_token was sent (RFC 5849 §3.1)."
                        } }</p>
                    }
                    { workings(&WorkingsProps { explanation: e.clone(), request: req.clone() }) }
                </details>
                if let Some(resp) = &c.call.response { { identify_checks(&p.config, req, e, resp, dom::now_secs()) } }
            }
            { history_list(&HistoryProps { console: p.console.clone() }) }
        </section>
    }
}

/// The engine's warnings before sending (`engine::warnings`), for the console and the flow.
pub fn warnings_note(warnings: &[String]) -> Html {
    if warnings.is_empty() {
        return Html::default();
    }
    html! {
        <div class="notice warn" role="note" aria-label="Before sending">
            { for warnings.iter().map(|w| html! { <p>{ w }</p> }) }
        </div>
    }
}

fn via(relay: &Option<AttrValue>) -> &'static str {
    if relay.is_some() {
        "through the relay"
    } else {
        "directly"
    }
}

pub struct HistoryProps {
    pub console: UseReducerHandle<Console>,
}

/// The last calls, newest first, each with "Replay" (loads it into the editor).
pub fn history_list(p: &HistoryProps) -> Html {
    let entries = &p.console.history.entries;
    let clear = {
        let console = p.console.clone();
        Callback::from(move |_| console.dispatch(ConsoleAction::ClearHistory))
    };
    html! {
        <div class="history" role="group" aria-labelledby="history-h">
            <h3 id="history-h">{ "History" }</h3>
            if entries.is_empty() {
                <p class="hint">{ format!("The last {} calls appear here, without credentials.", console_history::MAX) }</p>
            } else {
                <ol class="history-list">
                    { for entries.iter().map(|e| {
                        let (console, request) = (p.console.clone(), e.request.clone());
                        let replay = Callback::from(move |_| console.dispatch(ConsoleAction::Load(request.clone())));
                        html! {
                            <li>
                                <code>{ e.summary() }</code>
                                <time datetime={e.at.clone()} class="hint">{ format!(" {}", e.at) }</time>
                                <button type="button" onclick={replay} title={format!("Load {} into the editor", e.summary())}>
                                    { "Replay" }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                <button type="button" onclick={clear}>{ "Clear history" }</button>
            }
        </div>
    }
}
