//! Components every feature uses, one per file; a feature's own are in its folder.

pub mod after_loading;
pub mod blob_image;
pub mod browser_notice;
pub mod community_picker;
pub mod download;
pub mod elder_switch;
pub mod form_alert;
pub mod icon;
pub mod install_hint;
pub mod photo;
pub mod read_aloud;
pub mod refused_writes;
pub mod session_ended;
pub mod sync_status;
pub mod tab_bar;
pub mod text_area;
pub mod text_field;
pub mod update_banner;
pub mod waiting_banner;
