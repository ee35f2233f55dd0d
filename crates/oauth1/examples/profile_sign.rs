//! A loop for profilers: `valgrind --tool=callgrind target/release/examples/profile_sign lazy`.
//! The argument picks the path: `lazy` (no explanation, the default), `signer` (keyed once),
//! `eager` (`sign_request`, with the explanation), `theirs` (`oauth1-request`, as the bench calls it). The request is the bench's typical one.
#![allow(clippy::unwrap_used)] // fixed inputs

fn main() {
    use oauth1::*;
    let credentials = Credentials {
        consumer_key: "xvz1evFS4wEEPTGEFPHBog".into(),
        consumer_secret: Secret::new("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
        token: Some("370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb".into()),
        token_secret: Secret::new("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"),
        rsa_key: None,
    };
    let mut spec = RequestSpec::new(
        "GET",
        "https://api.example.com/1.1/statuses/home_timeline.json?count=20&since_id=12345",
    );
    spec.extra_params = vec![
        ("trim_user".into(), "true".into()),
        ("include_entities".into(), "false".into()),
    ];
    let options = SignOptions::default();
    let signer = Signer::new(credentials.clone(), options.clone());
    let path = std::env::args().nth(1).unwrap_or_else(|| "lazy".into());
    let (nonce, timestamp) = ("kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgm", 1318622958);
    let mut n = 0;
    for _ in 0..20000 {
        let request = match path.as_str() {
            "eager" => {
                sign_request(&spec, &credentials, &options, nonce, timestamp)
                    .unwrap()
                    .request
            }
            "theirs" => {
                n += theirs(&spec.url, nonce, timestamp).len();
                continue;
            }
            "signer" => signer.sign(&spec, nonce, timestamp).unwrap().into_request(),
            _ => sign_request_lazily(&spec, &credentials, &options, nonce, timestamp)
                .unwrap()
                .into_request(),
        };
        n += request.url.len();
    }
    println!("{n}");
}

fn theirs(url: &str, nonce: &str, timestamp: u64) -> String {
    use std::borrow::Cow;
    let extra = [("trim_user", "true"), ("include_entities", "false")];
    let (bare, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<(Cow<str>, Cow<str>)> = form_urlencoded::parse(query.as_bytes()).collect();
    params.extend(extra.iter().map(|(n, v)| (Cow::from(*n), Cow::from(*v))));
    let request = oauth1_request::ParameterList::new(params);
    let token = oauth1_request::Token::from_parts(
        "xvz1evFS4wEEPTGEFPHBog",
        "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
        "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
    );
    let header = oauth1_request::Builder::with_token(token, oauth1_request::HmacSha1::new())
        .nonce(nonce)
        .timestamp(std::num::NonZeroU64::new(timestamp))
        .version(true)
        .get(bare, &request);
    let sent = format!(
        "{url}&{}",
        oauth1_request::to_form(&oauth1_request::ParameterList::new(extra))
    );
    header + &sent
}
