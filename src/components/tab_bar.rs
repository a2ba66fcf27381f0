use leptos::prelude::*;
use leptos_router::components::A;

/// Destination, label, and a 24×24 outline icon path.
const TABS: [(&str, &str, &str); 5] = [
    (
        "/notices",
        "通知",
        "M6 17V11a6 6 0 0 1 12 0v6l2 2H4zM10 21h4",
    ),
    ("/services", "办事", "M7 3h10v18H7zM10 8h4M10 12h4M10 16h2"),
    (
        "/volunteer",
        "志愿",
        "M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.5-7 10-7 10z",
    ),
    ("/reports", "说事", "M4 5h16v11H9l-5 4z"),
    (
        "/me",
        "我的",
        "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
    ),
];

/// The bottom navigation: the four things residents do, and their own page.
#[component]
pub fn TabBar() -> impl IntoView {
    view! {
        <nav class="tab-bar" aria-label="主菜单">
            <ul>
                {TABS
                    .into_iter()
                    .map(|(href, label, icon)| {
                        view! {
                            <li>
                                <A href=href>
                                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                                        <path d=icon />
                                    </svg>
                                    <span>{label}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
