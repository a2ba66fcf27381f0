pub mod topic_new_page;
pub mod topic_page;
pub mod topics_page;
