//! The token file: the app's token-store export (`oauth-playground/tokens`, version 1,
//! see docs/token-store.md), read by `request` and written by `authorize`.
//!
//! Our own structs, not the app's: unknown fields are kept (and written back) so a file
//! from a newer app survives an update by the CLI. The CLI reads three optional fields the
//! app may leave out: `consumer_secret`, `rsa_private_key` (PEM) and `realm`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub const SCHEMA: &str = "oauth-playground/tokens";
pub const VERSION: u64 = 1;
pub const ENV_TOKENS: &str = "OAUTH_PLAYGROUND_TOKENS";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenEntry {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub consumer_key: String,
    pub token: String,
    pub token_secret: String,
    pub signature_method: String,
    pub scopes: String,
    pub created: String,
    pub extra: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rsa_private_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realm: Option<String>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenFile {
    pub schema: String,
    pub version: u64,
    #[serde(default)]
    pub current: Option<String>,
    #[serde(default)]
    pub tokens: Vec<TokenEntry>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Default for TokenFile {
    fn default() -> Self {
        Self {
            schema: SCHEMA.into(),
            version: VERSION,
            current: None,
            tokens: Vec::new(),
            other: Map::new(),
        }
    }
}

/// `--tokens`, else `$OAUTH_PLAYGROUND_TOKENS`, else `~/.config/oauth-playground/tokens.json`.
pub fn resolve_path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_owned());
    }
    if let Some(p) = std::env::var_os(ENV_TOKENS).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .ok_or_else(|| anyhow!("HOME is not set; give the token file with --tokens FILE or {ENV_TOKENS}"))?;
    Ok(PathBuf::from(home).join(".config/oauth-playground/tokens.json"))
}

impl TokenFile {
    /// Parses the text, refusing other schemas and versions.
    pub fn parse(text: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(text).map_err(|e| anyhow!("it is not valid JSON ({e})"))?;
        let schema = value.get("schema").and_then(Value::as_str);
        let version = value.get("version").and_then(Value::as_u64);
        match (schema, version) {
            (Some(SCHEMA), Some(VERSION)) => {
                serde_json::from_value(value).map_err(|e| anyhow!("a field has the wrong type ({e})"))
            }
            (Some(SCHEMA), Some(v)) if v > VERSION => bail!(
                "it was written by a newer version (schema version {v}; this one reads version {VERSION})"
            ),
            (Some(SCHEMA), v) => bail!("its schema version {v:?} is not one this version reads ({VERSION})"),
            (Some(other), _) => bail!("its schema is {other:?}, not {SCHEMA:?}"),
            (None, _) => bail!("it is not an {SCHEMA} document (no \"schema\" field)"),
        }
    }

    /// Reads the file; a missing file is an error that says how to get one.
    pub fn load(path: &Path) -> Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
                "no token file at {}: run `oauth-playground authorize …` to get a token, or export the \
                 tokens from the app and give the file with --tokens FILE (or {ENV_TOKENS})",
                path.display()
            ),
            Err(e) => {
                return Err(e).with_context(|| format!("could not read the token file {}", path.display()));
            }
        };
        Self::parse(&text).with_context(|| format!("the token file {} cannot be used", path.display()))
    }

    /// Reads the file, or starts an empty one when there is none.
    pub fn load_or_new(path: &Path) -> Result<Self> {
        if path.exists() {
            Self::load(path)
        } else {
            Ok(Self::default())
        }
    }

    /// `--token NAME` (a name, or an id), else `current`, else the only token.
    pub fn select(&self, name: Option<&str>) -> Result<&TokenEntry> {
        let names = || {
            self.tokens
                .iter()
                .map(|t| format!("{:?}", t.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.tokens.is_empty() {
            bail!("the token file has no tokens; run `oauth-playground authorize …` first");
        }
        if let Some(name) = name {
            let by_name: Vec<_> = self.tokens.iter().filter(|t| t.name == name).collect();
            return match by_name.as_slice() {
                [one] => Ok(one),
                [] => self
                    .tokens
                    .iter()
                    .find(|t| t.id == name)
                    .ok_or_else(|| anyhow!("no token named {name:?}; the file has {}", names())),
                _ => bail!(
                    "{} tokens are named {name:?}; pick one by its id instead",
                    by_name.len()
                ),
            };
        }
        if let Some(current) = &self.current
            && let Some(t) = self.tokens.iter().find(|t| &t.id == current)
        {
            return Ok(t);
        }
        match self.tokens.as_slice() {
            [only] => Ok(only),
            _ => bail!(
                "the token file has {} tokens and none is current; pick one with --token NAME: {}",
                self.tokens.len(),
                names()
            ),
        }
    }

    /// Adds a token and makes it current, replacing one with the same name or the same
    /// consumer key and token.
    pub fn upsert(&mut self, entry: TokenEntry) {
        self.tokens.retain(|t| {
            t.name != entry.name && !(t.token == entry.token && t.consumer_key == entry.consumer_key)
        });
        self.current = Some(entry.id.clone());
        self.tokens.push(entry);
    }

    /// Writes atomically: a 0600 temporary file beside the target, then a rename.
    pub fn save(&self, path: &Path) -> Result<()> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        create_private_dir(&dir)?;
        let file_name = path
            .file_name()
            .ok_or_else(|| anyhow!("{} is not a file path", path.display()))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(file_name);
        tmp_name.push(format!(".tmp-{}", std::process::id()));
        let tmp = dir.join(tmp_name);
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        let written = (|| -> std::io::Result<()> {
            let mut f = open_private(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("could not write the token file {}", path.display()));
        }
        Ok(())
    }
}

#[cfg(unix)]
fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .with_context(|| format!("could not create the directory {}", dir.display()))
}

/// ISO 8601 UTC (`2025-01-02T03:04:05.000Z`) from seconds since 1970, as the app writes `created`.
pub fn iso8601(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP_EXPORT: &str = r#"{
      "schema": "oauth-playground/tokens", "version": 1, "current": "2",
      "tokens": [
        {"id": "1", "name": "X token", "provider": "X", "consumer_key": "ck", "token": "t1",
         "token_secret": "s1", "signature_method": "HMAC-SHA1", "scopes": "", "created": "2025-01-01T00:00:00Z",
         "extra": [["user_id", "42"]], "future_field": {"a": 1}},
        {"id": "2", "name": "Sandbox", "consumer_key": "ck2", "token": "t2", "token_secret": "s2",
         "consumer_secret": "cs2"}
      ],
      "exported_by": "app"
    }"#;

    #[test]
    fn reads_the_app_export_and_keeps_unknown_fields() {
        let f = TokenFile::parse(APP_EXPORT).unwrap();
        assert_eq!(f.select(None).unwrap().name, "Sandbox");
        assert_eq!(
            f.select(Some("X token")).unwrap().extra,
            vec![("user_id".into(), "42".into())]
        );
        assert_eq!(f.select(Some("1")).unwrap().token, "t1");
        let back = serde_json::to_value(&f).unwrap();
        assert_eq!(back["exported_by"], "app");
        assert_eq!(back["tokens"][0]["future_field"]["a"], 1);
        assert!(back["tokens"][0].get("consumer_secret").is_none());
        let err = f.select(Some("nope")).unwrap_err().to_string();
        assert_eq!(
            err,
            "no token named \"nope\"; the file has \"X token\", \"Sandbox\""
        );
    }

    #[test]
    fn refuses_other_schemas_and_versions() {
        for (text, needle) in [
            (
                r#"{"schema":"oauth-playground/tokens","version":2,"tokens":[]}"#,
                "newer version",
            ),
            (
                r#"{"schema":"other","version":1}"#,
                "not \"oauth-playground/tokens\"",
            ),
            (r#"{"tokens":[]}"#, "no \"schema\" field"),
            ("{nope", "not valid JSON"),
            (
                r#"{"schema":"oauth-playground/tokens","version":1,"tokens":"x"}"#,
                "wrong type",
            ),
        ] {
            let e = TokenFile::parse(text).unwrap_err().to_string();
            assert!(e.contains(needle), "{text}: {e}");
        }
    }

    #[test]
    fn no_current_and_several_tokens_asks_for_a_name() {
        let mut f = TokenFile::parse(APP_EXPORT).unwrap();
        f.current = None;
        let e = f.select(None).unwrap_err().to_string();
        assert!(e.contains("--token NAME: \"X token\", \"Sandbox\""), "{e}");
    }

    #[test]
    fn iso8601_matches_known_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_191_242_096), "2007-10-01T12:34:56.000Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00.000Z");
    }
}
