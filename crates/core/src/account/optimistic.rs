//! How verifying a resident changes what staff see before the server decides.

use super::{RESIDENTS, ResidentCard, VERIFY, VerifyArgs};
use crate::sync::{Mutation, Rule, Rules, View};

pub const RULES: Rules = &[Rule {
    mutation: VERIFY,
    apply: verify,
}];

/// The person leaves the list of those waiting at once, also offline.
fn verify(m: &Mutation, view: &mut View) {
    if let Ok(a) = m.args::<VerifyArgs>() {
        view.modify(RESIDENTS, &a.user_id, |r: &mut ResidentCard| {
            r.verified = true;
        });
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::account::{Address, Role};

    #[test]
    fn a_verified_resident_stops_waiting() {
        let card = ResidentCard {
            id: "u1".into(),
            display_name: "陈奶奶".into(),
            role: Role::Resident,
            phone: "13912345678".into(),
            address: Address::default(),
            building_name: Some("3栋".into()),
            verified: false,
            representative: false,
            disabled: false,
        };
        let mut view = View::default();
        view.put(RESIDENTS, "u1", &card);
        let m = Mutation {
            client_id: "d".into(),
            seq: 1,
            mutation_id: uuid::Uuid::nil(),
            name: VERIFY.into(),
            args: json!({"user_id": "u1"}),
            created_at: 0,
        };
        verify(&m, &mut view);
        assert!(view.row::<ResidentCard>(RESIDENTS, "u1").unwrap().verified);
    }
}
