//! The flows, written once. Each protocol step is sans-IO: the engine builds the next
//! request and interprets the response; a [`http::Transport`] sends it (the app's fetch
//! through the relay, the CLI's hyper client, a scripted mock in tests) and a
//! [`sign::SignatureProvider`] signs it (the core, or the browser's Web Crypto for RSA).
//!
//! - [`oauth1_flow`]: the three legs of RFC 5849 §2 and single signed calls, typed from the
//!   configuration to the [`oauth1_flow::LegRequest`] and back to the [`outcome::Outcome`].
//! - [`run::run_call`]: the one driver (sign, report, send, report) behind every step, the
//!   console, `authorize` and `request`; [`call::Call`] is the state it reports into.
//! - [`lines`], [`relay`], [`sandbox`]: the small shared rules (text-area lines, the relay's
//!   URL and refusals, the sandbox's paths).

pub mod added_token;
pub mod call;
mod diff;
pub mod http;
pub mod lines;
pub mod loopback;
pub mod lti;
pub mod mediawiki_identify;
pub mod oauth1_flow;
pub mod oauth2_ops;
pub mod oauth2_token;
pub mod outcome;
pub mod relay;
pub mod run;
pub mod sandbox;
pub mod sign;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
// Bad input, warned about before sending (PLAINTEXT without TLS, WooCommerce over https).
pub mod warnings;

pub use call::{Call, CallError, CallEvent, CallId, CallStage};
pub use http::{HttpResponse, Transport, TransportError};
pub use outcome::{BaseStringDiff, Failure, Outcome};
pub use run::run_call;
pub use sign::{CoreSigner, Entropy, SignError, Signature, SignatureProvider};
