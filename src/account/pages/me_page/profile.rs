use leptos::prelude::*;
use linli_core::account::{UserProfile, mask_phone};

use super::sign_out::SignOut;
use linli_core::access::Action;

use crate::admin::state::{has_admin_screens, may};

/// 走访 for those who keep a visit list (their own household is linked from there), else
/// 我的家庭 for residents.
fn care_link(user: &UserProfile) -> Option<(&'static str, &'static str)> {
    if linli_core::care::list_reach(user.role) != linli_core::access::Reach::Nowhere {
        Some(("/care", "今天该走访"))
    } else {
        user.role
            .is_resident()
            .then_some(("/care/mine", "我的家庭"))
    }
}

/// The person's account, as the community has it.
#[component]
pub(super) fn Profile(user: UserProfile) -> impl IntoView {
    let home = user.address.label(user.building_name.as_deref());
    view! {
        <div class="card profile">
            <p class="profile-name">{user.display_name.clone()}</p>
            <dl>
                <dt>"身份"</dt>
                <dd>{user.role.label()}</dd>
                <dt>"社区"</dt>
                <dd>{user.community_name.clone().unwrap_or_else(|| user.street_office.clone())}</dd>
                <dt>"手机号"</dt>
                <dd>{mask_phone(&user.phone)}</dd>
                {(!home.is_empty()).then(|| view! {
                    <dt>"住址"</dt>
                    <dd>{home}</dd>
                })}
            </dl>
        </div>
        <nav class="card" aria-label="我的账号">
            <ul class="account-links">
                {has_admin_screens(&user).then(|| view! { <li><a class="button button-wide" href="/admin">"社区管理"</a></li> })}
                {care_link(&user).map(|(href, label)| view! { <li><a class="button button-wide" href=href>{label}</a></li> })}
                <li><a class="button button-wide" href="/signup/mine">"我的报名"</a></li>
                <li><a class="button button-wide" href="/aid">"邻里互助"</a></li>
                <li><a class="button button-wide" href="/deliberation">"议事协商"</a></li>
                <li><a class="button button-wide" href="/contact">"联系社区"</a></li>
                {may(&user, Action::PublishContact).then(|| view! {
                    <li><a class="button button-wide" href="/me/contact">"我在联系社区里的信息"</a></li>
                })}
                <li><a class="button button-wide" href="/me/password">"修改密码"</a></li>
                <li><a class="button button-wide" href="/me/devices">"登录的设备"</a></li>
            </ul>
        </nav>
        <SignOut />
    }
}
