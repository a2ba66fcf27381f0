// A panic in one request must be caught (layers.rs) and the server go on serving: the
// binary unwinds. The root Cargo.toml's release profile must not set `panic = "abort"`.
#[cfg(panic = "abort")]
compile_error!("linli-server must be built with panic = \"unwind\"");

use std::net::SocketAddr;

use anyhow::Context;
use clap::Parser;
use linli_server::blob_store::BlobStore;
use linli_server::config::{Cli, Command};
use linli_server::{AppState, accounts, app, db, features, maintenance, seed};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();

    if let Some(dir) = cli
        .database_url
        .strip_prefix("sqlite://")
        .and_then(|path| std::path::Path::new(path).parent())
        .filter(|dir| !dir.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let pool = db::connect(&cli.database_url)
        .await
        .with_context(|| format!("opening {}", cli.database_url))?;
    db::migrate(&pool).await.context("running migrations")?;
    features::setup(&pool)
        .await
        .context("setting up the communities")?;

    match cli.command {
        Some(Command::CreateAdmin(args)) => {
            let role = accounts::create_admin(&pool, &args).await?;
            // The administrator's community may be new.
            features::setup(&pool)
                .await
                .context("setting up the community")?;
            println!("已创建{} {}（{}）", role.label(), args.name, args.phone);
        }
        None => {
            let args = cli.serve;
            let settings = args.settings()?;
            if args.demo_data {
                seed::demo(&pool).await.context("seeding demo data")?;
            }
            let dist = args
                .dist
                .join("index.html")
                .exists()
                .then_some(args.dist.clone());
            if dist.is_none() {
                tracing::warn!(dist = %args.dist.display(), "no built app found; serving the API only");
            }
            let listener = tokio::net::TcpListener::bind(args.bind)
                .await
                .with_context(|| format!("binding {}", args.bind))?;
            tracing::info!("邻里 listening on http://{}", listener.local_addr()?);
            tracing::info!(public_url = %settings.public_url, "QR codes and links name this address");
            let blobs = BlobStore::new(args.blob_dir.clone());
            if let Some(dir) = blobs.directory() {
                blobs
                    .check()
                    .await
                    .with_context(|| format!("--blob-dir {}", dir.display()))?;
                tracing::info!(dir = %dir.display(), "photos are kept in this directory");
            }
            let housekeeping = maintenance::spawn(pool.clone(), blobs.clone());
            let app = app(AppState::new(pool, dist, settings).with_blobs(blobs));
            // The peer's address is what log-in limits count by (`client::ClientAddr`).
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                tokio::signal::ctrl_c().await.ok();
            })
            .await?;
            housekeeping.abort();
        }
    }
    Ok(())
}
