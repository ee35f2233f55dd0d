//! The LTI 1.1 launch mode (docs/lti.md): the launch's fields, "Sign" shows the workings,
//! and "Launch in a new tab" submits the signed fields as a form POST navigation
//! (`target="_blank"`), which needs no CORS. The signing is `state::lti` on `engine::lti`.

use engine::sign::{Entropy, try_generate_nonce};
use yew::prelude::*;

use super::fields::FormField;
use super::workings::{WorkingsProps, workings};
use crate::effects::signer::BrowserEntropy;
use crate::state::lti::{Launch, LtiField, LtiForm};
use crate::state::presets::SandboxInfo;

#[derive(Properties, PartialEq)]
pub struct LtiLaunchProps {
    /// The sandbox announced by `playground.json`: its tool and demo consumer prefill the form.
    pub sandbox: Option<SandboxInfo>,
}

/// The inputs, in the order shown: (field, id, label, hint).
const INPUTS: [(LtiField, &str, &str, &str); 9] = [
    (
        LtiField::Url,
        "lti-url",
        "Tool launch URL",
        "The tool's launch URL (http or https).",
    ),
    (LtiField::ConsumerKey, "lti-key", "LTI consumer key", ""),
    (LtiField::ConsumerSecret, "lti-secret", "LTI consumer secret", ""),
    (
        LtiField::ResourceLinkId,
        "lti-resource-link-id",
        "resource_link_id",
        "Required: the link's placement in the platform.",
    ),
    (LtiField::UserId, "lti-user-id", "user_id", ""),
    (
        LtiField::Roles,
        "lti-roles",
        "roles",
        "Comma-separated, e.g. Learner or Instructor.",
    ),
    (LtiField::ContextId, "lti-context-id", "context_id", ""),
    (LtiField::ContextTitle, "lti-context-title", "context_title", ""),
    (
        LtiField::Custom,
        "lti-custom",
        "Custom parameters",
        "name=value, one a line; sent as custom_name.",
    ),
];

/// A nonce and a timestamp from the browser, then the signed launch.
fn sign(form: &LtiForm) -> Result<Launch, String> {
    let mut entropy = BrowserEntropy;
    let nonce = try_generate_nonce(|b| entropy.fill(b))?;
    let timestamp = entropy.now_millis()? / 1000;
    form.sign(&nonce, timestamp)
}

#[function_component]
pub fn LtiLaunchPanel(p: &LtiLaunchProps) -> Html {
    let form = use_state(|| LtiForm::initial(p.sandbox.as_ref()));
    let signed = use_state(|| None::<Result<Launch, String>>);
    // `playground.json` may arrive after the panel: an untouched form takes the sandbox's tool.
    {
        let form = form.clone();
        use_effect_with(p.sandbox.clone(), move |s| {
            if *form == LtiForm::initial(None) && s.is_some() {
                form.set(LtiForm::initial(s.as_ref()));
            }
        });
    }
    let onsign = {
        let (form, signed) = (form.clone(), signed.clone());
        Callback::from(move |_| signed.set(Some(sign(&form))))
    };
    let input = |field: LtiField| {
        let (form, signed) = (form.clone(), signed.clone());
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            next.set(field, v);
            form.set(next);
            signed.set(None);
        })
    };
    let url_error = form.url_error().map(AttrValue::from);
    html! {
        <section class="panel lti" aria-labelledby="lti-h">
            <h2 id="lti-h">{ "LTI 1.1 launch" }</h2>
            <p class="hint">{ "A Basic LTI launch, signed by the consumer alone (HMAC-SHA1, every form field in the \
                base string, oauth_callback=about:blank), opened as a form POST in a new tab." }</p>
            { for INPUTS.iter().map(|&(field, id, label, hint)| html! {
                <FormField {id} {label} value={form.get(field).to_owned()} oninput={input(field)}
                    kind={if field == LtiField::ConsumerSecret { "password" } else { "text" }}
                    area={field == LtiField::Custom}
                    hint={(!hint.is_empty()).then(|| AttrValue::from(hint))}
                    error={if field == LtiField::Url { url_error.clone() } else { None }} />
            }) }
            <div class="actions">
                <button type="button" onclick={onsign}>{ "Sign launch" }</button>
            </div>
            { match &*signed {
                None => Html::default(),
                Some(Err(e)) => html! { <div class="error" role="alert"><p>{ e }</p></div> },
                Some(Ok(l)) => html! {
                    <>
                        <form method="post" action={l.url.clone()} target="_blank" class="actions">
                            { for l.fields.iter().map(|(n, v)| html! {
                                <input type="hidden" name={n.clone()} value={v.clone()} />
                            }) }
                            <button type="submit">{ "Launch in a new tab" }</button>
                            <span class="hint">{ "The nonce is used once: sign again to launch again." }</span>
                        </form>
                        if let Some(why) = l.blocked() {
                            <p class="notice warn">{ why }</p>
                        }
                        <details open=true>
                            <summary>{ "Workings: the signed launch" }</summary>
                            { workings(&WorkingsProps { explanation: l.explanation.clone(), request: l.request.clone() }) }
                        </details>
                    </>
                },
            } }
        </section>
    }
}
