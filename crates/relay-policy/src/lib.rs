//! The relay's rules, written once for every host that runs it: the native relay
//! (`oauth-playground relay` and `serve`, crates/cli) and the Cloudflare Worker
//! (deploy/cloudflare). Pure: strings and addresses in, verdicts and header lists out; the
//! hosts do the I/O. Compiles for native targets and wasm32-unknown-unknown. docs/relay.md.

pub mod address;
pub mod allow_target;
pub mod code;
pub mod cors;
pub mod gate;
pub mod headers;
pub mod hosts;
pub mod policy;
pub mod protocol;
pub mod target_path;

pub use code::RelayCode;
pub use policy::{AllowedTarget, Policy, Refusal, Target, is_localhost_name};
