//! Marks the phases of start-up, sync and search on the browser's performance timeline
//! (`performance.measure`, names starting `linli:`), where a profile or the benchmarks
//! (`tests/bench/`) read them. Costs a few microseconds a phase; does nothing in a browser
//! without the User Timing API.

/// A phase under way: [`Phase::end`] records how long it took.
#[must_use]
pub struct Phase {
    name: &'static str,
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// Starts the phase `name` (`linli:…`).
pub fn phase(name: &'static str) -> Phase {
    if let Some(performance) = performance() {
        let _ = performance.mark(name);
    }
    Phase { name }
}

impl Phase {
    /// Records the phase as lasting from its start until now.
    pub fn end(self) {
        if let Some(performance) = performance() {
            let _ = performance.measure_with_start_mark(self.name, self.name);
            performance.clear_marks_with_mark_name(self.name);
        }
    }
}

/// Records the moment `name` (`linli:…`) as a phase lasting from the page's navigation until
/// now.
pub fn since_navigation(name: &str) {
    if let Some(performance) = performance() {
        let _ = performance.measure(name);
    }
}
