#!/usr/bin/python3
"""A one-legged OAuth 1.0a verifier built on Debian's python3-oauthlib.

An independent check (no code shared with the Rust core) of requests signed by the
consumer alone: one-legged API calls (WooCommerce-style) and LTI 1.1 launches. Every
request, on any path and with any method, goes through oauthlib's SignatureOnlyEndpoint
(RFC 5849 §3.2 without a token: signature, timestamp window, nonce).

    oauthlib_one_legged.py

Prints "listening on http://127.0.0.1:PORT" (a free port) and serves until killed.
Answers 200 with JSON {"consumer_key", "oauth_token" (absent: null, else as sent),
"signature_method", "params": [[name, value], ...]} (every non-oauth parameter of the
query and a form body, in order), or 401 with "refused: ..." naming what failed.
"""

import json
import string
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from oauthlib.oauth1 import (
    SIGNATURE_HMAC_SHA1,
    SIGNATURE_HMAC_SHA256,
    SIGNATURE_PLAINTEXT,
    RequestValidator,
    SignatureOnlyEndpoint,
)

CONSUMER_KEY = "peer-one-legged-key"
CONSUMER_SECRET = "peer-one-legged-secret"
FORM = "application/x-www-form-urlencoded"


class Validator(RequestValidator):
    # oauthlib's defaults want 20-30 alphanumerics and HTTPS; relaxed for loopback tests.
    enforce_ssl = False
    allowed_signature_methods = (SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, SIGNATURE_PLAINTEXT)
    safe_characters = set(string.ascii_letters + string.digits + "-._~")
    client_key_length = (1, 128)
    nonce_length = (1, 128)
    dummy_client = "dummy-client"

    def __init__(self):
        super().__init__()
        self.nonces = set()

    def validate_client_key(self, client_key, request):
        return client_key == CONSUMER_KEY

    def get_client_secret(self, client_key, request):
        return CONSUMER_SECRET if client_key == CONSUMER_KEY else "dummy-secret"

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request,
                                     request_token=None, access_token=None):
        key = (client_key, timestamp, nonce)
        if key in self.nonces:
            return False
        self.nonces.add(key)
        return True


ENDPOINT = SignatureOnlyEndpoint(Validator())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        sys.stderr.write("[oauthlib-one-legged] %s\n" % (format % args))

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def respond(self, status, text, content_type):
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length > 0 else ""
        uri = "http://" + (self.headers.get("Host") or "") + self.path
        headers = {n: self.headers[n] for n in ("Authorization", "Content-Type")
                   if self.headers.get(n) is not None}
        valid, request = ENDPOINT.validate_request(uri, self.command, body, headers)
        if not valid:
            if request is None:
                detail = "malformed OAuth request"
            elif request.validator_log:
                detail = " ".join("%s=%s" % (k, "ok" if v else "bad")
                                  for k, v in sorted(request.validator_log.items()))
            else:
                detail = "missing or invalid OAuth parameters, timestamp or nonce"
            return self.respond(401, "refused: %s\n" % detail, "text/plain; charset=utf-8")
        params = urllib.parse.parse_qsl(urllib.parse.urlsplit(uri).query, keep_blank_values=True)
        if FORM in headers.get("Content-Type", ""):
            params += urllib.parse.parse_qsl(body, keep_blank_values=True)
        sent = dict(request.oauth_params)
        self.respond(200, json.dumps({
            "consumer_key": request.client_key,
            "oauth_token": sent.get("oauth_token"),
            "signature_method": request.signature_method,
            "params": [[n, v] for n, v in params if not n.startswith("oauth_")],
        }, ensure_ascii=False), "application/json")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
