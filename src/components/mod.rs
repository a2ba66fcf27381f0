pub mod form_alert;
pub mod tab_bar;
pub mod text_field;
