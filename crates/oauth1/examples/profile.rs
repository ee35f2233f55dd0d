#![allow(clippy::unwrap_used)]
use std::borrow::Cow;
use std::hint::black_box;
use std::num::NonZeroU64;

use oauth1::{Credentials, RequestSpec, Secret, SignOptions, Signer, sign_request_lazily};

const URL: &str = "https://api.example.com/1.1/statuses/home_timeline.json?count=20&since_id=12345";
const EXTRA: [(&str, &str); 2] = [("trim_user", "true"), ("include_entities", "false")];

fn theirs() -> (String, String) {
    let url = black_box(URL);
    let (bare, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<(Cow<str>, Cow<str>)> = form_urlencoded::parse(query.as_bytes()).collect();
    params.extend(
        black_box(EXTRA)
            .iter()
            .map(|(n, v)| (Cow::from(*n), Cow::from(*v))),
    );
    let request = oauth1_request::ParameterList::new(params);
    let token = oauth1_request::Token::from_parts(
        "xvz1evFS4wEEPTGEFPHBog",
        "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
        "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
    );
    let header = oauth1_request::Builder::with_token(token, oauth1_request::HmacSha1::new())
        .nonce("kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgm")
        .timestamp(NonZeroU64::new(1_318_622_958))
        .version(true)
        .get(bare, &request);
    let extra = oauth1_request::ParameterList::new(EXTRA);
    let sent = format!("{url}&{}", oauth1_request::to_form(&extra));
    (header, sent)
}

fn main() {
    let credentials = Credentials {
        consumer_key: "xvz1evFS4wEEPTGEFPHBog".into(),
        consumer_secret: Secret::new("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
        token: Some("370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb".into()),
        token_secret: Secret::new("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"),
        rsa_key: None,
    };
    let mut spec = RequestSpec::new("GET", URL);
    spec.extra_params = EXTRA
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let options = SignOptions::default();
    let signer = Signer::new(credentials.clone(), options.clone());
    let mode = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(1000);
    for _ in 0..n {
        match mode.as_str() {
            "signer" => drop(black_box(
                signer
                    .sign(
                        black_box(&spec),
                        "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgm",
                        1_318_622_958,
                    )
                    .unwrap(),
            )),
            "lazy" => drop(black_box(
                sign_request_lazily(
                    black_box(&spec),
                    &credentials,
                    &options,
                    "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgm",
                    1_318_622_958,
                )
                .unwrap(),
            )),
            "theirs" => drop(black_box(theirs())),
            _ => panic!(),
        }
    }
}
