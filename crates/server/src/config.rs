//! Command-line and environment configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "linli-server", version, about = "邻里 community app server")]
pub struct Cli {
    /// SQLite database, created if missing.
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
    /// Create the first administrator, and the community if it does not exist yet.
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
    #[arg(long)]
    pub community: String,
    #[arg(long)]
    pub street_office: String,
}
