//! Who holds the places of something with a capacity and who waits, in order: a
//! volunteer shift, a session of an activity residents sign up for. The server loads the
//! roster, applies one change through these rules, stores the [`Move`]s it made and tells
//! whoever was promoted. [`Sitting`] is when such a thing takes sign-ups and withdrawals.

use std::collections::VecDeque;

use crate::Millis;

/// Where a new sign-up lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Confirmed,
    /// Waiting, at this position (from 1).
    Waitlisted(u32),
}

/// Where someone of a roster now sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    Confirmed,
    /// Waiting, at this position (from 1).
    Waiting(u32),
    /// No longer on the roster.
    Off,
}

/// One change a roster change made for someone already on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move<Id> {
    pub id: Id,
    pub seat: Seat,
    /// From the waitlist into a place: they are told.
    pub promoted: bool,
}

/// Why a sign-up or a withdrawal comes too late.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    Cancelled,
    Started,
    Ended,
}

/// When something with a roster happens, and whether it was called off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sitting {
    pub starts_at: Millis,
    pub ends_at: Millis,
    pub cancelled: bool,
}

impl Sitting {
    /// Whether a sign-up at `at` is still possible (the list may be full: then it waits).
    pub fn open_for_sign_up(&self, at: Millis) -> Result<(), Closed> {
        if self.cancelled {
            Err(Closed::Cancelled)
        } else if at >= self.starts_at {
            Err(Closed::Started)
        } else {
            Ok(())
        }
    }

    /// Whether giving a place up, tapped at `at` and received at `now`, counts: only
    /// before the start, and (tapped offline) received before the end.
    pub fn accepts_withdrawal(&self, at: Millis, now: Millis) -> Result<(), Closed> {
        if at.min(now) >= self.starts_at {
            Err(Closed::Started)
        } else if now >= self.ends_at {
            Err(Closed::Ended)
        } else {
            Ok(())
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterError {
    AlreadyOnRoster,
    NotOnRoster,
    /// Capacity below the number already confirmed.
    CapacityBelowConfirmed {
        confirmed: u32,
    },
}

impl RosterError {
    /// In words, for a roster of a `noun` ("班次", "场次").
    pub fn message(self, noun: &str) -> String {
        match self {
            RosterError::AlreadyOnRoster => format!("您已经报过这个{noun}了"),
            RosterError::NotOnRoster => "没有找到这次报名".to_owned(),
            RosterError::CapacityBelowConfirmed { confirmed } => {
                format!("已有 {confirmed} 人确认参加，人数不能少于 {confirmed}")
            }
        }
    }
}

/// The confirmed and the waitlist, first come first served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster<Id> {
    capacity: u32,
    confirmed: Vec<Id>,
    waitlist: VecDeque<Id>,
}

impl<Id: PartialEq + Clone> Roster<Id> {
    /// `waitlist` must be in the order people signed up.
    pub fn new(capacity: u32, confirmed: Vec<Id>, waitlist: Vec<Id>) -> Self {
        Self {
            capacity,
            confirmed,
            waitlist: waitlist.into(),
        }
    }

    /// A stored roster: each id in the order it arrived, and whether it waits — the same
    /// list [`Roster::moves`] compares against after a change.
    pub fn from_queue(capacity: u32, queue: &[(Id, bool)]) -> Self {
        let (waiting, confirmed): (Vec<_>, Vec<_>) = queue.iter().partition(|(_, w)| *w);
        Self::new(
            capacity,
            confirmed.into_iter().map(|(id, _)| id.clone()).collect(),
            waiting.into_iter().map(|(id, _)| id.clone()).collect(),
        )
    }

    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    pub fn confirmed(&self) -> &[Id] {
        &self.confirmed
    }

    pub fn waitlist(&self) -> impl Iterator<Item = &Id> {
        self.waitlist.iter()
    }

    fn contains(&self, id: &Id) -> bool {
        self.confirmed.contains(id) || self.waitlist.contains(id)
    }

    fn is_full(&self) -> bool {
        self.confirmed.len() >= self.capacity as usize
    }

    /// A free place goes to the sign-up; otherwise it joins the end of the waitlist.
    pub fn sign_up(&mut self, id: Id) -> Result<Placement, RosterError> {
        if self.contains(&id) {
            return Err(RosterError::AlreadyOnRoster);
        }
        if self.is_full() || !self.waitlist.is_empty() {
            self.waitlist.push_back(id);
            Ok(Placement::Waitlisted(self.waitlist.len() as u32))
        } else {
            self.confirmed.push(id);
            Ok(Placement::Confirmed)
        }
    }

    /// Removes a sign-up (withdrawn or no-show). Returns whoever was promoted
    /// from the waitlist into a freed place, in order.
    pub fn remove(&mut self, id: &Id) -> Result<Vec<Id>, RosterError> {
        if let Some(i) = self.confirmed.iter().position(|c| c == id) {
            self.confirmed.remove(i);
            Ok(self.promote())
        } else if let Some(i) = self.waitlist.iter().position(|w| w == id) {
            self.waitlist.remove(i);
            Ok(Vec::new())
        } else {
            Err(RosterError::NotOnRoster)
        }
    }

    /// Changes the capacity; never below those already confirmed. A larger
    /// capacity promotes from the waitlist at once.
    pub fn set_capacity(&mut self, capacity: u32) -> Result<Vec<Id>, RosterError> {
        let confirmed = self.confirmed.len() as u32;
        if capacity < confirmed {
            return Err(RosterError::CapacityBelowConfirmed { confirmed });
        }
        self.capacity = capacity;
        Ok(self.promote())
    }

    /// What changed for each of `before` (the roster before a change: each id in the
    /// order they arrived, and whether it was waiting) now that the change is made: only
    /// those whose seat moved, a waiting one also when its position did.
    pub fn moves(&self, before: &[(Id, bool)]) -> Vec<Move<Id>> {
        let mut old_position = 0;
        let mut moves = Vec::new();
        for (id, was_waiting) in before {
            let position = self.waitlist.iter().position(|w| w == id);
            let seat = if self.confirmed.contains(id) {
                Seat::Confirmed
            } else if let Some(p) = position {
                Seat::Waiting(p as u32 + 1)
            } else {
                Seat::Off
            };
            let unchanged = if *was_waiting {
                old_position += 1;
                seat == Seat::Waiting(old_position)
            } else {
                seat == Seat::Confirmed
            };
            if !unchanged {
                moves.push(Move {
                    id: id.clone(),
                    seat,
                    promoted: *was_waiting && seat == Seat::Confirmed,
                });
            }
        }
        moves
    }

    fn promote(&mut self) -> Vec<Id> {
        let mut promoted = Vec::new();
        while !self.is_full() {
            let Some(next) = self.waitlist.pop_front() else {
                break;
            };
            self.confirmed.push(next.clone());
            promoted.push(next);
        }
        promoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fills_then_waits_in_order() {
        let mut r = Roster::new(2, vec![], vec![]);
        let placed: Vec<_> = (1..=5).map(|i| r.sign_up(i).unwrap()).collect();
        assert_eq!(
            placed,
            [
                Placement::Confirmed,
                Placement::Confirmed,
                Placement::Waitlisted(1),
                Placement::Waitlisted(2),
                Placement::Waitlisted(3),
            ]
        );
        assert_eq!(r.sign_up(4), Err(RosterError::AlreadyOnRoster));
    }

    #[test]
    fn a_freed_place_goes_to_the_first_waiting() {
        let mut r = Roster::new(2, vec![1, 2], vec![3, 4]);
        assert_eq!(r.remove(&4), Ok(vec![]));
        assert_eq!(r.remove(&1), Ok(vec![3]));
        assert_eq!(r.confirmed(), [2, 3]);
        assert_eq!(r.remove(&9), Err(RosterError::NotOnRoster));
    }

    #[test]
    fn capacity_never_below_confirmed() {
        let mut r = Roster::new(3, vec![1, 2, 3], vec![4, 5, 6]);
        assert_eq!(
            r.set_capacity(2),
            Err(RosterError::CapacityBelowConfirmed { confirmed: 3 })
        );
        assert_eq!(r.set_capacity(5), Ok(vec![4, 5]));
        assert_eq!(r.waitlist().copied().collect::<Vec<_>>(), [6]);
    }

    #[test]
    fn nobody_jumps_the_queue_when_a_place_is_free() {
        // Waiting people were there first, even if a place has just opened.
        let mut r = Roster::new(1, vec![], vec![7]);
        assert_eq!(r.sign_up(8), Ok(Placement::Waitlisted(2)));
    }

    #[test]
    fn moves_name_only_who_changed_seat() {
        let before = [(1, false), (2, false), (3, true), (4, true), (5, true)];
        let mut r = Roster::new(2, vec![1, 2], vec![3, 4, 5]);
        r.remove(&4).unwrap();
        assert_eq!(
            r.moves(&before),
            [
                Move {
                    id: 4,
                    seat: Seat::Off,
                    promoted: false
                },
                Move {
                    id: 5,
                    seat: Seat::Waiting(2),
                    promoted: false
                },
            ]
        );
        let mut r = Roster::new(2, vec![1, 2], vec![3, 4, 5]);
        r.remove(&1).unwrap();
        assert_eq!(
            r.moves(&before),
            [
                Move {
                    id: 1,
                    seat: Seat::Off,
                    promoted: false
                },
                Move {
                    id: 3,
                    seat: Seat::Confirmed,
                    promoted: true
                },
                Move {
                    id: 4,
                    seat: Seat::Waiting(1),
                    promoted: false
                },
                Move {
                    id: 5,
                    seat: Seat::Waiting(2),
                    promoted: false
                },
            ]
        );
        let r = Roster::from_queue(2, &before);
        assert_eq!(r, Roster::new(2, vec![1, 2], vec![3, 4, 5]));
        assert!(r.moves(&before).is_empty());
    }

    #[test]
    fn sign_ups_before_the_start_withdrawals_received_before_the_end() {
        let s = Sitting {
            starts_at: 10,
            ends_at: 20,
            cancelled: false,
        };
        let cases = [
            // (tapped, received, sign-up at tapped, withdrawal)
            (9, 9, Ok(()), Ok(())),
            (9, 15, Ok(()), Ok(())),
            (9, 20, Ok(()), Err(Closed::Ended)),
            (10, 10, Err(Closed::Started), Err(Closed::Started)),
            (15, 9, Err(Closed::Started), Ok(())),
        ];
        for (at, now, sign_up, withdrawal) in cases {
            assert_eq!(s.open_for_sign_up(at), sign_up, "{at}");
            assert_eq!(s.accepts_withdrawal(at, now), withdrawal, "{at} {now}");
        }
        let called_off = Sitting {
            cancelled: true,
            ..s
        };
        assert_eq!(called_off.open_for_sign_up(0), Err(Closed::Cancelled));
    }

    #[derive(Debug, Clone)]
    enum Op {
        SignUp(u8),
        Remove(u8),
        Capacity(u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0u8..30).prop_map(Op::SignUp),
            2 => (0u8..30).prop_map(Op::Remove),
            1 => (0u8..15).prop_map(Op::Capacity),
        ]
    }

    proptest! {
        #[test]
        fn confirmed_never_exceeds_capacity(capacity in 0u32..12, ops in proptest::collection::vec(op(), 0..200)) {
            let mut r = Roster::new(capacity, vec![], vec![]);
            // The order in which people joined, to check first-come-first-served.
            let mut arrivals: Vec<u8> = Vec::new();
            for op in ops {
                match op {
                    Op::SignUp(id) => {
                        if r.sign_up(id).is_ok() {
                            arrivals.push(id);
                        }
                    }
                    Op::Remove(id) => {
                        if r.remove(&id).is_ok() {
                            arrivals.retain(|a| *a != id);
                        }
                    }
                    Op::Capacity(c) => {
                        let _ = r.set_capacity(u32::from(c));
                    }
                }
                prop_assert!(r.confirmed().len() as u32 <= r.capacity());
                // Nobody waits while a place is free.
                prop_assert!(r.waitlist().next().is_none() || r.confirmed().len() as u32 == r.capacity());
                // Everyone is on the roster once, and the waitlist keeps arrival order.
                let waiting: Vec<u8> = r.waitlist().copied().collect();
                let mut everyone: Vec<u8> = r.confirmed().iter().copied().chain(waiting.iter().copied()).collect();
                everyone.sort_unstable();
                let mut expected = arrivals.clone();
                expected.sort_unstable();
                prop_assert_eq!(everyone, expected);
                let order: Vec<u8> = arrivals.iter().copied().filter(|a| waiting.contains(a)).collect();
                prop_assert_eq!(waiting, order);
            }
        }
    }
}
