//! `oauth-playground sign`, as scripts call it.

use std::process::Command;

fn sign(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oauth-playground"))
        .arg("sign")
        .args(args)
        .output()
        .expect("run oauth-playground")
}

const APPENDIX_A: &[&str] = &[
    "--method",
    "GET",
    "--url",
    "http://photos.example.net/photos?file=vacation.jpg&size=original",
    "--consumer-key",
    "dpf43f3p2l4k3l03",
    "--consumer-secret",
    "kd94hf93k423kf44",
    "--token",
    "nnch734d00sl2jdk",
    "--token-secret",
    "pfkkdhi9sl3r4s00",
    "--nonce",
    "kllo9940pd9333jh",
    "--timestamp",
    "1191242096",
];

#[test]
fn json_output_has_the_documented_fields() {
    let out = sign(&[APPENDIX_A, &["--json"]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["signature"], "tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
    assert_eq!(
        v["base_string"],
        "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03\
         %26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096\
         %26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal"
    );
    assert_eq!(
        v["authorization"],
        "OAuth oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_token=\"nnch734d00sl2jdk\", \
         oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1191242096\", oauth_nonce=\"kllo9940pd9333jh\", \
         oauth_version=\"1.0\", oauth_signature=\"tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D\""
    );
    assert_eq!(
        v["url"],
        "http://photos.example.net/photos?file=vacation.jpg&size=original"
    );
    assert_eq!(v["body"], "");
}

#[test]
fn readable_output_explains_and_masks_secrets() {
    let out = sign(APPENDIX_A);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Signature base string (§3.4.1.1):"));
    assert!(text.contains("  file                    [query]"));
    assert!(text.contains("tR3+Ty81lMeYAr/Fid0kMTYa/WM="));
    assert!(!text.contains("kd94hf93k423kf44") && !text.contains("pfkkdhi9sl3r4s00"));
}

#[test]
fn rfc5849_initiate_without_version_and_with_realm() {
    let out = sign(&[
        "--method",
        "POST",
        "--url",
        "https://photos.example.net/initiate",
        "--consumer-key",
        "dpf43f3p2l4k3l03",
        "--consumer-secret",
        "kd94hf93k423kf44",
        "--callback",
        "http://printer.example.com/ready",
        "--realm",
        "Photos",
        "--no-version",
        "--nonce",
        "wIjqoS",
        "--timestamp",
        "137131200",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["signature"], "74KNZJeDHnMBp0EMJ9ZHt/XKycU=");
}

#[test]
fn query_placement_and_body_hash() {
    let out = sign(&[
        "--method",
        "POST",
        "--url",
        "https://lti.example/outcomes",
        "--consumer-key",
        "k",
        "--consumer-secret",
        "s",
        "--body",
        "Hello World!",
        "--content-type",
        "text/plain",
        "--body-hash",
        "--placement",
        "query",
        "--nonce",
        "n",
        "--timestamp",
        "1",
        "--json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["url"]
            .as_str()
            .unwrap()
            .contains("oauth_body_hash=Lve95gjOVATpfV8EL5X4nxwjKHE%3D")
    );
    assert_eq!(v["authorization"], serde_json::Value::Null);
    assert_eq!(v["body"], "Hello World!");
}

#[test]
fn errors_go_to_stderr_with_a_nonzero_exit() {
    for (args, message) in [
        (
            &["--url", "http://x.example:99999/", "--consumer-key", "k"][..],
            "port",
        ),
        (
            &["--url", "ftp://x.example/", "--consumer-key", "k"][..],
            "http:// or https://",
        ),
        (
            &[
                "--url",
                "https://x.example/",
                "--consumer-key",
                "k",
                "--signature-method",
                "RSA-SHA1",
            ][..],
            "RSA private key",
        ),
        (
            &[
                "--url",
                "https://x.example/",
                "--consumer-key",
                "k",
                "--signature-method",
                "MD5",
            ][..],
            "not a signature method",
        ),
        (
            &[
                "--url",
                "https://x.example/",
                "--consumer-key",
                "k",
                "--rsa-key",
                "/nonexistent.pem",
            ][..],
            "could not read",
        ),
        (
            &["--url", "https://x.example/?oauth_nonce=1", "--consumer-key", "k"][..],
            "more than once",
        ),
    ] {
        let out = sign(args);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
}

/// The published RSA-SHA1 test case of wiki.oauth.net (TestCases §9.3), signed with its
/// key given as PKCS#8 and as PKCS#1 (tests/fixtures/README.md). PKCS#1 v1.5 signatures
/// are deterministic: the bytes must be the published ones.
#[test]
fn rsa_key_signs_the_published_rsa_sha1_vector() {
    const SIGNATURE: &str = "jvTp/wX1TYtByB1m+Pbyo0lnCOLIsyGCH7wke8AUs3BpnwZJtAuEJkvQL2/9n4s5wUmUl4aCI4BwpraNx4RtEXMe5qg5T1LVT\
                             GliMRpKasKsW//e+RinhejgCuzoH26dyF8iY2ZZ/5D1ilgeijhV/vBka5twt399mXwaYdCwFYE=";
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    for key in ["oauth_wiki_rsa_1024.pem", "oauth_wiki_rsa_1024_pkcs1.pem"] {
        let path = format!("{fixtures}/{key}");
        let args = [
            "--url",
            "http://photos.example.net/photos?file=vacaction.jpg&size=original",
            "--consumer-key",
            "dpf43f3p2l4k3l03",
            "--signature-method",
            "RSA-SHA1",
            "--rsa-key",
            path.as_str(),
            "--nonce",
            "13917289812797014437",
            "--timestamp",
            "1196666512",
        ];
        let out = sign(&[&args[..], &["--json"]].concat());
        assert!(
            out.status.success(),
            "{key}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(
            v["base_string"],
            "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacaction.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03\
             %26oauth_nonce%3D13917289812797014437%26oauth_signature_method%3DRSA-SHA1%26oauth_timestamp%3D1196666512\
             %26oauth_version%3D1.0%26size%3Doriginal",
            "{key}"
        );
        assert_eq!(v["signature"], SIGNATURE, "{key}");
        assert_eq!(
            v["authorization"],
            format!(
                "OAuth oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_signature_method=\"RSA-SHA1\", \
                 oauth_timestamp=\"1196666512\", oauth_nonce=\"13917289812797014437\", oauth_version=\"1.0\", \
                 oauth_signature=\"{}\"",
                SIGNATURE
                    .replace('+', "%2B")
                    .replace('/', "%2F")
                    .replace('=', "%3D")
            ),
            "{key}"
        );
        // The readable output shows the signature; the private key never.
        let out = sign(&args);
        assert!(out.status.success(), "{key}");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(text.contains(SIGNATURE), "{key}: {text}");
        assert!(
            !text.contains("MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBALRiMLAh9iimur8V"),
            "{key}"
        );
        assert!(!text.contains("PRIVATE KEY"), "{key}: {text}");
    }
}
