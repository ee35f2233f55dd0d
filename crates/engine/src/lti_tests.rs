#![allow(clippy::unwrap_used)]

use oauth1::SignatureMethod;

use super::*;

pub fn launch() -> LtiLaunch {
    LtiLaunch {
        url: "http://tool.example/lti/launch?tool=1".into(),
        resource_link_id: "link-42".into(),
        user_id: "u-7".into(),
        roles: "Instructor".into(),
        context_id: "course-1".into(),
        context_title: "Maths & more".into(),
        custom: vec![
            ("Chapter Number".into(), "3".into()),
            ("review".into(), "a=b c".into()),
        ],
        ..LtiLaunch::default()
    }
}

fn demo() -> ConsumerOnly {
    ConsumerOnly::new(
        "lti-key",
        "lti-secret",
        SignatureMethod::HmacSha1,
        None,
        None,
        false,
    )
    .unwrap()
}

#[test]
fn custom_names_are_lower_case_with_underscores() {
    assert_eq!(custom_name("Chapter Number"), "custom_chapter_number");
    assert_eq!(custom_name("a-b.c/d"), "custom_a_b_c_d");
    assert_eq!(custom_name("Ünï"), "custom__n_");
}

#[test]
fn the_form_has_every_field_the_oauth_ones_and_about_blank() {
    let signed = launch().sign(&demo(), "nonce-1", 1_700_000_000).unwrap();
    let names: Vec<&str> = signed.fields.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names[..9],
        [
            "lti_message_type",
            "lti_version",
            "resource_link_id",
            "user_id",
            "roles",
            "context_id",
            "context_title",
            "custom_chapter_number",
            "custom_review",
        ]
    );
    // The OAuth parameters follow, in the form too (LTI 1.1 §6).
    assert_eq!(
        names[9..].join(" "),
        "oauth_consumer_key oauth_signature_method oauth_timestamp oauth_nonce oauth_version oauth_callback \
         oauth_signature"
    );
    assert_eq!(signed.url, "http://tool.example/lti/launch?tool=1");
    let get = |n: &str| signed.fields.iter().find(|(f, _)| f == n).unwrap().1.as_str();
    assert_eq!(get("oauth_callback"), "about:blank");
    assert_eq!(get("context_title"), "Maths & more");
    // Every form field is in the base string, and the query too.
    for (n, _) in signed.fields.iter().filter(|(n, _)| n != "oauth_signature") {
        assert!(
            signed.explanation.normalized_parameters.contains(n.as_str()),
            "{n}"
        );
    }
    assert!(signed.explanation.normalized_parameters.contains("tool=1"));
    // oauthlib 3.2.2 (python3-oauthlib) signs the same request to this value.
    assert_eq!(get("oauth_signature"), ORACLE);
    assert!(check_fields(&signed.fields).is_ok());
}

/// oauthlib's `rfc5849.signature` (collect_parameters, normalize_parameters,
/// signature_base_string, sign_hmac_sha1) over the same fields, query and URL.
const ORACLE: &str = "QnSJ+4tIPqGlQvlOepGfTfh2wAM=";

#[test]
fn a_launch_without_a_resource_link_is_refused() {
    let mut l = launch();
    l.resource_link_id = " ".into();
    assert_eq!(
        l.fields().unwrap_err().to_string(),
        "resource_link_id is required in an LTI 1.1 launch"
    );
    l.resource_link_id = "x".into();
    l.custom.push(("REVIEW".into(), "again".into()));
    assert_eq!(
        l.fields().unwrap_err().to_string(),
        "custom_review is sent more than once"
    );
}

#[test]
fn the_tool_names_what_is_wrong() {
    let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    };
    let check = |pairs: &[(&str, &str)]| check_fields(&fields(pairs)).map_err(|e| e.to_string());
    let good = [
        ("lti_message_type", "basic-lti-launch-request"),
        ("lti_version", "LTI-1p0"),
        ("resource_link_id", "r"),
    ];
    assert_eq!(check(&good), Ok(()));
    assert_eq!(
        check(&good[1..]),
        Err("lti_message_type is required in an LTI 1.1 launch".into())
    );
    assert_eq!(
        check(&[good[0], ("lti_version", "LTI-2p0"), good[2]]),
        Err("lti_version is \"LTI-2p0\"; an LTI 1.1 basic launch has \"LTI-1p0\"".into())
    );
    assert_eq!(
        check(&good[..2]),
        Err("resource_link_id is required in an LTI 1.1 launch".into())
    );
    assert_eq!(
        check(&[good[0], good[1], good[2], good[2]]),
        Err("resource_link_id is sent more than once".into())
    );
}
