//! Export: ready-to-run code for an OAuth 2.0 token set of the shared store
//! (`state::oauth2::snippets`). Secrets are bullets unless "Include secrets" is on; then
//! still bullets on screen until "Reveal", as the OAuth 1.0a page's export does.

use token_store::{Document, Entry};
use yew::prelude::*;

use super::shared::use_shared;
use crate::components::fields::{CopyButton, FormField};
use crate::effects::storage::{self, Area};
use crate::state::oauth2::snippets::{self, Kind, TokenSet};
use crate::state::tokens::STORAGE_KEY;

/// The store's OAuth 2.0 entries, newest last; an unreadable store reads as none.
fn oauth2_entries(area: Area) -> Vec<Entry> {
    storage::read(area, STORAGE_KEY)
        .ok()
        .flatten()
        .and_then(|text| Document::parse(&text).ok())
        .map(|doc| doc.tokens.into_iter().filter(|e| e.oauth2().is_some()).collect())
        .unwrap_or_default()
}

#[function_component]
pub fn Export() -> Html {
    let shared = use_shared();
    // Read again whenever the user comes to the panel: a step may have saved a set since.
    let seen = use_state(|| 0u32);
    let chosen = use_state(|| None::<String>);
    let kind = use_state(Kind::default);
    let resource = use_state(|| None::<String>);
    let include = use_state(|| false);
    let revealed = use_state(|| false);
    let Some(shared) = shared else {
        return Html::default();
    };
    let onfocusin = {
        let seen = seen.clone();
        Callback::from(move |_: FocusEvent| seen.set(seen.wrapping_add(1)))
    };
    let onpointerenter = {
        let seen = seen.clone();
        Callback::from(move |_: PointerEvent| seen.set(seen.wrapping_add(1)))
    };
    let entries = oauth2_entries(shared.tokens_area);
    let entry = (*chosen)
        .as_ref()
        .and_then(|id| entries.iter().find(|e| &e.id == id))
        .or(entries.last());
    let heading = html! { <h2 id="o2-export-h">{ "Export" }</h2> };
    let Some(set) = entry.and_then(TokenSet::of) else {
        return html! {
            <section class="panel export" aria-labelledby="o2-export-h"
                {onfocusin} {onpointerenter}>
                { heading }
                <p class="hint">{ "No OAuth 2.0 token set is saved yet: once the steps above get one, its code is here." }</p>
            </section>
        };
    };
    let offered = Kind::offered(&set);
    let kind_now = Some(*kind).filter(|k| offered.contains(k)).unwrap_or_default();
    let url = (*resource)
        .clone()
        .unwrap_or_else(|| shared.config.userinfo_endpoint.clone());
    let sets: Vec<(AttrValue, AttrValue)> = entries
        .iter()
        .map(|e| {
            let client = e.oauth2().map(|t| t.client_id.as_str()).unwrap_or_default();
            (
                e.id.clone().into(),
                format!("{} — client {client}", e.name).into(),
            )
        })
        .collect();
    let kinds: Vec<(AttrValue, AttrValue)> = offered
        .iter()
        .map(|k| (k.as_str().into(), k.label().into()))
        .collect();
    let onset = {
        let chosen = chosen.clone();
        Callback::from(move |id: String| chosen.set(Some(id)))
    };
    let onkind = {
        let kind = kind.clone();
        Callback::from(move |v: String| kind.set(Kind::parse(&v)))
    };
    let onurl = {
        let resource = resource.clone();
        Callback::from(move |v: String| resource.set(Some(v)))
    };
    let oninclude = {
        let (include, revealed) = (include.clone(), revealed.clone());
        Callback::from(move |on: bool| {
            include.set(on);
            revealed.set(false);
        })
    };
    let toggle = {
        let revealed = revealed.clone();
        Callback::from(move |_| revealed.set(!*revealed))
    };
    let masked = snippets::generate(kind_now, &set.masked(), &url);
    let full = snippets::generate(kind_now, &set, &url);
    let (shown, copied) = match (masked, full) {
        (Err(e), _) | (_, Err(e)) => (Err(e), String::new()),
        (Ok(m), Ok(f)) if *include => (Ok(if *revealed { f.clone() } else { m }), f),
        (Ok(m), Ok(_)) => (Ok(m.clone()), m),
    };
    let what = if *include {
        format!("the {} snippet, secrets included", kind_now.label())
    } else {
        format!("the {} snippet, secrets left out", kind_now.label())
    };
    html! {
        <section class="panel export" aria-labelledby="o2-export-h"
            {onfocusin} {onpointerenter}>
            { heading }
            <FormField id="o2-export-set" label="Token set" value={entry.map(|e| e.id.clone()).unwrap_or_default()}
                options={sets} onchange={onset} hint={"The OAuth 2.0 token sets in the shared token store."} />
            <FormField id="o2-export-kind" label="Snippet" value={kind_now.as_str()} options={kinds} onchange={onkind} />
            <FormField id="o2-export-url" label="Resource URL" value={url} oninput={onurl}
                hint={"What the code calls with the token (default: the userinfo endpoint)."} />
            <FormField check=true id="o2-export-secrets" label="Include secrets" checked={*include} oncheck={oninclude}
                hint={"Off: the tokens and the client secret are bullets, in the copy too."} />
            { match shown {
                Err(m) => html! { <div class="error" role="alert"><p>{ m }</p></div> },
                Ok(text) => html! {
                    <>
                        <pre class="wrap snippet" aria-label={format!("{} code", kind_now.label())}>{ text }</pre>
                        <div class="actions">
                            if *include {
                                <button type="button" onclick={toggle} aria-pressed={(*revealed).to_string()}>
                                    { if *revealed { "Hide secrets" } else { "Reveal" } }</button>
                            }
                            <CopyButton text={copied} {what} />
                        </div>
                    </>
                },
            } }
        </section>
    }
}
