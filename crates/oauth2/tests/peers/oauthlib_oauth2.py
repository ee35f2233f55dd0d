"""The second implementation for tests/oauthlib.rs: python-oauthlib (Debian's python3-oauthlib,
written by nobody here) builds the token request bodies, and the Basic header of RFC 6749
section 2.3.1 is built and taken apart with Python's own form encoding.

Reads one JSON object of cases on stdin, writes one JSON object of answers on stdout."""

import base64
import json
import sys
from urllib.parse import parse_qsl, quote_plus, unquote_plus

import oauthlib.oauth2 as o


def body(case):
    grant = case["grant"]
    secret = case.get("client_secret")
    extra = {"client_secret": secret} if secret is not None else {}
    if grant == "authorization_code":
        return o.WebApplicationClient(case["client_id"]).prepare_request_body(
            code=case["code"], redirect_uri=case.get("redirect_uri"),
            code_verifier=case.get("code_verifier"), include_client_id=True, **extra)
    if grant == "refresh_token":
        return o.Client(case["client_id"]).prepare_refresh_body(
            refresh_token=case["refresh_token"], scope=case.get("scope"),
            client_id=case["client_id"], **extra)
    if grant == "client_credentials":
        return o.BackendApplicationClient(case["client_id"]).prepare_request_body(
            scope=case.get("scope"), include_client_id=True, **extra)
    if grant == "device_code":
        return o.DeviceClient(case["client_id"]).prepare_request_body(
            case["device_code"], include_client_id=True, **extra)
    raise ValueError(grant)


def basic(client_id, secret):
    """RFC 6749 section 2.3.1: form-encode each, join with ':', Base64."""
    return "Basic " + base64.b64encode(
        (quote_plus(client_id) + ":" + quote_plus(secret)).encode()).decode()


def decode_basic(header):
    raw = base64.b64decode(header.split(" ", 1)[1]).decode()
    client_id, secret = raw.split(":", 1)
    return [unquote_plus(client_id), unquote_plus(secret)]


cases = json.load(sys.stdin)
json.dump({
    "bodies": [sorted(parse_qsl(body(c), keep_blank_values=True)) for c in cases["bodies"]],
    "basic": [basic(i, s) for i, s in cases["basic"]],
    "decoded": [decode_basic(h) for h in cases["ours"]],
}, sys.stdout)
