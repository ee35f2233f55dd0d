#!/usr/bin/python3
"""Differential OAuth 1.0a signer backed by Debian's python3-oauthlib.

Reads JSON Lines on stdin (one signing case per line) and writes one JSON line
per case on stdout, in the same order, so the Rust signer can be compared with
an independent implementation.

Input fields: method, url, consumer_key, consumer_secret, token (str|null),
token_secret, signature_method, rsa_key (PEM|null), nonce, timestamp (int),
callback, verifier, realm, body, content_type (all str|null) and placement
("header" | "query" | "body").

Output: {"base_string", "signature", "authorization", "url", "body"} or
{"error": "..."} when oauthlib refuses the case (or the line is malformed).

Only the standard library and oauthlib (plus its optional PyJWT/cryptography
backend for RSA) are used.
"""

import json
import sys
import urllib.parse

from oauthlib.oauth1 import (
    SIGNATURE_PLAINTEXT,
    SIGNATURE_TYPE_AUTH_HEADER,
    SIGNATURE_TYPE_BODY,
    SIGNATURE_TYPE_QUERY,
    Client,
)
from oauthlib.oauth1.rfc5849 import signature as sig

PLACEMENTS = {
    "header": SIGNATURE_TYPE_AUTH_HEADER,
    "query": SIGNATURE_TYPE_QUERY,
    "body": SIGNATURE_TYPE_BODY,
}

FORM = "application/x-www-form-urlencoded"


class RecordingClient(Client):
    """oauthlib Client that remembers the base string and the raw signature.

    Client.sign() keeps its Request private, so the only faithful way to see
    what it signed is to hook get_oauth_signature(), which receives the request
    with every oauth_* parameter except oauth_signature already attached.
    """

    base_string = None
    raw_signature = None

    def get_oauth_signature(self, request):
        # Same steps as Client.get_oauth_signature, using oauthlib's own helpers.
        # PLAINTEXT takes a fast path there that never builds a base string, so
        # for it a failure here must not turn into an error for the whole case.
        try:
            uri, headers, body = self._render(request)
            params = sig.collect_parameters(
                uri_query=urllib.parse.urlparse(uri).query,
                body=body,
                headers=headers,
            )
            self.base_string = sig.signature_base_string(
                request.http_method,
                sig.base_string_uri(uri, headers.get("Host", None)),
                sig.normalize_parameters(params),
            )
        except Exception:
            if self.signature_method != SIGNATURE_PLAINTEXT:
                raise
        self.raw_signature = super().get_oauth_signature(request)
        return self.raw_signature


def normalize_body(case):
    """Map the JSON body to what oauthlib should see.

    null means "no entity body". oauthlib parses "" as an empty *form*
    ([] params, not None), which it then rejects for GET/HEAD or for a missing
    form Content-Type; so "" is only passed through when it really is an empty
    form body, and otherwise treated as no body. (oauthlib compares the
    Content-Type exactly: "...; charset=utf-8" does not count as a form.)
    """
    body = case.get("body")
    if body == "" and case.get("content_type") != FORM:
        return None
    return body


def sign_case(case):
    placement = case.get("placement", "header")
    if placement not in PLACEMENTS:
        raise ValueError("unknown placement %r" % (placement,))
    timestamp = case.get("timestamp")

    client = RecordingClient(
        case["consumer_key"],
        client_secret=case.get("consumer_secret"),
        resource_owner_key=case.get("token"),
        resource_owner_secret=case.get("token_secret"),
        callback_uri=case.get("callback"),
        signature_method=case["signature_method"],
        signature_type=PLACEMENTS[placement],
        rsa_key=case.get("rsa_key"),
        verifier=case.get("verifier"),
        realm=case.get("realm"),
        nonce=case.get("nonce"),
        timestamp=None if timestamp is None else str(timestamp),
    )
    headers = {}
    if case.get("content_type") is not None:
        headers["Content-Type"] = case["content_type"]

    url, out_headers, body = client.sign(
        case["url"], http_method=case["method"], body=normalize_body(case), headers=headers
    )
    return {
        "base_string": client.base_string,
        "signature": client.raw_signature,
        "authorization": out_headers.get("Authorization"),
        "url": url,
        "body": body,
    }


def main():
    # Bytes in, ASCII-only JSON out: independent of the caller's locale.
    out = sys.stdout
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8")
        if not line.strip():
            continue  # blank lines are not cases
        try:
            result = sign_case(json.loads(line))
        except Exception as exc:  # any refusal by oauthlib becomes a result
            result = {"error": "%s: %s" % (type(exc).__name__, exc)}
        out.write(json.dumps(result) + "\n")
        out.flush()  # allow line-by-line (interactive) use over a pipe


if __name__ == "__main__":
    main()
