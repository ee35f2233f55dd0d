//! One step: its button, then its workings before sending and the response after.

use std::rc::Rc;

use yew::prelude::*;

use super::response::{ResponseProps, response_view};
use super::workings::{WorkingsProps, workings};
use crate::state::outcome::{Call, error_text};
use crate::state::steps::Step;

#[derive(Properties)]
pub struct StepPanelProps {
    pub step: Step,
    /// The flow's own `Rc` (`Flow::shared_step`): a changed call is a new one.
    pub view: Rc<Call>,
    pub enabled: bool,
    /// Why the button is disabled, shown next to it.
    #[prop_or_default]
    pub waiting_for: AttrValue,
    pub onsend: Callback<Step>,
    #[prop_or_default]
    pub children: Html,
}

/// The call compares by pointer, not field by field: the flow replaces the `Rc` of a
/// call that changes, so equal pointers mean the same call, and the deep comparison's
/// code stays out of the wasm (BENCHMARKS.md, "App budgets").
impl PartialEq for StepPanelProps {
    fn eq(&self, o: &Self) -> bool {
        self.step == o.step
            && Rc::ptr_eq(&self.view, &o.view)
            && self.enabled == o.enabled
            && self.waiting_for == o.waiting_for
            && self.onsend == o.onsend
            && self.children == o.children
    }
}

/// Each step's heading id and its hint's id, in `Step::index` order: static, no
/// `format!` a render.
const IDS: [(&str, &str); 4] = [
    ("step-0", "step-0-needs"),
    ("step-1", "step-1-needs"),
    ("step-2", "step-2-needs"),
    ("step-3", "step-3-needs"),
];

#[function_component]
pub fn StepPanel(p: &StepPanelProps) -> Html {
    let step = p.step;
    let onclick = {
        let cb = p.onsend.clone();
        Callback::from(move |_| cb.emit(step))
    };
    let v = &p.view;
    let (id, hint_id) = IDS[step.index()];
    html! {
        <section class="panel step" aria-labelledby={id} aria-busy={if v.in_flight { "true" } else { "false" }}>
            <h3 {id}>{ step.title() }</h3>
            { p.children.clone() }
            <div class="actions">
                <button type="button" class="primary" {onclick} disabled={!p.enabled}
                    aria-describedby={(!p.enabled).then_some(hint_id)}>{ step.button() }</button>
                if v.in_flight { <span class="spinner">{ "Sending…" }</span> }
                else if !p.enabled && !p.waiting_for.is_empty() {
                    <span class="hint" id={hint_id}>{ &p.waiting_for }</span>
                }
            </div>
            if let Some(e) = &v.error { <div class="error" role="alert"><p>{ error_text(e) }</p></div> }
            if let (Some(e), Some(r)) = (&v.explanation, &v.request) {
                <details open=true>
                    <summary>{ "Workings: the signed request" }</summary>
                    { workings(&WorkingsProps { explanation: e.clone(), request: r.clone() }) }
                </details>
            }
            if let Some(r) = &v.response {
                { response_view(&ResponseProps { response: r.clone(), outcome: v.outcome.clone() }) }
            }
        </section>
    }
}
