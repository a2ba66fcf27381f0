//! Installing the app to the home screen: the browser's offer, kept from the
//! start of the app until the person asks for it in 我的.

use crate::platform::install::{self, Offer, Shell};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy)]
pub struct Install {
    shell: Shell,
    offer: RwSignal<Option<Offer>, LocalStorage>,
    installed: RwSignal<bool>,
}

impl Install {
    pub fn provide() -> Self {
        let this = Self {
            shell: install::shell(),
            offer: RwSignal::new_local(None),
            installed: RwSignal::new(false),
        };
        install::on_install_offer(
            move |offer| this.offer.set(Some(offer)),
            move || {
                this.offer.set(None);
                this.installed.set(true);
            },
        );
        provide_context(this);
        this
    }

    pub fn shell(&self) -> Shell {
        if self.installed.get() {
            Shell::Installed
        } else {
            self.shell
        }
    }

    /// Whether the browser offers to install the app with one tap.
    pub fn can_offer(&self) -> bool {
        self.offer.with(Option::is_some)
    }

    /// Shows the browser's install dialog.
    pub fn ask(self) {
        let Some(offer) = self.offer.get_untracked() else {
            return;
        };
        spawn_local(async move {
            if install::accept_offer(&offer).await {
                self.installed.set(true);
            }
            // An offer can be shown once; the browser makes a new one if it may.
            self.offer.set(None);
        });
    }
}

pub fn use_install() -> Install {
    expect_context()
}
