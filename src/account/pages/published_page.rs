use leptos::prelude::*;
use linli_core::account::{PublishContactRequest, UserProfile};
use linli_core::admin::StaffContact;

use crate::admin::state::contacts;
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api::{self, Method};
use crate::state::session::use_session;
use crate::state::write::use_form;

/// 我在联系社区里的信息: what residents see of a staff member or 楼栋长 on 联系社区 —
/// their duty and, only if they choose, a phone. Needs a network.
#[component]
pub fn PublishedPage() -> impl IntoView {
    let session = use_session();
    let duty = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    // Filled in once with what 联系社区 shows now, as soon as the device has read it.
    let filled = StoredValue::new(false);
    Effect::new(move || {
        if filled.get_value() {
            return;
        }
        if let Some(shown) = session.user().and_then(|user| published(&user)) {
            duty.set(shown.duty);
            phone.set(shown.phone.unwrap_or_default());
            filled.set_value(true);
        }
    });
    let done = RwSignal::new(false);
    let form = use_form();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token() else { return };
        done.set(false);
        let req = PublishContactRequest {
            duty: duty.get_untracked(),
            phone: Some(phone.get_untracked()),
        };
        form.submit(
            req.validated(),
            move |req| async move {
                api::call::<_, UserProfile>(Method::PUT, "/me/contact", Some(&token), Some(&req))
                    .await
            },
            move |_| done.set(true),
        );
    };
    view! {
        <section class="page">
            <a href="/me" class="back-link">"‹ 返回我的"</a>
            <h1>"我在联系社区里的信息"</h1>
            <p class="lead">"居民在“联系社区”里会看到您的名字和这里写的职责。电话不填，就显示社区的值班电话。需要网络。"</p>
            <form class="form" on:submit=on_submit novalidate>
                <TextField label="我的职责" name="duty" value=duty error=form.field("duty")
                    hint="例如：负责 1–10栋 网格" />
                <TextField label="对居民公开的电话（可不填）" name="phone" value=phone error=form.field("phone")
                    input_type="tel" autocomplete="tel" />
                <FormAlert error=form.error() />
                {move || done.get().then(|| view! { <p class="summary" role="status">"已保存，居民的手机联网后就能看到。"</p> })}
                <button class="button button-primary" type="submit" disabled=move || form.pending().get()>"保存"</button>
            </form>
        </section>
    }
}

/// What 联系社区 on this device shows of `user` now, if anything.
fn published(user: &UserProfile) -> Option<StaffContact> {
    let c = contacts()?;
    c.staff
        .into_iter()
        .chain(c.grid_worker)
        .chain(c.building_head)
        .find(|s| s.account_id == user.id)
}
