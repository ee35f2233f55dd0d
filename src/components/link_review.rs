//! Asks before a `#config=` link replaces the configuration: what it would change
//! (`state::link_changes`), then "Apply" or "Keep my settings". A plain function, not a
//! component: it has no state of its own (page budget).

use yew::prelude::*;

use crate::state::link_changes::Change;

pub fn link_review(
    changes: &[Change],
    warnings: &[&'static str],
    onapply: Callback<MouseEvent>,
    onkeep: Callback<MouseEvent>,
) -> Html {
    html! {
        <section class="panel review" aria-labelledby="review-h">
            <h2 id="review-h">{ "Apply the settings from this link?" }</h2>
            <p>{ "The link you opened would change these settings (now → from the link). Nothing changes \
                until you choose." }</p>
            <ul class="changes">
                { for changes.iter().map(|c| html! {
                    <li><strong>{ c.setting }</strong>{ ": " }{ &c.now }{ " → " }{ &c.link }</li>
                }) }
            </ul>
            { for warnings.iter().map(|w| html! { <p class="warn-text">{ *w }</p> }) }
            <div class="actions">
                <button type="button" class="primary" onclick={onapply}>{ "Apply" }</button>
                <button type="button" onclick={onkeep}>{ "Keep my settings" }</button>
            </div>
        </section>
    }
}
