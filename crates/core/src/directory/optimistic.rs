//! How saving a directory item changes what the person sees before the server decides.

use super::{SAVE, SERVICES, SaveArgs, ServiceItem};
use crate::sync::{Mutation, Rule, Rules, View};

pub const RULES: Rules = &[Rule {
    mutation: SAVE,
    apply: save,
}];

fn save(m: &Mutation, view: &mut View) {
    let Ok(args) = m.args::<SaveArgs>() else {
        return;
    };
    // Pinyin keys come from the server; until then the Chinese text is searchable.
    let keys = view
        .row::<ServiceItem>(SERVICES, &args.id)
        .map(|item| item.keys)
        .unwrap_or_default();
    let item = ServiceItem {
        id: args.id.clone(),
        community_id: String::new(),
        content: args.content,
        keys,
    };
    view.put(SERVICES, &args.id, &item);
}
