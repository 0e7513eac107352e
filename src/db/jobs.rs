//! The job queues: webhook events, outbox calls and media downloads. Each is a table whose rows
//! a worker leases (the claim: another worker, or process, skips them meanwhile), and that on a
//! failure are tried again after a backoff or set aside (kept with why, no longer tried). One
//! module, so the three behave alike; each table keeps its own schema, which its `Queue` names.

use crate::db::Backend;
use rand::Rng;
use sqlx::{Any, Executor};

/// A job table, as the shared statements need it.
pub struct Queue {
    pub table: &'static str,
    /// The column that keeps why the last attempt failed.
    pub error_column: &'static str,
    pub retry: RetryAt,
    pub set_aside: SetAside,
    pub backoff: Backoff,
    /// Failed attempts after which a row is set aside; None: tried for as long as it fails
    /// in a way that may pass (the outbox: LINE down for an hour still delivers afterwards).
    pub attempts_at_most: Option<i32>,
}

/// Where a retry's time is kept.
pub enum RetryAt {
    /// `next_attempt_at`, the lease given back (outbox, attachments).
    NextAttempt,
    /// The lease itself, held until the retry (webhook events: their claim reads only the lease).
    LeaseEnd,
}

/// How a row is set aside.
pub enum SetAside {
    /// `state = 'failed'` (outbox, attachments).
    Failed,
    /// Marked processed then: it stays in the account's raw event log, with its error (webhook
    /// events), and no longer holds back its chat's later events.
    Processed,
}

/// The wait before the next attempt: `first_ms` doubled once per failed attempt, `doublings`
/// times at most, then capped; with jitter, ±20 % so rows that failed together spread out.
pub struct Backoff {
    pub first_ms: i64,
    pub doublings: i32,
    pub cap_ms: i64,
    pub jitter: bool,
}

impl Backoff {
    /// The wait after `attempts` failed attempts (before this one's).
    pub fn delay(&self, attempts: i32) -> i64 {
        let base = self
            .first_ms
            .saturating_mul(1i64 << attempts.clamp(0, self.doublings))
            .min(self.cap_ms);
        if self.jitter {
            (base as f64 * rand::thread_rng().gen_range(0.8..1.2)) as i64
        } else {
            base
        }
    }
}

/// What follows a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Try again this many milliseconds from now.
    RetryIn(i64),
    SetAside,
}

impl Queue {
    /// What follows the failure of a row that had failed `attempts` times before.
    pub fn after_failure(&self, attempts: i32) -> Next {
        match self.attempts_at_most {
            Some(most) if attempts + 1 >= most => Next::SetAside,
            _ => Next::RetryIn(self.backoff.delay(attempts)),
        }
    }
}

/// The claim statement for `table`. Binds: $1 = lease end, $2 = now, $3 = how many.
/// `ready` is the table's own "this row wants work" condition.
pub fn claim_sql(backend: Backend, table: &str, ready: &str, returning: &str) -> String {
    // SQLite has one writer at a time; PostgreSQL needs SKIP LOCKED so claimers do not collide.
    let lock = if backend == Backend::Postgres {
        "FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    format!(
        "UPDATE {table} SET claimed_until = $1
         WHERE id IN (SELECT id FROM {table}
                      WHERE {ready} AND (claimed_until IS NULL OR claimed_until < $2)
                      ORDER BY id LIMIT $3 {lock})
         RETURNING {returning}"
    )
}

/// Keeps why the row failed and makes it due again at `next_at`, counting the attempt when
/// `counted` (a file LINE is still preparing is not a failure). `also`: further assignments of
/// the table's own, written with the retry (the outbox drops a spent reply token).
pub async fn retry<'c>(
    db: impl Executor<'c, Database = Any>,
    queue: &Queue,
    id: i64,
    error: &str,
    next_at: i64,
    counted: bool,
    also: &'static str,
) -> sqlx::Result<()> {
    let due = match queue.retry {
        RetryAt::NextAttempt => "next_attempt_at = $3, claimed_until = NULL",
        RetryAt::LeaseEnd => "claimed_until = $3",
    };
    sqlx::query(&format!(
        "UPDATE {} SET attempts = attempts + $1, {} = $2, {due}{also} WHERE id = $4",
        queue.table, queue.error_column
    ))
    .bind(i32::from(counted))
    .bind(error)
    .bind(next_at)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Sets the row aside after a failed attempt (its last, or one that cannot pass), keeping why;
/// `now` is kept where the table records when (webhook events: processed then).
pub async fn set_aside<'c>(
    db: impl Executor<'c, Database = Any>,
    queue: &Queue,
    id: i64,
    error: &str,
    now: i64,
) -> sqlx::Result<()> {
    let aside = match queue.set_aside {
        SetAside::Failed => "state = 'failed'",
        SetAside::Processed => "processed_at = $3",
    };
    let sql = format!(
        "UPDATE {} SET {aside}, {} = $1, attempts = attempts + 1, claimed_until = NULL WHERE id = $2",
        queue.table, queue.error_column
    );
    let query = sqlx::query(&sql).bind(error).bind(id);
    match queue.set_aside {
        SetAside::Failed => query,
        SetAside::Processed => query.bind(now),
    }
    .execute(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUEUE: Queue = Queue {
        table: "jobs",
        error_column: "error",
        retry: RetryAt::NextAttempt,
        set_aside: SetAside::Failed,
        backoff: Backoff {
            first_ms: 1000,
            doublings: 3,
            cap_ms: 6000,
            jitter: false,
        },
        attempts_at_most: Some(5),
    };

    #[test]
    fn waits_double_up_to_their_cap_then_the_row_is_set_aside() {
        let next: Vec<_> = (0..5)
            .map(|attempts| QUEUE.after_failure(attempts))
            .collect();
        assert_eq!(
            next,
            [
                Next::RetryIn(1000),
                Next::RetryIn(2000),
                Next::RetryIn(4000),
                Next::RetryIn(6000),
                Next::SetAside
            ]
        );
    }

    #[test]
    fn jitter_stays_within_a_fifth() {
        let jittered = Backoff {
            jitter: true,
            ..QUEUE.backoff
        };
        for attempts in 0..50 {
            let delay = jittered.delay(attempts % 3);
            let base = QUEUE.backoff.delay(attempts % 3);
            assert!(
                (base * 8 / 10..=base * 12 / 10).contains(&delay),
                "{delay} of {base}"
            );
        }
    }
}
