use leptos::prelude::*;
use linli_core::access::Action;
use linli_core::account::{ResetCode, mask_phone};
use linli_core::admin::{BuildingInfo, DisabledChange, PersonSummary, RepresentativeChange};

use crate::admin::components::reset_code_box::ResetCodeBox;
use crate::admin::state::{may, write};
use crate::components::form_alert::FormAlert;
use crate::platform::api::Method;
use crate::state::session::use_session;
use crate::state::write::use_form;

mod home_form;
mod role_field;

use home_form::HomeForm;
use role_field::RoleField;

/// One person, and what this account may change of them.
#[component]
pub(super) fn PersonCard(
    person: PersonSummary,
    buildings: Signal<Vec<BuildingInfo>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let me = session.user();
    let allowed = |action| {
        me.as_ref()
            .is_some_and(|u| may(u, action) && u.id != person.id)
    };
    let (may_role, may_rep, may_disable, may_code) = (
        allowed(Action::ManageStaff),
        allowed(Action::MarkRepresentatives) && person.role.is_resident(),
        allowed(Action::DisableAccounts),
        allowed(Action::IssueResetCodes),
    );
    let may_home = allowed(Action::EditResidents) && person.role.is_resident();
    let editing_home = RwSignal::new(false);
    let form = use_form();
    let confirming = RwSignal::new(false);
    let code = RwSignal::new(None::<ResetCode>);
    let base = format!("/admin/people/{}", person.id);
    let put = Callback::new(move |(what, body): (&'static str, serde_json::Value)| {
        let Some(token) = session.token() else { return };
        let path = format!("{base}/{what}");
        form.run(
            async move { write::<_, PersonSummary>(&token, Method::PUT, &path, &body).await },
            move |_| on_change.run(()),
        );
    });
    let representative = person.representative;
    let toggle_rep = move |_| {
        put.run((
            "representative",
            serde_json::json!(RepresentativeChange {
                representative: !representative
            }),
        ))
    };
    let disabled = person.disabled;
    let set_disabled = move || {
        confirming.set(false);
        put.run((
            "disabled",
            serde_json::json!(DisabledChange {
                disabled: !disabled
            }),
        ));
    };
    let code_path = format!("/admin/people/{}/reset-code", person.id);
    let issue_code = move |_| {
        let Some(token) = session.token() else { return };
        let path = code_path.clone();
        form.run(
            async move { write::<_, ResetCode>(&token, Method::POST, &path, &()).await },
            move |c| code.set(Some(c)),
        );
    };
    let standing = match (person.disabled, person.verified) {
        (true, _) => "已停用",
        (false, false) => "待核实",
        (false, true) => "正常",
    };
    let home = person.address.label(person.building_name.as_deref());
    let name = person.display_name.clone();
    let code_for = person.display_name.clone();
    let for_home = person.clone();
    view! {
        <li class="card person-card">
            <h3>{person.display_name.clone()} <span class="badge">{person.role.label()}</span>
                {person.representative.then(|| view! { <span class="badge">"居民代表"</span> })}
            </h3>
            <p>{format!("{} · {standing}{}{}", mask_phone(&person.phone),
                if home.is_empty() { String::new() } else { format!(" · {home}") },
                if person.has_password { "" } else { " · 还没有设置密码" })}</p>
            <div class="actions">
                {may_role.then(|| view! { <RoleField role=person.role name=person.display_name.clone() put /> })}
                {may_rep.then(|| view! {
                    <button class="button" on:click=toggle_rep>
                        {if representative { "取消居民代表" } else { "设为居民代表" }}
                    </button>
                })}
                {may_home.then(|| view! {
                    <button class="button" on:click=move |_| editing_home.update(|e| *e = !*e)>"改住址或手机号"</button>
                })}
                {may_code.then(|| view! { <button class="button" on:click=issue_code>"发重设密码验证码"</button> })}
                {may_disable.then(|| view! {
                    <button class="button" on:click=move |_| if disabled { set_disabled() } else { confirming.set(true) }>
                        {if disabled { "恢复使用" } else { "停用账号" }}
                    </button>
                })}
            </div>
            {move || confirming.get().then(|| view! {
                <div class="notice-box" role="alert">
                    <p>{format!("停用后{name}马上退出登录，不能再使用邻里，直到恢复使用。确定停用吗？")}</p>
                    <div class="actions">
                        <button class="button button-primary" on:click=move |_| set_disabled()>"确定停用"</button>
                        <button class="button" on:click=move |_| confirming.set(false)>"不停用"</button>
                    </div>
                </div>
            })}
            {move || editing_home.get().then(|| view! {
                <HomeForm person=for_home.clone() buildings=buildings on_change=on_change />
            })}
            {move || code.get().map(|c| view! { <ResetCodeBox name=code_for.clone() code=c /> })}
            <FormAlert error=form.error() />
        </li>
    }
}
