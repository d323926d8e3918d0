//! The run itself: emulator, replicas and postman up; one worker per cashier drawing
//! operations; faults injected by operation number; checkpoints; the final check and report.

use std::{
    collections::{BTreeMap, BTreeSet, HashSet},
    sync::{Arc, Mutex, atomic::Ordering},
    time::{Duration, Instant},
};

use rand::{Rng, SeedableRng, rngs::StdRng};
use sqlx::PgPool;

use super::{
    Setup, TortureArgs, check,
    cluster::{self, Cluster, Postman, lock},
    faults::FaultKind,
    model::{Model, Rules},
    ops,
    report::{OpRecord, Report},
    till_ops::{self, Cashier},
    world::{Chat, Slot, World},
};
use crate::sandbox::emulator::{BotProfile, Emulator, Fault};

const CASHIER_IDS: i64 = 8_000_000;
const PEOPLE_IDS: i64 = 9_000_000;

async fn rules(pool: &PgPool) -> anyhow::Result<Rules> {
    let (welcome, referral_friend, referrer, referral_min, earn_rate) = sqlx::query_as(
        "SELECT welcome_bonus, referral_bonus, referrer_bonus, referral_min_amount, earn_rate
         FROM program_settings",
    )
    .fetch_one(pool)
    .await?;
    Ok(Rules {
        welcome,
        referral_friend,
        referrer,
        referral_min,
        earn_rate,
    })
}

pub async fn drive(
    args: &TortureArgs,
    seed: u64,
    faults: BTreeSet<FaultKind>,
    setup: &Setup,
    db_url: &str,
    pool: PgPool,
) -> anyhow::Result<Report> {
    let emu = Emulator::new(BotProfile {
        id: 7_000_001,
        username: "torture_loyalty_bot".to_owned(),
        first_name: "Torture".to_owned(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let api = listener.local_addr()?;
    let server = emu.serve(listener).await;
    let cashiers = i64::from(args.cashiers);
    let owners: Vec<i64> = (0..cashiers).map(|i| CASHIER_IDS + i).collect();
    let replicas = usize::try_from(args.replicas).unwrap_or(1);
    let cluster = Cluster::start(setup.bin.clone(), api, db_url, &owners, replicas).await?;
    let log_dir = cluster.log_dir().display().to_string();
    let (postman, postman_task) = Postman::start(emu.clone(), cluster.ports.clone());
    let cluster = Arc::new(tokio::sync::Mutex::new(cluster));
    let world = Arc::new(World {
        emu: emu.clone(),
        pool: pool.clone(),
        model: Mutex::new(Model::new(rules(&pool).await?)),
        slots: (0..i64::from(args.people))
            .map(|i| {
                tokio::sync::Mutex::new(Slot {
                    chat: Chat::new(PEOPLE_IDS + i, &format!("P{i}")),
                    customer: None,
                    ever_joined: false,
                })
            })
            .collect(),
        quarantine: Mutex::new(HashSet::new()),
        pending: Mutex::new(Vec::new()),
        asked: Mutex::new(HashSet::new()),
        log: Mutex::new(Vec::new()),
        violations: Mutex::new(Vec::new()),
        faults: faults.clone(),
        secret: crate::domain::CardSecret::new(cluster::CARD_SECRET.as_bytes().to_vec()),
        bot_username: "torture_loyalty_bot".to_owned(),
        ops_started: Default::default(),
        ops_target: args.ops,
        unconfirmed: Default::default(),
        gate: tokio::sync::RwLock::new(()),
    });
    let stats = Arc::new(Mutex::new(Stats::default()));
    let postman = Arc::new(postman);
    let started = Instant::now();
    let mut workers = Vec::new();
    for (w, cashier_id) in owners.iter().copied().enumerate() {
        let ctx = WorkerCtx {
            world: world.clone(),
            cluster: cluster.clone(),
            postman: postman.clone(),
            stats: stats.clone(),
            seed,
            fault_rate: args.fault_rate,
            checkpoint_every: args.checkpoint_every.max(1),
        };
        workers.push(tokio::spawn(worker(ctx, w, cashier_id)));
    }
    let mut failure = None;
    for w in workers {
        match w.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failure = Some(e),
            Err(e) => failure = Some(anyhow::anyhow!("a worker panicked: {e}")),
        }
    }
    let elapsed = started.elapsed();
    // The final checkpoint, with every replica up.
    let final_check = async {
        let _gate = world.gate.write().await;
        check::checkpoint(&world, &cluster, &postman, world.ops_target).await
    };
    let checked = final_check.await;
    postman.stop.store(true, Ordering::SeqCst);
    let _ = postman_task.await;
    cluster.lock().await.stop().await;
    server.abort();
    if let Some(e) = failure {
        return Err(e);
    }
    checked?;
    let errors = emu.validation_errors();
    for e in errors.iter().take(20) {
        world.violation(
            world.ops_target,
            vec![],
            format!("the real Bot API would refuse: {e}"),
        );
    }
    let s = lock(&stats);
    let mut report = Report {
        seed,
        ops: world
            .ops_started
            .load(Ordering::SeqCst)
            .min(world.ops_target),
        elapsed,
        replicas,
        workers: usize::try_from(args.cashiers).unwrap_or(1),
        faults: s.faults.clone(),
        ops_by_kind: s.ops.clone(),
        unconfirmed: world.unconfirmed.load(Ordering::SeqCst),
        checkpoints: s.checkpoints + 1,
        violations: lock(&world.violations).clone(),
        stories: Vec::new(),
        log_dir,
    };
    report.tell_stories(&lock(&world.log));
    Ok(report)
}

#[derive(Default)]
struct Stats {
    faults: BTreeMap<&'static str, u64>,
    ops: BTreeMap<&'static str, u64>,
    checkpoints: u64,
}

struct WorkerCtx {
    world: Arc<World>,
    cluster: Arc<tokio::sync::Mutex<Cluster>>,
    postman: Arc<Postman>,
    stats: Arc<Mutex<Stats>>,
    seed: u64,
    fault_rate: u32,
    checkpoint_every: u64,
}

async fn worker(ctx: WorkerCtx, w: usize, cashier_id: i64) -> anyhow::Result<()> {
    let world = &ctx.world;
    let mut rng =
        StdRng::seed_from_u64(ctx.seed ^ (0x9E37_79B9_7F4A_7C15u64.wrapping_mul(w as u64 + 1)));
    let mut cashier = Cashier {
        chat: Chat::new(cashier_id, &format!("Till{w}")),
        receipts: Vec::new(),
    };
    while let Some(op) = world.next_op() {
        if op > 0 && op % ctx.checkpoint_every == 0 {
            let _gate = world.gate.write().await;
            check::checkpoint(world, &ctx.cluster, &ctx.postman, op).await?;
            lock(&ctx.stats).checkpoints += 1;
        }
        let _gate = world.gate.read().await;
        // The fault schedule is a function of the seed and the operation number.
        let mut frng = StdRng::seed_from_u64(
            ctx.seed
                .wrapping_add(op.wrapping_mul(0x2545_F491_4F6C_DD1D)),
        );
        // Every `period` operations the next fault in turn, so a short run has them all.
        let period = 1000 / u64::from(ctx.fault_rate.clamp(1, 1000));
        if !world.faults.is_empty() && op % period == period / 2 {
            let kinds: Vec<FaultKind> = world.faults.iter().copied().collect();
            let kind = kinds[usize::try_from(op / period).unwrap_or(0) % kinds.len()];
            inject(&ctx, kind, &mut frng, op, w).await;
        }
        // A few tries: the operation drawn may find nobody free to do it with.
        for _ in 0..4 {
            let kind = draw(&mut rng, world);
            let done = match kind {
                "join" => ops::join(world, &mut rng, op, w).await,
                "visit" => till_ops::visit(world, &mut cashier, &mut rng, op, w).await,
                "undo" => till_ops::undo(world, &mut cashier, &mut rng, op, w).await,
                "refund" => till_ops::refund(world, &mut cashier, &mut rng, op, w).await,
                "balance" => ops::balance(world, &mut rng, op, w).await,
                "erase" => ops::erase(world, &mut rng, op, w).await,
                "forged" => ops::forged_press(world, &mut rng, op, w).await,
                _ => till_ops::stale_undo(world, &mut cashier, &mut rng, op, w).await,
            };
            if done.is_some() {
                *lock(&ctx.stats).ops.entry(kind).or_default() += 1;
                break;
            }
        }
    }
    Ok(())
}

fn draw(rng: &mut StdRng, world: &World) -> &'static str {
    let stale = world.faults.contains(&FaultKind::Stale);
    let table: &[(&'static str, u32)] = &[
        ("join", 12),
        ("visit", 45),
        ("undo", 8),
        ("refund", 8),
        ("balance", 10),
        ("erase", 2),
        ("forged", if stale { 3 } else { 0 }),
        ("stale", if stale { 3 } else { 0 }),
    ];
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen_range(0..total);
    for (kind, weight) in table {
        if x < *weight {
            return kind;
        }
        x -= weight;
    }
    "visit"
}

async fn inject(ctx: &WorkerCtx, kind: FaultKind, frng: &mut StdRng, op: u64, w: usize) {
    let world = &ctx.world;
    let what = match kind {
        FaultKind::Kill => {
            let replicas = ctx.cluster.lock().await.replicas();
            let i = frng.gen_range(0..replicas);
            let down_for = Duration::from_millis(frng.gen_range(200..2000));
            let cluster = ctx.cluster.clone();
            // Restarted in the background; the operations go on meanwhile.
            tokio::spawn(async move {
                cluster.lock().await.kill(i);
                tokio::time::sleep(down_for).await;
                let mut c = cluster.lock().await;
                let down = lock(&c.ports)[i].is_none();
                if down && let Err(e) = c.restart(i).await {
                    tracing::error!(%e, "torture: restarting a replica failed");
                }
            });
            format!("fault: SIGKILL replica {i}, restart after {down_for:?}")
        }
        FaultKind::PgKill => {
            let killed: i64 = sqlx::query_scalar(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid()
                   AND application_name <> 'torture'",
            )
            .fetch_one(&world.pool)
            .await
            .unwrap_or(-1);
            format!("fault: pg_terminate_backend of the bot's {killed} connections")
        }
        FaultKind::RetryAfter => {
            world.emu.inject_fault("sendMessage", Fault::RetryAfter(1));
            "fault: next sendMessage answered 429 retry_after 1".to_owned()
        }
        FaultKind::ServerError => {
            world.emu.inject_fault("sendMessage", Fault::ServerError);
            "fault: next sendMessage answered 500".to_owned()
        }
        FaultKind::Slow => {
            let ms = frng.gen_range(100..2000);
            world.emu.inject_fault("sendMessage", Fault::Slow(ms));
            format!("fault: next sendMessage answered after {ms} ms")
        }
        FaultKind::Duplicate => {
            ctx.postman.duplicates.fetch_add(1, Ordering::SeqCst);
            "fault: an update delivered twice".to_owned()
        }
        FaultKind::Rerun => {
            let back = frng.gen_range(0..20i64);
            let id: Option<i64> = sqlx::query_scalar(
                "UPDATE inbox SET state = 'pending', finished_at = NULL
                 WHERE update_id = (SELECT update_id FROM inbox WHERE state = 'done'
                                    ORDER BY update_id DESC OFFSET $1 LIMIT 1)
                 RETURNING update_id",
            )
            .bind(back)
            .fetch_optional(&world.pool)
            .await
            .ok()
            .flatten();
            format!("fault: update {id:?} handled again")
        }
        FaultKind::Stale => "fault: stale and forged presses are on".to_owned(),
    };
    *lock(&ctx.stats).faults.entry(kind.name()).or_default() += 1;
    world.record(OpRecord {
        op,
        worker: w,
        slots: Vec::new(),
        what,
    });
}
