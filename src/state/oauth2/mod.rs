//! The OAuth 2.0 page's pure state: its configuration ([`config`]) and the authorization
//! code + PKCE flow ([`flow`]), built on the protocol crate (crates/oauth2, without its
//! `native` feature). Nothing here touches the browser; `oauth2_page` and `effects` do.

pub mod config;
pub mod flow;
pub mod saved;

#[cfg(test)]
mod flow_tests;
