//! Who holds the places of one shift and who waits, in order. The server loads
//! a shift's roster, applies one change through these rules and stores the result.

use std::collections::VecDeque;

/// Where a new sign-up lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Confirmed,
    /// Waiting, at this position (from 1).
    Waitlisted(u32),
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
    pub fn message(self) -> String {
        match self {
            RosterError::AlreadyOnRoster => "您已经报过这个班次了".to_owned(),
            RosterError::NotOnRoster => "没有找到这次报名".to_owned(),
            RosterError::CapacityBelowConfirmed { confirmed } => {
                format!("已有 {confirmed} 人确认参加，人数不能少于 {confirmed}")
            }
        }
    }
}

/// A shift's confirmed volunteers and its waitlist, first come first served.
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
