//! The judge: the probe's answers in, one row per capability out — `yes`, `no` or `unknown`,
//! with the evidence and, for a `no`, the server setting to change.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::plan::{probe_schema, LeftOut, ProbePlan, ProbeStep, StepId};
use crate::assemble::{assemble_auto, looks_like_sse, AssembleOptions, Assembled};
use crate::catalog::{self, Model, Surface, SurfaceFamily, ThinkingClass, ToolFormat};
use crate::models::read_listing;
use crate::msg::Msg;
use crate::schema_check::check_structured;

/// What came back for one step. `failure` is set when there was no HTTP answer (`cors`,
/// `network`, `timeout`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProbeAnswer {
    /// The step answered.
    pub step: Option<StepId>,
    /// HTTP status.
    pub status: Option<u16>,
    /// Response headers (names in any case).
    pub headers: Vec<(String, String)>,
    /// The body as text (a stream's full text).
    pub body: String,
    /// Why there was no answer.
    pub failure: Option<String>,
}

impl ProbeAnswer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn ok(&self) -> bool {
        self.failure.is_none() && self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// A capability's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Present.
    Yes,
    /// Missing.
    No,
    /// Not shown either way.
    Unknown,
}

impl Verdict {
    /// `yes`, `no` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
            Self::Unknown => "unknown",
        }
    }
}

/// The request and the bytes a verdict rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The step.
    pub step: StepId,
    /// `POST http://…/v1/chat/completions`.
    pub request: String,
    /// The relevant part of the answer.
    pub excerpt: String,
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capability {
    /// Stable id (`reasoning-separated`, `tool-calls`, …).
    pub id: &'static str,
    /// What it is, for people.
    pub label: Msg,
    /// Present, missing or not shown.
    pub verdict: Verdict,
    /// Whether the catalog says this surface and model should have it.
    pub expected: bool,
    /// What was checked, in one line.
    pub detail: Msg,
    /// The request and bytes behind the verdict.
    pub evidence: Option<Evidence>,
    /// What to change, for a `no`.
    pub fix: Option<Msg>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbeReport {
    /// Surface id.
    pub surface: &'static str,
    /// The base URL probed.
    pub base_url: String,
    /// The model probed.
    pub model: String,
    /// The ids `/models` listed.
    pub live_models: Vec<String>,
    /// The context the server reports for the model, when it reports one.
    pub server_context: Option<u64>,
    /// One row per capability.
    pub capabilities: Vec<Capability>,
    /// Capabilities the surface should have and does not.
    pub missing: Vec<&'static str>,
    /// Whether every expected capability is present.
    pub ok: bool,
    /// What the plan cost.
    pub cost: Msg,
    /// Steps the plan left out.
    pub left_out: Vec<LeftOut>,
}

fn excerpt(text: &str, around: Option<usize>) -> String {
    let start = around
        .and_then(|i| text.get(..i))
        .and_then(|before| before.char_indices().rev().nth(40).map(|(j, _)| j))
        .unwrap_or(0);
    let s: String = text.get(start..).unwrap_or(text).chars().take(240).collect();
    s.replace('\n', "⏎").replace('\r', "")
}

/// The message of an error answer, if the body carries one.
fn error_message(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    let e = v.get("error").unwrap_or(&v);
    match e {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("message").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

fn start_with(surface: &Surface, flag: &str) -> Msg {
    crate::msg!(
        "probe.fix.start-with",
        "Start {server} with {flag}.",
        server = surface.short_name(),
        flag = flag
    )
}

/// Advice the catalog writes (`catalog/probe.toml`, the surfaces' `cors_fix`), as written.
fn catalog_fix(fix: Msg) -> Msg {
    crate::msg!("probe.fix.catalog", "{fix}", fix = fix.as_str()).with_part("fix", fix)
}

struct Judge<'a> {
    plan: &'a ProbePlan,
    surface: &'static Surface,
    model: Option<&'static Model>,
    answers: &'a [ProbeAnswer],
}

impl<'a> Judge<'a> {
    fn step(&self, id: StepId) -> Option<&'a ProbeStep> {
        self.plan.steps.iter().find(|s| s.id == id)
    }

    fn answer(&self, id: StepId) -> Option<&'a ProbeAnswer> {
        self.answers.iter().find(|a| a.step == Some(id))
    }

    fn evidence(&self, id: StepId, text: &str, at: Option<usize>) -> Option<Evidence> {
        let s = self.step(id)?;
        Some(Evidence {
            step: id,
            request: format!("{} {}", s.method, s.url),
            excerpt: excerpt(text, at),
        })
    }

    fn assembled(&self, id: StepId) -> Option<Assembled> {
        let a = self.answer(id).filter(|a| a.ok())?;
        let opts = AssembleOptions {
            surface: Some(self.surface.id.to_string()),
            expect_json: matches!(id, StepId::JsonObject | StepId::JsonSchema),
            ..Default::default()
        };
        Some(assemble_auto(a.body.as_bytes(), &opts))
    }

    fn fix(&self, capability: &str) -> Option<Msg> {
        let n = self
            .model
            .and_then(|m| m.context)
            .map_or("the model's context".into(), |n| n.to_string());
        catalog::probe_fix(capability, self.surface.family).map(|f| catalog_fix(f.fix_text(&n)))
    }

    /// A refused or failed chat answer, as a `no` with its excerpt.
    fn refused(&self, id: StepId) -> Option<(Msg, Option<Evidence>)> {
        let a = self.answer(id)?;
        if a.ok() {
            return None;
        }
        let what = match (&a.failure, a.status) {
            (Some(f), _) => {
                crate::msg!("probe.detail.no-answer.failure", "no answer ({failure})", failure = f)
            }
            (None, Some(s)) => crate::msg!(
                "probe.detail.http-error",
                "HTTP {status}: {message}",
                status = s,
                message = error_message(&a.body).unwrap_or_else(|| excerpt(&a.body, None))
            ),
            (None, None) => crate::msg!("probe.detail.no-answer", "no answer"),
        };
        Some((what, self.evidence(id, &a.body, None)))
    }
}

fn row(id: &'static str, label: Msg, expected: bool) -> Capability {
    Capability {
        id,
        label,
        verdict: Verdict::Unknown,
        expected,
        detail: Msg::default(),
        evidence: None,
        fix: None,
    }
}

fn set(
    c: &mut Capability,
    verdict: Verdict,
    detail: Msg,
    evidence: Option<Evidence>,
    fix: Option<Msg>,
) {
    c.verdict = verdict;
    c.detail = detail;
    c.evidence = evidence;
    c.fix = if verdict == Verdict::No { fix } else { None };
}

fn not_probed(c: &mut Capability, plan: &ProbePlan, step: StepId) {
    let why = plan.left_out.iter().find(|l| l.id == step).map_or_else(
        || crate::msg!("probe.detail.not-probed", "not probed"),
        |l| crate::msg!("probe.detail.not-probed.why", "not probed: {why}", why = l.why),
    );
    c.detail = why;
}

/// The context a `/models` listing reports for `model` (vLLM and SGLang `max_model_len`,
/// llama.cpp `meta.n_ctx`).
fn listed_context(body: &str, model: &str) -> Option<u64> {
    let v: Value = serde_json::from_str(body).ok()?;
    let data = v.get("data")?.as_array()?;
    let entry =
        data.iter().find(|d| d.get("id").and_then(Value::as_str) == Some(model)).or(data.first())?;
    entry.get("max_model_len").and_then(Value::as_u64).or_else(|| {
        entry
            .get("meta")
            .and_then(|m| m.get("n_ctx").or(m.get("n_ctx_train")))
            .and_then(Value::as_u64)
    })
}

/// The context the model was trained for, as the server reports it (Ollama `/api/show`
/// `model_info["<arch>.context_length"]`, llama.cpp `meta.n_ctx_train`).
fn trained_context(info_body: Option<&str>, models_body: Option<&str>) -> Option<u64> {
    if let Some(v) = info_body.and_then(|b| serde_json::from_str::<Value>(b).ok()) {
        let mi = v.get("model_info");
        let arch = mi.and_then(|m| m.get("general.architecture")).and_then(Value::as_str);
        if let Some(n) =
            arch.and_then(|a| mi?.get(format!("{a}.context_length"))).and_then(Value::as_u64)
        {
            return Some(n);
        }
    }
    let v: Value = serde_json::from_str(models_body?).ok()?;
    v.get("data")?.as_array()?.iter().find_map(|d| d.get("meta")?.get("n_ctx_train")?.as_u64())
}

/// The context a family's info endpoint reports: llama.cpp `/props`, Ollama `/api/show`
/// (`num_ctx` when a Modelfile or the server sets it).
fn info_context(body: &str) -> Option<u64> {
    let v: Value = serde_json::from_str(body).ok()?;
    if let Some(n) =
        v.get("default_generation_settings").and_then(|d| d.get("n_ctx")).and_then(Value::as_u64)
    {
        return Some(n);
    }
    let params = v.get("parameters").and_then(Value::as_str).unwrap_or("");
    params
        .lines()
        .find_map(|l| l.trim().strip_prefix("num_ctx").and_then(|n| n.trim().parse().ok()))
}

/// Judge the answers to a plan.
///
/// ```
/// use qwen_route::probe::{judge_probe, probe_plan, ProbeAnswer, ProbeOptions, StepId, Verdict};
/// let plan = probe_plan(&ProbeOptions { surface: "vllm".into(), model: Some("Qwen/Qwen3-8B".into()),
///     base_url: Some("http://127.0.0.1:8000/v1".into()), ..Default::default() }).unwrap();
/// let answers = vec![ProbeAnswer {
///     step: Some(StepId::ThinkingOff), status: Some(200),
///     body: r#"{"choices":[{"index":0,"message":{"role":"assistant","content":"<think>\nhmm\n</think>\n\nHi"},"finish_reason":"stop"}]}"#.into(),
///     ..Default::default() }];
/// let r = judge_probe(&plan, &answers);
/// let separated = r.capabilities.iter().find(|c| c.id == "reasoning-separated").unwrap();
/// assert_eq!(separated.verdict, Verdict::No);
/// assert!(separated.fix.as_deref().unwrap().contains("--reasoning-parser qwen3"));
/// ```
pub fn judge_probe(plan: &ProbePlan, answers: &[ProbeAnswer]) -> ProbeReport {
    let surface = catalog::surface(plan.surface).unwrap_or(&catalog::surfaces()[0]);
    let model = {
        let id = catalog::resolve_reference(&plan.model).id;
        catalog::models()
            .iter()
            .find(|m| m.id == id && m.served_on(surface.family))
            .or_else(|| catalog::model(id))
    };
    let j = Judge { plan, surface, model, answers };
    let thinks = model.is_none_or(|m| m.thinking != ThinkingClass::None);
    let hybrid = model.is_none_or(|m| m.thinking.is_hybrid());
    let mut rows: Vec<Capability> = Vec::new();

    // Reachable, and the live ids.
    let mut reachable =
        row("reachable", crate::msg!("probe.capability.reachable.label", "Reachable"), true);
    let mut live_models = Vec::new();
    let mut server_context = None;
    match j.answer(StepId::Models) {
        Some(a) if a.ok() => match read_listing(a.body.as_bytes()) {
            Ok(l) => {
                live_models = l.entries.iter().map(|e| e.id.clone()).collect();
                server_context = listed_context(&a.body, &plan.model);
                set(&mut reachable, Verdict::Yes, crate::msg!("probe.reachable.detail.listed", "GET /models answered {status} with {count} models", status = a.status.unwrap_or(200), count = live_models.len()), j.evidence(StepId::Models, &a.body, None), None);
            }
            Err(e) => set(&mut reachable, Verdict::No, crate::msg!("probe.reachable.detail.not-a-list", "/models answered, but not with a model list: {error}", error = e), j.evidence(StepId::Models, &a.body, None), Some(crate::msg!("probe.reachable.fix.base-url-not-a-list", "Check the base URL: it should end where the server's /chat/completions and /models live (usually /v1)."))),
        },
        Some(a) => {
            let (what, ev) = j.refused(StepId::Models).unwrap_or_default();
            let fix = match (a.status, a.failure.as_deref()) {
                (Some(401 | 403), _) => Some(crate::msg!("probe.reachable.fix.key-wanted", "The server wants a key: set ${env} to the key it was started with (vLLM --api-key, llama.cpp --api-key, LiteLLM master or virtual key).", env = plan.key_env)),
                (Some(404), _) => Some(crate::msg!("probe.reachable.fix.no-models-path", "Check the base URL: the server has no /models there (most servers serve it under /v1).")),
                (_, Some("cors")) => Some(catalog_fix(surface.cors_fix_text(plan.origin.as_deref().unwrap_or("this page's origin")))),
                _ => Some(crate::msg!("probe.reachable.fix.not-listening", "Check that the server runs and listens at {base_url}.", base_url = plan.base_url)),
            };
            set(&mut reachable, Verdict::No, what, ev, fix);
        }
        None => match j.answer(StepId::Stream) {
            Some(a) if a.ok() => set(&mut reachable, Verdict::Yes, crate::msg!("probe.reachable.detail.chat-answered", "the server answered a chat request"), None, None),
            _ => not_probed(&mut reachable, plan, StepId::Models),
        },
    }
    rows.push(reachable);

    let mut listed = row(
        "model-listed",
        crate::msg!("probe.capability.model-listed.label", "Model listed"),
        !plan.model.is_empty() && j.step(StepId::Models).is_some(),
    );
    if !live_models.is_empty() && !plan.model.is_empty() {
        let latest = format!("{}:latest", plan.model);
        if live_models.iter().any(|m| *m == plan.model || *m == latest) {
            set(
                &mut listed,
                Verdict::Yes,
                crate::msg!(
                    "probe.model-listed.detail.listed",
                    "{model} is among the live ids",
                    model = plan.model
                ),
                None,
                None,
            );
        } else {
            let near = live_models.iter().find(|m| m.eq_ignore_ascii_case(&plan.model));
            let detail = match near {
                Some(n) => crate::msg!(
                    "probe.model-listed.detail.case",
                    "{model} is not listed; {near} differs only in case (ids are case-sensitive)",
                    model = plan.model,
                    near = n
                ),
                None => crate::msg!(
                    "probe.model-listed.detail.not-listed",
                    "{model} is not listed; the server serves {live}",
                    model = plan.model,
                    live = live_models.join(", ")
                ),
            };
            set(&mut listed, Verdict::No, detail, None, Some(crate::msg!("probe.model-listed.fix", "Probe and call one of the ids the server lists ({live}), or serve {model} (vLLM --served-model-name).", live = live_models.join(", "), model = plan.model)));
        }
    }
    rows.push(listed);

    // Streaming and usage in the stream.
    let mut streaming =
        row("streaming", crate::msg!("probe.capability.streaming.label", "Streaming"), true);
    let mut usage = row(
        "stream-usage",
        crate::msg!("probe.capability.stream-usage.label", "Usage in the stream"),
        surface.stream_usage,
    );
    let stream = j.assembled(StepId::Stream);
    match (j.answer(StepId::Stream), &stream) {
        (Some(a), Some(s)) if looks_like_sse(a.body.as_bytes()) => {
            let done = matches!(s.end, crate::assemble::End::Done | crate::assemble::End::Finished);
            let v = if done { Verdict::Yes } else { Verdict::No };
            // `End`'s name, lowercased (`done`, `truncated`).
            let end = format!("{:?}", s.end).to_lowercase();
            set(&mut streaming, v, crate::msg!("probe.streaming.detail.frames", "{frames} frames, ended {end}", frames = s.frames, end = end), j.evidence(StepId::Stream, &a.body, None), Some(crate::msg!("probe.streaming.fix.cut-short", "The stream was cut short: check proxies between you and the server (nginx: proxy_buffering off).")));
            match &s.usage {
                Some(u) => set(
                    &mut usage,
                    Verdict::Yes,
                    crate::msg!(
                        "probe.stream-usage.detail.present",
                        "a usage chunk: {input} in, {output} out",
                        input = u.prompt_tokens.unwrap_or(0),
                        output = u.completion_tokens.unwrap_or(0)
                    ),
                    None,
                    None,
                ),
                None => set(
                    &mut usage,
                    Verdict::No,
                    crate::msg!(
                        "probe.stream-usage.detail.absent",
                        "no usage chunk although stream_options.include_usage was true"
                    ),
                    None,
                    j.fix("stream-usage"),
                ),
            }
        }
        (Some(a), Some(_)) => set(
            &mut streaming,
            Verdict::No,
            crate::msg!(
                "probe.streaming.detail.one-body",
                "asked to stream, the server sent one JSON body"
            ),
            j.evidence(StepId::Stream, &a.body, None),
            Some(crate::msg!(
                "probe.streaming.fix.one-body",
                "Check that nothing between you and the server strips `stream: true`."
            )),
        ),
        (Some(_), None) => {
            if let Some((what, ev)) = j.refused(StepId::Stream) {
                set(&mut streaming, Verdict::No, what, ev, None);
            }
        }
        (None, _) => not_probed(&mut streaming, plan, StepId::Stream),
    }
    rows.push(streaming);
    rows.push(usage);

    // Reasoning: its own field, or <think> text in the answer.
    let mut separated = row(
        "reasoning-separated",
        crate::msg!("probe.capability.reasoning-separated.label", "Reasoning in its own field"),
        thinks,
    );
    let mut off = row(
        "thinking-off",
        crate::msg!("probe.capability.thinking-off.label", "Thinking can be switched off"),
        hybrid && thinks,
    );
    let off_answer = j.assembled(StepId::ThinkingOff);
    let think_text = [(StepId::Stream, &stream), (StepId::ThinkingOff, &off_answer)]
        .into_iter()
        .find_map(|(id, a)| {
            a.as_ref().and_then(|a| {
                a.detections
                    .iter()
                    .find(|d| d.code == "think-in-content")
                    .map(|d| (id, d.evidence.clone()))
            })
        });
    if let Some((id, ev)) = think_text {
        let flag =
            model.and_then(|m| m.reasoning_format).and_then(|f| surface.reasoning_parser_flag(f));
        let fix = flag.map(|f| start_with(surface, f)).or_else(|| Some(crate::msg!("probe.reasoning-separated.fix.parser", "The server needs a reasoning parser for this model (vLLM/SGLang: --reasoning-parser; llama.cpp: --reasoning-format deepseek).")));
        set(
            &mut separated,
            Verdict::No,
            crate::msg!(
                "probe.reasoning-separated.detail.think-text",
                "reasoning came back as <think> text inside the answer"
            ),
            j.evidence(id, &ev, None),
            fix,
        );
    } else if let Some(s) = stream.as_ref().filter(|s| !s.reasoning().is_empty()) {
        set(
            &mut separated,
            Verdict::Yes,
            crate::msg!(
                "probe.reasoning-separated.detail.own-field",
                "reasoning arrived in `{field}`",
                field = s.reasoning_field.unwrap_or("reasoning")
            ),
            None,
            None,
        );
    } else if stream.is_some() {
        separated.detail = crate::msg!(
            "probe.reasoning-separated.detail.no-evidence",
            "no reasoning in the streamed answer, so no evidence either way"
        );
    } else {
        not_probed(&mut separated, plan, StepId::Stream);
    }
    match (&off_answer, j.refused(StepId::ThinkingOff)) {
        (Some(a), _) => {
            let content = a.answer();
            let thought_in_text = content.find("<think>").is_some_and(|i| {
                let inner = &content[i + 7..];
                inner.split("</think>").next().is_some_and(|t| !t.trim().is_empty())
            });
            if a.reasoning().trim().is_empty() && !thought_in_text {
                set(
                    &mut off,
                    Verdict::Yes,
                    crate::msg!(
                        "probe.thinking-off.detail.no-reasoning",
                        "with thinking off the answer carried no reasoning"
                    ),
                    None,
                    None,
                );
            } else {
                let body = j.answer(StepId::ThinkingOff).map_or("", |x| x.body.as_str());
                set(
                    &mut off,
                    Verdict::No,
                    crate::msg!(
                        "probe.thinking-off.detail.still-reasoned",
                        "with thinking off the model still reasoned"
                    ),
                    j.evidence(StepId::ThinkingOff, body, None),
                    j.fix("thinking-off"),
                );
            }
        }
        (None, Some((what, ev))) => set(&mut off, Verdict::No, what, ev, j.fix("thinking-off")),
        (None, None) => not_probed(&mut off, plan, StepId::ThinkingOff),
    }
    rows.push(separated);
    rows.push(off);

    // Tool calls and their format.
    let mut tools = row(
        "tool-calls",
        crate::msg!("probe.capability.tool-calls.label", "Tool calls parsed"),
        model.is_none_or(|m| m.tools),
    );
    let tool_flag = |format: Option<ToolFormat>| {
        let format = format.or(model.and_then(|m| m.tool_format)).unwrap_or(ToolFormat::Hermes);
        surface.tool_parser_flag(format).map(|f| start_with(surface, f))
    };
    match (j.assembled(StepId::Tools), j.refused(StepId::Tools)) {
        (Some(a), _) => {
            let body = j.answer(StepId::Tools).map_or("", |x| x.body.as_str());
            let calls: usize = a.choices.iter().map(|c| c.tool_calls.len()).sum();
            if calls > 0 {
                set(
                    &mut tools,
                    Verdict::Yes,
                    crate::msg!(
                        "probe.tool-calls.detail.native",
                        "the tool call arrived in `tool_calls` (native)"
                    ),
                    None,
                    None,
                );
            } else if let Some(d) = a.detections.iter().find(|d| d.code == "coder-xml-tool-call") {
                set(
                    &mut tools,
                    Verdict::No,
                    crate::msg!(
                        "probe.tool-calls.detail.coder-xml",
                        "the tool call came back as Qwen3-Coder XML text"
                    ),
                    j.evidence(StepId::Tools, &d.evidence, None),
                    tool_flag(Some(ToolFormat::Qwen3Coder)),
                );
            } else if let Some(d) = a.detections.iter().find(|d| d.code == "hermes-tool-call-text")
            {
                set(
                    &mut tools,
                    Verdict::No,
                    crate::msg!(
                        "probe.tool-calls.detail.hermes-text",
                        "the tool call came back as hermes <tool_call> text"
                    ),
                    j.evidence(StepId::Tools, &d.evidence, None),
                    tool_flag(Some(ToolFormat::Hermes)),
                );
            } else {
                tools.detail = crate::msg!(
                    "probe.tool-calls.detail.no-call",
                    "the model answered without calling the tool"
                );
                tools.evidence = j.evidence(StepId::Tools, body, None);
            }
        }
        (None, Some((what, ev))) => set(&mut tools, Verdict::No, what, ev, tool_flag(None)),
        (None, None) => not_probed(&mut tools, plan, StepId::Tools),
    }
    rows.push(tools);

    let mut required = row(
        "tool-choice-required",
        crate::msg!("probe.capability.tool-choice-required.label", "tool_choice \"required\""),
        model.is_none_or(|m| m.tools) && surface.tool_choice == catalog::ToolChoiceSupport::Full,
    );
    match (j.assembled(StepId::ToolRequired), j.refused(StepId::ToolRequired)) {
        (Some(a), _) if a.choices.iter().any(|c| !c.tool_calls.is_empty()) => set(
            &mut required,
            Verdict::Yes,
            crate::msg!(
                "probe.tool-choice-required.detail.called",
                "a tool call came back, as required"
            ),
            None,
            None,
        ),
        (Some(_), _) => {
            let body = j.answer(StepId::ToolRequired).map_or("", |x| x.body.as_str());
            set(
                &mut required,
                Verdict::No,
                crate::msg!(
                    "probe.tool-choice-required.detail.no-call",
                    "accepted, but the answer had no tool call"
                ),
                j.evidence(StepId::ToolRequired, body, None),
                j.fix("tool-choice-required"),
            );
        }
        (None, Some((what, ev))) => {
            set(&mut required, Verdict::No, what, ev, j.fix("tool-choice-required"))
        }
        (None, None) => not_probed(&mut required, plan, StepId::ToolRequired),
    }
    rows.push(required);

    // Structured output: the answer must validate, not merely be accepted.
    for (id, step, label, expected) in [
        (
            "json-object",
            StepId::JsonObject,
            crate::msg!("probe.capability.json-object.label", "response_format json_object"),
            model.is_none_or(|m| m.json_object),
        ),
        (
            "json-schema",
            StepId::JsonSchema,
            crate::msg!("probe.capability.json-schema.label", "response_format json_schema"),
            model.is_none_or(|m| m.json_schema),
        ),
    ] {
        let mut c = row(id, label, expected);
        match (j.assembled(step), j.refused(step)) {
            (Some(a), _) => {
                let body = j.answer(step).map_or("", |x| x.body.as_str());
                let answer = a.answer().trim().to_string();
                let valid = if step == StepId::JsonSchema {
                    check_structured(&answer, &probe_schema()).valid
                } else {
                    serde_json::from_str::<Value>(&answer).is_ok_and(|v| v.is_object())
                };
                if valid {
                    set(
                        &mut c,
                        Verdict::Yes,
                        crate::msg!("probe.json.detail.valid", "the answer was JSON and validated"),
                        None,
                        None,
                    );
                } else if let Some(d) = a.detections.iter().find(|d| d.code == "json-in-reasoning")
                {
                    set(
                        &mut c,
                        Verdict::No,
                        crate::msg!(
                            "probe.json.detail.in-reasoning",
                            "the JSON landed in the reasoning field"
                        ),
                        j.evidence(step, &d.evidence, None),
                        Some(d.fix.clone()),
                    );
                } else {
                    set(
                        &mut c,
                        Verdict::No,
                        crate::msg!(
                            "probe.json.detail.invalid",
                            "accepted, but the answer did not validate"
                        ),
                        j.evidence(step, body, None),
                        j.fix(id),
                    );
                }
            }
            (None, Some((what, ev))) => set(&mut c, Verdict::No, what, ev, j.fix(id)),
            (None, None) => not_probed(&mut c, plan, step),
        }
        rows.push(c);
    }

    let mut images = row(
        "images",
        crate::msg!("probe.capability.images.label", "Image input"),
        model.is_none_or(|m| m.accepts(catalog::Modality::Image)),
    );
    match (j.answer(StepId::Image), j.refused(StepId::Image)) {
        (Some(a), None) if a.ok() => set(
            &mut images,
            Verdict::Yes,
            crate::msg!("probe.images.detail.accepted", "a 16×16 PNG data URL was accepted"),
            None,
            None,
        ),
        (_, Some((what, ev))) => set(&mut images, Verdict::No, what, ev, j.fix("images")),
        _ => not_probed(&mut images, plan, StepId::Image),
    }
    rows.push(images);

    // Context: what the server reports against the catalog's figure.
    if let Some(a) = j.answer(StepId::ServerInfo).filter(|a| a.ok()) {
        server_context = info_context(&a.body).or(server_context);
    }
    let catalog_context = model.and_then(|m| m.context).map(u64::from);
    let trained = trained_context(
        j.answer(StepId::ServerInfo).filter(|a| a.ok()).map(|a| a.body.as_str()),
        j.answer(StepId::Models).filter(|a| a.ok()).map(|a| a.body.as_str()),
    );
    // The model's own figure, as the server reports it, wins over the catalog's (Ollama's
    // catalog rows give its default window, not the model's).
    // Whether the model's figure is its own metadata's (else the catalog's).
    let (model_context, from_metadata) = match (trained, catalog_context) {
        (Some(t), _) => (Some(t), true),
        (None, Some(c)) => (Some(c), false),
        (None, None) => (None, false),
    };
    let mut context = row(
        "context",
        crate::msg!("probe.capability.context.label", "Context"),
        server_context.is_some() && model_context.is_some(),
    );
    match (server_context, model_context) {
        (Some(s), Some(c)) if s < c => {
            let n = c.to_string();
            let fix = catalog::probe_fix("context", surface.family).map(|f| catalog_fix(f.fix_text(&n)));
            let detail = if from_metadata {
                crate::msg!("probe.context.detail.short.metadata", "the server gives {served} tokens; {model} supports {n} (the model's metadata)", served = s, model = plan.model, n = c)
            } else {
                crate::msg!("probe.context.detail.short.catalog", "the server gives {served} tokens; {model} supports {n} (the catalog)", served = s, model = plan.model, n = c)
            };
            set(&mut context, Verdict::No, detail, None, fix)
        }
        (Some(s), Some(c)) => {
            let detail = if from_metadata {
                crate::msg!("probe.context.detail.enough.metadata", "the server gives {served} tokens (the model's metadata says {n})", served = s, n = c)
            } else {
                crate::msg!("probe.context.detail.enough.catalog", "the server gives {served} tokens (the catalog says {n})", served = s, n = c)
            };
            set(&mut context, Verdict::Yes, detail, None, None)
        }
        (Some(s), None) => set(&mut context, Verdict::Yes, crate::msg!("probe.context.detail.served", "the server gives {served} tokens", served = s), None, None),
        (None, _) => {
            context.detail = match surface.family {
                SurfaceFamily::Ollama => crate::msg!("probe.context.detail.ollama-unreported", "Ollama reports no served context unless num_ctx is set: it serves OLLAMA_CONTEXT_LENGTH (its default depends on version and VRAM)"),
                _ => crate::msg!("probe.context.detail.unreported", "the server did not report a context"),
            }
        }
    }
    rows.push(context);

    // CORS: the preflight (CLI), or whether the browser let the answers through.
    let origin = plan.origin.clone();
    // A host the catalog knows refuses browsers (DashScope) is reported, but not counted missing.
    let mut cors = row(
        "cors",
        crate::msg!("probe.capability.cors.label", "Browser origin allowed (CORS)"),
        origin.is_some() && surface.cors != catalog::CorsPolicy::Refused,
    );
    let cors_fix = || {
        Some(catalog_fix(surface.cors_fix_text(origin.as_deref().unwrap_or("the page's origin"))))
    };
    if let Some(a) = j.answer(StepId::Cors) {
        let allow = a.header("access-control-allow-origin");
        let allowed = a.ok() && allow.is_some_and(|v| v == "*" || Some(v) == origin.as_deref());
        let detail = match (a.status, allow) {
            (Some(status), Some(allow)) => crate::msg!(
                "probe.cors.detail.preflight",
                "preflight answered {status} with Access-Control-Allow-Origin {allow}",
                status = status,
                allow = allow
            ),
            (Some(status), None) => crate::msg!(
                "probe.cors.detail.preflight.no-allow",
                "preflight answered {status} with Access-Control-Allow-Origin absent",
                status = status
            ),
            (None, Some(allow)) => crate::msg!(
                "probe.cors.detail.preflight.no-status",
                "preflight answered nothing with Access-Control-Allow-Origin {allow}",
                allow = allow
            ),
            (None, None) => crate::msg!(
                "probe.cors.detail.preflight.nothing",
                "preflight answered nothing with Access-Control-Allow-Origin absent"
            ),
        };
        let v = if allowed { Verdict::Yes } else { Verdict::No };
        set(&mut cors, v, detail, j.evidence(StepId::Cors, &a.body, None), cors_fix());
    } else if answers.iter().any(|a| a.failure.as_deref() == Some("cors")) {
        set(
            &mut cors,
            Verdict::No,
            crate::msg!(
                "probe.cors.detail.blocked",
                "the browser blocked the answers (no Access-Control-Allow-Origin for this page)"
            ),
            None,
            cors_fix(),
        );
    } else if answers.iter().any(|a| a.status.is_some()) && origin.is_some() {
        set(
            &mut cors,
            Verdict::Yes,
            crate::msg!(
                "probe.cors.detail.browser-allowed",
                "the browser let this page read the answers"
            ),
            None,
            None,
        );
    } else {
        not_probed(&mut cors, plan, StepId::Cors);
    }
    rows.push(cors);

    // A refused key says nothing about the other capabilities: those rows are not judged.
    // (A 403 to the preflight is a CORS refusal, not a key refusal.)
    let key_refused =
        |a: &ProbeAnswer| a.step != Some(StepId::Cors) && matches!(a.status, Some(401 | 403));
    let refused_key = |step: StepId| answers.iter().any(|a| a.step == Some(step) && key_refused(a));
    for c in rows.iter_mut().filter(|c| c.id != "reachable") {
        if c.evidence.as_ref().is_some_and(|e| refused_key(e.step)) {
            c.verdict = Verdict::Unknown;
            c.fix = None;
            c.detail = crate::msg!(
                "probe.detail.not-judged-key-refused",
                "not judged: the server refused the key ({detail})",
                detail = c.detail
            );
        }
    }
    if let Some(r) = rows.iter_mut().find(|c| c.id == "reachable") {
        if r.verdict == Verdict::Yes && answers.iter().any(key_refused) {
            r.verdict = Verdict::No;
            r.detail = crate::msg!(
                "probe.reachable.detail.key-refused",
                "the server answers, but refused the key"
            );
            r.fix = Some(crate::msg!(
                "probe.reachable.fix.key-refused",
                "Set ${env} to a key this server accepts (the CLI reads it from the environment).",
                env = plan.key_env
            ));
        }
    }
    let missing: Vec<&'static str> =
        rows.iter().filter(|c| c.expected && c.verdict == Verdict::No).map(|c| c.id).collect();
    ProbeReport {
        surface: surface.id,
        base_url: plan.base_url.clone(),
        model: plan.model.clone(),
        live_models,
        server_context,
        ok: missing.is_empty(),
        missing,
        capabilities: rows,
        cost: plan.cost_line(),
        left_out: plan.left_out.clone(),
    }
}

/// The model to probe when none was given: the first listed id the catalog knows for this
/// surface, else the first listed id.
///
/// ```
/// let s = qwen_route::catalog::surface("vllm").unwrap();
/// let body = r#"{"object":"list","data":[{"id":"my-lora"},{"id":"Qwen/Qwen3-8B"}]}"#;
/// assert_eq!(qwen_route::probe::choose_model(s, body).as_deref(), Some("Qwen/Qwen3-8B"));
/// ```
pub fn choose_model(surface: &Surface, models_body: &str) -> Option<String> {
    let l = read_listing(models_body.as_bytes()).ok()?;
    let known = l
        .entries
        .iter()
        .find(|e| catalog::models().iter().any(|m| m.id == e.id && m.served_on(surface.family)));
    known.or(l.entries.first()).map(|e| e.id.clone())
}
