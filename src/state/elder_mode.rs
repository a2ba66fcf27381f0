//! 长辈版: bigger text, bigger buttons and a simpler first screen, switched on
//! per device.

use leptos::prelude::*;

use crate::platform::{browser, prefs};

/// The class on `<html>` that the stylesheet enlarges everything under.
const ROOT_CLASS: &str = "elder";

#[derive(Clone, Copy)]
pub struct ElderMode(RwSignal<bool>);

impl ElderMode {
    /// Reads the remembered choice and styles the page before anything is drawn,
    /// so 长辈版 never flashes by in small print.
    pub fn provide() -> Self {
        let on = prefs::elder_mode();
        browser::set_root_class(ROOT_CLASS, on);
        let mode = Self(RwSignal::new(on));
        provide_context(mode);
        mode
    }

    pub fn is_on(self) -> bool {
        self.0.get()
    }

    pub fn toggle(self) {
        let on = !self.0.get_untracked();
        prefs::set_elder_mode(on);
        browser::set_root_class(ROOT_CLASS, on);
        self.0.set(on);
    }
}

pub fn use_elder_mode() -> ElderMode {
    expect_context()
}
