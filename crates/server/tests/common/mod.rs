//! Drives the real router (`linli_server::app`) against a real, freshly migrated
//! SQLite database per test.
#![allow(dead_code)] // each test binary uses its own part of this helper

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use linli_server::{AppState, app, db, seed};
use serde_json::{Value, json};
use sqlx::SqlitePool;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub pool: SqlitePool,
}

pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl TestApp {
    /// The app on `pool`, with the demo communities and accounts in place.
    pub async fn with_demo(pool: SqlitePool) -> Self {
        seed::demo(&pool).await.expect("seeding");
        Self {
            router: app(AppState {
                pool: pool.clone(),
                dist: None,
            }),
            pool,
        }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Body,
        json: bool,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(path);
        if json {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(token) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(body).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply { status, body }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, token, Body::empty(), false)
            .await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.send(
            Method::POST,
            path,
            token,
            Body::from(body.to_string()),
            true,
        )
        .await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::DELETE, path, token, Body::empty(), false)
            .await
    }

    /// Logs a demo account in and returns its token.
    pub async fn login(&self, phone: &str) -> String {
        let reply = self
            .post(
                "/api/sessions",
                None,
                json!({"phone": phone, "password": seed::DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body["token"].as_str().unwrap().to_owned()
    }

    /// The id of a community by name, and of one of its buildings.
    pub async fn community(&self, name: &str, building: &str) -> (String, String) {
        let community: String = sqlx::query_scalar("SELECT id FROM communities WHERE name = ?")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .unwrap();
        let building = db::communities::ensure_building(&self.pool, &community, building, 0)
            .await
            .unwrap();
        (community, building)
    }
}

pub const ADMIN: &str = "13800000001";
pub const WORKER: &str = "13800000002";
pub const GRID: &str = "13800000003";
pub const RESIDENT: &str = "13800000004";
