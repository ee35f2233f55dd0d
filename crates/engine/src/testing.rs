//! Test doubles for code that drives the engine (the `testing` feature): a transport that
//! replays canned answers and records what it was sent, fixed entropy, and a `block_on`
//! for futures that never wait on I/O.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use oauth1::PreparedRequest;

use crate::http::{HttpResponse, Transport, TransportError};
use crate::sign::Entropy;

/// Answers each request with the next scripted result, in order, and records the request.
/// A request beyond the script is answered with [`TransportError::Unreachable`].
#[derive(Debug, Default)]
pub struct ScriptedTransport {
    script: RefCell<VecDeque<Result<HttpResponse, TransportError>>>,
    sent: RefCell<Vec<PreparedRequest>>,
}

impl ScriptedTransport {
    pub fn new(script: impl IntoIterator<Item = Result<HttpResponse, TransportError>>) -> Self {
        Self {
            script: RefCell::new(script.into_iter().collect()),
            sent: RefCell::default(),
        }
    }

    /// Every request sent so far, in order.
    pub fn sent(&self) -> Vec<PreparedRequest> {
        self.sent.borrow().clone()
    }

    /// True when every scripted answer was used.
    pub fn finished(&self) -> bool {
        self.script.borrow().is_empty()
    }
}

impl Transport for ScriptedTransport {
    fn send(&self, request: &PreparedRequest) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        self.sent.borrow_mut().push(request.clone());
        let next = self.script.borrow_mut().pop_front();
        std::future::ready(next.unwrap_or_else(|| {
            Err(TransportError::Unreachable {
                detail: format!("the script has no answer for {} {}", request.method, request.url),
            })
        }))
    }
}

/// Answers each request with what `F` makes of it: a provider written inline in a test
/// (e.g. one that verifies the signature with the core's provider side).
pub struct Responder<F>(pub F);

impl<F> Transport for Responder<F>
where
    F: Fn(&PreparedRequest) -> Result<HttpResponse, TransportError>,
{
    fn send(&self, request: &PreparedRequest) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        std::future::ready((self.0)(request))
    }
}

/// The same bytes and a clock that moves by `step_ms` each time it is read, so nonces,
/// timestamps and timings are known in advance.
#[derive(Debug, Clone)]
pub struct FixedEntropy {
    pub byte: u8,
    pub now_ms: u64,
    pub step_ms: u64,
}

impl FixedEntropy {
    /// Nonces of 32 × `A` (byte 0), starting at `now_ms`, each reading `step_ms` later.
    pub fn new(now_ms: u64, step_ms: u64) -> Self {
        Self {
            byte: 0,
            now_ms,
            step_ms,
        }
    }
}

impl Entropy for FixedEntropy {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), String> {
        buf.fill(self.byte);
        Ok(())
    }

    fn now_millis(&mut self) -> Result<u64, String> {
        let now = self.now_ms;
        self.now_ms += self.step_ms;
        Ok(now)
    }
}

/// Runs a future that completes without waiting on anything outside it (the scripted
/// transport, the core signer). Panics if it would wait: that is a bug in the test.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut context) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the future waits on something a test cannot provide"),
    }
}
