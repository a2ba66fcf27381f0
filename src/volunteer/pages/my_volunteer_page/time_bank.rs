use leptos::prelude::*;
use linli_core::volunteer::{balance, format_hours, served};

use crate::platform::browser::format_time;
use crate::volunteer::state as volunteer;

/// 时间银行: the balance, the hours served, and every entry.
#[component]
pub(super) fn TimeBank(user_id: String) -> impl IntoView {
    move || {
        let entries = volunteer::ledger(&user_id);
        let served = served(&entries);
        view! {
            <div class="card">
                <h2>"时间银行"</h2>
                <p class="balance">"余额 " <strong>{format_hours(balance(&entries))}</strong></p>
                <p class="meta">"累计志愿服务 " {format_hours(served)}</p>
                {(!entries.is_empty()).then(|| view! {
                    <ul class="ledger">
                        {entries.into_iter().map(|e| view! {
                            <li>
                                <span>{e.reason.label()} " · " {e.note} " · " {format_time(e.created_at)}</span>
                                <strong>{if e.minutes > 0 { "+" } else { "" }} {format_hours(e.minutes)}</strong>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        }
    }
}
