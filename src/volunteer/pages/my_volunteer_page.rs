use leptos::prelude::*;

use crate::state::session::use_session;

mod inbox;
mod my_shifts;
mod profile_line;
mod time_bank;
mod transfer;

use inbox::Inbox;
use my_shifts::MyShifts;
use profile_line::ProfileLine;
use time_bank::TimeBank;
use transfer::Transfer;

/// 我的志愿: messages, shifts to come, what was served, and the time bank.
#[component]
pub fn MyVolunteerPage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page">
            <a href="/volunteer" class="back-link">"‹ 返回志愿服务"</a>
            <h1>"我的志愿"</h1>
            {move || match session.user() {
                Some(user) => view! {
                    <ProfileLine user_id=user.id.clone() />
                    <TimeBank user_id=user.id.clone() />
                    <Inbox user_id=user.id.clone() />
                    <MyShifts user_id=user.id.clone() />
                    <Transfer user_id=user.id />
                }.into_any(),
                None => view! {
                    <p class="lead">"请先" <a href="/login">"登录"</a> "，再看自己的报名和服务时长。"</p>
                }.into_any(),
            }}
        </section>
    }
}
