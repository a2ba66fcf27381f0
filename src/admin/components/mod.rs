pub mod loaded;
pub mod needs_network;
pub mod reset_code_box;
