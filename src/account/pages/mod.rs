pub mod devices_page;
pub mod login_page;
pub mod me_page;
pub mod password_page;
pub mod published_page;
pub mod register_page;
pub mod reset_page;
