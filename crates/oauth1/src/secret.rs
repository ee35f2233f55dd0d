//! Secrets as types. The one serialisable secret type lives in `oauth-secret`, below this
//! core and the token store alike; the core re-exports it.

pub use oauth_secret::{Secret, mask, mask_of_length};
