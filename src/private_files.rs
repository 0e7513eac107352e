//! What linedesk stores on disk (the SQLite database with its -wal and -shm, the master key,
//! customers' files) is readable by its own user only: files 0600, folders 0700. New files get
//! that from the process's umask; files an older version created are tightened at start-up.

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

pub const FILE_MODE: u32 = 0o600;
pub const DIR_MODE: u32 = 0o700;

/// Every file and folder the process creates from now on: no group or other access (SQLite
/// gives its -wal and -shm the database file's mode).
pub fn restrict_new_files() {
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Removes group and other access from DATA_DIR, the attachments under it (recursively) and
/// the SQLite database with its -wal and -shm, wherever DATABASE_URL puts it.
pub fn tighten(data_dir: &Path, sqlite_file: Option<&Path>) -> io::Result<()> {
    restrict(data_dir)?;
    walk(&data_dir.join("attachments"))?;
    if let Some(db) = sqlite_file {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            restrict(Path::new(&name))?;
        }
    }
    Ok(())
}

fn walk(folder: &Path) -> io::Result<()> {
    if !folder.is_dir() {
        return Ok(());
    }
    restrict(folder)?;
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path)?;
        } else {
            restrict(&path)?;
        }
    }
    Ok(())
}

/// 0600 for a file, 0700 for a folder; a path that does not exist is left alone.
fn restrict(path: &Path) -> io::Result<()> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) if !metadata.file_type().is_symlink() => metadata,
        Ok(_) => return Ok(()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(err),
    };
    let mode = if metadata.is_dir() {
        DIR_MODE
    } else {
        FILE_MODE
    };
    if metadata.permissions().mode() & 0o777 != mode {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn data_files_and_folders_are_tightened() {
        let dir = std::env::temp_dir().join(format!("linedesk-modes-{}", std::process::id()));
        let nested = dir.join("attachments").join("ab");
        std::fs::create_dir_all(&nested).unwrap();
        let files = [
            nested.join("abcdef"),
            dir.join("linedesk.db"),
            dir.join("linedesk.db-wal"),
            dir.join("linedesk.db-shm"),
        ];
        for file in &files {
            std::fs::write(file, b"x").unwrap();
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        for folder in [&dir, &dir.join("attachments"), &nested] {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        tighten(&dir, Some(&dir.join("linedesk.db"))).unwrap();
        for file in &files {
            assert_eq!(mode(file), 0o600, "{}", file.display());
        }
        for folder in [&dir, &dir.join("attachments"), &nested] {
            assert_eq!(mode(folder), 0o700, "{}", folder.display());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
