use leptos::prelude::*;

use crate::platform::browser;

/// How much the app keeps on this phone, so people know offline data is there.
#[component]
pub(super) fn DeviceStorage() -> impl IntoView {
    let estimate = LocalResource::new(browser::storage_estimate);
    move || {
        estimate.get().flatten().map(|(used, quota)| {
            // Whole tenths without float formatting, which would add to every download.
            let mb = |bytes: f64| {
                let tenths = (bytes / 104_857.6).round() as u64;
                format!("{}.{} MB", tenths / 10, tenths % 10)
            };
            view! {
                <div class="card">
                    <h2>"手机上保存的内容"</h2>
                    <p>{format!("邻里在这台手机上用了 {}（最多可用 {}）。没有网络时也能看已保存的通知和办事指南。", mb(used), mb(quota))}</p>
                </div>
            }
        })
    }
}
