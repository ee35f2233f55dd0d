//! The app's files: embedded at build time (build.rs points `PLAYGROUND_DIST` at `dist/`),
//! or read from a folder with `serve --dist DIR`. Also the CSP that fits its index.html.

use std::path::{Component, Path, PathBuf};

use base64::Engine;
use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

static EMBEDDED: Dir<'static> = include_dir!("$PLAYGROUND_DIST");

/// Shown when the binary was built before the app was.
pub const NOT_BUILT: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>OAuth Playground: app not built</title></head><body>\
<h1>The app is not built yet</h1>\
<p>This binary was compiled before the web app existed, so it has nothing to serve here. \
The sandbox (<a href=\"/sandbox/oauth/request_token\">/sandbox</a>) and the relay work anyway.</p>\
<p>Build the app and the binary together with <code>scripts/serve.sh</code>, \
or build the app with <code>trunk build --release --offline</code> and run \
<code>oauth-playground serve --dist dist</code>.</p></body></html>\n";

pub enum Assets {
    Embedded,
    Disk(PathBuf),
}

impl Assets {
    pub fn from_dir(dir: &Path) -> anyhow::Result<Self> {
        let dir = dir
            .canonicalize()
            .map_err(|e| anyhow::anyhow!("cannot serve {}: {e}", dir.display()))?;
        anyhow::ensure!(dir.is_dir(), "{} is not a directory", dir.display());
        Ok(Self::Disk(dir))
    }

    /// A file by its URL path (no leading slash). Refuses anything that could leave the root.
    pub fn get(&self, path: &str) -> Option<Vec<u8>> {
        let relative = Path::new(path);
        if path.contains('\\') || !relative.components().all(|c| matches!(c, Component::Normal(_))) {
            return None;
        }
        match self {
            Assets::Embedded => EMBEDDED.get_file(relative).map(|f| f.contents().to_vec()),
            Assets::Disk(root) => {
                let full = root.join(relative).canonicalize().ok()?;
                // Symlinks may point out of the root; only files inside it are served.
                if !full.starts_with(root) || !full.is_file() {
                    return None;
                }
                std::fs::read(full).ok()
            }
        }
    }

    pub fn index(&self) -> Option<Vec<u8>> {
        self.get("index.html")
    }
}

/// By extension; `application/wasm` matters: browsers compile streamed wasm only with it.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// SPA routing: a path whose last segment has no dot is a page of the app.
pub fn looks_like_asset(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

/// The sha256 sources of the inline `<script>` blocks (CSP3 §8.3 hash-source), e.g. trunk's
/// loader. Scripts with a `src` are covered by `'self'`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| i + from) {
        let Some(open_end) = lower[start..].find('>').map(|i| i + start + 1) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</script").map(|i| i + open_end) else {
            break;
        };
        let tag = &lower[start..open_end];
        let has_src = tag
            .split(|c: char| c.is_ascii_whitespace())
            .any(|attr| attr.starts_with("src="));
        if !has_src {
            let digest = Sha256::digest(&html.as_bytes()[open_end..close]);
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        from = close;
    }
    hashes
}

/// The policy a page carries in `<meta http-equiv="Content-Security-Policy" content="…">`
/// (the app's index.html does; scripts/page-csp.py fills in its loader's hash).
pub fn meta_policy(html: &str) -> Option<&str> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<meta").map(|i| i + from) {
        let end = lower[start..].find('>').map(|i| i + start)?;
        let tag = &lower[start..end];
        if tag.contains("content-security-policy") {
            let value = tag.find("content=\"").map(|i| i + start + "content=\"".len())?;
            let close = html[value..end].find('"').map(|i| i + value)?;
            return Some(&html[value..close]);
        }
        from = end;
    }
    None
}

/// The app's Content-Security-Policy: the page's own (its `<meta>`, so both say the same)
/// plus `frame-ancestors`, which only a header can carry (CSP3 §6.4.2). `connect-src` is
/// wide on purpose: the app calls the relays and endpoints its user configures
/// (docs/sandbox.md discusses the trade-off), and `form-action` allows the same places, so
/// a form post reaches no one a fetch could not (docs/hosting.md). A page without a policy
/// of its own (built without scripts/page-csp.py) gets the same policy computed here.
pub fn app_csp(index_html: Option<&str>) -> String {
    if let Some(policy) = index_html.and_then(meta_policy) {
        return format!("{}; frame-ancestors 'none'", policy.trim().trim_end_matches(';'));
    }
    let mut script = String::from("'self' 'wasm-unsafe-eval'");
    for h in index_html.map(inline_script_hashes).unwrap_or_default() {
        script.push(' ');
        script.push_str(&h);
    }
    format!(
        "default-src 'self'; script-src {script}; connect-src 'self' https: http://127.0.0.1:* \
         http://localhost:*; style-src 'self'; img-src 'self' data:; object-src 'none'; \
         base-uri 'self'; form-action 'self' https: http://127.0.0.1:* \
         http://localhost:*; frame-ancestors 'none'"
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = "<html><script src=\"/a.js\"></script><SCRIPT type=\"module\">alert(1)</SCRIPT></html>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(hashes[0], "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
        assert!(app_csp(Some(html)).contains(&hashes[0]));
        assert!(app_csp(None).contains("script-src 'self' 'wasm-unsafe-eval';"));
    }

    #[test]
    fn the_pages_own_policy_is_the_header() {
        let policy = "default-src 'self'; script-src 'self' 'sha256-abc='";
        let html = format!(
            "<!doctype html><meta charset=utf-8><meta content=\"{policy}\" http-equiv=Content-Security-Policy>\
             <script type=module>init()</script>"
        );
        assert_eq!(meta_policy(&html), Some(policy));
        assert_eq!(app_csp(Some(&html)), format!("{policy}; frame-ancestors 'none'"));
        let other_order = format!("<META HTTP-EQUIV=\"Content-Security-Policy\" CONTENT=\"{policy}\">");
        assert_eq!(meta_policy(&other_order), Some(policy));
        assert_eq!(meta_policy("<meta name=viewport content=\"width=1\">"), None);
    }

    /// The page this binary embeds carries its policy, and the header repeats it.
    #[test]
    fn the_embedded_page_carries_its_policy() {
        let Some(index) = Assets::Embedded.index() else {
            return; // built before the app: nothing to check
        };
        let html = String::from_utf8(index).unwrap();
        let policy = meta_policy(&html).expect("dist/index.html has a <meta> CSP (scripts/page-csp.py)");
        for hash in inline_script_hashes(&html) {
            assert!(
                policy.contains(&hash),
                "the meta policy allows the inline loader {hash}"
            );
        }
        assert!(app_csp(Some(&html)).starts_with(policy));
    }

    #[test]
    fn refuses_escaping_paths() {
        let dir = std::env::temp_dir().join(format!("assets-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "hi").unwrap();
        let assets = Assets::from_dir(&dir).unwrap();
        assert_eq!(assets.index().as_deref(), Some(&b"hi"[..]));
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "a/../../x",
            "..\\x",
            "./index.html",
        ] {
            assert!(assets.get(bad).is_none(), "{bad}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn spa_paths() {
        assert!(looks_like_asset("app-1234.wasm"));
        assert!(!looks_like_asset("flows/three-legged"));
        assert_eq!(content_type("x.WASM"), "application/wasm");
    }
}
