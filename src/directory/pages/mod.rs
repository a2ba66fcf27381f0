pub mod service_edit_page;
pub mod service_page;
pub mod services_page;
