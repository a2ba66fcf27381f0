pub mod shift_card;
pub mod skill_picker;
