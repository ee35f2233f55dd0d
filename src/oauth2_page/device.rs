//! The device tab (RFC 8628): step 1 asks for a code pair and shows the user code and the
//! verification URI large, with a QR code; step 2 polls the token endpoint at the
//! server's interval, each poll listed, until the token comes (saved), the grant ends, or
//! the learner presses Stop. The rules are `state::oauth2::device`'s.

use std::cell::RefCell;
use std::rc::Rc;

use oauth2::device::{DeviceAuthorization, parse_device_authorization};
use oauth2::{ClientAuth, Response};
use yew::prelude::*;

use super::shared::Shared;
use super::steps::token_view;
use super::{keep_issued, send};
use crate::components::fields::FormField;
use crate::effects::{dom, timer};
use crate::state::oauth2::device::{self, Phase, Polling, clock};
use crate::state::oauth2::flows::{Flow, client_for};
use crate::state::oauth2::{explain, qr};

/// Step 1's answer: the raw exchange and the code pair, or why there is none.
#[derive(Clone)]
struct Asked {
    sent: send::Sent,
    authorization: Result<DeviceAuthorization, String>,
}

/// What step 2 shows; the loop that polls owns its own copy and sets this after each poll.
#[derive(Clone, Default)]
struct Shown {
    polling: Option<Polling>,
    /// The last poll's raw exchange.
    last: Option<send::Sent>,
    token: Option<Result<(String, String), String>>,
}

/// The device tab's state, kept by `FlowPanel` (one component type for the three tabs
/// besides the code flow's: each type costs the page kilobytes).
pub struct DeviceState {
    scope: UseStateHandle<Option<String>>,
    asked: UseStateHandle<Option<Asked>>,
    shown: UseStateHandle<Shown>,
    busy: UseStateHandle<bool>,
    // Each run of the loop has a number; Stop, a new code or leaving the tab moves it on,
    // and a loop whose number is no longer current ends at its next wake-up.
    run: Rc<RefCell<u32>>,
}

#[hook]
pub fn use_device_state() -> DeviceState {
    let run = use_mut_ref(|| 0u32);
    {
        let run = run.clone();
        use_effect_with((), move |_| move || *run.borrow_mut() += 1);
    }
    DeviceState {
        scope: use_state(|| None::<String>),
        asked: use_state(|| None::<Asked>),
        shown: use_state(Shown::default),
        busy: use_state(|| false),
        run,
    }
}

/// The device tab: step 1, the code pair; step 2, the polling.
pub fn panel(shared: Shared, st: &DeviceState) -> Html {
    let (scope, asked, shown, busy, run) = (
        st.scope.clone(),
        st.asked.clone(),
        st.shown.clone(),
        st.busy.clone(),
        st.run.clone(),
    );
    let client = client_for(&shared.config, Flow::Device);
    let scope_now = (*scope).clone().unwrap_or_else(|| client.scope.clone());
    let onscope = {
        let scope = scope.clone();
        Callback::from(move |v: String| scope.set(Some(v)))
    };
    let onask = {
        let (shared, asked, shown, busy, run) = (
            shared.clone(),
            asked.clone(),
            shown.clone(),
            busy.clone(),
            run.clone(),
        );
        let (auth, scope) = (client.auth.clone(), scope_now.clone());
        Callback::from(move |_| {
            *run.borrow_mut() += 1;
            shown.set(Shown::default());
            let built = match device::request(&shared.config, &auth, &scope) {
                Ok(b) => b,
                Err(e) => {
                    return asked.set(Some(Asked {
                        sent: send::Sent::failed(e.clone()),
                        authorization: Err(e),
                    }));
                }
            };
            busy.set(true);
            let (shared, asked, shown, busy, run, auth, scope) = (
                shared.clone(),
                asked.clone(),
                shown.clone(),
                busy.clone(),
                run.clone(),
                auth.clone(),
                scope.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let template = shared.template();
                let mut sent = send::send(&built, template.as_deref()).await;
                busy.set(false);
                let authorization = match &sent.result {
                    Ok(r) => parse_device_authorization(Response::new(r.status, &r.headers, &r.body))
                        .map_err(|e| explain::token_error(&e, r.via_relay)),
                    Err(e) => Err(e.clone()),
                };
                if let Ok(a) = &authorization {
                    send::mask(&mut sent, &[a.device_code.expose()]);
                    let mine = *run.borrow();
                    let poll = Poll {
                        a: a.clone(),
                        auth,
                        scope,
                        shared,
                        template,
                        shown,
                        run,
                        mine,
                    };
                    wasm_bindgen_futures::spawn_local(poll.until_done());
                }
                asked.set(Some(Asked { sent, authorization }));
            });
        })
    };
    let onstop = {
        let (shown, run) = (shown.clone(), run.clone());
        Callback::from(move |_| {
            *run.borrow_mut() += 1;
            let mut s = (*shown).clone();
            if let Some(p) = s.polling.as_mut() {
                p.stop();
            }
            shown.set(s);
        })
    };
    let polling = shown.polling.as_ref();
    let waiting = polling.is_some_and(|p| matches!(p.phase, Phase::Waiting(_)));
    html! {
        <>
        <section class="panel step" aria-labelledby="step-device-ask">
            <h3 id="step-device-ask">{ "1. The device authorization request" }</h3>
            { super::exchange::client_line(&client) }
            <FormField id="device-scope" label="Scope of this request" value={scope_now.clone()} oninput={onscope} />
            <button type="button" class="primary" onclick={onask} disabled={*busy}>{ "Ask for a user code" }</button>
            if let Some(x) = &*asked {
                // What the user needs first, then the exchange it came from.
                { match &x.authorization {
                    Ok(a) => code_view(&device::shown(a)),
                    Err(e) => html! { <div class="error" role="alert"><p>{ e }</p></div> },
                } }
                { send::raw_exchange(&x.sent) }
            }
        </section>
        <section class="panel step" aria-labelledby="step-device-poll">
            <h3 id="step-device-poll">{ "2. Polling the token endpoint" }</h3>
            <button type="button" onclick={onstop} disabled={!waiting}>{ "Stop polling" }</button>
            <p class="hint" role="status" aria-live="polite">{ phase_text(polling) }</p>
            if let Some(p) = polling {
                if !p.polls.is_empty() {
                    <ol class="polls" aria-label="Polls">
                    { for p.polls.iter().map(|x| html! {
                        <li><time>{ &x.at }</time>{ " " }
                            <span class="status">{ "HTTP " }{ x.status }</span>{ " " }
                            <code>{ &x.outcome }</code>{ " — " }{ &x.detail }</li>
                    }) }
                    </ol>
                }
                if let Phase::Failed(why) = &p.phase {
                    <div class="error" role="alert"><p>{ why }</p></div>
                }
            }
            if let Some(last) = &shown.last {
                <details class="workings" open={shown.token.is_some()}>
                    <summary>{ "The last poll, raw" }</summary>
                    { send::raw_exchange(last) }
                </details>
            }
            if let Some(t) = &shown.token { { token_view("device-access-token", t) } }
        </section>
        </>
    }
}

/// The polling loop of one code pair: waits the interval the state decided, polls, and
/// shows each answer, until the grant ends or its run is no longer current.
struct Poll {
    a: DeviceAuthorization,
    auth: ClientAuth,
    scope: String,
    shared: Shared,
    template: Option<String>,
    shown: UseStateHandle<Shown>,
    run: Rc<RefCell<u32>>,
    mine: u32,
}

impl Poll {
    fn current(&self) -> bool {
        *self.run.borrow() == self.mine
    }

    async fn until_done(self) {
        let mut state = Shown {
            polling: Some(Polling::new(&self.a, dom::now_secs())),
            ..Shown::default()
        };
        self.shown.set(state.clone());
        let token_endpoint = self.shared.config.token_endpoint.clone();
        while let Some(Phase::Waiting(seconds)) = state.polling.as_ref().map(|p| p.phase.clone()) {
            timer::sleep(u32::try_from(seconds.saturating_mul(1000)).unwrap_or(u32::MAX)).await;
            if !self.current() {
                return;
            }
            let Some(p) = state.polling.as_mut() else { return };
            let at = clock(&dom::now_iso());
            let built = match Polling::request(&self.a, &token_endpoint, self.auth.clone()) {
                Ok(b) => b,
                Err(e) => {
                    p.on_failure(e, &at);
                    self.shown.set(state.clone());
                    return;
                }
            };
            let mut sent = send::send(&built, self.template.as_deref()).await;
            if !self.current() {
                return;
            }
            let token = match &sent.result {
                Ok(r) => p.on_response(
                    Response::new(r.status, &r.headers, &r.body),
                    dom::now_secs(),
                    &at,
                    r.via_relay,
                ),
                Err(e) => {
                    p.on_failure(e.clone(), &at);
                    None
                }
            };
            if let Some(t) = token {
                send::mask_tokens(&mut sent, &t);
                let note = keep_issued(&self.shared, &token_endpoint, Some(&self.scope), &self.auth, &t);
                state.token = Some(Ok((t.access_token.expose().to_owned(), note)));
            }
            state.last = Some(sent);
            self.shown.set(state.clone());
        }
    }
}

fn phase_text(p: Option<&Polling>) -> String {
    let Some(p) = p else {
        return "Starts after step 1.".into();
    };
    let n = match p.polls.len() {
        1 => "1 poll".to_owned(),
        n => format!("{n} polls"),
    };
    let word = match &p.phase {
        Phase::Waiting(s) => return format!("Polling: {n} so far; the next in {s} s."),
        Phase::Done => "Done",
        Phase::Stopped => "Stopped",
        Phase::Failed(_) => "Ended without a token",
    };
    format!("{word} after {n}.")
}

/// The user code and where to type it, large, and the QR code (RFC 8628 §3.3, §3.3.1).
fn code_view(s: &device::Shown) -> Html {
    let uri = match &s.link {
        Some(u) => html! { <a href={u.clone()} target="_blank" rel="noopener noreferrer">{ u }</a> },
        None => html! { <code>{ &s.verification_uri }</code> },
    };
    let code =
        s.qr.as_deref()
            .and_then(|target| qr::path(target).map(|x| (target, x)));
    html! {
        <div class="device-code">
            <div>
                <p>{ "On a phone or computer, open" }</p>
                <p class="big verification-uri" id="verification-uri">{ uri }</p>
                <p>{ "and enter the code" }</p>
                <p class="big user-code" id="user-code">{ &s.user_code }</p>
                <p class="hint">{ format!("The code expires in {} s; the device polls every {} s.", s.expires_in, s.interval) }</p>
            </div>
            if let Some((target, (side, d))) = code {
                <figure class="qr">
                    <svg viewBox={format!("0 0 {side} {side}")} role="img" aria-label={format!("QR code of {target}")}>
                        <rect width="100%" height="100%" fill="#fff" />
                        <path d={d} fill="#000" />
                    </svg>
                </figure>
            }
        </div>
    }
}
