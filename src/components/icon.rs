use leptos::prelude::*;

/// 24×24 outline icons for the four things residents do, and their own page.
pub const NOTICES: &str = "M6 17V11a6 6 0 0 1 12 0v6l2 2H4zM10 21h4";
pub const SERVICES: &str = "M7 3h10v18H7zM10 8h4M10 12h4M10 16h2";
pub const VOLUNTEER: &str = "M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.5-7 10-7 10z";
pub const REPORTS: &str = "M4 5h16v11H9l-5 4z";
pub const PHONE: &str =
    "M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2";
pub const ME: &str = "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0";

/// A decorative outline icon: the text next to it says what it means.
#[component]
pub fn Icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path />
        </svg>
    }
}
