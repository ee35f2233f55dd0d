//! The only modules that touch the browser (web-sys, js-sys). Everything they return is
//! plain data from `state`.

pub mod dom;
pub mod files;
pub mod http;
pub mod jws;
pub mod location;
pub mod signer;
pub mod storage;
pub mod timer;
