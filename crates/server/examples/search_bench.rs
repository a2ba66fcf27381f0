//! Directory search speed, natively: 2,000 items (the demo directory repeated),
//! with pinyin keys computed as the server does, timed per keystroke.
//! `cargo run --release -p linli-server --example search_bench`

use std::time::Instant;

use linli_core::directory::ServiceContent;
use linli_core::search::{Entry, SearchIndex};
use linli_server::directory::search_keys;

const SEED: &str = include_str!("../seed/services.json");
const QUERIES: [&str; 5] = ["gljt", "gaoling", "高龄津贴", "身份证", "shenfenzheng"];

/// The seed file: who saves the services, and the services.
#[derive(serde::Deserialize)]
struct Seed {
    services: Vec<ServiceContent>,
}

fn main() {
    let demo = serde_json::from_str::<Seed>(SEED)
        .expect("services.json")
        .services;
    let items: Vec<ServiceContent> = (0..2000)
        .map(|n| {
            let mut item = demo[n % demo.len()].clone();
            item.name = format!("{}（{n}号）", item.name);
            item
        })
        .collect();
    let keys: Vec<_> = items.iter().map(search_keys).collect();
    let bodies: Vec<String> = items.iter().map(ServiceContent::search_body).collect();

    let started = Instant::now();
    let index = SearchIndex::new(items.iter().zip(&keys).zip(&bodies).map(
        |((item, keys), body)| Entry {
            name: &item.name,
            name_pinyin: &keys.name_pinyin,
            name_initials: &keys.name_initials,
            body,
            body_pinyin: &keys.body_pinyin,
            body_initials: &keys.body_initials,
        },
    ));
    println!(
        "search: index of {} items built in {:.2} ms (once per sync, not per keystroke)",
        index.len(),
        started.elapsed().as_secs_f64() * 1e3
    );

    const ROUNDS: u32 = 50;
    let mut keystrokes = Vec::new();
    for query in QUERIES {
        let chars: Vec<char> = query.chars().collect();
        for end in 1..=chars.len() {
            let typed: String = chars[..end].iter().collect();
            let started = Instant::now();
            let mut hits = 0;
            for _ in 0..ROUNDS {
                hits = index.search(&typed).len();
            }
            let micros = started.elapsed().as_secs_f64() * 1e6 / f64::from(ROUNDS);
            keystrokes.push(micros);
            println!("search: {typed:<14} {hits:>5} hits {micros:>8.0} µs");
        }
    }
    keystrokes.sort_by(f64::total_cmp);
    println!(
        "search: per keystroke over 2,000 items: median {:.0} µs, max {:.0} µs",
        keystrokes[keystrokes.len() / 2],
        keystrokes[keystrokes.len() - 1]
    );
}
