//! Signing a typical request (8 signed parameters: 6 protocol + 2 query, HMAC-SHA1) with
//! this core and with the `oauth1-request` crate, on identical inputs.
//! Run: `cargo bench -p oauth1 --bench sign`.
#![allow(clippy::unwrap_used)] // fixed inputs; a failure should stop the bench

use std::hint::black_box;
use std::num::NonZeroU64;

use criterion::{Criterion, criterion_group, criterion_main};
use oauth1::{Credentials, RequestSpec, Secret, SignOptions, sign_request};

const URL: &str = "https://api.example.com/1.1/statuses/home_timeline.json";
const NONCE: &str = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgm";
const TIMESTAMP: u64 = 1_318_622_958;

fn core(c: &mut Criterion) {
    let credentials = Credentials {
        consumer_key: "xvz1evFS4wEEPTGEFPHBog".into(),
        consumer_secret: Secret::new("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
        token: Some("370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb".into()),
        token_secret: Secret::new("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"),
        rsa_key: None,
    };
    let spec = RequestSpec::new("GET", &format!("{URL}?count=20&since_id=12345"));
    let options = SignOptions::default();

    // Both must produce the same header before their speed means anything.
    let ours = sign_request(&spec, &credentials, &options, NONCE, TIMESTAMP).unwrap();
    let theirs = theirs_header();
    assert_eq!(
        signature_of(ours.request.header("Authorization").unwrap()),
        signature_of(&theirs)
    );

    let mut group = c.benchmark_group("sign_hmac_sha1_8_params");
    group.bench_function("oauth1 (this core)", |b| {
        b.iter(|| sign_request(black_box(&spec), &credentials, &options, NONCE, TIMESTAMP).unwrap())
    });
    group.bench_function("oauth1-request 0.6", |b| b.iter(theirs_header));
    group.finish();
}

fn theirs_header() -> String {
    let token = oauth1_request::Token::from_parts(
        "xvz1evFS4wEEPTGEFPHBog",
        "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
        "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
    );
    let request = oauth1_request::ParameterList::new([("count", "20"), ("since_id", "12345")]);
    oauth1_request::Builder::with_token(token, oauth1_request::HmacSha1::new())
        .nonce(NONCE)
        .timestamp(NonZeroU64::new(TIMESTAMP))
        .version(true)
        .get(black_box(URL), &request)
}

fn signature_of(header: &str) -> String {
    let start = header.find("oauth_signature=\"").unwrap() + "oauth_signature=\"".len();
    header[start..].split('"').next().unwrap().to_owned()
}

criterion_group!(benches, core);
criterion_main!(benches);
