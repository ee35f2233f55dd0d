//! The flow tabs (WAI-ARIA Authoring Practices, "Tabs" with automatic activation): one
//! tab per flow of the page's group (`Flow::group`), the arrow keys move between them, and only the chosen one is
//! in the Tab order. Token exchange sits under an "Advanced" label. A function, not a
//! component: it keeps no state, and each component type costs the page kilobytes.

use yew::prelude::*;

use crate::effects::dom;
use crate::effects::storage::{self, Area};
use crate::state::oauth2::flows::Flow;

/// The tab of `group` chosen last in this browser tab (sessionStorage `key`), else the first.
pub fn remembered(key: &str, group: &[Flow]) -> Flow {
    Flow::parse(storage::read(Area::Session, key).ok().flatten().as_deref(), group)
}

/// Chooses a tab, keeping it under `key` for a reload of this tab.
pub fn chooser(chosen: &UseStateHandle<Flow>, key: &'static str) -> Callback<Flow> {
    let chosen = chosen.clone();
    Callback::from(move |f: Flow| {
        // The page works without it.
        let _ = storage::write(Area::Session, key, f.id());
        chosen.set(f);
    })
}

/// The chosen tab's panel, labelled by its tab.
pub fn tab_panel(chosen: Flow, body: Html) -> Html {
    html! {
        <div role="tabpanel" id={format!("panel-{}", chosen.id())} aria-labelledby={format!("tab-{}", chosen.id())}
            class="flow-panel">{ body }</div>
    }
}

pub fn flow_tabs(chosen: Flow, onchoose: &Callback<Flow>) -> Html {
    let tab = |f: Flow| {
        let selected = f == chosen;
        let onclick = {
            let on = onchoose.clone();
            Callback::from(move |_| on.emit(f))
        };
        let onkeydown = {
            let on = onchoose.clone();
            Callback::from(move |e: KeyboardEvent| {
                if let Some(to) = f.moved(&e.key()) {
                    e.prevent_default();
                    on.emit(to);
                    dom::focus(&format!("tab-{}", to.id()));
                }
            })
        };
        let advanced = f.advanced().then(|| {
            html! {
                <span class="tab-group" id="tabs-advanced" aria-hidden="true">{ "Advanced" }</span>
            }
        });
        html! {
            <>
            { advanced }
            <button type="button" role="tab" id={format!("tab-{}", f.id())} aria-selected={selected.to_string()}
                aria-controls={selected.then(|| format!("panel-{}", f.id()))}
                aria-describedby={f.advanced().then_some("tabs-advanced")}
                tabindex={if selected { "0" } else { "-1" }} {onclick} {onkeydown}>{ f.label() }</button>
            </>
        }
    };
    html! {
        <div class="flow-tabs" role="tablist" aria-labelledby="flows-h">
            { for chosen.group().iter().copied().map(tab) }
        </div>
    }
}
