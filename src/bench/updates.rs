//! `loyalty-bot bench --updates`: how many `/start` registrations per second the whole bot
//! handles (Bot API emulator → update loop → enrolment → welcome and card photo), with `--users`
//! people in flight, each sending `/start` as soon as their previous registration was answered
//! (a closed loop, as real people wait for the reply). With `--echo` it measures a bare teloxide
//! echo bot on the same emulator the same way: the ceiling that the Bot API round trips allow
//! on this machine.
//!
//! A registration counts when its last reply (the card photo; the echo for `--echo`) reaches the
//! emulator. The emulator runs in this process and validates every request against the Bot API
//! spec, like in the tests, so both figures pay for it alike.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicI64, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::Context;
use teloxide::prelude::*;

use super::{BenchArgs, recreate_database, with_database};
use crate::{
    config::Config,
    db,
    sandbox::emulator::{BotEvent, BotProfile, Emulator, UserProfile},
    startup,
};

/// The database this phase owns; dropped at every start.
pub const DATABASE: &str = "loyalty_bench_updates";
const TOKEN: &str = "7000001:BENCH-TOKEN";
/// One reply must arrive within this long, or the run fails (it is stuck, not slow).
const REPLY_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn run(database_url: &str, args: &BenchArgs) -> anyhow::Result<i32> {
    let emu = Emulator::new(BotProfile {
        id: 7_000_001,
        username: "bench_loyalty_bot".to_owned(),
        first_name: "Bench".to_owned(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let api = listener.local_addr()?;
    let server = emu.serve(listener).await;
    let label = if args.echo {
        "teloxide echo bot"
    } else {
        "loyalty-bot /start"
    };
    println!(
        "bench --updates: {label}, {} users in flight, {} s, Bot API emulator at {api}",
        args.users, args.seconds
    );

    let stop_bot: Box<dyn FnOnce() -> tokio::task::JoinHandle<()>> = if args.echo {
        let bot = Bot::new(TOKEN).set_api_url(url::Url::parse(&format!("http://{api}/"))?);
        let mut dispatcher = Dispatcher::builder(
            bot,
            Update::filter_message().endpoint(|bot: Bot, msg: Message| async move {
                let text = msg.text().unwrap_or("?").to_owned();
                bot.send_message(msg.chat.id, text).await?;
                Ok::<(), teloxide::RequestError>(())
            }),
        )
        .build();
        let token = dispatcher.shutdown_token();
        let task = tokio::spawn(async move { dispatcher.dispatch().await });
        Box::new(move || {
            tokio::spawn(async move {
                if let Ok(done) = token.shutdown() {
                    done.await;
                }
                let _ = task.await;
            })
        })
    } else {
        let url = with_database(database_url, DATABASE)?;
        recreate_database(database_url, DATABASE).await?;
        let pool = db::connect(&url, 16).await?;
        db::migrate(&pool).await?;
        let vars = [
            ("TELOXIDE_TOKEN", TOKEN.to_owned()),
            ("TELOXIDE_API_URL", format!("http://{api}/")),
            ("CARD_SECRET", "bench-card-secret-0123456789".to_owned()),
            ("DATABASE_URL", url.clone()),
            // A local Bot API server has no 30 messages/s limit: measure the bot, not the pacing.
            ("SEND_RATE", "100000".to_owned()),
            ("BROADCAST_RATE", "100000".to_owned()),
        ];
        let config =
            Config::from_vars(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))?;
        let running = startup::start(config, pool, startup::PollingOptions::default())
            .await
            .context("starting the bot")?;
        Box::new(move || tokio::spawn(running.stop()))
    };

    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let next_user = Arc::new(AtomicI64::new(10_000_000));
    let failed = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..args.users {
        let (emu, next_user, failed, echo) =
            (emu.clone(), next_user.clone(), failed.clone(), args.echo);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline && !failed.load(Ordering::Relaxed) {
                let id = next_user.fetch_add(1, Ordering::Relaxed);
                let user = UserProfile {
                    id,
                    first_name: format!("U{id}"),
                    username: None,
                    language_code: Some("en".to_owned()),
                };
                let sent = Instant::now();
                emu.send_text(&user, "/start");
                if answered(&emu, id, echo).await {
                    latencies.push(sent.elapsed());
                } else {
                    failed.store(true, Ordering::Relaxed);
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await?);
    }
    let elapsed = started.elapsed();
    stop_bot().await?;
    server.abort();
    latencies.sort_unstable();
    let q = |p: f64| {
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1_000.0)
    };
    println!(
        "{label}: {} registrations in {:.1} s = {:.0}/s   p50 {:.1} ms   p99 {:.1} ms{}",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        q(0.5),
        q(0.99),
        if failed.load(Ordering::Relaxed) {
            "   (a reply never came: FAILED)"
        } else {
            ""
        }
    );
    Ok(i32::from(failed.load(Ordering::Relaxed)))
}

/// Waits for the end of the bot's answer in `chat`: the card photo (or, for the echo bot, any
/// message).
async fn answered(emu: &Emulator, chat: i64, echo: bool) -> bool {
    let mut cursor = 0;
    let until = tokio::time::Instant::now() + REPLY_TIMEOUT;
    loop {
        let left = until.saturating_duration_since(tokio::time::Instant::now());
        match emu.next_event(chat, &mut cursor, left).await {
            Some(BotEvent::Message(m)) if echo || m.photo_file_id.is_some() => return true,
            Some(_) => {}
            None => return false,
        }
    }
}
