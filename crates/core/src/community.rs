//! Communities (社区) and their buildings. One server may serve several
//! communities of a street office (街道), so everything that belongs to a
//! community names it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Building {
    pub id: String,
    /// As residents say it, e.g. "12栋".
    pub name: String,
}

/// A community as listed for registration and pickers, with its buildings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Community {
    pub id: String,
    pub name: String,
    /// The street office (街道) it belongs to.
    pub street_office: String,
    pub buildings: Vec<Building>,
}
