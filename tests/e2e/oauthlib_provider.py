#!/usr/bin/python3
"""Independent OAuth 1.0a provider built on Debian's python3-oauthlib.

It exists so the Rust client can be exercised end to end against a provider
that shares no code with it. Everything lives in memory; the issued
credentials are mirrored into a JSON file so a test can read them.

    oauthlib_provider.py [--port N] [--credentials-file PATH] [--ready-file PATH]
                         [--rsa-public-key PEM] [--auto-approve]

Endpoints (all on http://127.0.0.1:PORT, all with permissive CORS):
    GET|POST /oauth/request_token
    GET      /oauth/authorize?oauth_token=T    HTML page with Allow / Deny
             (?auto=1 or --auto-approve approves at once; POST submits the form)
    GET|POST /oauth/access_token
    GET      /api/me                          {"consumer_key", "token", "user"}
    POST     /api/echo                        {"params": [[name, value], ...]}
    GET|POST /api/one-legged                  one-legged (RFC 5849 §3.1: the consumer alone
             signs, no token): {"consumer_key", "oauth_token" (null when absent), "signature_method",
             "params": [[name, value], ...]} (the non-oauth query and form parameters)
    GET      /w/index.php?title=Special:OAuth/identify
             MediaWiki's identify (Extension:OAuth): the request checked like /api/one-legged,
             then a JWT signed HS256 with the consumer secret by PyJWT: iss this server's
             origin, aud the consumer key, nonce the request's oauth_nonce, iat now, exp
             +100 s, username peer-user

Only the standard library and oauthlib (with PyJWT/cryptography for RSA).
"""

import argparse
import html
import json
import os
import signal
import string
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from oauthlib.common import add_params_to_uri, safe_string_equals
from oauthlib.oauth1 import (
    SIGNATURE_HMAC_SHA1,
    SIGNATURE_HMAC_SHA256,
    SIGNATURE_PLAINTEXT,
    SIGNATURE_RSA_SHA1,
    AccessTokenEndpoint,
    AuthorizationEndpoint,
    OAuth1Error,
    RequestTokenEndpoint,
    RequestValidator,
    ResourceEndpoint,
    SignatureOnlyEndpoint,
)

HMAC_CONSUMER_KEY = "peer-hmac-consumer-key"
HMAC_CONSUMER_SECRET = "peer-hmac-consumer-secret"
RSA_CONSUMER_KEY = "peer-rsa-consumer-key"
USER = "peer-user"
FORM = "application/x-www-form-urlencoded"

# Placeholders that oauthlib substitutes for unknown clients/tokens so that
# validation still takes the same time; they must never match a real entry.
DUMMY_CLIENT = "dummy-client"
DUMMY_REQUEST_TOKEN = "dummy-request-token"
DUMMY_ACCESS_TOKEN = "dummy-access-token"
DUMMY_SECRET = "dummy-secret"


def log(msg):
    sys.stderr.write("[oauthlib-provider] %s\n" % msg)
    sys.stderr.flush()


def atomic_write(path, text):
    """Write via a temp file + rename so readers never see a partial file."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class Store:
    """In-memory consumers/tokens/nonces, guarded by one lock."""

    def __init__(self, consumers, credentials_file):
        self.lock = threading.RLock()
        self.consumers = consumers
        self.request_tokens = {}  # token -> dict
        self.access_tokens = {}  # token -> dict
        self.nonces = {}  # (consumer, timestamp, nonce, token) -> seen at
        self.credentials_file = credentials_file

    def save(self):
        """Mirror the store into the credentials file (if one was asked for)."""
        if not self.credentials_file:
            return
        with self.lock:
            doc = {
                "consumers": self.consumers,
                "request_tokens": [
                    {k: rt[k] for k in ("token", "secret", "callback", "verifier",
                                        "authorized", "consumer_key")}
                    for rt in self.request_tokens.values()
                ],
                "access_tokens": [
                    {k: at[k] for k in ("token", "secret", "consumer_key")}
                    for at in self.access_tokens.values()
                ],
            }
            atomic_write(self.credentials_file, json.dumps(doc, indent=2) + "\n")

    def request_token(self, token, consumer_key=None):
        with self.lock:
            rt = self.request_tokens.get(token)
        if rt is None or (consumer_key is not None and rt["consumer_key"] != consumer_key):
            return None
        return rt

    def access_token(self, token, consumer_key):
        with self.lock:
            at = self.access_tokens.get(token)
        if at is None or at["consumer_key"] != consumer_key:
            return None
        return at


class Validator(RequestValidator):
    """oauthlib hooks over the Store.

    oauthlib's defaults are strict (20-30 alphanumeric characters for keys,
    tokens, nonces and verifiers, HTTPS only, realms from a fixed list); they are
    relaxed here so that ordinary clients and the '-' in our keys pass.
    """

    enforce_ssl = False  # loopback http only
    allowed_signature_methods = (
        SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, SIGNATURE_RSA_SHA1, SIGNATURE_PLAINTEXT,
    )
    safe_characters = set(string.ascii_letters + string.digits + "-._~")
    client_key_length = (1, 128)
    request_token_length = (1, 128)
    access_token_length = (1, 128)
    nonce_length = (1, 128)
    verifier_length = (1, 128)
    dummy_client = DUMMY_CLIENT
    dummy_request_token = DUMMY_REQUEST_TOKEN
    dummy_access_token = DUMMY_ACCESS_TOKEN

    def __init__(self, store, dummy_rsa_public_key):
        super().__init__()
        self.store = store
        # oauthlib verifies unknown RSA clients against get_rsa_key(dummy) and
        # crashes on None, so a throwaway key stands in.
        self.dummy_rsa_public_key = dummy_rsa_public_key

    # --- realms: accept anything -------------------------------------------
    def check_realms(self, realms):
        return True

    def get_default_realms(self, client_key, request):
        return []

    def get_realms(self, token, request):
        rt = self.store.request_token(token)
        return list(rt["realms"]) if rt else []

    def validate_requested_realms(self, client_key, realms, request):
        return True

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True

    def verify_realms(self, token, realms, request):
        return True

    # --- clients -----------------------------------------------------------
    def validate_client_key(self, client_key, request):
        # Also enforces the per-consumer signature methods; oauthlib only has
        # the global allowed_signature_methods list.
        consumer = self.store.consumers.get(client_key)
        return consumer is not None and request.signature_method in consumer["signature_methods"]

    def get_client_secret(self, client_key, request):
        consumer = self.store.consumers.get(client_key) or {}
        return consumer.get("secret") or DUMMY_SECRET

    def get_rsa_key(self, client_key, request):
        consumer = self.store.consumers.get(client_key) or {}
        return consumer.get("rsa_public_key") or self.dummy_rsa_public_key

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request,
                                     request_token=None, access_token=None):
        # Replay protection; oauthlib itself already rejects timestamps more
        # than timestamp_lifetime (600 s) away from now, so older entries can go.
        key = (client_key, timestamp, nonce, request_token or access_token or "")
        now = time.time()
        with self.store.lock:
            if key in self.store.nonces:
                return False
            self.store.nonces[key] = now
            if len(self.store.nonces) > 10000:
                horizon = now - 2 * self.timestamp_lifetime
                self.store.nonces = {k: t for k, t in self.store.nonces.items() if t > horizon}
        return True

    # --- request tokens ----------------------------------------------------
    def validate_redirect_uri(self, client_key, redirect_uri, request):
        if redirect_uri == "oob":
            return True
        parts = urllib.parse.urlsplit(redirect_uri)
        return bool(parts.scheme) and (parts.scheme not in ("http", "https") or bool(parts.netloc))

    def save_request_token(self, token, request):
        with self.store.lock:
            self.store.request_tokens[token["oauth_token"]] = {
                "token": token["oauth_token"],
                "secret": token["oauth_token_secret"],
                "callback": request.redirect_uri,
                "verifier": None,
                "authorized": False,
                "consumer_key": request.client_key,
                "realms": list(request.realms or []),
            }
            self.store.save()

    def verify_request_token(self, token, request):
        return self.store.request_token(token) is not None

    def get_redirect_uri(self, token, request):
        return self.store.request_token(token)["callback"]

    def save_verifier(self, token, verifier, request):
        with self.store.lock:
            rt = self.store.request_tokens[token]
            rt["verifier"] = verifier["oauth_verifier"]
            rt["authorized"] = True
            self.store.save()

    def validate_request_token(self, client_key, token, request):
        return self.store.request_token(token, client_key) is not None

    def get_request_token_secret(self, client_key, token, request):
        rt = self.store.request_token(token, client_key)
        return rt["secret"] if rt else DUMMY_SECRET

    def validate_verifier(self, client_key, token, verifier, request):
        rt = self.store.request_token(token, client_key)
        if not rt or not rt["authorized"] or not rt["verifier"]:
            return False
        request.user = USER
        return safe_string_equals(rt["verifier"], verifier)

    def invalidate_request_token(self, client_key, request_token, request):
        # Single use: once exchanged, the request token disappears from the store.
        with self.store.lock:
            self.store.request_tokens.pop(request_token, None)
            self.store.save()

    # --- access tokens -----------------------------------------------------
    def save_access_token(self, token, request):
        with self.store.lock:
            self.store.access_tokens[token["oauth_token"]] = {
                "token": token["oauth_token"],
                "secret": token["oauth_token_secret"],
                "consumer_key": request.client_key,
                "realms": list(request.realms or []),
            }
            self.store.save()

    def validate_access_token(self, client_key, token, request):
        return self.store.access_token(token, client_key) is not None

    def get_access_token_secret(self, client_key, token, request):
        at = self.store.access_token(token, client_key)
        return at["secret"] if at else DUMMY_SECRET


def page(title, body_html):
    return (
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head>\n"
        "<body>\n<h1>%s</h1>\n%s\n</body></html>\n" % (html.escape(title), html.escape(title), body_html)
    )


class Handler(BaseHTTPRequestHandler):
    server_version = "oauthlib-peer-provider/1"
    protocol_version = "HTTP/1.1"  # keep-alive; every response has a Content-Length
    timeout = 30  # do not let idle keep-alive connections pin threads forever

    # Set on the class by main().
    provider = None

    # ---- plumbing ---------------------------------------------------------
    def log_message(self, format, *args):
        log("%s %s" % (self.address_string(), format % args))

    def do_OPTIONS(self):
        # CORS preflight: nothing to authenticate.
        self.read_body()
        self.respond(204, b"", None)

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def respond(self, status, body, content_type, extra_headers=None):
        data = body.encode("utf-8") if isinstance(body, str) else (body or b"")
        self.send_response(status)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type")
        self.send_header("Access-Control-Expose-Headers", "Location, WWW-Authenticate")
        self.send_header("Cache-Control", "no-store")
        for name, value in (extra_headers or {}).items():
            if name.lower() != "content-type":
                self.send_header(name, value)
        if content_type and status != 204:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def absolute_uri(self):
        # oauthlib signs over the full URI; rebuild it from what the client used.
        if self.path.startswith(("http://", "https://")):
            return self.path  # absolute-form request target (proxy style)
        host = self.headers.get("Host") or "127.0.0.1:%d" % self.server.server_address[1]
        return "http://" + host + self.path

    def dispatch(self):
        routes = {
            "/oauth/request_token": (("GET", "POST"), self.request_token),
            "/oauth/authorize": (("GET", "POST"), self.authorize),
            "/oauth/access_token": (("GET", "POST"), self.access_token),
            "/api/me": (("GET",), self.api_me),
            "/api/echo": (("POST",), self.api_echo),
            "/api/one-legged": (("GET", "POST"), self.api_one_legged),
            "/w/index.php": (("GET",), self.identify),
        }
        raw = self.read_body()
        path = urllib.parse.urlsplit(self.path).path
        if path not in routes:
            return self.respond(404, "not found\n", "text/plain; charset=utf-8")
        methods, handler = routes[path]
        if self.command not in methods:
            return self.respond(405, "method not allowed\n", "text/plain; charset=utf-8",
                                {"Allow": ", ".join(methods + ("OPTIONS",))})
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return self.respond(400, "request body is not UTF-8\n", "text/plain; charset=utf-8")
        headers = {name: self.headers[name] for name in ("Authorization", "Content-Type")
                   if self.headers.get(name) is not None}
        try:
            handler(self.absolute_uri(), body, headers)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            self.respond(500, "internal error\n", "text/plain; charset=utf-8")

    def oauthlib_response(self, resp_headers, body, status):
        """Relay an endpoint's (headers, body, status) triple unchanged."""
        self.respond(status, body or "", resp_headers.get("Content-Type", "text/plain; charset=utf-8"),
                     resp_headers)

    # ---- token endpoints --------------------------------------------------
    def request_token(self, uri, body, headers):
        self.oauthlib_response(*self.provider.request_token_endpoint.create_request_token_response(
            uri, http_method=self.command, body=body, headers=headers))

    def access_token(self, uri, body, headers):
        self.oauthlib_response(*self.provider.access_token_endpoint.create_access_token_response(
            uri, http_method=self.command, body=body, headers=headers))

    # ---- user authorization -----------------------------------------------
    def authorize(self, uri, body, headers):
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(uri).query, keep_blank_values=True))
        form = {}
        if self.command == "POST" and FORM in headers.get("Content-Type", ""):
            form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        token = form.get("oauth_token") or query.get("oauth_token") or ""
        decision = form.get("decision") or query.get("decision")
        if decision is None and (query.get("auto") == "1" or self.provider.auto_approve):
            decision = "allow"

        # Let oauthlib check the token: it needs an oauth_token-bearing URI.
        base = uri.split("?", 1)[0]
        authz_uri = base + "?" + urllib.parse.urlencode({"oauth_token": token})
        endpoint = self.provider.authorization_endpoint
        try:
            endpoint.get_realms_and_credentials(authz_uri)
        except OAuth1Error as e:
            return self.respond(e.status_code, e.urlencoded, FORM)
        rt = self.provider.store.request_token(token)

        if decision is None:
            return self.respond(200, self.consent_page(rt), "text/html; charset=utf-8")
        if decision == "allow":
            resp_headers, resp_body, status = endpoint.create_authorization_response(authz_uri)
            if status == 302:
                return self.respond(302, "", None, resp_headers)
            verifier = dict(urllib.parse.parse_qsl(resp_body))["oauth_verifier"]
            return self.respond(200, page(
                "Access granted",
                "<p>Your verification code is:</p>\n<p><code id=\"verifier\">%s</code></p>\n"
                "<p>Enter it in the application to finish.</p>" % html.escape(verifier),
            ), "text/html; charset=utf-8")
        if decision == "deny":
            with self.provider.store.lock:
                self.provider.store.request_tokens.pop(token, None)
                self.provider.store.save()
            if rt["callback"] == "oob":
                return self.respond(200, page("Access denied", "<p>Access denied.</p>"),
                                    "text/html; charset=utf-8")
            location = add_params_to_uri(rt["callback"], [("denied", token)])
            return self.respond(302, "", None, {"Location": location})
        return self.respond(400, "decision must be allow or deny\n", "text/plain; charset=utf-8")

    @staticmethod
    def consent_page(rt):
        # action="" posts back to this very URL, so it also works behind a
        # relay that mounts the provider under a path prefix.
        return page("Authorize application", (
            "<p>The application <b>%s</b> asks for access to your account (%s).</p>\n"
            "<form method=\"post\" action=\"\">\n"
            "  <input type=\"hidden\" name=\"oauth_token\" value=\"%s\">\n"
            "  <button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button>\n"
            "  <button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>\n"
            "</form>" % (html.escape(rt["consumer_key"]), html.escape(USER), html.escape(rt["token"]))
        ))

    # ---- protected resources ----------------------------------------------
    def protected(self, uri, body, headers):
        """Validate with oauthlib; on failure answer 401 and return None."""
        valid, request = self.provider.resource_endpoint.validate_protected_resource_request(
            uri, http_method=self.command, body=body, headers=headers)
        if valid:
            return request
        if request is None:
            detail = "malformed OAuth request"
        elif request.validator_log:
            detail = " ".join("%s=%s" % (k, "ok" if v else "bad") for k, v in request.validator_log.items())
        else:
            detail = "missing or invalid OAuth parameters, token, timestamp or nonce"
        self.respond(401, "unauthorized: %s\n" % detail, "text/plain; charset=utf-8",
                     {"WWW-Authenticate": 'OAuth realm="oauthlib-peer"'})
        return None

    def api_me(self, uri, body, headers):
        request = self.protected(uri, body, headers)
        if request is not None:
            self.respond(200, json.dumps({
                "consumer_key": request.client_key,
                "token": request.resource_owner_key,
                "user": USER,
            }), "application/json")

    def api_echo(self, uri, body, headers):
        if body and FORM not in headers.get("Content-Type", ""):
            return self.respond(415, "expected an %s body\n" % FORM, "text/plain; charset=utf-8")
        request = self.protected(uri, body, headers)
        if request is not None:
            # Everything in the form, oauth_* included, in order, duplicates kept.
            params = urllib.parse.parse_qsl(body, keep_blank_values=True)
            self.respond(200, json.dumps({"params": [list(p) for p in params]}), "application/json")


    def signature_only(self, uri, body, headers):
        """oauthlib's signature-only check: client, signature (consumer secret alone),
        timestamp and nonce; a token, if sent, is not looked up. On failure answer 401 and
        return None."""
        valid, request = self.provider.signature_only_endpoint.validate_request(
            uri, http_method=self.command, body=body, headers=headers)
        if valid:
            return request
        detail = "malformed OAuth request" if request is None else " ".join(
            "%s=%s" % (k, "ok" if v else "bad") for k, v in sorted((request.validator_log or {}).items()))
        self.respond(401, "unauthorized: %s\n" % detail, "text/plain; charset=utf-8",
                     {"WWW-Authenticate": 'OAuth realm="oauthlib-peer"'})
        return None

    def identify(self, uri, body, headers):
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(uri).query))
        if query.get("title") != "Special:OAuth/identify":
            return self.respond(404, "not found\n", "text/plain; charset=utf-8")
        request = self.signature_only(uri, body, headers)
        if request is None:
            return
        parts = urllib.parse.urlsplit(uri)
        now = int(time.time())
        claims = {
            "iss": "%s://%s" % (parts.scheme, parts.netloc),
            "sub": 48217,
            "aud": request.client_key,
            "exp": now + 100,
            "iat": now,
            "username": USER,
            "nonce": dict(request.oauth_params)["oauth_nonce"],
        }
        secret = self.provider.store.consumers[request.client_key]["secret"]
        self.respond(200, jwt.encode(claims, secret, algorithm="HS256"), "application/jwt")

    def api_one_legged(self, uri, body, headers):
        request = self.signature_only(uri, body, headers)
        if request is None:
            return
        params = urllib.parse.parse_qsl(urllib.parse.urlsplit(uri).query, keep_blank_values=True)
        if FORM in headers.get("Content-Type", ""):
            params += urllib.parse.parse_qsl(body, keep_blank_values=True)
        self.respond(200, json.dumps({
            "consumer_key": request.client_key,
            "oauth_token": dict(request.oauth_params).get("oauth_token"),
            "signature_method": request.signature_method,
            "params": [[n, v] for n, v in params if not n.startswith("oauth_")],
        }), "application/json")


class Provider:
    def __init__(self, store, auto_approve, dummy_rsa_public_key):
        validator = Validator(store, dummy_rsa_public_key)
        self.store = store
        self.auto_approve = auto_approve
        self.request_token_endpoint = RequestTokenEndpoint(validator)
        self.authorization_endpoint = AuthorizationEndpoint(validator)
        self.access_token_endpoint = AccessTokenEndpoint(validator)
        self.resource_endpoint = ResourceEndpoint(validator)
        self.signature_only_endpoint = SignatureOnlyEndpoint(validator)


def public_pem(key):
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def load_rsa_public_key(path):
    """Read a PEM public key (a private key is accepted too; its public half is used)."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        key = serialization.load_pem_private_key(data, password=None).public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise SystemExit("%s: not an RSA key" % path)
    return public_pem(key)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--credentials-file", help="JSON file mirroring consumers and issued tokens")
    parser.add_argument("--ready-file", help="written with the bound port number once listening")
    parser.add_argument("--rsa-public-key", help="PEM public key of the RSA-SHA1 consumer (else no such consumer)")
    parser.add_argument("--auto-approve", action="store_true", help="approve authorizations without a page")
    args = parser.parse_args()

    consumers = {
        HMAC_CONSUMER_KEY: {
            "secret": HMAC_CONSUMER_SECRET,
            "signature_methods": [SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, SIGNATURE_PLAINTEXT],
        },
    }
    if args.rsa_public_key:
        consumers[RSA_CONSUMER_KEY] = {
            "rsa_public_key": load_rsa_public_key(args.rsa_public_key),
            "signature_methods": [SIGNATURE_RSA_SHA1],
        }
    dummy_rsa = public_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key())

    store = Store(consumers, args.credentials_file)
    store.save()
    Handler.provider = Provider(store, args.auto_approve, dummy_rsa)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    port = server.server_address[1]

    # shutdown() blocks until serve_forever() returns, so it cannot run inside
    # the signal handler on the serving thread; hand it to a helper thread.
    def stop(signum, frame):
        log("signal %d, shutting down" % signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    print("listening on http://127.0.0.1:%d" % port, flush=True)
    if args.ready_file:
        atomic_write(args.ready_file, str(port))  # no newline: trivially parseable
    try:
        server.serve_forever()
    finally:
        server.server_close()
    log("stopped")
    return 0



# ---- LTI 1.1 launches (issue 13): POST /lti/launch ---------------------------------------
# An independent check of the app's LTI mode: oauthlib's SignatureOnlyEndpoint verifies the
# launch (the signature over every form field, the timestamp and the nonce; no token), and
# the page lists the form fields received. A form navigation: the answer is a page.
def lti_launch(handler, uri, body, headers):
    from oauthlib.oauth1 import SignatureOnlyEndpoint

    validator = handler.provider.resource_endpoint.request_validator
    valid, request = SignatureOnlyEndpoint(validator).validate_request(
        uri, http_method=handler.command, body=body, headers=headers)
    if not valid:
        log_ = request.validator_log if request is not None else {}
        detail = " ".join("%s=%s" % (k, "ok" if v else "bad") for k, v in log_.items()) or "malformed"
        return handler.respond(401, page("Launch refused", "<p id=\"problem\">%s</p>" % html.escape(detail)),
                               "text/html; charset=utf-8")
    rows = "".join("<tr><th scope=\"row\">%s</th><td>%s</td></tr>" % (html.escape(n), html.escape(v))
                   for n, v in urllib.parse.parse_qsl(body, keep_blank_values=True))
    handler.respond(200, page("LTI launch verified by oauthlib", (
        "<p id=\"verified\">oauthlib verified the %s signature of %s.</p>\n<table id=\"fields\">%s</table>"
        % (html.escape(request.signature_method), html.escape(request.client_key), rows))),
        "text/html; charset=utf-8")


_dispatch_before_lti = Handler.dispatch


def _dispatch_with_lti(self):
    if urllib.parse.urlsplit(self.path).path != "/lti/launch" or self.command != "POST":
        return _dispatch_before_lti(self)
    raw = self.read_body()
    headers = {name: self.headers[name] for name in ("Authorization", "Content-Type")
               if self.headers.get(name) is not None}
    try:
        lti_launch(self, self.absolute_uri(), raw.decode("utf-8"), headers)
    except Exception:
        traceback.print_exc(file=sys.stderr)
        self.respond(500, "internal error\n", "text/plain; charset=utf-8")


Handler.dispatch = _dispatch_with_lti

if __name__ == "__main__":
    sys.exit(main())
