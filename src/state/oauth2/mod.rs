//! The OAuth 2.0 page's pure state: its configuration ([`config`]) and the authorization
//! code + PKCE flow ([`flow`]), the id_token's checks ([`id_token`]), built on the protocol crate (crates/oauth2, without its
//! `native` feature). Nothing here touches the browser; `oauth2_page` and `effects` do.

pub mod client_credentials;
pub mod config;
pub mod console;
pub mod device;
pub mod exchange;
pub mod explain;
pub mod flow;
pub mod flows;
pub mod id_token;
pub mod link;
pub mod par;
pub mod preset;
pub mod qr;
pub mod saved;
pub mod snippets;
pub mod tokens;
pub mod userinfo;

#[cfg(test)]
mod console_tests;
#[cfg(test)]
mod flow_tests;
