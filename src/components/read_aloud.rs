use leptos::prelude::*;

use crate::platform::speech;

/// A big "读给我听" button; where the device has no Chinese voice, a short
/// explanation instead of a button that would do nothing.
#[component]
pub fn ReadAloud(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let available = RwSignal::new(speech::available());
    // Browsers announce their voices late, sometimes more than once: redraw only on a
    // real change, so the button a person is about to press stays put.
    speech::on_voices_changed(move || {
        let now = speech::available();
        if available.get_untracked() != now {
            available.set(now);
        }
    });
    let speaking = RwSignal::new(false);
    on_cleanup(speech::stop);
    move || {
        if available.get() {
            view! {
                <button class="button button-read" aria-pressed=move || speaking.get().to_string()
                    on:click=move |_| {
                        if speaking.get_untracked() {
                            speech::stop();
                            speaking.set(false);
                        } else {
                            speech::speak(&text.get_untracked());
                            speaking.set(true);
                        }
                    }>
                    {move || if speaking.get() { "停止朗读" } else { "读给我听" }}
                </button>
            }
            .into_any()
        } else {
            view! {
                <p class="aside">"这台手机的浏览器不支持朗读中文。可以用手机自带的“读屏”功能，或请家人帮忙。"</p>
            }
            .into_any()
        }
    }
}
