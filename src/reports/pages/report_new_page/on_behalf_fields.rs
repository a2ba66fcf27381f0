use leptos::prelude::*;
use linli_core::report::Channel;

use super::fields::ReportFields;
use crate::components::text_field::TextField;

/// Staff filing for a resident who phoned or came in (代办).
#[component]
pub(super) fn OnBehalfFields(
    fields: ReportFields,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    Effect::new(move |_| {
        let typed = name.get();
        fields.behalf.update(|b| {
            if let Some(b) = b {
                b.0 = typed;
            }
        });
    });
    let channel = move || fields.behalf.get().map(|b| b.1);
    let choose = move |c: Option<Channel>| {
        fields.behalf.set(c.map(|c| (name.get_untracked(), c)));
        if c.is_some() && fields.behalf.get_untracked().is_some() {
            fields.phone.set(String::new());
        }
    };
    view! {
        <fieldset class="field-group card">
            <legend>"谁反映的？"</legend>
            <label class="radio">
                <input type="radio" name="behalf" prop:checked=move || channel().is_none() on:change=move |_| choose(None) />
                "我自己"
            </label>
            <label class="radio">
                <input type="radio" name="behalf" prop:checked=move || channel() == Some(Channel::Phone)
                    on:change=move |_| choose(Some(Channel::Phone)) />
                "替打电话来的居民登记（代办）"
            </label>
            <label class="radio">
                <input type="radio" name="behalf" prop:checked=move || channel() == Some(Channel::Visit)
                    on:change=move |_| choose(Some(Channel::Visit)) />
                "替上门来的居民登记（代办）"
            </label>
            {move || channel().is_some().then(|| view! {
                <TextField label="居民称呼" name="on_behalf_name" value=name error=error hint="例如：王秀兰、3栋的王阿姨" />
            })}
        </fieldset>
    }
}
