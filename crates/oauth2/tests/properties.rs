//! Properties over arbitrary input: the Basic header of RFC 6749 §2.3.1 reads back to the
//! same id and secret, form bodies read back to the same parameters, generated verifiers are
//! always valid (RFC 7636 §4.1), and the parsers of untrusted input never panic.

use oauth2::client_auth::{basic_header, decode_basic};
use oauth2::{ClientAuth, CodeVerifier, Grant, Response, Secret, TokenRequest};
use proptest::prelude::*;

proptest! {
    #[test]
    fn basic_header_round_trips(id in "[^\u{0}]{1,40}", secret in "[^\u{0}]{1,40}") {
        let (got_id, got_secret) = decode_basic(&basic_header(&id, &Secret::new(secret.clone()))).unwrap();
        prop_assert_eq!(got_id, id);
        prop_assert_eq!(got_secret.expose(), secret.as_str());
    }

    #[test]
    fn form_bodies_round_trip(scope in ".{0,40}", id in ".{1,20}", secret in ".{1,20}") {
        let built = TokenRequest::new(
            "https://as.example/token",
            Grant::ClientCredentials { scope: Some(scope.clone()) },
            ClientAuth::SecretPost { client_id: id.clone(), secret: Secret::new(secret.clone()) },
        )
        .build()
        .unwrap();
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(built.request.body.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let want = [("grant_type", "client_credentials"), ("scope", &scope), ("client_id", &id), ("client_secret", &secret)];
        prop_assert_eq!(pairs.len(), 4);
        for ((k, v), (wk, wv)) in pairs.iter().zip(want) {
            prop_assert_eq!((k.as_str(), v.as_str()), (wk, wv));
        }
    }

    #[test]
    fn generated_verifiers_are_valid(bytes in proptest::array::uniform32(any::<u8>())) {
        let v = CodeVerifier::generate(|b| b.copy_from_slice(&bytes));
        prop_assert!(CodeVerifier::new(v.secret().expose()).is_ok());
        prop_assert_eq!(v.secret().expose().len(), 43);
    }

    #[test]
    fn parsers_never_panic(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..300)) {
        let r = Response::new(status, &[], &body);
        let _ = oauth2::parse_token_response(r);
        let _ = oauth2::discovery::parse_metadata(r, "https://as.example");
        let _ = oauth2::jwks::parse_jwks(&body);
        let _ = oauth2::jwt::Jws::decode(&String::from_utf8_lossy(&body));
    }
}
