pub mod case_badges;
pub mod case_card;
pub mod case_list;
