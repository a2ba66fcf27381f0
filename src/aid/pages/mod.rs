pub mod aid_page;
pub mod ask_page;
pub mod request_page;
