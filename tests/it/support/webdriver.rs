//! A tiny W3C WebDriver client for the browser tests: chromedriver on a free port drives a
//! headless Chromium. Only what the stories need: open a page, find and click elements, type,
//! run a script, wait for a condition, take a screenshot.
//!
//! Without chromedriver the tests print a notice and pass, except in CI (`CI` set), where a
//! missing browser is a broken pipeline, not a reason to skip.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use anyhow::{Context, bail};
use base64::Engine;
use serde_json::{Value, json};

/// The key W3C WebDriver uses for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const WAIT: Duration = Duration::from_secs(20);

pub struct Driver {
    child: Child,
    base: String,
    http: reqwest::Client,
    profile: PathBuf,
}

impl Driver {
    /// Starts chromedriver, or returns None after printing why the test is skipped.
    pub async fn start(test: &str) -> Option<Driver> {
        let Some(path) = find_chromedriver() else {
            let why = "chromedriver not found (install the Debian packages chromium and \
                       chromium-driver, or set CHROMEDRIVER to its path)";
            assert!(std::env::var_os("CI").is_none(), "{test}: {why}");
            eprintln!("SKIPPED {test}: {why}");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(&path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{test}: cannot start {}: {e}", path.display()));
        let profile =
            std::env::temp_dir().join(format!("lbt-chromium-{}-{port}", std::process::id()));
        let driver = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::new(),
            profile,
        };
        for _ in 0..100 {
            let status = driver
                .http
                .get(format!("{}/status", driver.base))
                .send()
                .await;
            if status.is_ok_and(|r| r.status().is_success()) {
                return Some(driver);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{test}: chromedriver did not answer on port {port}");
    }

    /// A new headless browser window of `width`×`height` with a fresh profile.
    pub async fn browser(&self, width: u32, height: u32) -> anyhow::Result<Browser> {
        let mut options = json!({ "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", format!("--user-data-dir={}", self.profile.display()),
            format!("--window-size={width},{height}"),
        ]});
        if let Some(binary) = find_chromium() {
            options["binary"] = json!(binary);
        }
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options,
            "goog:loggingPrefs": { "browser": "SEVERE" },
        }}});
        let url = format!("{}/session", self.base);
        let session = call(self.http.post(url).json(&capabilities)).await?;
        let id = session["sessionId"]
            .as_str()
            .context("no sessionId in the new session")?;
        Ok(Browser {
            http: self.http.clone(),
            session: format!("{}/session/{id}", self.base),
        })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

pub struct Browser {
    http: reqwest::Client,
    session: String,
}

impl Browser {
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.post("/url", json!({ "url": url })).await.map(drop)
    }

    /// Runs `script` (a function body; `arguments[i]` are `args`) and returns its result.
    pub async fn eval(&self, script: &str, args: Value) -> anyhow::Result<Value> {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
            .await
    }

    /// Runs async `script`, which reports its result by calling its last argument.
    pub async fn eval_async(&self, script: &str, args: Value) -> anyhow::Result<Value> {
        self.post("/execute/async", json!({ "script": script, "args": args }))
            .await
    }

    /// Polls `script` until it returns something truthy, which is returned.
    pub async fn wait_for(&self, what: &str, script: &str, args: Value) -> anyhow::Result<Value> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let value = self.eval(script, args.clone()).await?;
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!("")
                && value != json!(0);
            if truthy {
                return Ok(value);
            }
            if tokio::time::Instant::now() > deadline {
                bail!("timed out after {WAIT:?} waiting for {what}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the first element matching `css` as a user would (scrolled into view first).
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        let id = self.find(css).await?;
        self.post(&format!("/element/{id}/click"), json!({}))
            .await
            .with_context(|| format!("clicking {css}"))
            .map(drop)
    }

    /// Types `text` into the first element matching `css`.
    pub async fn type_into(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let id = self.find(css).await?;
        self.post(&format!("/element/{id}/value"), json!({ "text": text }))
            .await
            .with_context(|| format!("typing into {css}"))
            .map(drop)
    }

    /// Switches into the iframe matching `css` (later commands act inside it).
    pub async fn enter_frame(&self, css: &str) -> anyhow::Result<()> {
        let id = self.find(css).await?;
        self.post("/frame", json!({ "id": { ELEMENT: id } }))
            .await
            .with_context(|| format!("entering the frame {css}"))
            .map(drop)
    }

    /// Back to the top-level page.
    pub async fn leave_frames(&self) -> anyhow::Result<()> {
        self.post("/frame", json!({ "id": null })).await.map(drop)
    }

    pub async fn screenshot(&self, path: &Path) -> anyhow::Result<()> {
        let url = format!("{}/screenshot", self.session);
        let png = call(self.http.get(url)).await?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().context("screenshot is not a string")?)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// Errors the page logged to the console (script errors, failed requests) since the last
    /// call.
    pub async fn console_errors(&self) -> anyhow::Result<Vec<String>> {
        let logs = self.post("/se/log", json!({ "type": "browser" })).await?;
        let entries = logs.as_array().cloned().unwrap_or_default();
        Ok(entries
            .iter()
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .collect())
    }

    /// Closes the window (and with it the browser).
    pub async fn quit(self) {
        let _ = self.http.delete(&self.session).send().await;
    }

    async fn find(&self, css: &str) -> anyhow::Result<String> {
        let query = json!({ "using": "css selector", "value": css });
        let element = self.post("/element", query).await?;
        element[ELEMENT]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("no element {css}"))
    }

    async fn post(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        let url = format!("{}{path}", self.session);
        call(self.http.post(url).json(&body)).await
    }
}

/// Sends a WebDriver command and returns its `value`, or the driver's error as an error.
async fn call(request: reqwest::RequestBuilder) -> anyhow::Result<Value> {
    let response = request.send().await.context("WebDriver request")?;
    let status = response.status();
    let body: Value = response.json().await.context("WebDriver answer")?;
    let value = body.get("value").cloned().unwrap_or(Value::Null);
    if !status.is_success() {
        bail!(
            "WebDriver {status}: {} {}",
            value["error"],
            value["message"]
        );
    }
    Ok(value)
}

fn find_chromedriver() -> Option<PathBuf> {
    let named = std::env::var_os("CHROMEDRIVER").map(PathBuf::from);
    named
        .into_iter()
        .chain([PathBuf::from("/usr/bin/chromedriver")])
        .chain(on_path("chromedriver"))
        .find(|p| p.is_file())
}

fn find_chromium() -> Option<PathBuf> {
    let named = std::env::var_os("CHROME_BIN").map(PathBuf::from);
    let known = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ];
    named
        .into_iter()
        .chain(known.iter().map(PathBuf::from))
        .find(|p| p.is_file())
}

fn on_path(name: &str) -> Vec<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .collect()
}
