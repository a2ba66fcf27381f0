//! Where the bytes of photos are kept. By default in the database (every instance on
//! one PostgreSQL sees them, and a backup of the database holds them). With
//! `--blob-dir`, in a directory every instance mounts (a shared disk or an object
//! store's mount), which keeps the database, its backups and its replicas small; the
//! directory is then backed up beside it. Each photo's row stays in the `blobs` table either
//! way and says where its bytes are, so a server given a directory later still serves
//! the photos stored before, and one given none refuses plainly to serve from one.
//!
//! A file is named by its blob's id, whose content never changes. It is written (and
//! removed) while the write transaction that inserts (or deletes) its row holds the
//! write lock, so no upload and clean-up of one id interleave; a new file appears whole,
//! through a rename.

use std::io;
use std::path::{Path, PathBuf};

/// Where uploaded photos' bytes go.
#[derive(Debug, Clone, Default)]
pub enum BlobStore {
    #[default]
    Database,
    Directory(PathBuf),
}

impl BlobStore {
    pub fn new(dir: Option<PathBuf>) -> Self {
        dir.map_or(Self::Database, Self::Directory)
    }

    /// The directory, if photos go to one.
    pub fn directory(&self) -> Option<&Path> {
        match self {
            Self::Database => None,
            Self::Directory(dir) => Some(dir),
        }
    }

    /// Checks at start-up that the directory exists and takes files.
    pub async fn check(&self) -> io::Result<()> {
        let Some(dir) = self.directory() else {
            return Ok(());
        };
        tokio::fs::create_dir_all(dir).await?;
        let probe = dir.join(".linli-write-check");
        tokio::fs::write(&probe, b"ok").await?;
        tokio::fs::remove_file(&probe).await
    }

    /// Keeps the bytes of blob `id` in the directory, if there is one: returns whether
    /// they went there (then the row holds none).
    pub async fn put(&self, id: &str, data: &[u8]) -> io::Result<bool> {
        let Some(dir) = self.directory() else {
            return Ok(false);
        };
        let path = file(dir, id);
        let partial = path.with_extension("partial");
        tokio::fs::write(&partial, data).await?;
        tokio::fs::rename(&partial, &path).await?;
        Ok(true)
    }

    /// The bytes of blob `id`, kept in the directory.
    pub async fn read(&self, id: &str) -> io::Result<Vec<u8>> {
        match self.directory() {
            Some(dir) => tokio::fs::read(file(dir, id)).await,
            None => Err(io::Error::other(format!(
                "photo {id} is kept in a blob directory, but the server was started without --blob-dir"
            ))),
        }
    }

    /// Removes the files of blobs whose rows are being deleted (a file already gone is
    /// no error: an earlier round may have removed it before its commit failed).
    pub async fn remove(&self, ids: &[String]) -> io::Result<()> {
        let Some(dir) = self.directory() else {
            return Ok(());
        };
        for id in ids {
            match tokio::fs::remove_file(file(dir, id)).await {
                Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
                _ => {}
            }
        }
        Ok(())
    }
}

/// The file of blob `id` (a UUID: no separator can reach outside the directory).
fn file(dir: &Path, id: &str) -> PathBuf {
    dir.join(id)
}
