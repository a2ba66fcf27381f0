//! The wire protocol: every request and response of `/api/sync`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::Millis;
use crate::error::{ErrorCode, FieldError};

/// Bumped whenever the app and server must change together. A server answers a
/// different version with [`ErrorCode::ProtocolMismatch`], and the app asks the
/// person to refresh.
pub const PROTOCOL_VERSION: u32 = 1;

/// The most mutations a device sends in one push.
pub const MAX_PUSH_BATCH: usize = 100;

/// The most changes the server returns in one pull page.
pub const MAX_PULL_PAGE: usize = 1000;

/// Something a person did on a device, to be applied once on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct PushRequest {
    pub protocol: u32,
    pub client_id: String,
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub protocol: u32,
    /// One result per mutation the server processed, in order. The server may stop
    /// early (e.g. it is shutting down); the rest are simply sent again later.
    pub results: Vec<MutationResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MutationResult {
    pub mutation_id: Uuid,
    pub seq: u64,
    pub outcome: Outcome,
}

/// What became of a mutation. Both are final: the device never sends it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

/// One row of a collection as it now is for the caller: its new content, or gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub collection: String,
    pub id: String,
    /// The server version stamped on the row's last change.
    pub version: u64,
    /// `None`: deleted, withdrawn, or no longer visible to the caller.
    pub data: Option<Value>,
}
