use leptos::prelude::*;
use linli_core::admin::{CommunityInfo, CommunitySummary};

use crate::admin::components::needs_network::NeedsNetwork;
use crate::admin::state::{load, write};
use crate::components::form_alert::FormAlert;
use crate::components::text_field::TextField;
use crate::platform::api::Method;
use crate::state::session::use_session;
use crate::state::write::use_form;

/// 社区信息 (管理员): what 联系社区 shows everyone — address, office hours, 值班电话 and the
/// 物业 company with its 24-hour line.
#[component]
pub fn CommunityInfoPage() -> impl IntoView {
    let session = use_session();
    let address = RwSignal::new(String::new());
    let office_hours = RwSignal::new(String::new());
    let duty_phone = RwSignal::new(String::new());
    let property_name = RwSignal::new(String::new());
    let property_phone = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    // Saving before what is there has arrived would blank it.
    let ready = RwSignal::new(false);
    let form = use_form();
    let fill = move |c: CommunitySummary| {
        ready.set(true);
        address.set(c.info.address);
        office_hours.set(c.info.office_hours);
        duty_phone.set(c.info.duty_phone);
        property_name.set(c.info.property_name);
        property_phone.set(c.info.property_phone);
    };
    form.run(
        load::<CommunitySummary>(session.token(), "/admin/community".into()),
        fill,
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token() else { return };
        saved.set(false);
        let info = CommunityInfo {
            address: address.get_untracked(),
            office_hours: office_hours.get_untracked(),
            duty_phone: duty_phone.get_untracked(),
            property_name: property_name.get_untracked(),
            property_phone: property_phone.get_untracked(),
        };
        form.submit(
            info.validated(),
            move |info| async move {
                write::<_, CommunitySummary>(&token, Method::PUT, "/admin/community", &info).await
            },
            move |c| {
                fill(c);
                saved.set(true);
            },
        );
    };
    view! {
        <section class="page">
            <a href="/admin" class="back-link">"‹ 返回社区管理"</a>
            <h1>"社区信息"</h1>
            <NeedsNetwork />
            <p>"这些信息显示在每个人的“联系社区”页上。"</p>
            <form class="form" on:submit=on_submit novalidate>
                <TextField label="社区服务站地址" name="address" value=address error=form.field("address") />
                <TextField label="办公时间" name="office_hours" value=office_hours error=form.field("office_hours")
                    hint="例如：周一至周五 8:30–17:30" />
                <TextField label="值班电话" name="duty_phone" value=duty_phone error=form.field("duty_phone") input_type="tel" />
                <TextField label="物业公司名称" name="property_name" value=property_name error=form.field("property_name") />
                <TextField label="物业 24 小时电话" name="property_phone" value=property_phone error=form.field("property_phone")
                    input_type="tel" />
                <FormAlert error=form.error() />
                {move || saved.get().then(|| view! { <p class="summary" role="status">"已保存"</p> })}
                <button class="button button-primary" type="submit" disabled=move || form.pending().get() || !ready.get()>"保存"</button>
            </form>
        </section>
    }
}
