//! The export panel: ready-to-run snippets for the token in use and the console's request
//! (secrets masked until "Reveal"), and the token store as a JSON file.

use std::cell::RefCell;
use std::rc::Rc;

use engine::CallId;
use oauth1::encode::encode;
use oauth1::{PreparedRequest, SignatureMethod, mask};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use super::fields::{CopyButton, FormField};
use super::import::ImportTokens;
use super::token_store::StoreContext;
use crate::effects::files;
use crate::effects::signer::{BrowserEntropy, WebCrypto};
use crate::state::config::Config;
use crate::state::console::{ConsoleRequest, console_input};
use crate::state::snippets::{self, SnippetKind, SnippetRequest, SnippetToken};
use crate::state::tokens::{SavedToken, TokenStore};
use crate::state::transfer;

#[derive(Properties, PartialEq)]
pub struct ExportPanelProps {
    pub store: UseReducerHandle<TokenStore>,
    pub config: Config,
    /// The console's request; an empty URL falls back to the configured resource.
    pub request: ConsoleRequest,
}

/// The curl snippet's request, signed once with a fresh nonce, and its signature.
async fn sign_once(
    request: ConsoleRequest,
    token: SavedToken,
    config: Config,
) -> Option<(PreparedRequest, String)> {
    let leg = console_input(&request, &token, &config).ok()?;
    let signed = engine::sign::sign(&WebCrypto, &mut BrowserEntropy, &leg)
        .await
        .ok()?;
    Some((signed.request, signed.explanation.signature))
}

/// How long the console's request must stay unchanged before the curl snippet is signed
/// again: typing a URL does not make one (Web Crypto) signature a keystroke.
const SETTLE_MS: i32 = 400;

/// Signs the curl snippet once the request has settled, unless a newer change (a larger
/// `CallId` in `latest`) came in meanwhile; only the newest signature is shown.
fn sign_when_settled(
    latest: Rc<RefCell<CallId>>,
    signed: UseStateHandle<Option<(PreparedRequest, String)>>,
    (request, token, config): (ConsoleRequest, SavedToken, Config),
) {
    let id = CallId::next();
    *latest.borrow_mut() = id;
    let Some(window) = web_sys::window() else { return };
    let fire = Closure::once_into_js(move || {
        if *latest.borrow() != id {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let result = sign_once(request, token, config).await;
            if *latest.borrow() == id {
                signed.set(result);
            }
        });
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(fire.unchecked_ref(), SETTLE_MS);
}

#[function_component]
pub fn ExportPanel(p: &ExportPanelProps) -> Html {
    let kind = use_state(SnippetKind::default);
    let revealed = use_state(|| false);
    let token = p.store.current().and_then(SavedToken::of);
    let request = if p.request.url.trim().is_empty() {
        ConsoleRequest {
            url: p.config.resource_url.trim().to_owned(),
            ..ConsoleRequest::default()
        }
    } else {
        p.request.clone()
    };
    // Only the curl snippet carries a signature, so only it is signed: again when the
    // token, the request or the configuration changes and has settled.
    let signed = use_state(|| None::<(PreparedRequest, String)>);
    let latest = use_mut_ref(|| CallId::NONE);
    {
        let (signed, latest) = (signed.clone(), latest.clone());
        use_effect_with(
            (
                *kind == SnippetKind::Curl,
                token.clone(),
                request.clone(),
                p.config.clone(),
            ),
            move |(curl, t, r, c)| match t.clone().filter(|_| *curl) {
                Some(t) => sign_when_settled(latest, signed, (r.clone(), t, c.clone())),
                None => {
                    *latest.borrow_mut() = CallId::next();
                    signed.set(None);
                }
            },
        );
    }
    let options: Vec<(AttrValue, AttrValue)> = SnippetKind::ALL
        .iter()
        .map(|k| (k.as_str().into(), k.label().into()))
        .collect();
    let onkind = {
        let kind = kind.clone();
        Callback::from(move |v: String| kind.set(SnippetKind::parse(&v)))
    };
    let toggle = {
        let revealed = revealed.clone();
        Callback::from(move |_| revealed.set(!*revealed))
    };
    let snippet = token.as_ref().map(|t| {
        let st = SnippetToken::new(t, &p.config)?;
        SnippetRequest::from_console(&request).map(|r| {
            let signed_req = signed.as_ref().map(|(s, _)| s);
            let full = snippets::generate(*kind, &st, &r, signed_req);
            let mut shown = snippets::generate(*kind, &st.masked(), &r, signed_req);
            // PLAINTEXT's signature is the secrets themselves (§3.4.4).
            if let Some((_, sig)) = signed.as_ref()
                && st.method == SignatureMethod::Plaintext
                && !sig.is_empty()
            {
                shown = shown.replace(&encode(sig), &mask(sig));
            }
            (full, if *revealed { None } else { Some(shown) })
        })
    });
    html! {
        <section class="panel export" aria-labelledby="export-h">
            <h2 id="export-h">{ "Export" }</h2>
            <FormField id="export-kind" label="Snippet" value={kind.as_str()} options={options} onchange={onkind}
                hint={"Code for the token in use and the console's request (or the configured resource URL)."} />
            { match snippet {
                None => html! { <p class="hint">{ "Choose \"Use\" on a saved token to get code for it." }</p> },
                Some(Err(m)) => html! { <div class="error" role="alert"><p>{ m }</p></div> },
                Some(Ok((full, masked))) => html! {
                    <>
                        <pre class="wrap snippet" aria-label={format!("{} code", kind.label())}>
                            { masked.clone().unwrap_or_else(|| full.clone()) }
                        </pre>
                        <div class="actions">
                            <button type="button" onclick={toggle} aria-pressed={(*revealed).to_string()}>
                                { if *revealed { "Hide secrets" } else { "Reveal" } }</button>
                            <CopyButton text={full} what={format!("the {} snippet, secrets included", kind.label())} />
                            if *kind == SnippetKind::Curl {
                                <span class="hint">{ "The header is signed for one request: its nonce and timestamp make it single-use." }</span>
                            }
                        </div>
                    </>
                },
            } }
            <TokenFile />
        </section>
    }
}

/// "Export tokens" (optionally without secrets) and "Import tokens".
#[function_component]
pub fn TokenFile() -> Html {
    let store = use_context::<StoreContext>();
    let leave_out = use_state(|| false);
    let message = use_state(|| None::<Result<String, String>>);
    let onleave = {
        let leave_out = leave_out.clone();
        Callback::from(move |on: bool| leave_out.set(on))
    };
    let onexport = {
        let (store, leave_out, message) = (store.clone(), leave_out.clone(), message.clone());
        Callback::from(move |_| {
            let Some(store) = &store else { return };
            let what = if *leave_out {
                " without secrets"
            } else {
                ", secrets included: keep the file private"
            };
            message.set(Some(
                transfer::export(store, *leave_out)
                    .and_then(|text| files::download(transfer::FILE_NAME, "application/json", &text))
                    .map(|_| {
                        format!(
                            "Exported {} tokens to {}{what}.",
                            store.tokens().len(),
                            transfer::FILE_NAME
                        )
                    })
                    .map_err(|e| format!("The export failed: {e}")),
            ));
        })
    };
    html! {
        <div class="token-file" role="group" aria-labelledby="token-file-h">
            <h3 id="token-file-h">{ "Token file" }</h3>
            <p class="hint">{ "The saved tokens as JSON (docs/token-store.md); `oauth-playground request --tokens FILE` reads it." }</p>
            <FormField check=true id="export-leave-secrets" label="Leave secrets out" checked={*leave_out} oncheck={onleave}
                hint={"Token and consumer secrets and RSA keys are left out: the file can be shared, but the tokens cannot sign."} />
            <ImportTokens>
                <button type="button" onclick={onexport}
                    disabled={store.as_ref().is_none_or(|s| s.tokens().is_empty())}>{ "Export tokens" }</button>
            </ImportTokens>
            { match &*message {
                Some(Ok(m)) => html! { <p class="ok" role="status">{ m }</p> },
                Some(Err(m)) => html! { <div class="error" role="alert"><p>{ m }</p></div> },
                None => html! {},
            } }
        </div>
    }
}
