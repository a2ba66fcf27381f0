//! Who is logged in on this device.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::account::{Session, UserProfile};
use linli_core::sync::Owner;

use crate::error::AppError;
use crate::platform::{api, session_store};

#[derive(Clone, Copy)]
pub struct SessionContext {
    session: RwSignal<Option<Session>>,
    /// The community a visitor without an account chose to read.
    visitor_community: RwSignal<Option<String>>,
    /// Why the server ended the log-in (账号已停用…), until the person logs in again.
    ended: RwSignal<Option<String>>,
}

impl SessionContext {
    /// Restores the log-in kept on the device and provides it to the whole app.
    pub fn provide() -> Self {
        let ctx = Self {
            session: RwSignal::new(session_store::load()),
            visitor_community: RwSignal::new(session_store::load_visitor_community()),
            ended: RwSignal::new(None),
        };
        provide_context(ctx);
        ctx.refresh_profile();
        ctx
    }

    pub fn user(&self) -> Option<UserProfile> {
        self.session.with(|s| s.as_ref().map(|s| s.user.clone()))
    }

    /// The account what is done on the device now belongs to, as the outbox names it.
    pub fn owner(&self) -> Option<Owner> {
        self.session.with_untracked(|s| {
            s.as_ref().map(|s| Owner {
                id: s.user.id.clone(),
                label: format!(
                    "{}（{}）",
                    s.user.display_name,
                    linli_core::account::mask_phone(&s.user.phone)
                ),
            })
        })
    }

    /// Why the server ended the last log-in, if it did.
    pub fn ended(&self) -> Option<String> {
        self.ended.get()
    }

    pub fn is_logged_in(&self) -> bool {
        self.session.with(Option::is_some)
    }

    pub fn token(&self) -> Option<String> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }

    /// Whose public content to read: the account's community, or the one a visitor chose.
    pub fn pull_community(&self) -> Option<String> {
        self.session
            .with(|s| s.as_ref().and_then(|s| s.user.community_id.clone()))
            .or_else(|| self.visitor_community.get())
    }

    pub fn choose_community(&self, community_id: String) {
        session_store::save_visitor_community(&community_id);
        self.visitor_community.set(Some(community_id));
    }

    pub fn sign_in(&self, session: Session) {
        session_store::save(&session);
        self.ended.set(None);
        self.session.set(Some(session));
    }

    /// The server no longer accepts the log-in (the account was disabled, the password
    /// changed on another device): forget it here and say why. What waits to be sent stays
    /// on the device, the account's own, for when it logs in again.
    pub fn end(&self, reason: String) {
        if self.session.with_untracked(Option::is_none) {
            return;
        }
        session_store::clear();
        self.ended.set(Some(reason));
        self.session.set(None);
    }

    /// Forgets the log-in on this device and revokes it on the server when reachable.
    pub fn sign_out(&self) {
        if let Some(token) = self.token() {
            // Offline, the token simply expires; nothing on the device uses it any more.
            spawn_local(async move {
                let _ = api::logout(&token).await;
            });
        }
        session_store::clear();
        self.session.set(None);
    }

    /// Picks up changes made by staff (verified, role, address); a revoked log-in signs
    /// out with the server's reason.
    pub fn refresh_profile(&self) {
        let Some(token) = self.token() else { return };
        let ctx = *self;
        spawn_local(async move {
            match api::me(&token).await {
                Ok(user) => ctx.session.update(|s| {
                    if let Some(s) = s {
                        s.user = user;
                        session_store::save(s);
                    }
                }),
                Err(AppError::Api(err))
                    if err.code == linli_core::error::ErrorCode::Unauthorized =>
                {
                    ctx.end(err.message)
                }
                // Offline or a server hiccup: keep what the device knows.
                Err(_) => {}
            }
        });
    }
}

pub fn use_session() -> SessionContext {
    expect_context()
}

/// What logging in or registering ends with: the session that came back is kept on the
/// device, and the person lands on the first screen.
pub fn use_sign_in() -> impl Fn(Session) + Clone + 'static {
    let session = use_session();
    let navigate = leptos_router::hooks::use_navigate();
    move |s| {
        session.sign_in(s);
        navigate("/", Default::default());
    }
}
