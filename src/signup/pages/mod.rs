pub mod list_page;
pub mod my_signups_page;
pub mod open_page;
pub mod signup_page;
