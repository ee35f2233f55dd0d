//! The token file: the token store's document (`token_store`, docs/token-store.md) on disk,
//! read by `request` and written by `authorize`. This module only finds, reads, locks and
//! writes the file; the format and its rules are the store's.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use token_store::{Document, Entry, SelectError};

use crate::terminal::printable_line;

pub const ENV_TOKENS: &str = "OAUTH_PLAYGROUND_TOKENS";

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

/// Reads the file; a missing file is an error that says how to get one.
pub fn load(path: &Path) -> Result<Document> {
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
    Document::parse(&text).with_context(|| format!("the token file {} cannot be used", path.display()))
}

/// Reads the file, or starts an empty document when there is none.
pub fn load_or_new(path: &Path) -> Result<Document> {
    if path.exists() {
        load(path)
    } else {
        Ok(Document::default())
    }
}

/// `--token NAME` (a name, or an id), else `current`, else the only token.
pub fn select<'a>(file: &'a Document, name: Option<&str>) -> Result<&'a Entry> {
    let names = || {
        file.tokens
            .iter()
            .map(|t| format!("{:?}", t.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    file.select(name).map_err(|e| match e {
        SelectError::Empty => {
            anyhow!("the token file has no tokens; run `oauth-playground authorize …` first")
        }
        SelectError::NoSuchName(name) => anyhow!("no token named {name:?}; the file has {}", names()),
        SelectError::AmbiguousName { name, count } => {
            anyhow!("{count} tokens are named {name:?}; pick one by its id instead")
        }
        SelectError::NoneCurrent => anyhow!(
            "the token file has {} tokens and none is current; pick one with --token NAME: {}",
            file.tokens.len(),
            names()
        ),
    })
}

/// Changes the file as it is now: under an advisory lock, re-reads it, applies `change`
/// and writes it back, so whatever another run or an editor saved meanwhile is kept.
pub fn update<T>(path: &Path, change: impl FnOnce(&mut Document) -> T) -> Result<T> {
    let _lock = lock(path)?;
    let mut file = load_or_new(path)?;
    let out = change(&mut file);
    save(&file, path)?;
    Ok(out)
}

/// Saves `entry` by the store's upsert rule into the file as it is now; returns the name
/// it was saved under (`NAME (2)` when another token has the name).
pub fn upsert(path: &Path, entry: Entry) -> Result<String> {
    update(path, |file| {
        let id = file.upsert(entry).id;
        file.get(&id).map(|t| t.name.clone()).unwrap_or_default()
    })
}

/// What was saved, for stderr: `"{what} TOKEN saved as "NAME" in PATH."`, and why the name
/// differs from the one asked for when it does.
pub fn saved_note(what: &str, token: &str, saved_as: &str, wanted: &str, path: &Path) -> String {
    let token = printable_line(token);
    let saved = printable_line(saved_as);
    let place = path.display();
    if saved_as == wanted {
        format!("{what} {token} saved as \"{saved}\" in {place}.")
    } else {
        format!(
            "{what} {token} saved as \"{saved}\" in {place}: a different token is already named \"{}\".",
            printable_line(wanted)
        )
    }
}

/// A token's creation time in milliseconds since 1970, for its id.
pub fn millis(created: std::time::SystemTime) -> Result<u64> {
    let ms = created
        .duration_since(std::time::UNIX_EPOCH)
        .context("the system clock is before 1970")?
        .as_millis();
    Ok(u64::try_from(ms).unwrap_or(u64::MAX))
}

/// An exclusive lock on `.NAME.lock` beside the file, held until dropped. Not on the file
/// itself: the atomic write replaces it, and a lock on the old one would guard nothing.
fn lock(path: &Path) -> Result<File> {
    let (dir, name) = dir_and_name(path)?;
    create_private_dir(&dir)?;
    let mut lock_name = std::ffi::OsString::from(".");
    lock_name.push(name);
    lock_name.push(".lock");
    let lock_path = dir.join(lock_name);
    let file = open_private(&lock_path, false)
        .with_context(|| format!("could not open the lock file {}", lock_path.display()))?;
    file.lock()
        .with_context(|| format!("could not lock {}", lock_path.display()))?;
    Ok(file)
}

fn dir_and_name(path: &Path) -> Result<(PathBuf, std::ffi::OsString)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{} is not a file path", path.display()))?;
    Ok((dir, name.to_owned()))
}

/// Writes atomically: a 0600 temporary file beside the target, then a rename.
fn save(file: &Document, path: &Path) -> Result<()> {
    let (dir, name) = dir_and_name(path)?;
    create_private_dir(&dir)?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let text = file.to_json_pretty()?;
    let written = (|| -> std::io::Result<()> {
        let mut f = open_private(&tmp, true)?;
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

/// Opens for writing, created 0600; `new`: it must not exist yet.
fn open_private(path: &Path, new: bool) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if new {
        options.create_new(true);
    } else {
        options.create(true).truncate(false);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("token-file-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("sub/tokens.json")
    }

    #[test]
    fn the_lock_is_exclusive_and_beside_the_file() {
        let path = temp("lock");
        let held = lock(&path).unwrap();
        let other = File::options()
            .write(true)
            .open(path.with_file_name(".tokens.json.lock"))
            .unwrap();
        assert!(matches!(other.try_lock(), Err(std::fs::TryLockError::WouldBlock)));
        drop(held);
        other.try_lock().unwrap();
    }

    #[test]
    fn update_reads_what_is_there_now_and_writes_it_back_private() {
        let path = temp("update");
        let text = r#"{"schema":"oauth-playground/tokens","version":1,"current":null,"tokens":[{"id":"a","name":"A","token":"t"}],"x":1}"#;
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        let n = update(&path, |f| f.tokens.len()).unwrap();
        assert_eq!(n, 1);
        let back = load(&path).unwrap();
        assert_eq!(
            (back.tokens[0].name.as_str(), &back.other["x"]),
            ("A", &serde_json::json!(1).into())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        // A file this version cannot read is left alone.
        std::fs::write(&path, "{broken").unwrap();
        assert!(update(&path, |_| ()).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{broken");
    }
}
