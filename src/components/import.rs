//! "Import tokens": reads an exported file, adds what is new, and asks per duplicate
//! (same token, or same name) whether to keep the saved one, replace it, or keep both.
//! Nothing is overwritten until the user confirms.

use yew::prelude::*;

use token_store::{Choice, ImportPlan};

use super::token_store::StoreContext;
use crate::effects::files;
use crate::state::tokens::TokenAction;
use crate::state::transfer;

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    /// Buttons shown before "Import tokens".
    #[prop_or_default]
    pub children: Html,
}

fn summary(plan: &ImportPlan) -> String {
    let count = |c: Choice| plan.duplicates.iter().filter(|d| d.choice == c).count();
    format!(
        "Imported: {} added, {} replaced, {} saved tokens kept as they were.",
        plan.fresh.len() + count(Choice::KeepBoth),
        count(Choice::Replace),
        count(Choice::KeepExisting)
    )
}

#[function_component]
pub fn ImportTokens(p: &ImportProps) -> Html {
    let store = use_context::<StoreContext>();
    let input = use_node_ref();
    let plan = use_state(|| None::<ImportPlan>);
    let message = use_state(|| None::<Result<String, String>>);
    let choose = {
        let input = input.clone();
        Callback::from(move |_| files::choose(&input))
    };
    // Applies a plan: now when nothing clashes, after the user's choices otherwise.
    let apply = {
        let (store, plan, message) = (store.clone(), plan.clone(), message.clone());
        Callback::from(move |chosen: ImportPlan| {
            let Some(store) = &store else { return };
            let no_secrets = chosen.fresh.iter().any(transfer::lacks_secrets);
            let note = summary(&chosen);
            store.dispatch(TokenAction::Import(Box::new(chosen)));
            let secrets = if no_secrets {
                " Some tokens have no secrets: they cannot sign until replaced."
            } else {
                ""
            };
            message.set(Some(Ok(format!("{note}{secrets}"))));
            plan.set(None);
        })
    };
    let onchange = {
        let (store, plan, message, apply) = (store.clone(), plan.clone(), message.clone(), apply.clone());
        Callback::from(move |e: Event| {
            let (Some(store), Some(file)) = (store.clone(), files::picked(&e)) else {
                return;
            };
            let (store, plan, message, apply) = (store.clone(), plan.clone(), message.clone(), apply.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let read = files::read_text(file)
                    .await
                    .map_err(|e| format!("The file could not be read: {e}"));
                match read.and_then(|text| transfer::parse(&text)) {
                    Err(m) => message.set(Some(Err(m))),
                    Ok(doc) => {
                        let p = store.doc.plan_import(doc);
                        if p.duplicates.is_empty() {
                            apply.emit(p);
                        } else {
                            message.set(None);
                            plan.set(Some(p));
                        }
                    }
                }
            });
        })
    };
    html! {
        <>
            <div class="actions">
                { p.children.clone() }
                <button type="button" onclick={choose}>{ "Import tokens" }</button>
                // Opened by the button above; labelled too, so assistive tech can use it directly.
                <label for="import-token-file" class="visually-hidden">{ "Token file to import" }</label>
                <input ref={input} id="import-token-file" type="file" accept=".json,application/json"
                    class="visually-hidden" tabindex="-1" {onchange} />
            </div>
            if let Some(current) = (*plan).clone() { { duplicates(&DuplicatesProps { plan: current, onchoose: {
                let plan = plan.clone();
                Callback::from(move |p: ImportPlan| plan.set(Some(p)))
            }, onapply: apply, oncancel: {
                let (plan, message) = (plan.clone(), message.clone());
                Callback::from(move |_| { plan.set(None); message.set(Some(Ok("Import cancelled; nothing changed.".into()))); })
            } }) } }
            { match &*message {
                Some(Ok(m)) => html! { <p class="ok" role="status">{ m }</p> },
                Some(Err(m)) => html! { <div class="error" role="alert"><p>{ m }</p></div> },
                None => html! {},
            } }
        </>
    }
}

pub struct DuplicatesProps {
    pub plan: ImportPlan,
    /// The plan with one choice changed.
    pub onchoose: Callback<ImportPlan>,
    pub onapply: Callback<ImportPlan>,
    pub oncancel: Callback<()>,
}

/// One radio group per duplicate, then "Import" / "Cancel".
pub fn duplicates(p: &DuplicatesProps) -> Html {
    let apply = {
        let (cb, plan) = (p.onapply.clone(), p.plan.clone());
        Callback::from(move |_| cb.emit(plan.clone()))
    };
    let cancel = {
        let cb = p.oncancel.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <div class="duplicates" role="group" aria-labelledby="duplicates-h">
            <h4 id="duplicates-h">{ format!("{} of the imported tokens are already saved", p.plan.duplicates.len()) }</h4>
            if !p.plan.fresh.is_empty() {
                <p class="hint">{ format!("{} new tokens will be added.", p.plan.fresh.len()) }</p>
            }
            { for p.plan.duplicates.iter().enumerate().map(|(i, d)| html! {
                <fieldset>
                    <legend>{ transfer::describe(d) }</legend>
                    { for Choice::ALL.iter().map(|&c| {
                        let id = format!("dup-{i}-{c:?}");
                        let (cb, plan) = (p.onchoose.clone(), p.plan.clone());
                        let onchange = Callback::from(move |_: Event| {
                            let mut next = plan.clone();
                            if let Some(d) = next.duplicates.get_mut(i) { d.choice = c; }
                            cb.emit(next);
                        });
                        html! {
                            <span class="choice">
                                <input type="radio" id={id.clone()} name={format!("dup-{i}")} checked={d.choice == c} {onchange} />
                                <label for={id}>{ transfer::label(c) }</label>
                            </span>
                        }
                    }) }
                </fieldset>
            }) }
            <div class="actions">
                <button type="button" class="primary" onclick={apply}>{ "Import" }</button>
                <button type="button" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
