//! The API description (OpenAPI 3.1) served at `GET /api/openapi.json`. It is built from
//! the routes themselves: each route is registered through its handler's
//! `#[utoipa::path]` (`utoipa_axum::routes!`), and the bodies are the core's own request and
//! response types, so what the description says and what the server answers are one thing.

use std::sync::Arc;

use axum::Extension;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use linli_core::admin::PersonStatus;
use linli_core::error::ApiError;
use serde_json::Value;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi, RefOr};
use utoipa::{OpenApi as _, PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The name of the bearer-token scheme routes refer to in `security(...)`.
pub const BEARER: &str = "bearer";

/// The parts of the description no route carries.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "邻里 API",
        description = "The JSON API of 邻里 under `/api`: accounts, community administration, \
            photos, exports, and the sync protocol (`/api/sync/push`, `/api/sync/pull`) through \
            which every feature's content and every change made on a device travel.\n\n\
            Every failure answers `{code, message, fields?}` (`ApiError`): `message` is plain \
            Chinese for the person, `fields` names the offending fields. A log-in \
            (`POST /api/sessions`) returns a token, sent as `Authorization: Bearer <token>`."
    ),
    tags(
        (name = "meta", description = "Health and this description"),
        (name = "accounts", description = "Registration, log-in, the current account"),
        (name = "sync", description = "The offline-first sync protocol"),
        (name = "communities", description = "The public list of communities and buildings"),
        (name = "blobs", description = "Photos attached to reports"),
        (name = "admin", description = "Community administration (staff at the desk)"),
        (name = "street", description = "The street office across its communities"),
        (name = "reports", description = "居民说事: a building's QR poster"),
        (name = "volunteer", description = "Volunteer exports"),
        (name = "care", description = "一户一表: one household's record, read online"),
        (name = "deliberation", description = "议事协商: participation and results for staff"),
        (name = "signup", description = "报名 / 预约: the sign-up list for staff"),
    ),
    // `PersonStatus` is a query parameter's type, which routes do not collect.
    components(schemas(ApiError, PersonStatus))
)]
struct Base;

/// The description as served, ready to send.
#[derive(Clone)]
pub struct Served(Arc<String>);

/// An empty router carrying the base description; the API is nested into it.
pub fn base() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(Base::openapi())
}

/// The route of the description itself.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi_show))
}

/// Completes the description the routes built (the error answer of every operation, the
/// bearer scheme, the known mutation names) and makes it ready to serve.
pub fn finish(mut doc: OpenApi) -> (OpenApi, Served) {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        BEARER,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("The token of `POST /api/sessions`"))
                .build(),
        ),
    );
    if let Some(RefOr::T(Schema::Object(mutation))) = components.schemas.get_mut("Mutation")
        && let Some(RefOr::T(Schema::Object(name))) = mutation.properties.get_mut("name")
    {
        name.enum_values = Some(mutation_names().map(Value::from).collect());
    }
    let error = ResponseBuilder::new()
        .description(
            "A refusal or failure: `code` says which, `message` tells the person in plain \
             Chinese, `fields` names the offending fields. 401 without a valid token, 403 \
             when the account may not, 404, 409 on a clash, 422 for invalid fields, 429 and \
             503 with `Retry-After`.",
        )
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                    ApiError::name(),
                ))))
                .build(),
        )
        .build();
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            op.responses
                .responses
                .entry("default".to_owned())
                .or_insert_with(|| error.clone().into());
        }
    }
    let json = doc.to_json().expect("the API description serializes");
    (doc, Served(Arc::new(json)))
}

/// Every mutation a push may carry, as the core lists them.
fn mutation_names() -> impl Iterator<Item = &'static str> {
    linli_core::FEATURES
        .iter()
        .flat_map(|(feature, _)| feature.mutations.iter().copied())
}

/// A JSON document of any shape (the description itself).
struct Document;

impl PartialSchema for Document {
    fn schema() -> RefOr<Schema> {
        Schema::Object(utoipa::openapi::Object::with_type(SchemaType::Type(
            Type::Object,
        )))
        .into()
    }
}

impl ToSchema for Document {}

/// This description.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 description of this API", body = inline(Document)))
)]
async fn openapi_show(Extension(Served(json)): Extension<Served>) -> Response {
    let mut res = json.as_str().to_owned().into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}
