//! The API description (`GET /api/openapi.json`) against the real router: every route the
//! router answers is described with exactly its methods, every described operation is a
//! route, and the description carries the error shape and the bearer scheme.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use common::TestApp;
use linli_server::{AppState, api_description, app};
use serde_json::Value;
use tower::ServiceExt;

/// Methods the described operations use, in the router's `Allow` spelling.
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// The `/api` paths of the real router, read from its own listing of routes (its
/// `Debug` output names every path it matches).
fn router_paths(router: &axum::Router) -> BTreeSet<String> {
    let listing = format!("{router:?}");
    let paths: BTreeSet<String> = listing
        .split('"')
        .filter(|part| part.starts_with("/api/") && !part.contains("__private__axum"))
        .map(str::to_owned)
        .collect();
    // The listing's format is axum's: if it ever changes, this says so instead of passing.
    assert!(
        paths.len() > 30 && paths.contains("/api/sync/push"),
        "could not read the router's routes from: {listing}"
    );
    paths
}

/// A concrete request path for a templated one.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|part| if part.starts_with('{') { "x" } else { part })
        .collect::<Vec<_>>()
        .join("/")
}

/// The methods the router takes on `path`: asked with a method no route has, it answers
/// 405 and lists them in `Allow`.
async fn router_methods(router: &axum::Router, path: &str) -> BTreeSet<String> {
    let req = axum::http::Request::builder()
        .method(Method::from_bytes(b"PROBE").unwrap())
        .uri(concrete(path))
        .body(Body::empty())
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{path}");
    res.headers()[header::ALLOW]
        .to_str()
        .unwrap()
        .split(',')
        .map(|m| m.trim().to_owned())
        // axum answers HEAD wherever it answers GET.
        .filter(|m| m != "HEAD")
        .collect()
}

/// Every described operation: path → methods.
fn described(doc: &Value) -> BTreeMap<String, BTreeSet<String>> {
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, item)| {
            let methods = METHODS
                .iter()
                .filter(|m| item.get(m.to_lowercase()).is_some())
                .map(|m| (*m).to_owned())
                .collect();
            (path.clone(), methods)
        })
        .collect()
}

async fn served_description(app: &TestApp) -> Value {
    let reply = app.get("/api/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.body
}

#[tokio::test]
async fn every_route_of_the_router_is_described_with_its_methods() {
    let pool = common::pool().await;
    let router = app(AppState::local(pool));
    let doc = serde_json::to_value(api_description()).unwrap();
    let described = described(&doc);
    let mut routes = BTreeMap::new();
    for path in router_paths(&router) {
        let methods = router_methods(&router, &path).await;
        routes.insert(path, methods);
    }
    let undescribed: Vec<_> = routes
        .iter()
        .filter(|(path, methods)| described.get(*path) != Some(methods))
        .collect();
    assert!(
        undescribed.is_empty(),
        "routes not described as they are (register them with `routes!` and `#[utoipa::path]`): {undescribed:?}"
    );
    assert_eq!(
        routes, described,
        "described operations that are not routes"
    );
}

#[tokio::test]
async fn the_served_description_is_the_one_the_routes_build() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let served = served_description(&app).await;
    assert_eq!(served, serde_json::to_value(api_description()).unwrap());
    assert!(served["openapi"].as_str().unwrap().starts_with("3."));
}

#[tokio::test]
async fn every_operation_describes_its_errors_and_its_authentication() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let doc = served_description(&app).await;
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let error = &doc["components"]["schemas"]["ApiError"];
    let required: BTreeSet<&str> = error["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, BTreeSet::from(["code", "message"]));
    assert!(error["properties"]["fields"].is_object());
    let mut authenticated = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let default = &op["responses"]["default"]["content"]["application/json"]["schema"];
            assert_eq!(
                default["$ref"], "#/components/schemas/ApiError",
                "{method} {path}"
            );
            let security = op["security"].as_array().cloned().unwrap_or_default();
            if security.iter().any(|s| s.get("bearer").is_some()) {
                authenticated += 1;
            }
        }
    }
    // Most routes need an account; log-in, registration and the public lists do not.
    assert!(authenticated > 30, "{authenticated}");
    let login = &doc["paths"]["/api/sessions"]["post"];
    assert!(login.get("security").is_none());
}

#[tokio::test]
async fn the_mutation_envelope_lists_every_mutation() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let doc = served_description(&app).await;
    let names: BTreeSet<&str> =
        doc["components"]["schemas"]["Mutation"]["properties"]["name"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
    let mutations: BTreeSet<&str> = linli_core::FEATURES
        .iter()
        .flat_map(|(f, _)| f.mutations.iter().copied())
        .collect();
    assert_eq!(names, mutations);
    for schema in ["PushRequest", "PushResponse", "PullResponse", "Outcome"] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "{schema} is described"
        );
    }
}

/// Every `$ref` anywhere under `value`.
fn refs<'a>(value: &'a Value, found: &mut BTreeSet<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        found.insert(r);
                    }
                    _ => refs(v, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_resolves() {
    let pool = common::pool().await;
    let app = TestApp::with_demo(pool).await;
    let doc = served_description(&app).await;
    let mut found = BTreeSet::new();
    refs(&doc, &mut found);
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let dangling: Vec<_> = found
        .into_iter()
        .filter(|r| {
            r.strip_prefix("#/components/schemas/")
                .is_none_or(|name| !schemas.contains_key(name))
        })
        .collect();
    assert!(dangling.is_empty(), "{dangling:?}");
}
