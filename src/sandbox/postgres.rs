//! A private, throwaway PostgreSQL cluster for the sandbox on a machine where no server answers
//! at `DATABASE_URL`: `initdb` + `postgres` from the local server binaries, a data folder of its
//! own, a Unix socket only (no TCP port to collide with), stopped when the sandbox stops.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use anyhow::{Context, bail};

pub struct PrivateCluster {
    /// Connection URL of the sandbox database on this cluster.
    pub url: String,
    pub data_dir: PathBuf,
    child: Child,
    stopped: bool,
}

/// Where `initdb` and `postgres` live: on PATH, else the newest `/usr/lib/postgresql/*/bin`.
pub fn find_binaries() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .find(|dir| dir.join("initdb").is_file() && dir.join("postgres").is_file())
    });
    on_path.or_else(|| {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|bin| bin.join("initdb").is_file() && bin.join("postgres").is_file())
            .collect();
        dirs.sort_by_key(|d| {
            d.parent()
                .and_then(|v| v.file_name())
                .and_then(|v| v.to_str())
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0)
        });
        dirs.pop()
    })
}

pub const HOW_TO_GET_POSTGRES: &str = "no PostgreSQL server answers at DATABASE_URL and no local server binaries \
     (initdb, postgres) were found. Install them with `sudo apt-get install postgresql` (Debian/Ubuntu) \
     or start one with `docker compose up db`, then run the sandbox again.";

/// PostgreSQL refuses to run as root; when we are root, run it as the `postgres` system user.
fn command(bin: &Path, as_postgres: bool) -> Command {
    if as_postgres {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl PrivateCluster {
    /// Initialises (first time) and starts a cluster under `root`; waits until it accepts.
    pub async fn start(root: &Path, database: &str) -> anyhow::Result<Self> {
        let bin = find_binaries().context(HOW_TO_GET_POSTGRES)?;
        let as_postgres = is_root();
        let data_dir = root.join("data");
        let socket_dir = root.join("socket");
        std::fs::create_dir_all(&socket_dir)
            .with_context(|| format!("creating {}", socket_dir.display()))?;
        if as_postgres {
            let status = Command::new("chown")
                .args(["-R", "postgres:"])
                .arg(root)
                .status()?;
            if !status.success() {
                bail!("cannot hand {} to the postgres user", root.display());
            }
        }
        if !data_dir.join("PG_VERSION").exists() {
            let out = command(&bin.join("initdb"), as_postgres)
                .args([
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-instructions",
                    "-D",
                ])
                .arg(&data_dir)
                .output()
                .context("running initdb")?;
            if !out.status.success() {
                bail!("initdb failed: {}", String::from_utf8_lossy(&out.stderr));
            }
        }
        let child = command(&bin.join("postgres"), as_postgres)
            .arg("-D")
            .arg(&data_dir)
            .arg("-k")
            .arg(&socket_dir)
            .args(["-c", "listen_addresses=", "-p", "5432"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting postgres")?;
        let url = format!(
            "postgres://postgres@localhost/{database}?host={}",
            socket_dir.display()
        );
        let mut cluster = Self {
            url,
            data_dir,
            child,
            stopped: false,
        };
        let socket = socket_dir.join(".s.PGSQL.5432");
        for _ in 0..150 {
            if let Some(status) = cluster.child.try_wait()? {
                bail!(
                    "postgres exited at start ({status}); see {}",
                    cluster.data_dir.display()
                );
            }
            if socket.exists() && crate::db::connect(&cluster.url, 1).await.is_ok() {
                return Ok(cluster);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        bail!("the private PostgreSQL cluster did not come up within 30 s")
    }

    /// Fast shutdown (SIGINT to the postmaster, what `pg_ctl stop -m fast` does).
    pub fn stop(&mut self) {
        self.signal("-INT");
    }

    /// Immediate shutdown (SIGQUIT, what `pg_ctl stop -m immediate` does): connections are cut
    /// at once and the next start recovers from the WAL, as after a crash. Tests use it to take
    /// the database away under a running bot; [`PrivateCluster::start`] on the same `root`
    /// brings it back at the same address.
    pub fn stop_immediately(&mut self) {
        self.signal("-QUIT");
    }

    /// The pid comes from `postmaster.pid`, since our child may be `runuser` rather than
    /// postgres itself.
    fn signal(&mut self, signal: &str) {
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        let pid_file = self.data_dir.join("postmaster.pid");
        let pid = std::fs::read_to_string(&pid_file)
            .ok()
            .and_then(|s| s.lines().next().map(str::to_owned))
            .unwrap_or_else(|| self.child.id().to_string());
        let _ = Command::new("kill")
            .args([signal, &pid])
            .stderr(Stdio::null())
            .status();
        for _ in 0..100 {
            if !pid_file.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        for _ in 0..20 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        self.stop();
    }
}
