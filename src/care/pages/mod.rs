pub mod care_list_page;
pub mod household_edit_page;
pub mod household_page;
pub mod ledger_page;
pub mod my_household_page;
pub mod rhythms_page;
