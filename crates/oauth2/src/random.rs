//! Values that must be unguessable: the PKCE verifier (RFC 7636 §4.1, §7.1), `state`
//! (RFC 6749 §10.12), the OIDC `nonce` (OIDC Core §15.5.2), a JWT's `jti`. The randomness is
//! injected: `crypto.getRandomValues` in the browser, the OS natively, fixed bytes in tests.

use crate::b64;

/// Random bytes behind each value: 32 bytes, 256 bits, as RFC 7636 §4.1 recommends.
pub const RANDOM_BYTES: usize = 32;

/// 32 bytes from `fill` (a CSPRNG), as base64url: 43 characters of the unreserved set.
pub fn random_token(fill: impl FnOnce(&mut [u8])) -> String {
    let mut buf = [0u8; RANDOM_BYTES];
    fill(&mut buf);
    b64::encode(buf)
}
