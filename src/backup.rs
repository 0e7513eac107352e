//! `linedesk backup` and `linedesk restore`: the whole desk in one file and back.
//!
//! A backup is a gzip'd tar holding `linedesk-backup.json` (what it holds), `linedesk.db` (a
//! consistent copy taken while the desk runs), the stored files under `attachments/` and, only
//! when asked, `master.key`. On PostgreSQL the database's own tools do it better (pg_dump,
//! pg_restore): both commands print the exact command instead.

use crate::db::{self, audit, Db};
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const MANIFEST: &str = "linedesk-backup.json";
const DATABASE: &str = "linedesk.db";
const KEY: &str = "master.key";
const FILES: &str = "attachments";
/// Raised when what a backup holds changes shape.
const FORMAT: u32 = 1;

/// Where a desk keeps what a backup carries.
#[derive(Clone, Debug)]
pub struct Place {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub key_file: PathBuf,
}

impl Place {
    pub fn of(config: &crate::config::Config) -> Self {
        Self {
            database_url: config.database_url.clone(),
            data_dir: config.data_dir.clone(),
            key_file: config.secret_key_file.clone(),
        }
    }

    fn files_dir(&self) -> PathBuf {
        self.data_dir.join(FILES)
    }

    fn is_postgres(&self) -> bool {
        !self.database_url.starts_with("sqlite:")
    }
}

/// What a backup says about itself.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub linedesk_version: String,
    /// When the copy of the database was taken, Unix ms UTC.
    pub taken_at: i64,
    pub with_key: bool,
    pub files: u64,
    /// Rows per table in the copy.
    pub rows: Vec<(String, i64)>,
}

pub enum Backup {
    Written(Manifest),
    /// PostgreSQL: the command that makes the backup.
    UsePgDump(String),
}

/// Copies the desk into `to` (which must not exist yet), with the master key when `with_key`.
/// The desk may keep running and taking webhooks meanwhile.
pub async fn create(place: &Place, db: &Db, to: &Path, with_key: bool) -> anyhow::Result<Backup> {
    if place.is_postgres() {
        return Ok(Backup::UsePgDump(format!(
            "pg_dump --format=custom --file={} '{}'",
            shell_word(&to.display().to_string()),
            place.database_url.replace('\'', "'\\''")
        )));
    }
    if to.exists() {
        bail!("{} exists already: choose a new file name", to.display());
    }
    let work = scratch_dir(to)?;
    let result = write_archive(place, db, to, with_key, &work).await;
    let _ = fs::remove_dir_all(&work);
    result.map(Backup::Written)
}

async fn write_archive(
    place: &Place,
    db: &Db,
    to: &Path,
    with_key: bool,
    work: &Path,
) -> anyhow::Result<Manifest> {
    let copy = work.join(DATABASE);
    let taken_at = crate::clock::now_ms();
    db::backup::copy_sqlite(db, &copy)
        .await
        .context("copying the database")?;
    let rows = {
        let copied = Db::open(&format!("sqlite://{}", copy.display())).await?;
        let rows = db::backup::row_counts(&copied).await?;
        copied.close().await;
        rows
    };
    let files = count_files(&place.files_dir())?;
    let manifest = Manifest {
        format: FORMAT,
        linedesk_version: env!("CARGO_PKG_VERSION").into(),
        taken_at,
        with_key,
        files,
        rows,
    };
    let key = if with_key {
        Some(
            fs::read(&place.key_file)
                .with_context(|| format!("reading the master key {}", place.key_file.display()))?,
        )
    } else {
        None
    };
    let partial = to.with_extension("partial");
    let archive = private_file(&partial)?;
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(
        BufWriter::new(archive),
        flate2::Compression::fast(),
    ));
    append_bytes(&mut tar, MANIFEST, &serde_json::to_vec_pretty(&manifest)?)?;
    tar.append_path_with_name(&copy, DATABASE)?;
    if place.files_dir().is_dir() {
        tar.append_dir_all(FILES, place.files_dir())?;
    }
    if let Some(key) = key {
        append_bytes(&mut tar, KEY, &key)?;
    }
    let mut out = tar.into_inner()?.finish()?;
    out.flush()?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    fs::rename(&partial, to)?;
    // Remembered for the doctor, and as the fresh backup a migration that may lose data needs.
    let bytes = fs::metadata(to)?.len() as i64;
    let mut conn = db.write().await?;
    db::backups::record(&mut *conn, taken_at, &to.display().to_string(), bytes).await?;
    Ok(manifest)
}

/// What a restore did.
pub enum Restore {
    Restored {
        manifest: Manifest,
        /// Rows per table now in the database (after today's migrations).
        rows: Vec<(String, i64)>,
        audit_entries: u64,
        /// What was there before, kept under a new name.
        moved_aside: Vec<PathBuf>,
        /// Said to the operator: e.g. the key is not in the backup.
        warnings: Vec<String>,
    },
    /// PostgreSQL: the command that restores a pg_dump backup.
    UsePgRestore(String),
}

/// Puts the backup `from` in place of the desk's database, files and (when the backup has it)
/// master key. Refuses to replace a database that holds anything unless `force`, and refuses a
/// backup whose audit chain does not verify; what was there is moved aside, never deleted.
/// The desk must be stopped.
pub async fn restore(place: &Place, from: &Path, force: bool) -> anyhow::Result<Restore> {
    if place.is_postgres() {
        return Ok(Restore::UsePgRestore(format!(
            "pg_restore --clean --if-exists --no-owner --dbname='{}' {}",
            place.database_url.replace('\'', "'\\''"),
            shell_word(&from.display().to_string())
        )));
    }
    let target = db::sqlite::connection::sqlite_file(&place.database_url)
        .context("DATABASE_URL names no SQLite file to restore into")?;
    if target.exists() {
        let current = Db::open(&place.database_url).await?;
        let holds = db::backup::holds_data(&current).await;
        current.close().await;
        if holds? && !force {
            bail!(
                "{} already holds a desk (users, accounts, conversations or audit entries): \
                 restoring would replace it. Run again with --force to replace it; the current \
                 database is then kept beside it under a new name.",
                target.display()
            );
        }
    }
    fs::create_dir_all(&place.data_dir)?;
    let work = scratch_dir(&place.data_dir.join("restore"))?;
    let result = unpack_and_place(place, from, force, &target, &work).await;
    let _ = fs::remove_dir_all(&work);
    result
}

async fn unpack_and_place(
    place: &Place,
    from: &Path,
    force: bool,
    target: &Path,
    work: &Path,
) -> anyhow::Result<Restore> {
    let archive = File::open(from).with_context(|| format!("opening {}", from.display()))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(archive));
    for entry in tar
        .entries()
        .context("this is not a linedesk backup (not a gzip'd tar)")?
    {
        let mut entry = entry.context("reading the backup")?;
        let path = entry.path()?.into_owned();
        let known = path == Path::new(MANIFEST)
            || path == Path::new(DATABASE)
            || path == Path::new(KEY)
            || path.starts_with(FILES);
        if !known {
            bail!(
                "the backup holds {}, which no linedesk backup has",
                path.display()
            );
        }
        // unpack_in refuses absolute paths and "..".
        entry.unpack_in(work)?;
    }
    let manifest: Manifest = serde_json::from_slice(
        &fs::read(work.join(MANIFEST)).context("the backup has no linedesk-backup.json")?,
    )
    .context("reading linedesk-backup.json")?;
    if manifest.format != FORMAT {
        bail!(
            "this backup is in format {} and this linedesk reads format {FORMAT}",
            manifest.format
        );
    }
    let copy = work.join(DATABASE);
    if !copy.is_file() {
        bail!("the backup has no database");
    }
    // Today's migrations bring an older backup up to date (even those that may lose data: the
    // file being restored is the backup); then the chain must verify.
    let restored = Db::open_with(
        &format!("sqlite://{}", copy.display()),
        db::migrations::DataLoss::Accept,
    )
    .await?;
    let checked = async {
        let chain = audit::verify(&restored.pool).await?;
        let rows = db::backup::row_counts(&restored).await?;
        anyhow::Ok((chain, rows))
    }
    .await;
    restored.close().await;
    let (chain, rows) = checked?;
    let audit_entries = match chain {
        Ok(entries) => entries,
        Err(id) => bail!(
            "the backup's audit chain is broken at entry #{id}: it was altered after it was \
             written. Nothing was restored."
        ),
    };

    let mut warnings = Vec::new();
    let key = work.join(KEY);
    let replace_key = if key.is_file() {
        match fs::read(&place.key_file) {
            Ok(current) if current == fs::read(&key)? => false,
            Ok(_) if !force => bail!(
                "{} holds a different master key than the backup. Run again with --force to \
                 use the backup's (the current one is kept beside it under a new name).",
                place.key_file.display()
            ),
            _ => true,
        }
    } else {
        if !place.key_file.exists() {
            warnings.push(format!(
                "The backup has no master key and there is none at {}: put the desk's original \
                 master.key there before starting linedesk, or the channel secrets and access \
                 tokens cannot be read (enter them again on each account's page).",
                place.key_file.display()
            ));
        }
        false
    };

    let stamp = crate::clock::now_ms();
    let mut moved_aside = Vec::new();
    let mut aside = |path: &Path| -> anyhow::Result<()> {
        if path.exists() {
            let kept = PathBuf::from(format!("{}.before-restore-{stamp}", path.display()));
            fs::rename(path, &kept).with_context(|| format!("moving {} aside", path.display()))?;
            moved_aside.push(kept);
        }
        Ok(())
    };
    aside(target)?;
    for suffix in ["-wal", "-shm"] {
        aside(&PathBuf::from(format!("{}{suffix}", target.display())))?;
    }
    // The files belong to the database they came with.
    aside(&place.files_dir())?;
    let files = work.join(FILES);
    if replace_key {
        aside(&place.key_file)?;
    }
    move_file(&copy, target)?;
    if files.is_dir() {
        move_file(&files, &place.files_dir())?;
    }
    if replace_key {
        move_file(&key, &place.key_file)?;
        set_private(&place.key_file)?;
    }
    Ok(Restore::Restored {
        manifest,
        rows,
        audit_entries,
        moved_aside,
        warnings,
    })
}

/// A new empty folder beside `near` for the work in progress.
fn scratch_dir(near: &Path) -> anyhow::Result<PathBuf> {
    let dir = PathBuf::from(format!(
        "{}.work-{:08x}",
        near.display(),
        rand::random::<u32>()
    ));
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    set_private(&dir)?;
    Ok(dir)
}

/// Renames, or copies when `to` is on another file system.
fn move_file(from: &Path, to: &Path) -> anyhow::Result<()> {
    if fs::rename(from, to).is_ok() {
        return Ok(());
    }
    if from.is_dir() {
        fs::create_dir_all(to)?;
        for entry in fs::read_dir(from)? {
            let entry = entry?;
            move_file(&entry.path(), &to.join(entry.file_name()))?;
        }
    } else {
        fs::copy(from, to).with_context(|| format!("copying into {}", to.display()))?;
    }
    Ok(())
}

fn count_files(dir: &Path) -> anyhow::Result<u64> {
    if !dir.is_dir() {
        return Ok(0);
    }
    let mut count = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        count += if entry.file_type()?.is_dir() {
            count_files(&entry.path())?
        } else {
            1
        };
    }
    Ok(count)
}

fn append_bytes<W: Write>(
    tar: &mut tar::Builder<W>,
    name: &str,
    bytes: &[u8],
) -> anyhow::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_mtime(crate::clock::now_ms().max(0) as u64 / 1000);
    header.set_cksum();
    tar.append_data(&mut header, name, bytes)?;
    Ok(())
}

/// A new file only its owner may read: a backup holds every conversation (and maybe the key).
fn private_file(path: &Path) -> anyhow::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))
}

fn set_private(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if path.is_dir() { 0o700 } else { 0o600 };
        fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// `word` quoted for a POSIX shell when it needs to be.
fn shell_word(word: &str) -> String {
    if word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(
            shell_word("/var/backups/desk.dump"),
            "/var/backups/desk.dump"
        );
        assert_eq!(shell_word("my desk's.dump"), "'my desk'\\''s.dump'");
    }
}
