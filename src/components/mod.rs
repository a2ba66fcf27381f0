pub mod community_picker;
pub mod form_alert;
pub mod notice_badges;
pub mod refused_writes;
pub mod sync_status;
pub mod tab_bar;
pub mod text_field;
