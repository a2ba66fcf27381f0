pub mod care_list_page;
pub mod household_page;
pub mod my_household_page;
