pub mod topic_card;
pub mod topic_links;
