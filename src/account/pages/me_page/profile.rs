use leptos::prelude::*;
use linli_core::account::UserProfile;

use super::sign_out::SignOut;

/// The person's account, as the community has it.
#[component]
pub(super) fn Profile(user: UserProfile) -> impl IntoView {
    let home = [
        user.building_name.clone(),
        user.address.unit.clone(),
        user.address.room.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
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
            {user.waiting_note.clone().map(|note| view! { <p class="waiting-note">{note}</p> })}
        </div>
        <SignOut />
    }
}

/// `138****8000`: enough to recognise one's own number on a shared screen.
fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        phone.to_owned()
    }
}
