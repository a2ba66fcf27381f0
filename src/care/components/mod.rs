//! The care register's own components, one per file.

pub mod contact_buttons;
pub mod household_card;
pub mod people_editor;
pub mod tag_fields;
