use leptos::prelude::*;
use linli_core::report::Step;

/// What is being typed on a case page. It lives as long as the page, not the
/// drawing of the case: when a sync redraws the case (the server's answer, a
/// neighbour's "我也遇到"), a half-typed note or a chosen star stays.
#[derive(Clone, Copy)]
pub(super) struct Typing {
    pub(super) step: RwSignal<Option<Step>>,
    pub(super) note: RwSignal<String>,
    pub(super) assignee: RwSignal<String>,
    pub(super) original: RwSignal<String>,
    pub(super) stars: RwSignal<u8>,
    pub(super) comment: RwSignal<String>,
    pub(super) reason: RwSignal<String>,
}

impl Typing {
    /// Nothing typed yet; a case is handed to the property company unless staff choose.
    pub(super) fn new() -> Self {
        Self {
            step: RwSignal::new(None),
            note: RwSignal::new(String::new()),
            assignee: RwSignal::new(String::from("property")),
            original: RwSignal::new(String::new()),
            stars: RwSignal::new(0),
            comment: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
        }
    }
}
