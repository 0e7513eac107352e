//! `linedesk demo seed-scale`: a year of a large desk written straight into the schema's tables
//! for the bench's data-scale section (`make seed-scale`). Each run adds `messages` messages'
//! worth of desk: a tenth as many conversations, a twentieth as many contacts (each with a
//! LINE profile), a fifth as many audit entries (hash-chained, so `audit verify` holds), spread
//! over the last 365 days; the first run also makes 20 accounts, 200 agents and 20 queues, and
//! the first run of 50,000 messages or more one conversation of 5,000 messages. Texts mix Japanese, Thai, Traditional Chinese, English
//! and Italian of realistic lengths, with stickers and photos among them. Rows go in
//! multi-row INSERTs, a transaction per chunk; the text indexes' triggers fill them on the way.

use super::{audit, Db};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::AnyConnection;

const ACCOUNTS: usize = 20;
const AGENTS: usize = 200;
const QUEUES: usize = 20;
const DAY_MS: i64 = 86_400_000;
/// The one long conversation a page of 5,000 messages is measured on.
pub const LONG_CHAT: &str = "Uscale0000000000000000000000long0";
const LONG_MESSAGES: usize = 5_000;

/// Pieces customers and agents write, per language; a message joins one to four of them.
const PIECES: [&[&str]; 5] = [
    &[
        "注文した商品がまだ届きません",
        "配送状況を教えてください",
        "明日の配送について",
        "返品したいのですが",
        "ポイントの有効期限はいつですか",
        "住所を変更したいです",
        "お問い合わせありがとうございます",
        "確認いたします",
        "少々お待ちください",
        "領収書を発行できますか",
        "サイズ交換は可能ですか",
        "支払い方法を変更したい",
        "キャンペーンの詳細",
        "会員登録ができません",
        "パスワードを忘れました",
        "在庫はありますか",
        "発送は何日後ですか",
        "箱が破損していました",
        "色違いを注文しました",
        "よろしくお願いします",
    ],
    &[
        "สวัสดีค่ะ",
        "อยากเปลี่ยนที่อยู่จัดส่งค่ะ",
        "สินค้ายังไม่ได้รับเลยครับ",
        "ขอบคุณค่ะ",
        "ดำเนินการให้เรียบร้อยแล้วค่ะ",
        "ขอเลขพัสดุหน่อยครับ",
        "ต้องการคืนสินค้า",
        "ชำระเงินแล้วครับ",
        "มีสีอื่นไหมคะ",
        "โปรโมชั่นเดือนนี้",
        "สมัครสมาชิกไม่ได้",
        "รอสักครู่นะคะ",
    ],
    &[
        "請問可以退貨嗎",
        "我的訂單還沒到",
        "運費是多少",
        "謝謝您的耐心等候",
        "已經幫您處理好了",
        "請提供訂單編號",
        "可以改地址嗎",
        "發票什麼時候寄",
        "有其他顏色嗎",
        "會員點數怎麼用",
    ],
    &[
        "Hi, I was charged twice for my order",
        "Where is my parcel",
        "Can I get a refund",
        "Thanks for waiting, that's sorted now",
        "Could you send me the tracking number",
        "The box arrived damaged",
        "I want to change my delivery address",
        "Is this still in stock",
        "Please cancel my subscription",
        "How do I reset my password",
        "Have a nice day",
    ],
    &[
        "Buongiorno, vorrei cambiare la taglia",
        "Grazie, ho aggiornato l'ordine",
        "Dov'è il mio pacco",
        "Posso avere un rimborso",
        "La consegna è in ritardo",
        "Vorrei la fattura",
        "A presto",
    ],
];
const FAMILY: [&[&str]; 5] = [
    &[
        "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
    ],
    &["สมชาย", "สมหญิง", "วิชัย", "มาลี", "ประเสริฐ", "อรุณ"],
    &["陳", "林", "黃", "張", "李", "王"],
    &["Smith", "Johnson", "Brown", "Taylor", "Wilson"],
    &["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi"],
];
const GIVEN: [&[&str]; 5] = [
    &["花子", "太郎", "美咲", "健太", "陽菜", "翔"],
    &["ใจดี", "รักไทย", "สุขใจ", "ศรีสุข"],
    &["美玲", "志明", "淑芬", "家豪"],
    &["Emma", "Liam", "Olivia", "Noah"],
    &["Giulia", "Marco", "Sofia", "Luca"],
];

/// A value of a generated row.
enum V {
    I(i64),
    T(String),
    /// NULL in a text column (PostgreSQL checks the bound type).
    Null,
}

/// Inserts `rows` (each as many values as `head` names columns) with `head` ("INSERT INTO t (a, b)"), many a statement.
async fn insert_rows(conn: &mut AnyConnection, head: &str, rows: Vec<Vec<V>>) -> sqlx::Result<()> {
    let width = rows.first().map_or(1, Vec::len);
    let per_statement = (30_000 / width).min(1_000);
    for chunk in rows.chunks(per_statement) {
        let mut sql = format!("{head} VALUES ");
        for (r, _) in chunk.iter().enumerate() {
            if r > 0 {
                sql.push(',');
            }
            sql.push('(');
            for c in 0..width {
                if c > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("${}", r * width + c + 1));
            }
            sql.push(')');
        }
        let mut query = sqlx::query(&sql);
        for row in chunk {
            for value in row {
                query = match value {
                    V::I(v) => query.bind(*v),
                    V::T(v) => query.bind(v.as_str()),
                    V::Null => query.bind(None::<String>),
                };
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

async fn ids(db: &Db, sql: &str) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(sql).fetch_all(&db.pool).await
}

/// What a run wrote.
#[derive(Debug, Default)]
pub struct Seeded {
    pub conversations: usize,
    pub messages: usize,
    pub contacts: usize,
    pub audit_entries: usize,
}

/// Adds `messages` messages' worth of desk (see the module comment); `password_hash` is the
/// generated agents' (nobody signs in as them; it is a real hash so signing in fails cleanly).
pub async fn seed(
    db: &Db,
    messages: usize,
    password_hash: &str,
    now: i64,
    progress: impl Fn(&str),
) -> anyhow::Result<Seeded> {
    let mut rng = StdRng::seed_from_u64(now as u64);
    let mut conn = db.begin_write().await?;
    let first_run = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM line_accounts WHERE name LIKE 'Scale OA %'",
    )
    .fetch_one(&mut *conn)
    .await?
        == 0;
    if first_run {
        let rows = (1..=ACCOUNTS)
            .map(|n| {
                vec![
                    V::T(format!("Scale OA {n:02}")),
                    V::T(format!("21000000{n:02}")),
                    V::T(format!("scale{n:02}{:016x}", rng.gen::<u64>())),
                    V::I(now - 366 * DAY_MS),
                ]
            })
            .collect();
        insert_rows(
            &mut conn,
            "INSERT INTO line_accounts (name, channel_id, webhook_key, created_at, updated_at, status)",
            add_constant(rows, &[V::I(now), V::T("verified".into())]),
        )
        .await?;
        let rows = (1..=AGENTS)
            .map(|n| {
                vec![
                    V::T(format!("agent{n:03}@scale.example")),
                    V::T(format!("Scale agent {n:03}")),
                    V::T(password_hash.to_string()),
                ]
            })
            .collect();
        insert_rows(
            &mut conn,
            "INSERT INTO users (email, display_name, password_hash, role, created_at, updated_at)",
            add_constant(rows, &[V::T("agent".into()), V::I(now), V::I(now)]),
        )
        .await?;
        let rows = (1..=QUEUES)
            .map(|n| vec![V::T(format!("Scale queue {n:02}"))])
            .collect();
        insert_rows(
            &mut conn,
            "INSERT INTO queues (name, priority, created_at, updated_at)",
            add_constant(rows, &[V::I(0), V::I(now), V::I(now)]),
        )
        .await?;
    }
    conn.commit().await?;
    let accounts = ids(
        db,
        "SELECT id FROM line_accounts WHERE name LIKE 'Scale OA %' ORDER BY id",
    )
    .await?;
    let agents = ids(
        db,
        "SELECT id FROM users WHERE email LIKE '%@scale.example' ORDER BY id",
    )
    .await?;

    // Contacts, each with a LINE profile on one of the accounts.
    let contacts = (messages / 20).max(1);
    let first_contact: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM contacts")
        .fetch_one(&db.pool)
        .await?;
    let mut people = Vec::with_capacity(contacts);
    for _ in 0..contacts {
        let lang = pick_language(&mut rng);
        let name = format!(
            "{} {}",
            FAMILY[lang][rng.gen_range(0..FAMILY[lang].len())],
            GIVEN[lang][rng.gen_range(0..GIVEN[lang].len())]
        );
        people.push((lang, name, rng.gen::<u64>()));
    }
    for chunk in people.chunks(20_000) {
        let mut tx = db.begin_write().await?;
        let rows = chunk
            .iter()
            .map(|(_, name, tag)| {
                vec![
                    V::T(name.clone()),
                    V::T(format!("c{tag:016x}@example.com")),
                    V::T(format!(
                        "+81 90 {:04} {:04}",
                        tag % 10_000,
                        (tag >> 16) % 10_000
                    )),
                    V::I(now - (*tag % 365) as i64 * DAY_MS),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "INSERT INTO contacts (name, email, phone, created_at, updated_at)",
            add_same_as_last(rows),
        )
        .await?;
        tx.commit().await?;
    }
    let contact_ids = ids(
        db,
        &format!("SELECT id FROM contacts WHERE id > {first_contact} ORDER BY id"),
    )
    .await?;
    let first_profile: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM social_profiles")
        .fetch_one(&db.pool)
        .await?;
    for (chunk, chunk_ids) in people.chunks(20_000).zip(contact_ids.chunks(20_000)) {
        let mut tx = db.begin_write().await?;
        let rows = chunk
            .iter()
            .zip(chunk_ids)
            .map(|((_, name, tag), id)| {
                vec![
                    V::I(accounts[(*tag % accounts.len() as u64) as usize]),
                    V::T(format!("U{tag:016x}{id:016x}")),
                    V::T(name.clone()),
                    V::I(*id),
                    V::I(now - (*tag % 365) as i64 * DAY_MS),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "INSERT INTO social_profiles (account_id, line_user_id, display_name, contact_id, created_at, updated_at)",
            add_same_as_last(rows),
        )
        .await?;
        tx.commit().await?;
    }
    #[derive(sqlx::FromRow)]
    struct Profile {
        id: i64,
        account_id: i64,
        line_user_id: String,
        contact_id: i64,
    }
    let profiles: Vec<Profile> = sqlx::query_as(&format!(
        "SELECT id, account_id, line_user_id, contact_id FROM social_profiles WHERE id > {first_profile} ORDER BY id"
    ))
    .fetch_all(&db.pool)
    .await?;
    progress(&format!("{} contacts with LINE profiles", profiles.len()));

    // Conversations, oldest first, all closed; their messages a conversation at a time.
    let mut seeded = Seeded {
        contacts: profiles.len(),
        ..Seeded::default()
    };
    // The long conversation, once, from a run big enough to spare its messages.
    let long_first = messages >= 10 * LONG_MESSAGES
        && sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM conversations WHERE chat_id = $1")
            .bind(LONG_CHAT)
            .fetch_one(&db.pool)
            .await?
            == 0;
    let conversations = (messages / 10).max(1);
    let mut opened: Vec<i64> = (0..conversations)
        .map(|_| now - rng.gen_range(DAY_MS..365 * DAY_MS))
        .collect();
    opened.sort_unstable();
    let mut left = messages;
    for (batch_no, batch) in opened.chunks(5_000).enumerate() {
        let mut tx = db.begin_write().await?;
        let before: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM conversations")
            .fetch_one(&mut *tx)
            .await?;
        let mut counts = Vec::with_capacity(batch.len());
        let rows = batch
            .iter()
            .enumerate()
            .map(|(i, at)| {
                let long = long_first && batch_no == 0 && i == 0;
                let profile = &profiles[rng.gen_range(0..profiles.len())];
                let count = if long {
                    LONG_MESSAGES.min(left)
                } else {
                    rng.gen_range(2..=18).min(left)
                };
                left -= count;
                counts.push(count);
                let closed = at + count as i64 * 60_000 + 300_000;
                vec![
                    V::I(profile.account_id),
                    V::T(if long {
                        LONG_CHAT.to_string()
                    } else {
                        profile.line_user_id.clone()
                    }),
                    V::I(profile.id),
                    V::I(profile.contact_id),
                    V::I(agents[rng.gen_range(0..agents.len())]),
                    V::I(*at),
                    V::I(closed),
                    V::I(closed),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "INSERT INTO conversations (account_id, chat_id, profile_id, contact_id, assigned_user_id,
                 opened_at, last_message_at, closed_at, chat_kind, state)",
            add_constant(rows, &[V::T("user".into()), V::T("closed".into())]),
        )
        .await?;
        // One statement after another in this transaction: the ids follow the rows' order.
        let conversation_ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM conversations WHERE id > {before} ORDER BY id"
        ))
        .fetch_all(&mut *tx)
        .await?;
        let mut rows = Vec::new();
        for ((count, at), conversation) in counts.iter().zip(batch).zip(conversation_ids) {
            let lang = pick_language(&mut rng);
            for k in 0..*count {
                let sent = at + k as i64 * 60_000;
                let direction = if k % 2 == 0 { "in" } else { "out" };
                let roll = rng.gen_range(0..100);
                let (kind, body, payload) = if roll < 8 && direction == "in" {
                    let (package, sticker) = (11537, 52002734 + rng.gen_range(0..40));
                    let payload = format!(
                        r#"{{"type":"sticker","packageId":"{package}","stickerId":"{sticker}","keywords":["thanks"]}}"#
                    );
                    ("sticker", V::Null, payload)
                } else if roll < 14 && direction == "in" {
                    let payload = r#"{"type":"image","contentProvider":{"type":"line"}}"#;
                    ("image", V::Null, payload.to_string())
                } else {
                    let pieces = PIECES[lang];
                    let text = (0..rng.gen_range(1..=4))
                        .map(|_| pieces[rng.gen_range(0..pieces.len())])
                        .collect::<Vec<_>>()
                        .join(if lang <= 2 { "。" } else { ". " });
                    let payload = serde_json::json!({ "type": "text", "text": text }).to_string();
                    ("text", V::T(text), payload)
                };
                rows.push(vec![
                    V::I(conversation),
                    V::T(direction.into()),
                    V::T(kind.into()),
                    body,
                    V::T(payload),
                    V::I(sent),
                    V::I(sent),
                ]);
            }
        }
        seeded.messages += rows.len();
        seeded.conversations += batch.len();
        insert_rows(
            &mut tx,
            "INSERT INTO messages (conversation_id, direction, kind, body, payload, sent_at, created_at)",
            rows,
        )
        .await?;
        tx.commit().await?;
        if batch_no % 20 == 19 {
            progress(&format!(
                "{} conversations, {} messages",
                seeded.conversations, seeded.messages
            ));
        }
    }

    // Audit entries, chained from the newest one there is, in time order.
    let entries = messages / 5;
    let mut times: Vec<i64> = (0..entries)
        .map(|_| now - rng.gen_range(0..365 * DAY_MS))
        .collect();
    times.sort_unstable();
    let mut prev: String =
        sqlx::query_scalar("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&db.pool)
            .await?
            .unwrap_or_else(|| audit::GENESIS.to_string());
    const ACTIONS: [(&str, &str); 5] = [
        ("conversation.transcript_export", "conversation"),
        ("contact.update", "contact"),
        ("user.sign_in", "user"),
        ("routing.rule_update", "routing_rule"),
        ("account.update", "line_account"),
    ];
    for chunk in times.chunks(10_000) {
        let mut tx = db.begin_write().await?;
        let rows = chunk
            .iter()
            .map(|at| {
                let actor = rng.gen_range(0..agents.len());
                let email = format!("agent{:03}@scale.example", actor + 1);
                let (action, entity) = ACTIONS[rng.gen_range(0..ACTIONS.len())];
                let entity_id = rng.gen_range(1..1_000_000).to_string();
                let detail = r#"{"generated":true}"#;
                let hash = audit::chain_hash(
                    &prev,
                    *at,
                    Some(agents[actor]),
                    Some(&email),
                    action,
                    entity,
                    Some(&entity_id),
                    None,
                    detail,
                );
                vec![
                    V::I(*at),
                    V::I(agents[actor]),
                    V::T(email),
                    V::T(action.into()),
                    V::T(entity.into()),
                    V::T(entity_id),
                    V::T(detail.into()),
                    V::T(std::mem::replace(&mut prev, hash.clone())),
                    V::T(hash),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "INSERT INTO audit_log (at, actor_id, actor_email, action, entity, entity_id, detail, prev_hash, hash)",
            rows,
        )
        .await?;
        tx.commit().await?;
        seeded.audit_entries += chunk.len();
    }
    Ok(seeded)
}

/// Japanese most, then Thai, Traditional Chinese, English and Italian.
fn pick_language(rng: &mut StdRng) -> usize {
    match rng.gen_range(0..100) {
        0..=39 => 0,
        40..=64 => 1,
        65..=79 => 2,
        80..=91 => 3,
        _ => 4,
    }
}

/// Each row with `tail` appended (the statement's head names those columns last).
fn add_constant(rows: Vec<Vec<V>>, tail: &[V]) -> Vec<Vec<V>> {
    rows.into_iter()
        .map(|mut row| {
            for value in tail {
                row.push(match value {
                    V::I(v) => V::I(*v),
                    V::T(v) => V::T(v.clone()),
                    V::Null => V::Null,
                });
            }
            row
        })
        .collect()
}

/// Each row with its last value repeated (created_at, then updated_at the same).
fn add_same_as_last(rows: Vec<Vec<V>>) -> Vec<Vec<V>> {
    rows.into_iter()
        .map(|mut row| {
            if let Some(V::I(last)) = row.last() {
                let last = *last;
                row.push(V::I(last));
            }
            row
        })
        .collect()
}

/// PostgreSQL plans by its statistics: refresh them after a bulk load.
pub async fn analyze(db: &Db) -> sqlx::Result<()> {
    for table in [
        "contacts",
        "social_profiles",
        "conversations",
        "messages",
        "audit_log",
    ] {
        sqlx::query(&format!("VACUUM (ANALYZE) {table}"))
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}
