use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use linli_core::aid::{self, AskArgs, HelpKind, MAX_NOTE_CHARS};
use linli_core::report::Channel;
use linli_core::time::{china_time_inputs, parse_china_time};
use linli_core::validate::Invalid;

use crate::components::form_alert::FormAlert;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::platform::browser::now_ms;
use crate::state::session::use_session;
use crate::state::write::use_form;

const DAY_MS: i64 = 24 * 60 * 60_000;

/// 我要求助: what help, when and where, in few steps with big choices. Saved on the
/// phone at once; volunteers see it once it is sent.
#[component]
pub fn AskPage() -> impl IntoView {
    let session = use_session();
    let form = use_form();
    let navigate = use_navigate();
    let kind = RwSignal::new(HelpKind::Escort);
    let (tomorrow, _) = china_time_inputs(now_ms() + DAY_MS);
    let date = RwSignal::new(tomorrow);
    let time = RwSignal::new("09:00".to_owned());
    let home = session
        .user()
        .map(|u| u.address.label(u.building_name.as_deref()))
        .unwrap_or_default();
    let place = RwSignal::new(home);
    let note = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(user) = session.user() else {
            form.fail(Invalid::one("place", "请先登录"));
            return;
        };
        let written_at = now_ms();
        let checked = parse_china_time(&date.get_untracked(), &time.get_untracked())
            .ok_or_else(|| Invalid::one("at", "请选择日期和时间"))
            .and_then(|at| {
                AskArgs {
                    id: uuid::Uuid::new_v4().to_string(),
                    requester_id: user.id,
                    kind: kind.get_untracked(),
                    at,
                    place: place.get_untracked(),
                    note: note.get_untracked(),
                    channel: Channel::App,
                }
                .validated(written_at)
            });
        let navigate = navigate.clone();
        form.send(aid::ASK, checked, move |a| {
            navigate(&format!("/aid/{}", a.id), Default::default())
        });
    };
    view! {
        <section class="page">
            <a href="/aid" class="back-link">"‹ 返回邻里互助"</a>
            <h1>"我要求助"</h1>
            <form class="form" on:submit=submit novalidate>
                <fieldset class="field-group aid-kinds">
                    <legend>"需要什么帮助"</legend>
                    {HelpKind::ALL.into_iter().map(|k| view! {
                        <label class="radio">
                            <input type="radio" name="kind" prop:checked=move || kind.get() == k
                                on:change=move |_| kind.set(k) />
                            {k.label()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <TextField label="哪天" name="date" value=date error=form.field("at") input_type="date" />
                <TextField label="几点" name="time" value=time error=form.field("at") input_type="time" />
                <TextField label="在哪里" name="place" value=place error=form.field("place")
                    hint="您家的门牌，或要去的医院、超市" />
                <TextArea label="还想说的（可不填）" name="note" value=note error=form.field("note")
                    max_chars=MAX_NOTE_CHARS rows=3 />
                <FormAlert error=form.error() />
                <button type="submit" class="button button-primary button-large" disabled=move || form.pending().get()>
                    "发出求助"
                </button>
                <p class="meta">"志愿者接单前看不到您的电话；有人接了，您会看到是谁、怎么联系。"</p>
            </form>
        </section>
    }
}
