//! The inbox every person has: the server tells them, in plain words, about their
//! shifts, their hours and their cases. Messages are written by the server only.

use serde::{Deserialize, Serialize};

use crate::Millis;
use crate::sync::{Collection, Feature, Rules};

/// A person's own inbox messages.
pub const INBOX: &str = "inbox";

pub const FEATURE: Feature = Feature {
    name: "inbox",
    collections: &[Collection {
        name: INBOX,
        since_schema: 5,
    }],
    mutations: &[],
};

pub const RULES: Rules = &[];

/// What a message tells the person about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Confirmed,
    Waitlisted,
    Promoted,
    ShiftChanged,
    ShiftCancelled,
    HoursCredited,
    HoursReceived,
    /// News of a 说事 case the person reported or follows.
    CaseUpdated,
    /// News of a help request the person asked for or took (互助).
    HelpUpdated,
}

/// One inbox message, written by the server in plain words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxMessage {
    pub id: String,
    pub user_id: String,
    pub kind: MessageKind,
    pub text: String,
    #[serde(default)]
    pub shift_id: Option<String>,
    #[serde(default)]
    pub report_id: Option<String>,
    pub created_at: Millis,
}
