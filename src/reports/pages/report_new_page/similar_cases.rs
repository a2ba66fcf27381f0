use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use linli_core::report::{self, SupportArgs, similar};

use super::draft;
use super::fields::ReportFields;
use crate::reports::state as reports;
use crate::state::sync::use_sync;
use crate::state::write::Form;

/// The same matter already reported in the same building: joined with 我也遇到 instead
/// of filed again, which also forgets the draft `draft_id`.
#[component]
pub(super) fn SimilarCases(fields: ReportFields, draft_id: String, form: Form) -> impl IntoView {
    let sync = use_sync();
    let navigate = use_navigate();
    let similar_cases = Memo::new(move |_| {
        let (category, building) = (fields.category.get(), fields.building.get());
        if category.is_empty() || building.is_empty() {
            return Vec::new();
        }
        let all: Vec<_> = reports::reports().into_iter().map(|(r, _)| r).collect();
        similar(&all, &category, &building)
            .into_iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
    });
    let me_too = move |report_id: String| {
        let navigate = navigate.clone();
        let draft_id = draft_id.clone();
        let joined = async move {
            let args = SupportArgs { report_id };
            sync.write(report::SUPPORT, &args).await?;
            draft::forget(sync, &draft_id).await;
            Ok(args.report_id)
        };
        form.run(joined, move |id| {
            navigate(&format!("/reports/{id}"), Default::default())
        });
    };
    move || {
        let found = similar_cases.get();
        (!found.is_empty()).then(|| view! {
            <div class="card similar" role="region" aria-label="已有人反映">
                <h2>"这栋楼已有人反映过同类问题"</h2>
                <p>"如果是同一件事，点“我也遇到”就行，不用重复提交，处理结果会告诉您。"</p>
                <ul class="plain-list">
                    {found.into_iter().map(|r| {
                        let rid = r.id.clone();
                        let me_too = me_too.clone();
                        view! {
                            <li>
                                <p><strong>{r.state.label()}</strong> " · " {r.description.clone()}</p>
                                <p class="meta">{format!("{} 人也遇到", r.supporters)}</p>
                                <button type="button" class="button" on:click=move |_| me_too(rid.clone())>"我也遇到"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}
