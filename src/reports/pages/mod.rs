pub mod report_board_page;
pub mod report_new_page;
pub mod report_page;
pub mod report_queue_page;
pub mod report_stats_page;
pub mod reports_page;
