pub mod notice_badges;
pub mod notice_list;
