//! "Add a token by hand" (issue 13): token credentials obtained elsewhere (Magento's
//! integration tokens, X's developer portal), checked by the engine's one rule
//! (`engine::added_token`, as `oauth-playground tokens add`) and saved by the store's upsert
//! like any other token. A refusal is shown at its field and changes nothing stored; the
//! form keeps what was typed.

use engine::added_token::{AddedToken, AddedTokenError};
use oauth1::{Secret, SignatureMethod};
use yew::prelude::*;

use super::fields::FormField;
use crate::effects::dom;
use crate::state::tokens::{TokenAction, TokenStore, added_error_field};

#[derive(Properties, PartialEq)]
pub struct AddTokenProps {
    pub store: UseReducerHandle<TokenStore>,
}

/// What the form last said: the refusal, or the name the token was saved under.
#[derive(Clone, PartialEq)]
enum Said {
    Nothing,
    Refused(AddedTokenError),
    Saved(String),
}

#[function_component]
pub fn AddToken(p: &AddTokenProps) -> Html {
    let open = use_state(|| false);
    let form = use_state(|| AddedToken {
        signature_method: SignatureMethod::HmacSha1.as_str().into(),
        ..AddedToken::default()
    });
    let said = use_state(|| Said::Nothing);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let toggle_button = html! {
        <button type="button" onclick={toggle} aria-expanded={open.to_string()}>{ "Add a token by hand" }</button>
    };
    if !*open {
        return html! { <div class="actions">{ toggle_button }</div> };
    }
    let set = |write: fn(&mut AddedToken, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut f = (*form).clone();
            write(&mut f, v);
            form.set(f);
        })
    };
    let onsave = {
        let (form, said, store) = (form.clone(), said.clone(), p.store.clone());
        Callback::from(
            move |_: MouseEvent| match form.entry(&dom::now_iso(), js_sys::Date::now() as u64) {
                Ok(entry) => {
                    let name = entry.name.clone();
                    store.dispatch(TokenAction::Save(Box::new(entry)));
                    form.set(AddedToken {
                        signature_method: form.signature_method.clone(),
                        ..AddedToken::default()
                    });
                    said.set(Said::Saved(name));
                }
                Err(e) => said.set(Said::Refused(e)),
            },
        )
    };
    let error = |id: &str| match &*said {
        Said::Refused(e) if added_error_field(e) == id => Some(AttrValue::from(e.to_string())),
        _ => None,
    };
    let f = &*form;
    let rsa = f.method().is_ok_and(SignatureMethod::is_rsa);
    let methods: Vec<(AttrValue, AttrValue)> = SignatureMethod::NAMES
        .iter()
        .map(|m| (AttrValue::from(*m), AttrValue::from(*m)))
        .collect();
    html! {
        <div class="add-token" role="group" aria-labelledby="add-token-h">
            <div class="actions">{ toggle_button }</div>
            <h3 id="add-token-h" class="sub">{ "A token obtained elsewhere" }</h3>
            <p class="hint">{ "An access token and secret the provider showed you (an integration token, your own \
                account's token), with the consumer it was issued to. Saved like a token from the three legs." }</p>
            <div class="console-grid">
                <FormField id="add-consumer-key" label="Consumer key" value={f.consumer_key.clone()}
                    oninput={set(|f, v| f.consumer_key = v)} error={error("add-consumer-key")} />
                <FormField id="add-consumer-secret" label="Consumer secret" kind="password"
                    value={f.consumer_secret.expose().to_owned()} oninput={set(|f, v| f.consumer_secret = Secret::new(v))}
                    error={error("add-consumer-secret")} />
                <FormField id="add-token" label="Token" value={f.token.clone()} oninput={set(|f, v| f.token = v)}
                    error={error("add-token")} />
                <FormField id="add-token-secret" label="Token secret" kind="password"
                    value={f.token_secret.expose().to_owned()} oninput={set(|f, v| f.token_secret = Secret::new(v))}
                    error={error("add-token-secret")} />
            </div>
            <FormField id="add-method" label="Signature method" value={f.signature_method.clone()} options={methods}
                onchange={set(|f, v| f.signature_method = v)} />
            if let Some(e) = error("add-method") { <p class="field-error">{ e }</p> }
            if rsa {
                <FormField area=true id="add-rsa-key" label="RSA private key"
                    value={f.rsa_private_key.as_ref().map(|k| k.expose().to_owned()).unwrap_or_default()}
                    oninput={set(|f, v| f.rsa_private_key = Some(Secret::new(v)))}
                    placeholder="-----BEGIN PRIVATE KEY-----" hint={"PEM, PKCS#1 or PKCS#8: the consumer's key."} />
                if let Some(e) = error("add-rsa-key") { <p class="field-error">{ e }</p> }
            }
            <div class="console-grid">
                <FormField id="add-realm" label="Realm" value={f.realm.clone()} oninput={set(|f, v| f.realm = v)}
                    hint={"The Authorization header's realm (§3.5.1); empty: none."} />
                <FormField id="add-base-url" label="API base URL" kind="url" value={f.base_url.clone()}
                    oninput={set(|f, v| f.base_url = v)} placeholder="https://shop.example/rest/V1"
                    error={error("add-base-url")} />
                <FormField id="add-name" label="Name" value={f.name.clone()} oninput={set(|f, v| f.name = v)}
                    hint={"Empty: named after the base URL's host."} />
            </div>
            <div class="actions">
                <button type="button" class="primary" onclick={onsave}>{ "Save token" }</button>
                if let Said::Saved(name) = &*said {
                    <span class="hint">{ format!("Saved \"{name}\"; it is now the token in use.") }</span>
                }
            </div>
        </div>
    }
}
