//! How a page records what the person did or sends a form: checked on the device
//! first (what to fix is shown next to each field, in Chinese), then saved through
//! sync or sent to the server, with the outcome shown by the page's [`FormAlert`].
//!
//! [`FormAlert`]: crate::components::form_alert::FormAlert

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::validate::Invalid;
use serde::Serialize;

use crate::error::AppError;
use crate::state::sync::{SyncContext, use_sync};

/// What one form (or one button) is doing: the last error, and whether it is under way.
#[derive(Clone, Copy)]
pub struct Form {
    error: RwSignal<Option<AppError>>,
    pending: RwSignal<bool>,
    sync: SyncContext,
}

/// A form's state, for the component that draws it.
pub fn use_form() -> Form {
    Form {
        error: RwSignal::new(None),
        pending: RwSignal::new(false),
        sync: use_sync(),
    }
}

impl Form {
    /// What went wrong last, for the form's alert.
    pub fn error(self) -> ReadSignal<Option<AppError>> {
        self.error.read_only()
    }

    /// What to fix in one field, from the checks on the device or the server's answer.
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        let error = self.error;
        Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.field(name))))
    }

    /// Whether something it started is still under way (保存中, 正在登录…).
    pub fn pending(self) -> ReadSignal<bool> {
        self.pending.read_only()
    }

    /// Shows what went wrong outside a write: a photo that is not one, no location.
    pub fn fail(self, error: impl Into<AppError>) {
        self.error.set(Some(error.into()));
    }

    /// Forgets the last error, as a new attempt begins.
    pub fn clear(self) {
        self.error.set(None);
    }

    /// Runs `task` in the background: under way until it ends, then `done` with its
    /// result, or its error shown.
    pub fn run<T: 'static>(
        self,
        task: impl Future<Output = Result<T, AppError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        self.begin();
        spawn_local(async move {
            let result = task.await;
            if let Some(value) = self.end(result) {
                done(value);
            }
        });
    }

    /// Runs `task` on what passed the checks on the device (`checked`), or shows what
    /// to fix.
    pub fn submit<A, T, F>(
        self,
        checked: Result<A, Invalid>,
        task: impl FnOnce(A) -> F,
        done: impl FnOnce(T) + 'static,
    ) where
        T: 'static,
        F: Future<Output = Result<T, AppError>> + 'static,
    {
        match checked {
            Ok(args) => self.run(task(args), done),
            Err(invalid) => self.fail(invalid),
        }
    }

    /// Records the mutation `name` with the arguments that passed the checks (saved on
    /// the device, sent when there is a network), then `done` with them.
    pub fn send<A: Serialize + 'static>(
        self,
        name: &'static str,
        checked: Result<A, Invalid>,
        done: impl FnOnce(A) + 'static,
    ) {
        let sync = self.sync;
        self.submit(
            checked,
            move |args| async move { sync.write(name, &args).await.map(|()| args) },
            done,
        );
    }

    /// Records the mutation `name` with `args`, which need no checks on the device.
    pub fn record<A: Serialize + 'static>(self, name: &'static str, args: A) {
        self.send(name, Ok(args), |_| ());
    }

    fn begin(self) {
        self.error.set(None);
        self.pending.set(true);
    }

    /// The outcome of what [`Self::begin`] started: its value, or `None` with the error shown.
    fn end<T>(self, result: Result<T, AppError>) -> Option<T> {
        self.pending.set(false);
        result.map_err(|e| self.fail(e)).ok()
    }
}
