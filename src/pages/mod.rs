pub mod login_page;
pub mod me_page;
pub mod not_found_page;
pub mod notices_page;
pub mod register_page;
pub mod reports_page;
pub mod services_page;
pub mod volunteer_page;
