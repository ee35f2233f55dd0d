//! `oauth-playground serve`: the app, the relay at `/relay`, the sandbox provider under
//! `/sandbox` and `/playground.json`, with security headers on everything.

use relay_policy::RelayCode;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use clap::Args;

use crate::assets::{self, Assets};
use crate::relay::{self, Failure, Relay, RelayOptions};
use crate::sandbox::{self, Sandbox};
use crate::server::{self, ServerOptions};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one; the first line printed
    /// is `listening on http://ADDR:PORT`).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Serve the app from this folder (e.g. dist) instead of the copy embedded at build time.
    #[arg(long, value_name = "DIR")]
    pub dist: Option<PathBuf>,
    #[command(flatten)]
    pub relay: RelayOptions,
    #[command(flatten)]
    pub server: ServerOptions,
    #[command(flatten)]
    pub sandbox: sandbox::SandboxOptions,
}

/// The app's pages besides the root one: each is a folder of dist/ with its own
/// index.html, wasm and CSP (the OAuth 2.0 page, BENCHMARKS.md "App budgets").
pub const PAGES: &[&str] = &["oauth2", "oauth2-tokens"];

struct App {
    assets: Assets,
    /// Read once; a `--dist` index is read (and its CSP hashed) per request, so a rebuilt
    /// app shows without a restart. The root page's, then each of [`PAGES`]'.
    embedded_index: Option<Vec<u8>>,
    embedded_pages: Vec<Option<Vec<u8>>>,
}

impl App {
    /// The index.html of the root page (`page: None`) or of one of [`PAGES`].
    fn index(&self, page: Option<usize>) -> Option<Vec<u8>> {
        match (&self.assets, page) {
            (Assets::Embedded, None) => self.embedded_index.clone(),
            (Assets::Embedded, Some(i)) => self.embedded_pages.get(i).cloned().flatten(),
            (disk, None) => disk.index(),
            (disk, Some(i)) => disk.get(&format!("{}/index.html", PAGES[i])),
        }
    }
}

pub async fn run(args: ServeArgs) -> Result<()> {
    let relay = Relay::new(&args.relay, true, args.listen)?;
    let assets = match &args.dist {
        Some(dir) => Assets::from_dir(dir)?,
        None => Assets::Embedded,
    };
    let index = assets.index();
    let csp = csp_header(index.as_deref());
    if index.is_none() {
        tracing::warn!("the app is not built: / shows how to build it (scripts/serve.sh)");
    }
    let embedded = matches!(assets, Assets::Embedded);
    let app = Arc::new(App {
        embedded_index: embedded.then_some(index).flatten(),
        embedded_pages: PAGES
            .iter()
            .map(|p| embedded.then(|| assets.get(&format!("{p}/index.html"))).flatten())
            .collect(),
        assets,
    });
    // The sandbox's "own origin" callbacks are the names the Host check accepts.
    let provider = Sandbox::system().with_callbacks(args.sandbox.callbacks(&args.server.public_host));
    let authorization_server = Arc::new(args.sandbox.authorization_server()?);
    let router = Router::new()
        .route("/playground.json", get(playground_json))
        .nest(
            "/sandbox",
            sandbox::router(Arc::new(provider), authorization_server.clone()).layer(
                middleware::from_fn_with_state(args.relay.timeout, within_deadline),
            ),
        )
        .merge(sandbox::oauth2::well_known_router(authorization_server))
        .merge(relay::router(relay))
        .fallback_service(Router::new().fallback(app_file).with_state(app))
        .layer(middleware::from_fn_with_state(csp, security_headers));
    server::listen(args.listen, &args.server, router).await
}

/// The sandbox reads form bodies: like the relay's, a request must be done within
/// `--timeout`, so a client trickling its body cannot hold the connection.
async fn within_deadline(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => Failure::new(
            StatusCode::REQUEST_TIMEOUT,
            RelayCode::RequestTimeout,
            format!("the request was not done within {limit:?} (see --timeout)"),
        )
        .into_response(),
    }
}

fn csp_header(index: Option<&[u8]>) -> HeaderValue {
    let html = index.map(String::from_utf8_lossy);
    HeaderValue::from_str(&assets::app_csp(html.as_deref()))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"))
}

/// RFC 7034 / CSP3 `frame-ancestors`, RFC 9110 nosniff, no referrer to user-configured
/// endpoints. Handlers that know better (the authorize page, the relay) set their own CSP.
async fn security_headers(State(csp): State<HeaderValue>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// Tells the app it runs under `serve`: use the same-origin relay and the sandbox preset.
/// A statically hosted app gets a 404 here and falls back to its defaults. The Host was
/// checked by the server (server.rs), so the origin built from it is one of ours.
async fn playground_json(headers: HeaderMap) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1:8080");
    let origin = format!("http://{host}");
    let body = serde_json::json!({
        "relay": "/relay?url={url}",
        "sandbox": sandbox::describe(&origin),
    });
    let mut response = axum::Json(body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The app's files; unknown page paths get index.html (the app routes on the client).
/// A path under one of [`PAGES`] gets that page's files and index.html, with the CSP of
/// that index.html; `/oauth2` without its slash is sent to `oauth2/`, so the page's
/// relative URLs (`./x.js`) resolve inside its folder.
async fn app_file(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path().trim_start_matches('/');
    if let Some(page) = PAGES.iter().find(|p| **p == path) {
        // Relative, so it also works behind a proxy that mounts serve under a sub-path.
        let to = HeaderValue::from_str(&format!("{page}/")).unwrap_or(HeaderValue::from_static("/"));
        return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, to)]).into_response();
    }
    let (page, rest) = match path.split_once('/') {
        Some((dir, rest)) => match PAGES.iter().position(|p| *p == dir) {
            Some(i) => (Some(i), rest),
            None => (None, path),
        },
        None => (None, path),
    };
    let folder = page.map_or(String::new(), |i| format!("{}/", PAGES[i]));
    if !rest.is_empty() && rest != "index.html" && assets::looks_like_asset(rest) {
        // The app links its files relatively (./app.js), so a deep link like /flows/x asks
        // for /flows/app.js: fall back to the file of that name at the page's root.
        let file = app.assets.get(path).or_else(|| {
            rest.rsplit_once('/')
                .and_then(|(_, name)| app.assets.get(&format!("{folder}{name}")))
        });
        return match file {
            Some(bytes) => file_response(assets::content_type(path), bytes, None),
            None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        };
    }
    match app.index(page) {
        Some(bytes) => {
            let csp = csp_header(Some(&bytes));
            file_response("text/html; charset=utf-8", bytes, Some(csp))
        }
        None if page.is_some() => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        None => {
            let mut r = (StatusCode::SERVICE_UNAVAILABLE, assets::NOT_BUILT).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
    }
}

fn file_response(content_type: &'static str, bytes: Vec<u8>, csp: Option<HeaderValue>) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Trunk names files by content hash, but index.html is not: revalidate everything.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(csp) = csp {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    r
}
