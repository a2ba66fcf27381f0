//! A device whose scheduler decides when to push and pull: the app's driver, with the
//! network and storage faked.

use linli_core::sync::scheduler::{Command, Event, Failure, Scheduler, Step, Ticket};
use linli_core::sync::{PROTOCOL_VERSION, PullResponse, PushRequest, Replica};

use crate::server::FakeServer;

fn no_jitter() -> f64 {
    0.0
}

/// How the transport treats one step.
#[derive(Debug, Clone)]
pub struct Transport {
    pub lose_request: bool,
    pub lose_response: bool,
    /// The request arrives twice.
    pub twice: bool,
    /// The most mutations a push takes.
    pub batch: usize,
    /// The most changes a pulled page has.
    pub page: usize,
    /// The server stops after this many mutations of a push.
    pub stop_after: Option<usize>,
}

impl Transport {
    /// The network is back.
    pub const RELIABLE: Transport = Transport {
        lose_request: false,
        lose_response: false,
        twice: false,
        batch: 100,
        page: 3,
        stop_after: None,
    };
}

/// A device whose scheduler decides when to push and pull, over a transport that loses
/// requests and responses.
pub struct Device {
    pub replica: Replica,
    pub scheduler: Scheduler,
    /// A run waits for the tab lock.
    locking: bool,
    /// The run's step under way.
    step: Option<Step>,
    /// A pulled page on its way back, with the ticket it was pulled under.
    arriving: Option<(Ticket, PullResponse)>,
    /// The run is over and lets go of the lock.
    releasing: bool,
    retry_timer: bool,
    forgetting: bool,
}

impl Device {
    pub fn new(client_id: &str) -> Self {
        let mut device = Self {
            replica: Replica::new(client_id),
            scheduler: Scheduler::new(true, true, no_jitter),
            locking: false,
            step: None,
            arriving: None,
            releasing: false,
            retry_timer: false,
            forgetting: false,
        };
        device.feed(Event::Opened { last_sync_at: None });
        device
    }

    pub fn feed(&mut self, event: Event) {
        for command in self.scheduler.on(event) {
            match command {
                Command::Start => {
                    assert!(!self.locking && self.step.is_none(), "one run at a time");
                    self.locking = true;
                }
                Command::Step(step) => self.step = Some(step),
                Command::Wait(_) => self.retry_timer = true,
                Command::CancelWait => self.retry_timer = false,
                Command::ForgetPulled => self.forgetting = true,
                Command::Close => panic!("nothing puts this device away"),
                Command::Show(_) => {}
            }
        }
    }

    /// A step's answer: the scheduler's next step, or the end of the run.
    fn answer(&mut self, event: Event) {
        self.step = None;
        self.feed(event);
        self.releasing = self.step.is_none();
    }

    pub fn forget(&mut self) {
        if std::mem::take(&mut self.forgetting) {
            self.replica.server.clear();
            self.replica.cursor = 0;
            self.feed(Event::Forgotten);
        }
    }

    pub fn fire_retry_timer(&mut self) {
        if std::mem::take(&mut self.retry_timer) {
            self.feed(Event::RetryTimerFired);
        }
    }

    /// Carries the run one stage further, as the transport allows.
    pub fn deliver(&mut self, server: &mut FakeServer, transport: &Transport) {
        if let Some((ticket, response)) = self.arriving.take() {
            if !self.scheduler.is_current(ticket) {
                return self.answer(Event::NotPulled);
            }
            self.replica.apply_pull(&response);
            let has_more = response.has_more;
            return self.answer(Event::Pulled { has_more, at: 1 });
        }
        if std::mem::take(&mut self.locking) {
            return self.answer(Event::Locked);
        }
        let Some(step) = self.step else {
            if std::mem::take(&mut self.releasing) {
                self.feed(Event::Released);
            }
            return;
        };
        let lost = Event::Failed(Failure::Offline);
        match step {
            Step::Upload => self.answer(Event::Uploaded),
            Step::Push => {
                let mut req = PushRequest {
                    protocol: PROTOCOL_VERSION,
                    client_id: self.replica.client_id.clone(),
                    mutations: self.replica.to_push(transport.batch),
                };
                let sent = req.mutations.len();
                if sent == 0 {
                    return self.answer(Event::Pushed { sent, answered: 0 });
                }
                if transport.lose_request {
                    return self.answer(lost);
                }
                if let Some(stop) = transport.stop_after {
                    req.mutations.truncate(stop);
                }
                let response = server.push(&req);
                if transport.twice {
                    server.push(&req);
                }
                if transport.lose_response {
                    return self.answer(lost);
                }
                self.replica.apply_push(&response);
                let answered = response.results.len();
                self.answer(Event::Pushed { sent, answered });
            }
            Step::Pull(ticket) => {
                if transport.lose_response {
                    return self.answer(lost);
                }
                let cursor = self.replica.cursor;
                let response = server.pull(&self.replica.client_id, cursor, transport.page);
                // On its way back: the account may change before it lands.
                self.arriving = Some((ticket, response));
            }
        }
    }

    pub fn idle(&self) -> bool {
        !self.locking && self.step.is_none() && self.arriving.is_none() && !self.releasing
    }
}
