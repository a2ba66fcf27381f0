//! All the SQL of community administration, a file per resource.

pub mod buildings;
pub mod contacts;
pub mod grids;
pub mod people;
pub mod street;
