pub mod notice_acks_page;
pub mod notice_archive_page;
pub mod notice_edit_page;
pub mod notice_page;
pub mod notices_page;
