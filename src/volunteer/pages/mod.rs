pub mod activity_edit_page;
pub mod activity_page;
pub mod my_volunteer_page;
pub mod shift_edit_page;
pub mod shift_roster_page;
pub mod volunteer_page;
pub mod volunteer_profile_page;
