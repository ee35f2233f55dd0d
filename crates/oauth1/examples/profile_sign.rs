//! A loop for profilers: `valgrind --tool=callgrind target/release/examples/profile_sign`.
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
    let spec = RequestSpec::new(
        "GET",
        "https://api.example.com/1.1/statuses/home_timeline.json?count=20&since_id=12345",
    );
    let options = SignOptions::default();
    let mut n = 0;
    for _ in 0..20000 {
        n += sign_request(
            &spec,
            &credentials,
            &options,
            "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgm",
            1318622958,
        )
        .unwrap()
        .request
        .url
        .len();
    }
    println!("{n}");
}
