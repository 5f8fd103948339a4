//! `qwen-route probe`: run the core's probe plan against one server and print the judge's report.
//!
//! The key is read from an environment variable, never from an argument, and goes only to the
//! probed origin: every request of the plan is checked to be on it before anything is sent.

use std::time::Duration;

use qwen_route::probe::{
    choose_model, judge_probe, probe_plan, ProbeAnswer, ProbeOptions, ProbePlan, ProbeReport,
    ProbeStep, StepId, Verdict,
};

use crate::Failure;

/// Find out what a server can do: streaming, reasoning, thinking off, tool calls, JSON output,
/// images, context and CORS, each with the flag to fix it.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The kind of server (`vllm`, `sglang`, `llama-cpp`, `ollama`, `litellm`, `dashscope-intl`, …).
    #[arg(long)]
    surface: String,
    /// The server's base URL (default: the surface's).
    #[arg(long)]
    base_url: Option<String>,
    /// The model to probe (default: the first listed model the catalog knows).
    #[arg(long)]
    model: Option<String>,
    /// The environment variable holding the key (default: the surface's, e.g. DASHSCOPE_API_KEY).
    #[arg(long, value_name = "VAR")]
    key_env: Option<String>,
    /// A browser page's origin, to check CORS for (e.g. http://127.0.0.1:8090).
    #[arg(long)]
    origin: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && !host.contains('@'))
        .then(|| format!("{scheme}://{host}").to_ascii_lowercase())
}

/// Every request of the plan goes to the probed origin, or nothing is sent.
fn check_origins(plan: &ProbePlan) -> Result<(), Failure> {
    let base = origin_of(&plan.base_url)
        .ok_or_else(|| Failure(format!("{:?} is not an http(s) URL", plan.base_url)))?;
    for s in &plan.steps {
        if origin_of(&s.url).as_deref() != Some(base.as_str()) {
            return Err(Failure(format!(
                "refusing to probe: step {} would go to {}",
                s.id.as_str(),
                s.url
            )));
        }
    }
    Ok(())
}

async fn send(client: &reqwest::Client, step: &ProbeStep, key: &str) -> ProbeAnswer {
    let method =
        reqwest::Method::from_bytes(step.method.as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut req = client
        .request(method, &step.url)
        .timeout(Duration::from_millis(u64::from(step.timeout_ms)));
    for (k, v) in &step.headers {
        if k.eq_ignore_ascii_case("authorization") {
            // The plan carries `Bearer $VAR`; the key fills it here, or no header is sent.
            if !key.is_empty() {
                req = req.header(k, format!("Bearer {key}"));
            }
        } else {
            req = req.header(k, v);
        }
    }
    if let Some(b) = &step.body {
        req = req.header("Content-Type", "application/json").body(b.to_string());
    }
    let mut answer = ProbeAnswer { step: Some(step.id), ..Default::default() };
    match req.send().await {
        Ok(res) => {
            answer.status = Some(res.status().as_u16());
            answer.headers = res
                .headers()
                .iter()
                .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect();
            match res.bytes().await {
                Ok(b) => {
                    answer.body = String::from_utf8_lossy(&b[..b.len().min(1 << 20)]).into_owned()
                }
                Err(e) => {
                    answer.failure =
                        Some(if e.is_timeout() { "timeout".into() } else { "network".into() })
                }
            }
        }
        Err(e) => {
            answer.failure = Some(if e.is_timeout() { "timeout".into() } else { "network".into() })
        }
    }
    answer
}

fn table(r: &ProbeReport) -> String {
    let mut o = format!(
        "{} · {} · {}\n",
        r.surface,
        r.base_url,
        if r.model.is_empty() { "(no model)" } else { &r.model }
    );
    if !r.live_models.is_empty() {
        o.push_str(&format!("live models: {}\n", r.live_models.join(", ")));
    }
    o.push('\n');
    for c in &r.capabilities {
        let mark = match (c.verdict, c.expected) {
            (Verdict::Yes, _) => "yes",
            (Verdict::No, true) => "NO ",
            (Verdict::No, false) => "no ",
            (Verdict::Unknown, _) => " ? ",
        };
        o.push_str(&format!("  {mark}  {:<32} {}\n", c.label.as_str(), c.detail));
        if let Some(f) = &c.fix {
            o.push_str(&format!("       fix: {f}\n"));
        }
        if c.verdict == Verdict::No {
            if let Some(e) = &c.evidence {
                o.push_str(&format!("       seen: {} → {}\n", e.request, e.excerpt));
            }
        }
    }
    o.push('\n');
    if r.ok {
        o.push_str("every capability this server and model should have is there\n");
    } else {
        o.push_str(&format!("missing: {}\n", r.missing.join(", ")));
    }
    o
}

/// Run the probe; the flag is false when an expected capability is missing (exit code 1).
pub(crate) fn run(a: Args) -> Result<(String, bool), Failure> {
    let mut opts = ProbeOptions {
        surface: a.surface.clone(),
        base_url: a.base_url.clone(),
        model: a.model.clone(),
        origin: a.origin.clone(),
        browser: false,
    };
    let mut plan = probe_plan(&opts)?;
    check_origins(&plan)?;
    let key_env = a.key_env.clone().unwrap_or_else(|| plan.key_env.to_string());
    let key = std::env::var(&key_env).unwrap_or_default();
    let (runtime, client) =
        super::sender(None, Some(concat!("qwen-route/", env!("CARGO_PKG_VERSION"), " (probe)")))?;
    let mut answers: Vec<ProbeAnswer> = Vec::new();
    runtime.block_on(async {
        // Without a model, the listing picks one; the same listing answer is judged.
        if plan.model.is_empty() {
            eprintln!(
                "probing {}: GET /models first to pick a model (no tokens), then at most {} requests",
                plan.base_url,
                qwen_route::probe::MAX_STEPS
            );
            if let Some(step) = plan.steps.iter().find(|s| s.id == StepId::Models) {
                let ans = send(&client, step, &key).await;
                if let Some(m) = ans.status.filter(|s| (200..300).contains(s)).and_then(|_| {
                    qwen_route::catalog::surface(&opts.surface).and_then(|s| choose_model(s, &ans.body))
                }) {
                    opts.model = Some(m);
                }
                answers.push(ans);
            }
            if opts.model.is_some() {
                if let Ok(p) = probe_plan(&opts) {
                    plan = p;
                }
            }
        }
        if check_origins(&plan).is_err() {
            return;
        }
        eprintln!("probing {} ({}): {}", plan.base_url, if plan.model.is_empty() { "no model" } else { &plan.model }, plan.cost_line());
        for step in &plan.steps {
            if answers.iter().any(|x| x.step == Some(step.id)) {
                continue;
            }
            eprintln!("  {:<14} {} {}", step.id.as_str(), step.method, step.url);
            answers.push(send(&client, step, &key).await);
        }
    });
    check_origins(&plan)?;
    let mut report = judge_probe(&plan, &answers);
    qwen_route_i18n::Localize::localize(&mut report, super::lang());
    let out = if a.json {
        format!("{}\n", serde_json::to_string_pretty(&report)?)
    } else {
        table(&report)
    };
    // The server may echo the key (LiteLLM does, partly); the output never does.
    let out = if key.len() >= 6 { out.replace(&key, "[redacted]") } else { out };
    Ok((out, report.ok))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_compared_by_scheme_and_host() {
        assert_eq!(
            origin_of("http://127.0.0.1:8000/v1/models").as_deref(),
            Some("http://127.0.0.1:8000")
        );
        assert_eq!(origin_of("https://User@evil.example/x"), None);
        assert_ne!(origin_of("http://127.0.0.1:8001/v1"), origin_of("http://127.0.0.1:8000/v1"));
    }
}
