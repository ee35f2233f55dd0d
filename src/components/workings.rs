//! The workings of one signature (RFC 5849 §3.4): parameters with their source, the
//! normalised string, the base string in its three parts, the masked key, the signature
//! and the exact HTTP request.

use oauth1::encode::encode;
use oauth1::{Explanation, PreparedRequest, SignatureMethod, mask};
use yew::prelude::*;

use super::fields::CopyButton;

pub struct WorkingsProps {
    pub explanation: Explanation,
    pub request: PreparedRequest,
}

/// PLAINTEXT's signature is the secrets themselves (§3.4.4): never shown in clear.
fn hide_plaintext(e: &Explanation, text: &str) -> String {
    if e.signature_method == SignatureMethod::Plaintext && !e.signature.is_empty() {
        text.replace(&encode(&e.signature), &mask(&e.signature))
            .replace(&e.signature, &mask(&e.signature))
    } else {
        text.to_owned()
    }
}

pub fn workings(p: &WorkingsProps) -> Html {
    let e = &p.explanation;
    let [m, u, params] = e.base_string_parts.encoded_parts();
    let http = hide_plaintext(e, &p.request.to_http());
    let signature = hide_plaintext(e, &e.signature);
    html! {
        <div class="workings">
            <h4>{ "Parameters (§3.4.1.3.1)" }</h4>
            <div class="scroll">
                <table>
                    <thead><tr><th scope="col">{ "Name" }</th><th scope="col">{ "Value" }</th>
                        <th scope="col">{ "Source" }</th></tr></thead>
                    <tbody>
                        { for e.parameters.iter().map(|p| html! {
                            <tr><td><code>{ &p.name }</code></td><td><code>{ &p.value }</code></td>
                                <td>{ p.source.label() }</td></tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <h4>{ "Normalised parameters (§3.4.1.3.2)" }</h4>
            <pre class="wrap">{ &e.normalized_parameters }</pre>
            <h4>{ "Signature base string (§3.4.1.1)" }</h4>
            <p class="legend">
                <span class="bs-method">{ "method" }</span>{ " & " }
                <span class="bs-uri">{ "base string URI (§3.4.1.2)" }</span>{ " & " }
                <span class="bs-params">{ "parameters" }</span>
            </p>
            <pre class="wrap base-string"><span class="bs-method">{ m }</span>{ "&" }<span class="bs-uri">{ u }</span>
                { "&" }<span class="bs-params">{ params }</span></pre>
            <CopyButton text={e.base_string.clone()} what="the base string" />
            <h4>{ format!("Signing key ({})", e.signature_method) }</h4>
            <pre class="wrap">{ &e.signing_key }</pre>
            <h4>{ "Signature" }</h4>
            <pre class="wrap">{ signature }</pre>
            <h4>{ "HTTP request" }</h4>
            <pre class="wrap http">{ http.replace("\r\n", "\n") }</pre>
            if e.signature_method != SignatureMethod::Plaintext {
                <CopyButton text={p.request.to_http()} what="the HTTP request" />
            }
            { for e.notes.iter().map(|n| html! { <p class="note">{ "Note: " }{ n }</p> }) }
        </div>
    }
}
