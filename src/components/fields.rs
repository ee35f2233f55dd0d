//! Labelled form controls: every input has a `<label for>` (the harness and screen readers
//! find controls by label).

use yew::prelude::*;

use crate::effects::dom;

/// A text input (the default), a textarea (`area`), a checkbox (`check`) or a select
/// (`options`): one component for the four, since each component type costs the page about a kilobyte (BENCHMARKS.md).
#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub value: AttrValue,
    #[prop_or_default]
    pub oninput: Option<Callback<String>>,
    /// The input's type.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub readonly: bool,
    /// Why the value is refused (e.g. a URL that is not http(s)), shown under an input.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Shown beside an input (its buttons).
    #[prop_or_default]
    pub children: Html,
    /// A textarea of `rows` lines instead of an input.
    #[prop_or_default]
    pub area: bool,
    #[prop_or(3)]
    pub rows: u32,
    /// A checkbox: `checked`, `oncheck`, `disabled`.
    #[prop_or_default]
    pub check: bool,
    #[prop_or_default]
    pub checked: bool,
    #[prop_or_default]
    pub oncheck: Option<Callback<bool>>,
    #[prop_or_default]
    pub disabled: bool,
    /// A select of these `(value, text)` options, `value` chosen; `onchange` gets the value.
    #[prop_or_default]
    pub options: Vec<(AttrValue, AttrValue)>,
    #[prop_or_default]
    pub onchange: Option<Callback<String>>,
}

#[function_component]
pub fn FormField(p: &FieldProps) -> Html {
    let hint = |id: Option<String>| match &p.hint {
        Some(h) => html! { <p class="hint" {id}>{ h }</p> },
        None => Html::default(),
    };
    if p.check {
        let onchange = p
            .oncheck
            .clone()
            .map(|cb| Callback::from(move |e: Event| cb.emit(dom::value(&e) == "true")));
        return html! {
            <div class="field check">
                <input id={p.id.clone()} type="checkbox" checked={p.checked} {onchange} disabled={p.disabled} />
                <label for={p.id.clone()}>{ &p.label }</label>
                { hint(None) }
            </div>
        };
    }
    if !p.options.is_empty() {
        let onchange = p
            .onchange
            .clone()
            .map(|cb| Callback::from(move |e: Event| cb.emit(dom::value(&e))));
        return html! {
            <div class="field">
                <label for={p.id.clone()}>{ &p.label }</label>
                <select id={p.id.clone()} {onchange}>
                    { for p.options.iter().map(|(v, t)| html! {
                        <option value={v.clone()} selected={*v == p.value}>{ t }</option>
                    }) }
                </select>
                { hint(None) }
            </div>
        };
    }
    let oninput = p
        .oninput
        .clone()
        .map(|cb| Callback::from(move |e: InputEvent| cb.emit(dom::value(&e))));
    if p.area {
        return html! {
            <div class="field">
                <label for={p.id.clone()}>{ &p.label }</label>
                <textarea id={p.id.clone()} rows={p.rows.to_string()} value={p.value.clone()} {oninput}
                    placeholder={p.placeholder.clone()} readonly={p.readonly} spellcheck="false" />
                { hint(None) }
            </div>
        };
    }
    let hint_id = format!("{}-hint", p.id);
    let error_id = format!("{}-error", p.id);
    // A refusal is what the field needs to say first; the hint stays visible below it.
    let described = match (&p.error, &p.hint) {
        (Some(_), _) => Some(error_id.clone()),
        (None, Some(_)) => Some(hint_id.clone()),
        (None, None) => None,
    };
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ &p.label }</label>
            <div class="control">
                <input id={p.id.clone()} type={p.kind.clone()} value={p.value.clone()} {oninput}
                    placeholder={p.placeholder.clone()} readonly={p.readonly} spellcheck="false"
                    autocomplete="off" aria-describedby={described}
                    aria-invalid={p.error.as_ref().map(|_| "true")} />
                { p.children.clone() }
            </div>
            if let Some(e) = &p.error { <p class="field-error" id={error_id}>{ e }</p> }
            { hint(Some(hint_id)) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CopyProps {
    pub text: AttrValue,
    /// What is copied, for screen readers (the visible name stays "Copy").
    #[prop_or_default]
    pub what: AttrValue,
}

/// A "Copy" button; its description says what it copies.
#[function_component]
pub fn CopyButton(p: &CopyProps) -> Html {
    let copied = use_state(|| false);
    let onclick = {
        let (text, copied) = (p.text.clone(), copied.clone());
        Callback::from(move |_| {
            dom::copy(&text);
            copied.set(true);
        })
    };
    html! {
        <>
            <button type="button" class="copy" {onclick} title={format!("Copy {}", p.what)}>{ "Copy" }</button>
            <span class="copied" aria-live="polite">{ if *copied { "Copied" } else { "" } }</span>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct SecretProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
}

/// A read-only secret, masked until "Reveal".
#[function_component]
pub fn SecretField(p: &SecretProps) -> Html {
    let shown = use_state(|| false);
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(!*shown))
    };
    html! {
        <FormField id={p.id.clone()} label={p.label.clone()} value={p.value.clone()} readonly=true
            kind={if *shown { "text" } else { "password" }}>
            <button type="button" onclick={toggle} aria-pressed={shown.to_string()}
                aria-controls={p.id.clone()}>{ if *shown { "Hide" } else { "Reveal" } }</button>
            <CopyButton text={p.value.clone()} what={p.label.clone()} />
        </FormField>
    }
}

/// A read-only value with a Copy button. A function, not a component: it has no state of
/// its own, and each component type costs the page about a kilobyte (BENCHMARKS.md).
pub fn copy_field(id: &'static str, label: &'static str, value: AttrValue) -> Html {
    html! {
        <FormField {id} {label} value={value.clone()} readonly=true>
            <CopyButton text={value} what={label} />
        </FormField>
    }
}
