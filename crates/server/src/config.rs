//! Command-line and environment configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::Uri;
use clap::{Parser, Subcommand};

use crate::state::Settings;

#[derive(Debug, Parser)]
#[command(name = "linli-server", version, about = "邻里 community app server")]
pub struct Cli {
    /// The database: `sqlite://FILE` (created if missing) or `postgres://…` (an
    /// existing database; several instances may share it).
    #[arg(
        long,
        env = "LINLI_DATABASE_URL",
        default_value = "sqlite://data/linli.db",
        global = true
    )]
    pub database_url: String,

    #[command(flatten)]
    pub serve: ServeArgs,

    /// Without a subcommand the server serves.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the first administrator: of a community (created if it does not exist yet)
    /// with `--community`, or without it a street admin (街道管理员) of `--street-office`.
    CreateAdmin(CreateAdminArgs),
}

/// Serving the API and the built app.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[arg(long, env = "LINLI_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// The built app to serve beside the API (Trunk's `dist/`).
    #[arg(long, env = "LINLI_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Fill the database with demo communities, accounts and content (idempotent).
    /// Leave off in production.
    #[arg(long, env = "LINLI_DEMO_DATA", default_value_t = false)]
    pub demo_data: bool,

    /// The address residents reach the server at, e.g. `https://linli.example.cn`: QR
    /// codes and links name it (never the request's Host), and an https one turns on
    /// HSTS. Default: `http://` and the bind address.
    #[arg(long, env = "LINLI_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Behind a reverse proxy: take each client's address from the last entry of the
    /// proxy's `X-Forwarded-For` (log-in limits count by it). Off by default: the
    /// socket's peer is the client, and the header is ignored.
    #[arg(long, env = "LINLI_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,

    /// Keep uploaded photos in this directory (shared by every instance) instead of in
    /// the database. Photos stored before stay where they are and are still served.
    #[arg(long, env = "LINLI_BLOB_DIR")]
    pub blob_dir: Option<PathBuf>,
}

impl ServeArgs {
    /// The settings handlers read, checked: a public URL is `http(s)://host[:port]`.
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let public_url = match &self.public_url {
            Some(url) => parse_public_url(url)?,
            None => format!("http://{}", self.bind),
        };
        Ok(Settings {
            public_url,
            trust_forwarded_for: self.trust_forwarded_for,
        })
    }
}

/// `https://linli.example.cn/` → `https://linli.example.cn`; anything with a path, a
/// query or another scheme is refused.
fn parse_public_url(url: &str) -> anyhow::Result<String> {
    let uri: Uri = url
        .parse()
        .map_err(|e| anyhow::anyhow!("--public-url {url:?}: {e}"))?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    let bare = matches!(uri.path(), "" | "/") && uri.query().is_none();
    match uri.authority() {
        Some(authority) if scheme_ok && bare => Ok(format!(
            "{}://{authority}",
            uri.scheme_str().unwrap_or("https")
        )),
        _ => anyhow::bail!("--public-url must look like https://linli.example.cn, not {url:?}"),
    }
}

#[derive(Debug, clap::Args)]
pub struct CreateAdminArgs {
    #[arg(long)]
    pub phone: String,
    #[arg(long)]
    pub name: String,
    /// Read from the environment so it stays out of shell history.
    #[arg(long, env = "LINLI_ADMIN_PASSWORD", hide_env_values = true)]
    pub password: String,
    /// The community to administer; leave out for a street admin.
    #[arg(long)]
    pub community: Option<String>,
    #[arg(long)]
    pub street_office: String,
}

#[cfg(test)]
mod tests {
    use super::parse_public_url;

    #[test]
    fn public_urls_are_an_origin() {
        let cases = [
            ("https://linli.example.cn", Some("https://linli.example.cn")),
            (
                "https://linli.example.cn/",
                Some("https://linli.example.cn"),
            ),
            ("http://127.0.0.1:8080", Some("http://127.0.0.1:8080")),
            ("https://linli.example.cn/app", None),
            ("ftp://linli.example.cn", None),
            ("linli.example.cn", None),
            ("https://linli.example.cn/?a=1", None),
        ];
        for (url, expected) in cases {
            assert_eq!(parse_public_url(url).ok().as_deref(), expected, "{url}");
        }
    }
}
