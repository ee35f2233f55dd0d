//! Signing a typical request with this core and with the `oauth1-request` crate, on the same
//! inputs: the URL string with its query (`count`, `since_id`), two extra parameters in no
//! particular order, the same nonce and timestamp, HMAC-SHA1, the header placement. That is
//! ten signed parameters: six protocol, two query, two extra. Each side turns the inputs into
//! an `Authorization` header and the URL to send, and the bench first asserts that both
//! compute the same signature. Beside them: HMAC-SHA1 alone over the same base string (the
//! floor), `prepare_request` alone, signing without the explanation (fresh and with a kept
//! [`Signer`]), signing with it, and building it.
//! Run: `cargo bench -p oauth1 --bench sign`.
#![allow(clippy::unwrap_used)] // fixed inputs; a failure should stop the bench

use std::borrow::Cow;
use std::hint::black_box;
use std::num::NonZeroU64;

use base64::Engine;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use oauth1::{
    Credentials, RequestSpec, Secret, SignOptions, Signer, prepare_request, sign_request, sign_request_lazily,
};

const URL: &str = "https://api.example.com/1.1/statuses/home_timeline.json?count=20&since_id=12345";
const EXTRA: [(&str, &str); 2] = [("trim_user", "true"), ("include_entities", "false")];
const CONSUMER_KEY: &str = "xvz1evFS4wEEPTGEFPHBog";
const CONSUMER_SECRET: &str = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
const TOKEN: &str = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb";
const TOKEN_SECRET: &str = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
const NONCE: &str = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgm";
const TIMESTAMP: u64 = 1_318_622_958;

fn core(c: &mut Criterion) {
    let credentials = Credentials {
        consumer_key: CONSUMER_KEY.into(),
        consumer_secret: Secret::new(CONSUMER_SECRET),
        token: Some(TOKEN.into()),
        token_secret: Secret::new(TOKEN_SECRET),
        rsa_key: None,
    };
    let mut spec = RequestSpec::new("GET", URL);
    spec.extra_params = EXTRA
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let options = SignOptions::default();
    let signer = Signer::new(credentials.clone(), options.clone());

    // Both must compute the same signature before their speed means anything.
    let ours = sign_request(&spec, &credentials, &options, NONCE, TIMESTAMP).unwrap();
    let (their_header, their_url) = theirs();
    assert_eq!(
        signature_of(ours.request.header("Authorization").unwrap()),
        signature_of(&their_header)
    );
    assert_eq!(
        ours.request.url,
        format!("{URL}&trim_user=true&include_entities=false")
    );
    assert_eq!(their_url, format!("{URL}&include_entities=false&trim_user=true"));
    let lazy = sign_request_lazily(&spec, &credentials, &options, NONCE, TIMESTAMP).unwrap();
    assert_eq!(lazy.request(), &ours.request);
    assert_eq!(lazy.explanation(), ours.explanation);
    let base_string = ours.explanation.base_string.clone();
    let key = format!("{CONSUMER_SECRET}&{TOKEN_SECRET}");
    assert_eq!(floor(&key, &base_string), ours.explanation.signature);

    let mut group = c.benchmark_group("sign_hmac_sha1_10_params");
    group.bench_function("floor: HMAC-SHA1 of the base string", |b| {
        b.iter(|| floor(black_box(&key), black_box(&base_string)))
    });
    group.bench_function("oauth1: prepare_request", |b| {
        b.iter(|| prepare_request(black_box(&spec), &credentials, &options, NONCE, TIMESTAMP).unwrap())
    });
    group.bench_function("oauth1: sign_request_lazily (no explanation)", |b| {
        b.iter(|| sign_request_lazily(black_box(&spec), &credentials, &options, NONCE, TIMESTAMP).unwrap())
    });
    group.bench_function("oauth1: Signer::sign (keyed once, no explanation)", |b| {
        b.iter(|| signer.sign(black_box(&spec), NONCE, TIMESTAMP).unwrap())
    });
    group.bench_function("oauth1: sign_request (with explanation)", |b| {
        b.iter(|| sign_request(black_box(&spec), &credentials, &options, NONCE, TIMESTAMP).unwrap())
    });
    group.bench_function("oauth1: LazySigned::explanation", |b| {
        b.iter(|| black_box(&lazy).explanation())
    });
    group.bench_function("oauth1-request 0.6", |b| b.iter(theirs));
    group.finish();
}

/// HMAC-SHA1 keyed with the two secrets (unreserved, so encoded as they are) over the base
/// string, base64: what every implementation must compute.
fn floor(key: &str, base_string: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(base_string.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `oauth1-request` wants the URL without its query and the parameters sorted, so the
/// caller splits the URL, decodes its query and sorts, as a user of that crate would.
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
    let token = oauth1_request::Token::from_parts(CONSUMER_KEY, CONSUMER_SECRET, TOKEN, TOKEN_SECRET);
    let header = oauth1_request::Builder::with_token(token, oauth1_request::HmacSha1::new())
        .nonce(NONCE)
        .timestamp(NonZeroU64::new(TIMESTAMP))
        .version(true)
        .get(bare, &request);
    let extra = oauth1_request::ParameterList::new(EXTRA);
    let sent = format!("{url}&{}", oauth1_request::to_form(&extra));
    (header, sent)
}

fn signature_of(header: &str) -> String {
    let start = header.find("oauth_signature=\"").unwrap() + "oauth_signature=\"".len();
    header[start..].split('"').next().unwrap().to_owned()
}

criterion_group!(benches, core);
criterion_main!(benches);
