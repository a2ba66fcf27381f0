pub mod login_page;
pub mod me_page;
pub mod register_page;
