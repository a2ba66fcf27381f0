use leptos::prelude::*;
use linli_core::deliberation::TopicResult;

/// A closed vote's result: the verdict, the counts and participation by building.
#[component]
pub(super) fn ResultView(result: TopicResult, notice_id: Option<String>) -> impl IntoView {
    let verdict = if result.passed { "通过" } else { "未通过" };
    view! {
        <section class="card topic-result">
            <h2>"投票结果：" {verdict}</h2>
            <p>{result.summary.clone()}</p>
            <table class="counts">
                <thead><tr><th scope="col">"选项"</th><th scope="col">"票数"</th></tr></thead>
                <tbody>
                    {result.counts.iter().map(|c| view! {
                        <tr><td>{c.label.clone()}</td><td>{c.count}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>"各楼栋参与"</h3>
            <table class="counts">
                <thead><tr><th scope="col">"楼栋"</th><th scope="col">"实投/应投"</th></tr></thead>
                <tbody>
                    {result.by_building.iter().map(|b| view! {
                        <tr><td>{b.building.clone()}</td><td>{format!("{}/{}", b.voted, b.audience)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {notice_id.map(|id| view! {
                <a href=format!("/notices/{id}") class="button button-wide">"查看结果公示"</a>
            })}
        </section>
    }
}
