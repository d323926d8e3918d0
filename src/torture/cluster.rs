//! The bot processes under test and Telegram's side of their webhook: R real `loyalty-bot
//! run` processes (webhook mode, one port each) on one database, and a postman that takes the
//! updates users made in the emulator and POSTs each to a live replica until one stores it
//! (answers 200), as Telegram retries a webhook.

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::Context;
use serde_json::Value;

use crate::sandbox::emulator::Emulator;

/// Token, secrets and the webhook path every replica gets.
pub const TOKEN: &str = "7000001:TORTURE-TOKEN";
pub const CARD_SECRET: &str = "torture-card-secret-0123456789";
const WEBHOOK_SECRET: &str = "torture-webhook-secret";
const HOOK_PATH: &str = "/tg/hook";

pub struct Cluster {
    bin: PathBuf,
    api: std::net::SocketAddr,
    db_url: String,
    owners: String,
    log_dir: PathBuf,
    children: Vec<Option<Child>>,
    /// The replicas' ports; `None` while a replica is down. Shared with the postman.
    pub ports: Arc<Mutex<Vec<Option<u16>>>>,
    fixed_ports: Vec<u16>,
}

impl Cluster {
    pub async fn start(
        bin: PathBuf,
        api: std::net::SocketAddr,
        db_url: &str,
        owners: &[i64],
        replicas: usize,
    ) -> anyhow::Result<Self> {
        let log_dir = std::env::temp_dir().join(format!("loyalty-torture-{}", std::process::id()));
        std::fs::create_dir_all(&log_dir)?;
        let mut fixed_ports = Vec::new();
        for _ in 0..replicas {
            let l = std::net::TcpListener::bind("127.0.0.1:0")?;
            fixed_ports.push(l.local_addr()?.port());
        }
        let owners = owners
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let mut cluster = Self {
            bin,
            api,
            db_url: db_url.to_owned(),
            owners,
            log_dir,
            children: (0..replicas).map(|_| None).collect(),
            ports: Arc::new(Mutex::new(vec![None; replicas])),
            fixed_ports,
        };
        for i in 0..replicas {
            cluster.restart(i).await?;
        }
        Ok(cluster)
    }

    pub fn replicas(&self) -> usize {
        self.children.len()
    }

    /// Where replica logs go (kept after the run for a look).
    pub fn log_dir(&self) -> &std::path::Path {
        &self.log_dir
    }

    fn spawn(&self, i: usize) -> anyhow::Result<Child> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_dir.join(format!("replica-{i}.log")))?;
        Command::new(&self.bin)
            .arg("run")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", format!("http://{}/", self.api))
            .env("DATABASE_URL", &self.db_url)
            .env("CARD_SECRET", CARD_SECRET)
            .env("OWNER_IDS", &self.owners)
            .env("DEFAULT_LANGUAGE", "en")
            .env("WEBHOOK_URL", format!("https://torture.invalid{HOOK_PATH}"))
            .env("WEBHOOK_SECRET", WEBHOOK_SECRET)
            .env("LISTEN_ADDR", format!("127.0.0.1:{}", self.fixed_ports[i]))
            // The emulator is a local server: no need to keep Telegram's global 30/s.
            .env("SEND_RATE", "1000")
            .env("RUST_LOG", "warn")
            .current_dir(&self.log_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", self.bin.display()))
    }

    /// (Re)starts replica `i` and waits until its `/healthz` answers.
    pub async fn restart(&mut self, i: usize) -> anyhow::Result<()> {
        if let Some(mut old) = self.children[i].take() {
            let _ = old.kill();
            let _ = old.wait();
        }
        let child = self.spawn(i)?;
        self.children[i] = Some(child);
        let port = self.fixed_ports[i];
        let started = Instant::now();
        let client = reqwest::Client::new();
        loop {
            let up = client
                .get(format!("http://127.0.0.1:{port}/healthz"))
                .timeout(Duration::from_secs(2))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if up {
                break;
            }
            if let Some(Ok(Some(status))) = self.children[i].as_mut().map(Child::try_wait) {
                anyhow::bail!(
                    "replica {i} exited at start ({status}); see {}",
                    self.log_dir.display()
                );
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(60),
                "replica {i} did not come up in 60 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        lock(&self.ports)[i] = Some(port);
        Ok(())
    }

    /// SIGKILL: the process gets no chance to finish or give anything back.
    pub fn kill(&mut self, i: usize) {
        lock(&self.ports)[i] = None;
        if let Some(mut child) = self.children[i].take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM to every replica, then waits for each (SIGKILL after 15 s).
    pub async fn stop(&mut self) {
        for child in self.children.iter().flatten() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
        }
        for slot in &mut self.children {
            if let Some(mut child) = slot.take() {
                let started = Instant::now();
                while child.try_wait().ok().flatten().is_none() {
                    if started.elapsed() > Duration::from_secs(15) {
                        let _ = child.kill();
                        let _ = child.wait();
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
        lock(&self.ports).iter_mut().for_each(|p| *p = None);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for child in self.children.iter_mut().flatten() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Telegram's webhook deliveries: every update in order, each retried (on the next replica)
/// until one answers 200.
pub struct Postman {
    pub busy: Arc<AtomicBool>,
    /// Duplicate deliveries asked for by the fault schedule.
    pub duplicates: Arc<AtomicU64>,
    pub delivered: Arc<AtomicU64>,
    pub stop: Arc<AtomicBool>,
}

impl Postman {
    pub fn start(
        emu: Emulator,
        ports: Arc<Mutex<Vec<Option<u16>>>>,
    ) -> (Self, tokio::task::JoinHandle<()>) {
        let postman = Self {
            busy: Arc::new(AtomicBool::new(false)),
            duplicates: Arc::new(AtomicU64::new(0)),
            delivered: Arc::new(AtomicU64::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let (busy, dups, delivered, stop) = (
            postman.busy.clone(),
            postman.duplicates.clone(),
            postman.delivered.clone(),
            postman.stop.clone(),
        );
        let task = tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut recent: std::collections::VecDeque<Value> = std::collections::VecDeque::new();
            let mut turn = 0usize;
            while !stop.load(Ordering::SeqCst) {
                busy.store(true, Ordering::SeqCst);
                let batch = emu.take_updates(50);
                if batch.is_empty() && dups.load(Ordering::SeqCst) == 0 {
                    busy.store(false, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(3)).await;
                    continue;
                }
                for update in batch {
                    deliver(&client, &ports, &update, &mut turn, &stop).await;
                    delivered.fetch_add(1, Ordering::SeqCst);
                    recent.push_back(update);
                    if recent.len() > 64 {
                        recent.pop_front();
                    }
                }
                if dups.load(Ordering::SeqCst) > 0 {
                    dups.fetch_sub(1, Ordering::SeqCst);
                    // The oldest of the recent ones: most likely already handled.
                    if let Some(update) = recent.front().cloned() {
                        turn += 1;
                        deliver(&client, &ports, &update, &mut turn, &stop).await;
                    }
                }
            }
            busy.store(false, Ordering::SeqCst);
        });
        (postman, task)
    }
}

async fn deliver(
    client: &reqwest::Client,
    ports: &Mutex<Vec<Option<u16>>>,
    update: &Value,
    turn: &mut usize,
    stop: &AtomicBool,
) {
    loop {
        let live: Vec<u16> = lock(ports).iter().flatten().copied().collect();
        if !live.is_empty() {
            *turn = turn.wrapping_add(1);
            let port = live[*turn % live.len()];
            let answer = client
                .post(format!("http://127.0.0.1:{port}{HOOK_PATH}"))
                .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
                .timeout(Duration::from_secs(10))
                .json(update)
                .send()
                .await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                return;
            }
        }
        if stop.load(Ordering::SeqCst) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
