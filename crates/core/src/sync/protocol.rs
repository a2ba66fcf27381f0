//! The wire protocol: every request and response of `/api/sync`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::Millis;
use crate::error::{ErrorCode, FieldError};
use crate::validate::{Invalid, char_len};

/// Bumped whenever the app and server must change together. A server answers a
/// different version with [`ErrorCode::ProtocolMismatch`], and the app asks the
/// person to refresh.
pub const PROTOCOL_VERSION: u32 = 1;

/// The most mutations a device sends in one push. Each push costs a round trip, which on a
/// weak signal weighs more than the bytes: a phone that comes back online with a day's
/// writes sends them in a few pushes. (It was 100: older apps send at most that, which
/// the server still takes.)
pub const MAX_PUSH_BATCH: usize = 250;

/// The most changes the server returns in one pull page: a fresh device fetches a
/// community of 12,000 rows in five pages (it was 1000, twelve round trips).
pub const MAX_PULL_PAGE: usize = 2500;

/// Something a person did on a device, to be applied once on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mutation {
    /// The device (a random id kept on it).
    pub client_id: String,
    /// Increases by one for each mutation the device records.
    pub seq: u64,
    /// Identifies this mutation everywhere; a retried push carries the same id.
    pub mutation_id: Uuid,
    /// What to do, e.g. `notice.acknowledge`.
    pub name: String,
    pub args: Value,
    /// When the person did it, by the device's clock.
    pub created_at: Millis,
}

impl Mutation {
    /// The arguments as the mutation's type; arguments that do not parse can never succeed.
    pub fn args<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.args)
    }
}

/// `POST /api/sync/push`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub protocol: u32,
    pub client_id: String,
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub protocol: u32,
    /// One result per mutation the server processed, in order. The server may stop
    /// early (e.g. it is shutting down); the rest are simply sent again later.
    pub results: Vec<MutationResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MutationResult {
    pub mutation_id: Uuid,
    pub seq: u64,
    pub outcome: Outcome,
}

/// What became of a mutation. Both are final: the device never sends it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied (now or on an earlier push). `decision` is what the server decided
    /// that the device could not know, e.g. `{"status": "waitlisted", "position": 3}`.
    Applied {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decision: Option<Value>,
    },
    /// It can never succeed (invalid, not allowed, target gone): the reason is for the person.
    Rejected {
        code: ErrorCode,
        reason: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<FieldError>,
    },
}

/// `GET /api/sync/pull?protocol=&since=&client_id=&community_id=`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PullQuery {
    pub protocol: u32,
    /// The cursor of the last pull, 0 for everything.
    pub since: u64,
    pub client_id: String,
    /// Which community's public content a visitor without an account reads.
    /// Logged-in callers always get their own community.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub protocol: u32,
    /// Pass as `since` next time.
    pub cursor: u64,
    /// More changes are waiting: pull again right away.
    pub has_more: bool,
    /// The highest `seq` of this device the server has processed, read in the
    /// same snapshot as `changes`: their effects are included.
    pub last_applied_seq: u64,
    pub changes: Vec<Change>,
    /// What the caller may see, as of this page: the sync version at which the account's
    /// role, building, grid or verification last changed (0 for a visitor). Rows pulled
    /// under another scope may hold what the account may no longer see, and miss what it
    /// now may: a device holding such rows forgets them and pulls from the start
    /// ([`super::Replica::outdated_by`]).
    #[serde(default)]
    pub scope: u64,
}

/// One row of a collection as it now is for the caller: its new content, or gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub collection: String,
    pub id: String,
    /// The server version stamped on the row's last change.
    pub version: u64,
    /// `None`: deleted, withdrawn, or no longer visible to the caller.
    pub data: Option<Value>,
}

/// The longest mutation name, device id or row id a request may carry, in characters.
pub const MAX_ID_CHARS: usize = 64;

/// Checks that `value` of `field` is an id of at most [`MAX_ID_CHARS`].
fn check_id(invalid: &mut Invalid, field: &str, value: &str) {
    if char_len(value) > MAX_ID_CHARS {
        invalid.add(
            field,
            format!("编号太长（最多 {MAX_ID_CHARS} 个字符），请刷新页面后重试"),
        );
    }
}

impl PushRequest {
    /// The device id and every mutation's name and device id are of sane length.
    pub fn check_sizes(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "client_id", &self.client_id);
        for m in &self.mutations {
            check_id(&mut invalid, "client_id", &m.client_id);
            check_id(&mut invalid, "name", &m.name);
        }
        invalid.fields.dedup();
        invalid.finish()
    }
}

impl PullQuery {
    /// The ids in the query are of sane length.
    pub fn check_sizes(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        check_id(&mut invalid, "client_id", &self.client_id);
        if let Some(community_id) = &self.community_id {
            check_id(&mut invalid, "community_id", community_id);
        }
        invalid.finish()
    }
}

impl Mutation {
    /// Every id in the arguments (a field named `id` or `…_id`, at any depth) is of
    /// sane length, whatever the mutation; its own rules check the rest.
    pub fn check_ids(&self) -> Result<(), Invalid> {
        fn walk(invalid: &mut Invalid, value: &Value) {
            match value {
                Value::Object(fields) => {
                    for (key, value) in fields {
                        match value {
                            Value::String(s) if key == "id" || key.ends_with("_id") => {
                                check_id(invalid, key, s);
                            }
                            other => walk(invalid, other),
                        }
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| walk(invalid, v)),
                _ => {}
            }
        }
        let mut invalid = Invalid::default();
        walk(&mut invalid, &self.args);
        invalid.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mutation(name: &str, args: Value) -> Mutation {
        Mutation {
            client_id: "device".into(),
            seq: 1,
            mutation_id: Uuid::nil(),
            name: name.into(),
            args,
            created_at: 0,
        }
    }

    #[test]
    fn sizes_of_names_and_ids_are_bounded() {
        let long = "x".repeat(MAX_ID_CHARS + 1);
        let fits = "x".repeat(MAX_ID_CHARS);
        let cases = [
            (fits.as_str(), fits.as_str(), None),
            (long.as_str(), "device", Some("client_id")),
            ("device", long.as_str(), Some("name")),
        ];
        for (client_id, name, bad) in cases {
            let mut m = mutation(name, Value::Null);
            m.client_id = client_id.into();
            let req = PushRequest {
                protocol: PROTOCOL_VERSION,
                client_id: client_id.into(),
                mutations: vec![m],
            };
            match (req.check_sizes(), bad) {
                (Ok(()), None) => {}
                (Err(invalid), Some(field)) => assert!(invalid.has(field), "{invalid:?}"),
                (got, want) => panic!("{client_id:.8}/{name:.8}: {got:?}, wanted {want:?}"),
            }
        }
        let query = PullQuery {
            protocol: PROTOCOL_VERSION,
            since: 0,
            client_id: "d".into(),
            community_id: Some(long.clone()),
        };
        assert!(query.check_sizes().unwrap_err().has("community_id"));
    }

    #[test]
    fn ids_in_arguments_are_bounded_at_any_depth() {
        let long = "x".repeat(MAX_ID_CHARS + 1);
        let cases = [
            (serde_json::json!({"signup_id": "g1", "code": long}), None),
            (serde_json::json!({"signup_id": long}), Some("signup_id")),
            (
                serde_json::json!({"address": {"building_id": long}}),
                Some("building_id"),
            ),
            (serde_json::json!({"items": [{"id": long}]}), Some("id")),
        ];
        for (args, bad) in cases {
            match (mutation("n", args.clone()).check_ids(), bad) {
                (Ok(()), None) => {}
                (Err(invalid), Some(field)) => assert!(invalid.has(field), "{args}"),
                (got, want) => panic!("{args}: {got:?}, wanted {want:?}"),
            }
        }
    }
}
