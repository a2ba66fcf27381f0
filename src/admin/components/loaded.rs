use leptos::prelude::*;

use crate::error::AppError;

/// What a screen read from the server, once it has arrived: `show` draws it; until then
/// 正在读取, and when it failed, why (no network, no right) in plain Chinese.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, AppError>>,
    show: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! { <p role="status">"正在读取…"</p> }.into_any(),
        Some(Err(err)) => {
            view! { <p class="notice-box" role="alert">{err.message()}</p> }.into_any()
        }
        Some(Ok(value)) => show(value).into_any(),
    }
}
