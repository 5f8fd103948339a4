#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! `qwen-route sim` and `qwen-route relay` as a user runs them: real processes on 127.0.0.1,
//! spoken to over TCP, every wait bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const KEY: &str = "sk-sim-intl-Zq9SECRETkey";
const ORIGIN: &str = "http://127.0.0.1:8090";

/// A running `qwen-route` server; its output is collected, it is killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    output: Arc<Mutex<String>>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_qwen-route"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().unwrap();
        let sink = Arc::clone(&output);
        thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let _ = tx.send(rest.split_whitespace().next().unwrap().to_string());
                }
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let err = child.stderr.take().unwrap();
        let sink = Arc::clone(&output);
        thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("server did not start")
            .parse()
            .unwrap();
        Server { child, addr, output }
    }

    fn output(&self) -> String {
        // Let the last request's log line arrive.
        thread::sleep(Duration::from_millis(100));
        self.output.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sim() -> Server {
    Server::start(&["sim", "--port", "0", "--pace-ms", "1"])
}

fn relay(extra: &[&str]) -> Server {
    let mut args = vec!["relay", "--port", "0", "--idle-timeout-s", "2"];
    args.extend_from_slice(extra);
    Server::start(&args)
}

/// A raw HTTP/1.1 exchange.
struct Reply {
    status: u16,
    head: String,
    body: String,
    /// The server closed the connection (rather than the read timing out).
    closed: bool,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    wait: Duration,
) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let started = Instant::now();
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let mut closed = false;
    while started.elapsed() < wait {
        match s.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply { status, head: head.to_string(), body: body.to_string(), closed }
}

/// POST a chat request for `model` as JSON, with the given headers.
fn post_chat(
    addr: SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
    model: &str,
    stream: bool,
    wait: Duration,
) -> Reply {
    let mut all = headers.to_vec();
    all.push(("Content-Type", "application/json"));
    http(addr, "POST", path, &all, &chat_body(model, stream), wait)
}

fn chat_body(model: &str, stream: bool) -> Vec<u8> {
    format!(r#"{{"model":"{model}","stream":{stream},"messages":[{{"role":"user","content":"Why is the sky blue?"}}]}}"#).into_bytes()
}

const SEC: Duration = Duration::from_secs(1);

#[test]
fn a_browser_call_to_dashscope_fails_without_the_relay_and_streams_through_it() {
    let sim = sim();
    let chat = "/dashscope-intl/compatible-mode/v1/chat/completions";
    // Without the relay: the DashScope-like surface answers the preflight with no CORS headers.
    let pre = http(
        sim.addr,
        "OPTIONS",
        chat,
        &[
            ("Origin", ORIGIN),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization,content-type"),
        ],
        b"",
        5 * SEC,
    );
    assert!(pre.header("access-control-allow-origin").is_none(), "{}", pre.head);
    let direct = post_chat(
        sim.addr,
        chat,
        &[("Origin", ORIGIN), ("Authorization", &format!("Bearer {KEY}"))],
        "qwen-plus",
        true,
        5 * SEC,
    );
    assert_eq!(direct.status, 200);
    assert!(
        direct.header("access-control-allow-origin").is_none(),
        "a browser would hide this answer"
    );

    // Through the relay: the preflight is answered for the playground's origin, the stream passes.
    let upstream = format!("http://{}", sim.addr);
    let relay = relay(&["--allow-host", &upstream]);
    let path = format!("/{}{chat}", sim.addr);
    let pre = http(
        relay.addr,
        "OPTIONS",
        &path,
        &[
            ("Origin", ORIGIN),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization,content-type"),
        ],
        b"",
        5 * SEC,
    );
    assert_eq!(pre.status, 204);
    assert_eq!(pre.header("access-control-allow-origin").as_deref(), Some(ORIGIN));
    assert!(pre.header("access-control-allow-headers").unwrap().contains("authorization"));
    let through = post_chat(
        relay.addr,
        &path,
        &[("Origin", ORIGIN), ("Authorization", &format!("Bearer {KEY}"))],
        "qwen-plus",
        true,
        10 * SEC,
    );
    assert_eq!(through.status, 200, "{}", through.head);
    assert_eq!(through.header("access-control-allow-origin").as_deref(), Some(ORIGIN));
    assert!(through.header("content-type").unwrap().starts_with("text/event-stream"));
    assert!(through.body.contains("\"content\":\"qwen-sim \""), "{}", through.body);
    assert!(through.body.contains("data: [DONE]"));
    // The key went upstream (the sim accepted it) and appears in no log and no answer.
    assert!(!through.body.contains(KEY) && !through.head.contains(KEY));
    assert!(!relay.output().contains(KEY), "{}", relay.output());
    assert!(!sim.output().contains(KEY));
    // A wrong key comes back as the upstream's own 401, through the relay, readable by the page.
    let refused = post_chat(
        relay.addr,
        &path,
        &[("Origin", ORIGIN), ("Authorization", "Bearer sk-sim-cn-1")],
        "qwen-plus",
        false,
        5 * SEC,
    );
    assert_eq!(refused.status, 401);
    assert!(refused.body.contains("Incorrect API key provided"));
    assert_eq!(refused.header("access-control-allow-origin").as_deref(), Some(ORIGIN));
}

#[test]
fn relay_streams_without_buffering() {
    let sim = sim();
    let relay = relay(&["--allow-host", &format!("http://{}", sim.addr)]);
    // The `stall` scenario sends four frames and then nothing, connection open: a buffering
    // relay would deliver nothing at all.
    let path = format!("/{}/vllm/v1/chat/completions", sim.addr);
    let r = post_chat(
        relay.addr,
        &path,
        &[("Origin", ORIGIN), ("X-Qwen-Sim-Scenario", "stall")],
        "Qwen/Qwen3-8B",
        true,
        SEC,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body.matches("data: {").count(), 4, "{}", r.body);
    assert!(!r.closed, "the stream is still open");
}

#[test]
fn relay_gives_up_on_a_silent_upstream() {
    let sim = sim();
    let relay = relay(&["--allow-host", &format!("http://{}", sim.addr)]);
    let path = format!("/{}/vllm/v1/chat/completions", sim.addr);
    // Mid-stream: after the idle timeout (2 s) the relay ends the response.
    let r = post_chat(
        relay.addr,
        &path,
        &[("X-Qwen-Sim-Scenario", "stall")],
        "Qwen/Qwen3-8B",
        true,
        10 * SEC,
    );
    assert!(r.closed, "the relay closed the stalled stream");
    assert!(!r.body.contains("[DONE]"));
    // Before any header: a 504 the page can read.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_addr = silent.local_addr().unwrap();
    thread::spawn(move || {
        let held: Vec<TcpStream> = silent.incoming().take(1).map_while(Result::ok).collect();
        thread::sleep(Duration::from_secs(10));
        drop(held);
    });
    let relay2 = Server::start(&[
        "relay",
        "--port",
        "0",
        "--idle-timeout-s",
        "1",
        "--allow-host",
        &format!("http://{silent_addr}"),
    ]);
    let r = http(
        relay2.addr,
        "POST",
        &format!("/{silent_addr}/v1/chat/completions"),
        &[("Origin", ORIGIN)],
        b"{}",
        10 * SEC,
    );
    assert_eq!(r.status, 504, "{}", r.head);
    assert!(r.body.contains("upstream_timeout"));
    assert_eq!(r.header("access-control-allow-origin").as_deref(), Some(ORIGIN));
}

#[test]
fn relay_refuses_other_origins_hosts_and_large_bodies() {
    let sim = sim();
    let relay = relay(&["--allow-host", &format!("http://{}", sim.addr), "--max-body-mb", "1"]);
    let path = format!("/{}/vllm/v1/chat/completions", sim.addr);
    // Another origin: 403 with nothing a browser may read.
    let r = http(
        relay.addr,
        "OPTIONS",
        &path,
        &[("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")],
        b"",
        5 * SEC,
    );
    assert_eq!(r.status, 403);
    assert!(r.header("access-control-allow-origin").is_none());
    let r = http(
        relay.addr,
        "POST",
        &path,
        &[("Origin", "https://evil.example"), ("Authorization", &format!("Bearer {KEY}"))],
        &chat_body("Qwen/Qwen3-8B", false),
        5 * SEC,
    );
    assert_eq!(r.status, 403);
    // Hosts outside the allow-list, including private ranges and the cloud metadata address.
    for host in [
        "example.com",
        "169.254.169.254",
        "127.0.0.1:1",
        "localhost:8788",
        "dashscope-intl.aliyuncs.com.example.com",
    ] {
        let r = http(
            relay.addr,
            "GET",
            &format!("/{host}/v1/models"),
            &[("Origin", ORIGIN)],
            b"",
            5 * SEC,
        );
        assert_eq!(r.status, 403, "{host}: {}", r.head);
        assert!(r.body.contains("host_not_allowed"), "{host}");
    }
    // A page that reached the relay through DNS rebinding names its own host: refused.
    let r = http(
        relay.addr,
        "GET",
        &path,
        &[("Host", &format!("evil.example:{}", relay.addr.port()))],
        b"",
        5 * SEC,
    );
    assert_eq!(r.status, 421, "{}", r.head);
    // A cross-site request without an Origin (an <img>, a form): refused.
    let r = http(relay.addr, "GET", &path, &[("Sec-Fetch-Site", "cross-site")], b"", 5 * SEC);
    assert_eq!(r.status, 403, "{}", r.head);
    // Bodies over the cap.
    let big = vec![b'x'; 2 * 1024 * 1024];
    let r = http(
        relay.addr,
        "POST",
        &path,
        &[("Origin", ORIGIN), ("Content-Type", "application/json")],
        &big,
        5 * SEC,
    );
    assert_eq!(r.status, 413);
    assert!(r.body.contains("body_too_large"));
}

/// A loopback upstream that records each request and answers with a fixed reply.
fn recording_upstream(reply: &'static str) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    thread::spawn(move || {
        for s in l.incoming().map_while(Result::ok) {
            let mut s = s;
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut raw = Vec::new();
            let mut buf = [0u8; 4096];
            // Read the head and a Content-Length body.
            loop {
                let n = s.read(&mut buf).unwrap_or(0);
                if n == 0 {
                    break;
                }
                raw.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&raw).to_string();
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if body.len() >= len {
                        break;
                    }
                }
            }
            sink.lock().unwrap().push(String::from_utf8_lossy(&raw).into_owned());
            let _ = s.write_all(reply.as_bytes());
        }
    });
    (addr, seen)
}

#[test]
fn relay_header_hygiene() {
    let (addr, seen) = recording_upstream("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: session=upstream\r\nX-Request-Id: abc\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    let relay = relay(&["--allow-host", &format!("http://{addr}")]);
    let r = http(
        relay.addr,
        "POST",
        &format!("/{addr}/v1/chat/completions?x=1"),
        &[
            ("Origin", ORIGIN),
            ("Authorization", &format!("Bearer {KEY}")),
            ("Content-Type", "application/json"),
            ("Cookie", "playground=1"),
            ("Referer", "http://127.0.0.1:8090/#share"),
            ("X-Forwarded-For", "10.0.0.1"),
        ],
        b"{\"model\":\"m\"}",
        5 * SEC,
    );
    assert_eq!(r.status, 200, "{}", r.head);
    let upstream = seen.lock().unwrap().join("\n---\n");
    let lower = upstream.to_ascii_lowercase();
    assert!(lower.starts_with("post /v1/chat/completions?x=1 "), "{upstream}");
    assert_eq!(upstream.matches(KEY).count(), 1, "the key appears once upstream: {upstream}");
    assert!(upstream.lines().any(|l| l == format!("authorization: Bearer {KEY}")), "{upstream}");
    for gone in ["cookie:", "referer:", "origin:", "x-forwarded-for:"] {
        assert!(!lower.contains(gone), "{gone} was forwarded: {upstream}");
    }
    assert!(r.header("set-cookie").is_none(), "set-cookie came back");
    assert_eq!(r.header("x-request-id").as_deref(), Some("abc"));
    assert!(!r.body.contains(KEY) && !r.head.contains(KEY));
    assert!(!relay.output().contains(KEY));
}

#[test]
fn relay_does_not_follow_redirects() {
    let (addr, seen) = recording_upstream("HTTP/1.1 302 Found\r\nLocation: http://example.com/steal\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let relay = relay(&["--allow-host", &format!("http://{addr}")]);
    let r = http(
        relay.addr,
        "POST",
        &format!("/{addr}/v1/chat/completions"),
        &[("Origin", ORIGIN), ("Authorization", &format!("Bearer {KEY}"))],
        b"{}",
        5 * SEC,
    );
    assert_eq!(r.status, 502);
    assert!(r.body.contains("redirect_refused"));
    assert!(r.header("location").is_none());
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[test]
fn sim_serves_every_surface() {
    let sim = sim();
    for (path, status) in [
        ("/vllm/v1/models", 200),
        ("/ollama/v1/models", 200),
        ("/dashscope-intl/compatible-mode/v1/models", 401),
        ("/coding-plan-intl/v1/models", 404),
        ("/nowhere", 404),
    ] {
        let r = http(sim.addr, "GET", path, &[], b"", 5 * SEC);
        assert_eq!(r.status, status, "{path}");
        assert!(r.header("x-qwen-sim").is_some() || path == "/nowhere");
    }
    let r = post_chat(
        sim.addr,
        "/ollama/v1/chat/completions",
        &[("X-Qwen-Sim-Scenario", "rate-limit")],
        "qwen3:8b",
        false,
        5 * SEC,
    );
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after").as_deref(), Some("2"));
}

#[test]
fn repro_shrinks_a_failing_payload_against_the_sim_and_never_writes_the_key() {
    let sim = sim();
    let dir = std::env::temp_dir().join(format!("qr-repro-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("failure.json");
    let input = serde_json::json!({
        "surface": "dashscope-intl",
        "request": {
            "method": "POST",
            "url": format!("http://{}/dashscope-intl/compatible-mode/v1/chat/completions", sim.addr),
            "headers": {"Authorization": format!("Bearer {KEY}"), "Content-Type": "application/json"},
            "body": {
                "model": "qwen-max", "temperature": 0.2, "max_tokens": 10000,
                "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "user", "content": "c"}],
                "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
            }
        },
        "response": {"status": 400, "headers": {}, "body": "{\"error\":{\"code\":\"invalid_parameter_error\",\"message\":\"<400> InternalError.Algo.InvalidParameter: Range of max_tokens should be [1, 8192]\",\"type\":\"invalid_request_error\"}}"}
    });
    std::fs::write(&file, input.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_qwen-route"))
        .args(["repro", "--from", &file.to_string_lossy(), "--send", "--trust-url"])
        .env("DASHSCOPE_API_KEY", KEY)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stdout.contains(KEY) && !stderr.contains(KEY), "the key leaked");
    let b: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(b["kind"], "qwen-route.repro.v1");
    assert_eq!(b["diagnosis"]["code"], "max-tokens-range");
    assert_eq!(
        b["request"]["body"],
        serde_json::json!({"model": "qwen-max", "max_tokens": 10000, "messages": [{"role": "user", "content": "Say hi."}]})
    );
    assert_eq!(b["request"]["headers"]["Authorization"], "Bearer $DASHSCOPE_API_KEY");
    assert_eq!(b["response"]["status"], 400);
    assert!(stderr.contains("drop-param:max_tokens") && stderr.contains("succeeded → kept"));
    // Without --trust-url the key is not sent to a host that is not the surface's.
    let refused = Command::new(env!("CARGO_BIN_EXE_qwen-route"))
        .args(["repro", "--from", &file.to_string_lossy(), "--send"])
        .env("DASHSCOPE_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("refusing to send your key"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `qwen-route probe` over real HTTP: the exit code follows the verdicts, the key only ever goes
/// to the probed server, and never appears in the output.
#[test]
fn probe_over_http_tells_a_misconfigured_server_apart() {
    let s = sim();
    let probe = |path: &str, extra: &[&str], key: Option<&str>| {
        let base = format!("http://{}{path}", s.addr);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_qwen-route"));
        cmd.args(["probe", "--base-url", &base, "--json"]).args(extra);
        cmd.env_remove("DASHSCOPE_API_KEY");
        if let Some(k) = key {
            cmd.env("QR_TEST_PROBE_KEY", k).args(["--key-env", "QR_TEST_PROBE_KEY"]);
        }
        let out = cmd.output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        (
            out.status.code(),
            report,
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (code, good, _) = probe("/vllm/v1", &["--surface", "vllm"], None);
    assert_eq!(code, Some(0), "{good}");
    let (code, bad, _) = probe("/vllm@no-tool-parser/v1", &["--surface", "vllm"], None);
    assert_eq!(code, Some(1));
    let tools =
        bad["capabilities"].as_array().unwrap().iter().find(|c| c["id"] == "tool-calls").unwrap();
    assert_eq!(tools["verdict"], "no");
    assert!(tools["fix"].as_str().unwrap().contains("--tool-call-parser hermes"));
    let (code, hosted, text) = probe(
        "/dashscope-intl/compatible-mode/v1",
        &["--surface", "dashscope-intl", "--model", "qwen3.6-plus"],
        Some(KEY),
    );
    assert_eq!(code, Some(0), "{hosted}");
    assert!(!text.contains(KEY), "the key never appears in the output");
    let beijing = "sk-sim-cn-Zq9OTHERkey1";
    let (code, refused, text) = probe(
        "/dashscope-intl/compatible-mode/v1",
        &["--surface", "dashscope-intl", "--model", "qwen3.6-plus"],
        Some(beijing),
    );
    assert_eq!(code, Some(1), "a Beijing key on the Singapore host: {refused}");
    assert_eq!(refused["missing"], serde_json::json!(["reachable"]));
    assert!(!text.contains(beijing));
    // Every request went to the probed server, with the key only in Authorization.
    let log = s.output();
    assert!(log.contains("/dashscope-intl/compatible-mode/v1/models"), "{log}");
    assert!(!log.contains(KEY), "the simulator logs no key");
    let (code, _, text) = probe("/vllm/v1", &["--surface", "nope"], None);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("unknown surface \"nope\""), "{text}");
}
