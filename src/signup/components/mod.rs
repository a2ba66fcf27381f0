pub mod entry_line;
pub mod signup_box;
