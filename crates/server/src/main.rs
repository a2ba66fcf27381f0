use anyhow::Context;
use clap::Parser;
use linli_server::config::{Cli, Command};
use linli_server::{AppState, accounts, app, db, features, seed};
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
            accounts::create_admin(&pool, &args).await?;
            // The administrator's community may be new.
            features::setup(&pool)
                .await
                .context("setting up the community")?;
            println!("已创建管理员 {}（{}）", args.name, args.phone);
        }
        None => {
            let args = cli.serve;
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
            axum::serve(listener, app(AppState { pool, dist }))
                .with_graceful_shutdown(async {
                    tokio::signal::ctrl_c().await.ok();
                })
                .await?;
        }
    }
    Ok(())
}
