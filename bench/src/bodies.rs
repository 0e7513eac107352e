//! Signed webhook bodies for wrk (../shared/bench/loadgen/webhook.lua reads lines
//! "signature<TAB>body"): text messages from user sources, `events` per request, each event with
//! a unique ULID-shaped webhookEventId, compact JSON as LINE sends it.

use rand::{Rng, SeedableRng};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TEXTS: &[&str] = &[
    "Hello, world",
    "こんにちは。注文した商品がまだ届きません。",
    "What time do you open tomorrow?",
    "配送状況を確認したいです 😄",
    "I'd like to change my reservation to Friday, 7pm please.",
    "Can I pay by credit card?",
];

fn ulid(ms: u64, rng: &mut impl Rng) -> String {
    let value: u128 = ((ms as u128) << 80) | (rng.gen::<u128>() & ((1u128 << 80) - 1));
    (0..26)
        .rev()
        .map(|i| CROCKFORD[((value >> (5 * i)) & 31) as usize] as char)
        .collect()
}

/// Writes (once; reused while it exists) `count` requests of `events` events each, signed with
/// `secret`. `tag` keeps the ids of different files apart (warm-up vs measured).
pub fn file(
    dir: &Path,
    tag: &str,
    secret: &str,
    events: usize,
    count: usize,
) -> anyhow::Result<PathBuf> {
    let path = dir.join(format!("bodies-{tag}-{events}x{count}.tsv"));
    if path.exists() {
        return Ok(path);
    }
    std::fs::create_dir_all(dir)?;
    let seed = tag.bytes().fold(events as u64, |h, b| h * 31 + b as u64);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let tmp = path.with_extension("tmp");
    let mut out = BufWriter::new(std::fs::File::create(&tmp)?);
    let base_ms = linedesk::clock::now_ms() as u64;
    for request in 0..count {
        let list: Vec<serde_json::Value> = (0..events)
            .map(|e| {
                let ms = base_ms + (request * events + e) as u64;
                let user = format!("U{:032x}", rng.gen_range(0..5000u32));
                serde_json::json!({
                    "type": "message",
                    "message": {
                        "type": "text",
                        "id": format!("{}", 500_000_000_000_000u64 + rng.gen_range(0..1u64 << 40)),
                        "quoteToken": ulid(ms, &mut rng),
                        "text": TEXTS[rng.gen_range(0..TEXTS.len())],
                    },
                    "webhookEventId": ulid(ms, &mut rng),
                    "deliveryContext": { "isRedelivery": false },
                    "timestamp": ms,
                    "source": { "type": "user", "userId": user },
                    "replyToken": format!("{:032x}", rng.gen::<u128>()),
                    "mode": "active",
                })
            })
            .collect();
        let body = serde_json::json!({
            "destination": "U0123456789abcdef0123456789abcdef",
            "events": list,
        })
        .to_string();
        let signature = fake_line::sign(secret, body.as_bytes());
        writeln!(out, "{signature}\t{body}")?;
    }
    out.flush()?;
    drop(out);
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}
