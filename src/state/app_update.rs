//! A new version of the app, deployed while this one runs: offered to the
//! person, and switched to only once what they did is sent or safely kept on
//! the device, so an update never loses a write and never runs old code
//! against a database the new version has restructured.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::{browser, events, service_worker};
use crate::state::sync::SyncContext;

#[derive(Clone, Copy)]
pub struct AppUpdate {
    /// A new version is installed and waits (新版本可用).
    available: RwSignal<bool>,
    /// The person asked to switch; this tab is putting its data away.
    switching: RwSignal<bool>,
}

impl AppUpdate {
    pub fn provide(sync: SyncContext) -> Self {
        let update = Self {
            available: RwSignal::new(false),
            switching: RwSignal::new(false),
        };
        provide_context(update);
        // A page opened before the first install is taken over by it too; that is
        // not a new version.
        let had_version = service_worker::controlled();
        service_worker::on_controller_change(move || {
            if !had_version {
                return;
            }
            if update.switching.get_untracked() {
                browser::reload();
            } else {
                // Another tab switched: this page still runs the old code.
                sync.close_for_new_version();
            }
        });
        service_worker::watch(move || update.available.set(true));
        // An installed app is rarely navigated, which is when browsers look for
        // updates by themselves: look when the network returns and on coming back.
        let look = |now: bool| {
            if now {
                service_worker::check_for_update();
            }
        };
        events::on_set(events::use_online(), look);
        events::on_set(events::use_page_visible(), look);
        update
    }

    pub fn available(&self) -> bool {
        self.available.get()
    }

    pub fn switching(&self) -> bool {
        self.switching.get()
    }

    /// Sends or stores what waits, then lets the new version take over; the page
    /// reopens on it.
    pub fn switch(self, sync: SyncContext) {
        if self.switching.get_untracked() {
            return;
        }
        self.switching.set(true);
        spawn_local(async move {
            sync.put_away().await;
            service_worker::switch_to_waiting().await;
        });
    }
}

pub fn use_app_update() -> AppUpdate {
    expect_context()
}
