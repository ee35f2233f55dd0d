//! Reads a PEM private key (RFC 7468) into PKCS#8 `PrivateKeyInfo` DER (RFC 5208 §5), the
//! form every RSA signer imports, the browser's Web Crypto included. A PKCS#1
//! `RSAPrivateKey` (RFC 8017 Appendix A.1.2) is wrapped, never re-encoded.
//!
//! Only the outer structure is checked here; the signer parses the key itself. This is
//! written out rather than taken from the `der` crate so that the browser build, which
//! signs with Web Crypto, carries no ASN.1 library (BENCHMARKS.md, "App budgets").

use base64::Engine;

use crate::Error;

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;
/// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL } (RFC 8017 Appendix A.1).
const RSA_ENCRYPTION: [u8; 15] = [
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

fn invalid(reason: impl Into<String>) -> Error {
    Error::InvalidRsaKey(reason.into())
}

/// The PKCS#8 DER of a PEM RSA private key, PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1
/// (`BEGIN RSA PRIVATE KEY`).
pub(crate) fn pkcs8_der_from_pem(pem: &str) -> Result<Vec<u8>, Error> {
    let pem = pem.trim();
    if pem.contains("ENCRYPTED") {
        return Err(invalid(
            "it is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)",
        ));
    }
    let Some((label, rest)) = begin(pem) else {
        return Err(invalid("no PEM private key found"));
    };
    match label {
        "PRIVATE KEY" => {
            let der = body(label, rest)?;
            check_pkcs8_rsa(&der)?;
            Ok(der)
        }
        "RSA PRIVATE KEY" => {
            let der = body(label, rest)?;
            check_pkcs1(&der)?;
            Ok(wrap_pkcs1(&der))
        }
        l if l.contains("PUBLIC KEY") || l.contains("CERTIFICATE") => Err(invalid(
            "this is a public key or certificate; the consumer signs with its private key",
        )),
        other => Err(invalid(format!(
            "a PEM \"{other}\" block is not an RSA private key"
        ))),
    }
}

/// The label of the first `-----BEGIN …-----` line, and what follows it.
fn begin(pem: &str) -> Option<(&str, &str)> {
    let start = pem.find("-----BEGIN ")? + "-----BEGIN ".len();
    let rest = &pem[start..];
    let end = rest.find("-----")?;
    Some((&rest[..end], &rest[end + 5..]))
}

/// The base64 between the BEGIN line and its END line, decoded (RFC 7468 §2).
fn body(label: &str, rest: &str) -> Result<Vec<u8>, Error> {
    let end = format!("-----END {label}-----");
    let Some(stop) = rest.find(&end) else {
        return Err(invalid(format!(
            "the \"{end}\" line is missing; paste the whole key"
        )));
    };
    let text: String = rest[..stop].split_whitespace().collect();
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| invalid(format!("its base64 is damaged ({e})")))
}

/// One DER element: (tag, contents, what follows). Definite lengths only (X.690 §10.1).
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// A SEQUENCE that fills `der` exactly, and its contents.
fn outer_sequence(der: &[u8]) -> Result<&[u8], Error> {
    match element(der) {
        Some((SEQUENCE, contents, [])) => Ok(contents),
        _ => Err(invalid("its DER structure is truncated or damaged")),
    }
}

/// PrivateKeyInfo: version, the rsaEncryption algorithm, and the key as an OCTET STRING.
fn check_pkcs8_rsa(der: &[u8]) -> Result<(), Error> {
    let contents = outer_sequence(der)?;
    let Some((INTEGER, _, rest)) = element(contents) else {
        return Err(invalid("it is not a PKCS#8 private key"));
    };
    let Some(algorithm) = rest.get(..RSA_ENCRYPTION.len()) else {
        return Err(invalid("it is not a PKCS#8 private key"));
    };
    if algorithm != RSA_ENCRYPTION {
        return Err(invalid(
            "it is not an RSA key (RSA-SHA* needs RSA, not EC or Ed25519)",
        ));
    }
    match element(&rest[RSA_ENCRYPTION.len()..]) {
        Some((OCTET_STRING, key, _)) => check_pkcs1(key),
        _ => Err(invalid("its DER structure is truncated or damaged")),
    }
}

/// RSAPrivateKey: a SEQUENCE starting with INTEGER version 0 (two-prime).
fn check_pkcs1(der: &[u8]) -> Result<(), Error> {
    match element(outer_sequence(der)?) {
        Some((INTEGER, [0], _)) => Ok(()),
        Some((INTEGER, _, _)) => Err(invalid("multi-prime RSA keys are not supported")),
        _ => Err(invalid("it is not an RSA private key")),
    }
}

fn push_header(out: &mut Vec<u8>, tag: u8, len: usize) {
    out.push(tag);
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { pkcs1 } }.
fn wrap_pkcs1(pkcs1: &[u8]) -> Vec<u8> {
    let mut inner = vec![INTEGER, 1, 0];
    inner.extend_from_slice(&RSA_ENCRYPTION);
    push_header(&mut inner, OCTET_STRING, pkcs1.len());
    inner.extend_from_slice(pkcs1);
    let mut out = Vec::with_capacity(inner.len() + 6);
    push_header(&mut out, SEQUENCE, inner.len());
    out.extend_from_slice(&inner);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PKCS1: &str = include_str!("../../tests/fixtures/oauthlib_rsa_1024.pem");
    const PKCS8: &str = include_str!("../../tests/fixtures/oauthlib_rsa_1024_pkcs8.pem");

    #[test]
    fn pkcs1_wraps_to_the_same_bytes_openssl_writes() {
        // The PKCS#8 fixture is `openssl pkcs8 -topk8 -nocrypt` of the PKCS#1 one.
        assert_eq!(
            pkcs8_der_from_pem(PKCS1).unwrap(),
            pkcs8_der_from_pem(PKCS8).unwrap()
        );
    }

    #[test]
    fn long_form_lengths() {
        let mut out = Vec::new();
        push_header(&mut out, SEQUENCE, 0x7f);
        push_header(&mut out, SEQUENCE, 0x80);
        push_header(&mut out, SEQUENCE, 0x1234);
        assert_eq!(out, [0x30, 0x7f, 0x30, 0x81, 0x80, 0x30, 0x82, 0x12, 0x34]);
        assert_eq!(
            element(&[0x04, 0x81, 0x01, 0xaa]),
            Some((0x04, &[0xaa][..], &[][..]))
        );
        assert_eq!(element(&[0x04, 0x82, 0x01]), None);
        assert_eq!(element(&[0x04, 0x05, 0x01]), None);
    }

    #[test]
    fn damaged_keys_say_what_is_wrong() {
        let reason = |pem: &str| match pkcs8_der_from_pem(pem) {
            Err(Error::InvalidRsaKey(r)) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason(""), "no PEM private key found");
        assert!(reason("-----BEGIN PUBLIC KEY-----\nAAAA").contains("public key"));
        assert!(reason("-----BEGIN ENCRYPTED PRIVATE KEY-----").contains("encrypted"));
        assert!(reason("-----BEGIN PRIVATE KEY-----\nMIIB").contains("END PRIVATE KEY"));
        assert!(reason("-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----").contains("base64"));
        // A whole 64-character line lost in copying: valid base64, broken DER.
        let mut lines: Vec<&str> = PKCS8.trim().lines().collect();
        lines.remove(lines.len() - 3);
        assert!(reason(&lines.join("\n")).contains("DER"));
        // An EC key (`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`).
        let ec = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg9lqASUeFU3+UN8Ql
GL9T9Evfu4/g0Icz2Wy6qg8brjyhRANCAASXTedwE1bAJYl+2O61LkyT+V1OvSe4
bxb4dWBiW8AXZWpwnzkkRJZtATroARSU2hJDUqMdXwS9vX2aCPqupPcI
-----END PRIVATE KEY-----";
        assert!(reason(ec).contains("not an RSA key"));
    }
}
