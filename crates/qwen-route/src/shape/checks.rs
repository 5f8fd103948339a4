//! Pre-flight checks that do not change the request: each one either passes or adds a finding.

use serde_json::{Map, Value};

use crate::catalog::{
    CodingTier, Dialect, ImageInput, KeyClass, Modality, Model, Surface, SurfaceFamily,
};
use crate::lint::{Finding, Patch, Severity};
use crate::msg::Msg;

use super::messages::{self, MediaKind};

/// The sentence the JSON-word fix appends to the system message.
pub const JSON_SENTENCE: &str = "Respond in JSON.";

pub(crate) fn key_class(surface: &Surface, given: Option<KeyClass>, out: &mut Vec<Finding>) {
    let Some(given) = given else { return };
    let ok = match surface.key_class {
        KeyClass::Any => true,
        KeyClass::Standard => matches!(given, KeyClass::Standard | KeyClass::Temporary),
        KeyClass::Plan => given == KeyClass::Plan,
        KeyClass::Oauth => given == KeyClass::Oauth,
        KeyClass::Temporary => given == KeyClass::Temporary,
    };
    if ok {
        return;
    }
    let expected = surface
        .key_prefix
        .map(|p| format!("{p}…"))
        .unwrap_or_else(|| surface.key_class.as_str().into());
    let fix = match (surface.key_class, given) {
        (KeyClass::Standard, KeyClass::Plan) => crate::msg!(
            "finding.key-plan-mismatch.fix.plan-key",
            "An sk-sp- key belongs to a Coding Plan or Token Plan host: use coding-plan-intl / coding-plan-cn, or create a pay-as-you-go key for this host."
        ),
        (KeyClass::Plan, _) => crate::msg!(
            "finding.key-plan-mismatch.fix.plan-surface",
            "{surface} only accepts Coding Plan keys (sk-sp-…). Use a pay-as-you-go surface (dashscope-intl / dashscope-cn) for this key.",
            surface = surface.id
        ),
        _ => crate::msg!(
            "finding.key-plan-mismatch.fix",
            "Use a key of the kind {surface} expects ({expected}).",
            surface = surface.id,
            expected = expected
        ),
    };
    let patch = match (surface.key_class, given, surface.region) {
        (KeyClass::Standard, KeyClass::Plan, Some(r)) => {
            crate::catalog::surface_in(SurfaceFamily::CodingPlan, r)
        }
        (KeyClass::Plan, KeyClass::Standard | KeyClass::Temporary, Some(r)) => {
            crate::catalog::surface_in(SurfaceFamily::Dashscope, r)
        }
        _ => None,
    };
    let mut f = Finding::new(
        "key-plan-mismatch",
        Severity::Error,
        crate::msg!(
            "finding.key-plan-mismatch.message",
            "A {key} key on {surface} ({plan}): keys are not interchangeable between billing plans.",
            key = given.as_str(),
            surface = surface.id,
            plan = surface.plan.as_str()
        ),
    )
    .prevents("invalid-api-key")
    .fix(fix);
    if let Some(s) = patch {
        f = f.patch(Patch::SetSurface { surface: s.id.into() });
    }
    out.push(f);
}

pub(crate) fn removed_surface(surface: &Surface, out: &mut Vec<Finding>) {
    if !surface.is_removed() {
        return;
    }
    let message = match surface.removed_on {
        Some(date) => crate::msg!(
            "finding.surface-removed.message",
            "{surface} was removed on {date}.",
            surface = surface.name,
            date = date
        )
        .with_part("surface", surface.name_text()),
        None => crate::msg!(
            "finding.surface-removed.message.no-date",
            "{surface} was removed on an unknown date.",
            surface = surface.name
        )
        .with_part("surface", surface.name_text()),
    };
    // The advice is catalog text (surfaces.toml `advice`), carried as a value.
    let fix = match surface.advice_text() {
        Some(advice) => {
            crate::msg!("finding.surface-removed.fix.advice", "{advice}", advice = advice.as_str())
                .with_part("advice", advice)
        }
        None => crate::msg!("finding.surface-removed.fix", "Move to a current surface."),
    };
    out.push(
        Finding::new("surface-removed", Severity::Error, message)
            .prevents("portal-removed")
            .fix(fix)
            .patch(Patch::SetSurface { surface: "dashscope-intl".into() }),
    );
}

pub(crate) fn availability(
    surface: &Surface,
    model: &Model,
    tier: Option<CodingTier>,
    out: &mut Vec<Finding>,
) {
    if surface.family == SurfaceFamily::CodingPlan && !model.coding_plan.is_empty() {
        let all_tiers = model.coding_plan.contains(&CodingTier::Lite)
            && model.coding_plan.contains(&CodingTier::Pro);
        let tiers: Vec<&str> = model.coding_plan.iter().map(|t| t.as_str()).collect();
        match tier {
            Some(t) if !model.coding_plan.contains(&t) => out.push(
                Finding::new(
                    "model-not-on-plan",
                    Severity::Error,
                    crate::msg!(
                        "finding.model-not-on-plan.message",
                        "{model} is not on the Coding Plan {tier} tier (only: {tiers}).",
                        model = model.id,
                        tier = t.as_str(),
                        tiers = tiers.join(", ")
                    ),
                )
                .prevents("model-not-supported")
                .fix(crate::msg!(
                    "finding.model-not-on-plan.fix",
                    "Use the pay-as-you-go endpoint for this model, or a model your tier includes."
                )),
            ),
            None if !all_tiers => out.push(
                Finding::new(
                    "model-plan-tier-unknown",
                    Severity::Warning,
                    crate::msg!(
                        "finding.model-plan-tier-unknown.message",
                        "{model} is only on the Coding Plan {tiers} tier; other tiers answer `model … is not supported`.",
                        model = model.id,
                        tiers = tiers.join(", ")
                    ),
                )
                .prevents("model-not-supported")
                .fix(crate::msg!(
                    "finding.model-plan-tier-unknown.fix",
                    "Check your subscription tier, or use the pay-as-you-go endpoint for this model."
                )),
            ),
            _ => {}
        }
    }
    if let Some(region) = surface.region {
        if !model.offered_in(surface.family, region) {
            out.push(
                Finding::new(
                    "model-region",
                    Severity::Error,
                    crate::msg!(
                        "finding.model-region.message",
                        "{model} is offered only in {regions}; {surface} is in {region}.",
                        model = model.id,
                        regions = model.regions_on(surface.family).join(", "),
                        surface = surface.id,
                        region = region
                    ),
                )
                .prevents(surface.unserved_model_error())
                .fix(crate::msg!(
                    "finding.model-region.fix",
                    "Use a surface in one of those regions (with a key from that region)."
                )),
            );
        }
    }
}

fn number(body: &Map<String, Value>, field: &str) -> Option<Result<f64, ()>> {
    body.get(field).filter(|v| !v.is_null()).map(|v| v.as_f64().ok_or(()))
}

/// Sampling: DashScope's ranges are refusal rules (`crate::refusals`); other servers get a
/// warning outside OpenAI's ranges, and tuned models a warning for any change.
pub(crate) fn sampling(
    body: &Map<String, Value>,
    dialect: Dialect,
    model: Option<&Model>,
    out: &mut Vec<Finding>,
) {
    if dialect != Dialect::Dashscope {
        if let Some(r) = number(body, "temperature") {
            if !r.is_ok_and(|t| (0.0..=2.0).contains(&t)) {
                out.push(
                    Finding::new(
                        "temperature-out-of-range",
                        Severity::Warning,
                        crate::msg!(
                            "finding.temperature-out-of-range.message",
                            "temperature is {value}; OpenAI-compatible servers expect 0 to 2.",
                            value = body["temperature"]
                        ),
                    )
                    .fix(crate::msg!(
                        "finding.temperature-out-of-range.fix",
                        "Use a temperature in [0, 2]."
                    ))
                    .patch(Patch::SetField { field: "temperature".into(), value: 0.7.into() }),
                );
            }
        }
        if let Some(r) = number(body, "top_p") {
            if !r.is_ok_and(|p| p > 0.0 && p <= 1.0) {
                out.push(
                    Finding::new(
                        "top-p-out-of-range",
                        Severity::Warning,
                        crate::msg!(
                            "finding.top-p-out-of-range.message",
                            "top_p is {value}; it should be > 0 and ≤ 1.",
                            value = body["top_p"]
                        ),
                    )
                    .fix(crate::msg!(
                        "finding.top-p-out-of-range.fix",
                        "Use a top_p in (0, 1], or leave it out."
                    ))
                    .patch(Patch::RemoveField { field: "top_p".into() }),
                );
            }
        }
    }
    if let Some(m) = model.filter(|m| m.fixed_sampling) {
        for field in ["temperature", "top_p"] {
            if body.contains_key(field) {
                out.push(
                    Finding::new(
                        "sampling-fixed",
                        Severity::Warning,
                        crate::msg!(
                            "finding.sampling-fixed.message",
                            "Do not change {field} for {model} (its defaults are tuned).",
                            field = field,
                            model = m.id
                        ),
                    )
                    .fix(crate::msg!(
                        "finding.sampling-fixed.fix",
                        "Remove {field}.",
                        field = field
                    ))
                    .patch(Patch::RemoveField { field: field.into() }),
                );
            }
        }
    }
}

/// `max_tokens`: a quoted ceiling is a refusal rule; a ceiling derived from the maximum output
/// is a warning (no source quotes the server's check), and so is a bad value off DashScope.
pub(crate) fn max_tokens(
    body: &Map<String, Value>,
    dialect: Dialect,
    model: Option<&Model>,
    out: &mut Vec<Finding>,
) {
    for field in ["max_tokens", "max_completion_tokens"] {
        let Some(v) = body.get(field).filter(|v| !v.is_null()) else { continue };
        let Some(n) = v.as_u64().filter(|n| *n >= 1) else {
            if dialect != Dialect::Dashscope {
                out.push(
                    Finding::new(
                        "max-tokens-invalid",
                        Severity::Warning,
                        crate::msg!(
                            "finding.max-tokens-invalid.message",
                            "{field} is {value}; it should be a whole number ≥ 1.",
                            field = field,
                            value = v
                        ),
                    )
                    .fix(crate::msg!(
                        "finding.max-tokens-invalid.fix",
                        "Set {field} to a positive integer or leave it out.",
                        field = field
                    ))
                    .patch(Patch::RemoveField { field: field.into() }),
                );
            }
            continue;
        };
        let Some(m) = model else { continue };
        if let (None, Some(max)) = (m.max_tokens_ceiling, m.max_output) {
            if n > u64::from(max) {
                out.push(
                    Finding::new(
                        "max-tokens-over-ceiling",
                        Severity::Warning,
                        crate::msg!(
                            "finding.max-tokens-over-ceiling.message",
                            "{field} = {n} is over {model}'s maximum output of {max} tokens (no source quotes the server's exact range check).",
                            field = field,
                            n = n,
                            model = m.id,
                            max = max
                        ),
                    )
                    .prevents("max-tokens-range")
                    .fix(crate::msg!(
                        "finding.max-tokens-over-ceiling.fix",
                        "Lower {field} to {max} or less. This is not a context overflow: do not trim history.",
                        field = field,
                        max = max
                    ))
                    .patch(Patch::SetField { field: field.into(), value: max.into() }),
                );
            }
        }
    }
}

/// Structured output off DashScope (DashScope's rules are refusal rules): what the model is
/// not known to support, as warnings.
pub(crate) fn response_format(
    body: &Map<String, Value>,
    dialect: Dialect,
    model: Option<&Model>,
    out: &mut Vec<Finding>,
) {
    if dialect == Dialect::Dashscope {
        return;
    }
    let Some(rf) = body.get("response_format").filter(|v| !v.is_null()) else { return };
    let kind = rf.get("type").and_then(Value::as_str).unwrap_or("");
    let Some(m) = model else { return };
    let unsupported = match kind {
        "json_object" => !m.json_object,
        "json_schema" => !m.json_schema,
        _ => false,
    };
    if unsupported {
        out.push(
            Finding::new(
                "json-schema-unsupported",
                Severity::Warning,
                crate::msg!(
                    "finding.json-schema-unsupported.message",
                    "{model} is not known to support response_format {kind}; the server may ignore it.",
                    model = m.id,
                    kind = kind
                ),
            )
            .fix(crate::msg!(
                "finding.json-schema-unsupported.fix",
                "Check the answer against the schema (the inspector does), or use a model that supports it."
            )),
        );
    }
}

pub(crate) fn tools(body: &Map<String, Value>, model: Option<&Model>, out: &mut Vec<Finding>) {
    let has_tools = body.get("tools").and_then(Value::as_array).is_some_and(|t| !t.is_empty());
    if let (true, Some(m)) = (has_tools, model.filter(|m| !m.tools)) {
        out.push(
            Finding::new(
                "tools-unsupported",
                Severity::Error,
                crate::msg!(
                    "finding.tools-unsupported.message",
                    "{model} does not support function calling.",
                    model = m.id
                ),
            )
            .fix(crate::msg!(
                "finding.tools-unsupported.fix",
                "Route to a tool-capable model (coding-agent workload), or remove tools."
            ))
            .patch(Patch::RemoveField { field: "tools".into() }),
        );
    }
}

/// Whether a media URL can be fetched at all: a `data:` URL with a payload, or an http(s) link
/// with a host (an untouched `https://` field is not).
fn fetchable(url: &str) -> bool {
    let url = url.trim();
    if let Some(rest) = url.strip_prefix("data:") {
        return rest.split_once(',').is_some_and(|(_, data)| !data.is_empty());
    }
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| r.split(['/', '?', '#']).next().is_some_and(|host| !host.is_empty()))
}

pub(crate) fn media(
    messages_in: &[Value],
    surface: &Surface,
    model: Option<&Model>,
    out: &mut Vec<Finding>,
) {
    let refs = messages::media(messages_in);
    let mut reported = [false; 5];
    for r in &refs {
        let (modality, code, slot) = match r.kind {
            MediaKind::Image => (Modality::Image, "images-to-text-only-model", 0),
            MediaKind::Video => (Modality::Video, "video-unsupported", 1),
            MediaKind::Audio => (Modality::Audio, "audio-unsupported", 2),
        };
        if let Some(m) =
            model.filter(|m| !m.accepts(modality) && surface.dialect != Dialect::Dashscope)
        {
            if !reported[slot] {
                reported[slot] = true;
                let accepts: Vec<&str> = m.input.iter().map(|i| i.as_str()).collect();
                let (message, fix) = media_not_accepted(r.kind, m.id, &accepts.join(", "));
                out.push(Finding::new(code, Severity::Error, message).fix(fix));
            }
        }
        if r.kind == MediaKind::Image
            && surface.images == ImageInput::DataOnly
            && !r.url.starts_with("data:")
            && !reported[3]
        {
            reported[3] = true;
            out.push(
                Finding::new(
                    "image-url-not-supported",
                    Severity::Error,
                    crate::msg!(
                        "finding.image-url-not-supported.message",
                        "{surface} accepts images only as base64 data URLs; this request links {url}.",
                        surface = surface.id,
                        url = short(r.url)
                    ),
                )
                .fix(crate::msg!(
                    "finding.image-url-not-supported.fix",
                    "Download the image and send it as data:image/…;base64,…"
                )),
            );
        }
        if !reported[4] && r.kind != MediaKind::Audio && !r.url.is_empty() && !fetchable(r.url) {
            reported[4] = true;
            out.push(
                Finding::new(
                    "media-url-invalid",
                    Severity::Error,
                    crate::msg!(
                        "finding.media-url-invalid.message",
                        "The media URL {url} is neither a data: URL nor a link with a host: the server cannot fetch it.",
                        url = format!("{:?}", short(r.url))
                    ),
                )
                .fix(crate::msg!(
                    "finding.media-url-invalid.fix",
                    "Fill in the whole URL (https://host/path.png), attach the file as a data: URL, or remove the part."
                )),
            );
        }
        if r.kind == MediaKind::Video && surface.family == SurfaceFamily::Ollama && !reported[1] {
            reported[1] = true;
            out.push(
                Finding::new(
                    "video-unsupported",
                    Severity::Error,
                    crate::msg!(
                        "finding.video-unsupported.message.ollama",
                        "Ollama's /v1 has no video input."
                    ),
                )
                .fix(crate::msg!(
                    "finding.video-unsupported.fix.ollama",
                    "Use a hosted Standard endpoint for video understanding."
                )),
            );
        }
    }
}

/// The finding's message and fix for media a model does not take (`model`'s inputs listed in
/// `inputs`); the refusal rules say the same on DashScope.
pub(crate) fn media_not_accepted(kind: MediaKind, model: &str, inputs: &str) -> (Msg, Msg) {
    match kind {
        MediaKind::Image => (
            crate::msg!(
                "finding.images-to-text-only-model.message",
                "{model} does not take images (input: {inputs}).",
                model = model,
                inputs = inputs
            ),
            crate::msg!(
                "finding.images-to-text-only-model.fix",
                "Route to a model that accepts images (vision / video-understanding workloads)."
            ),
        ),
        MediaKind::Video => (
            crate::msg!(
                "finding.video-unsupported.message",
                "{model} does not take video (input: {inputs}).",
                model = model,
                inputs = inputs
            ),
            crate::msg!(
                "finding.video-unsupported.fix",
                "Route to a model that accepts video (vision / video-understanding workloads)."
            ),
        ),
        MediaKind::Audio => (
            crate::msg!(
                "finding.audio-unsupported.message",
                "{model} does not take audio (input: {inputs}).",
                model = model,
                inputs = inputs
            ),
            crate::msg!(
                "finding.audio-unsupported.fix",
                "Route to a model that accepts audio (vision / video-understanding workloads)."
            ),
        ),
    }
}

fn short(url: &str) -> String {
    if url.chars().count() > 60 {
        format!("{}…", url.chars().take(60).collect::<String>())
    } else {
        url.to_string()
    }
}

pub(crate) fn input_size(
    messages_in: &[Value],
    surface: &Surface,
    model: Option<&Model>,
    out: &mut Vec<Finding>,
) {
    let Some(m) = model.filter(|_| surface.dialect != Dialect::Dashscope) else { return };
    let Some(limit) = m.max_input.or(m.context) else { return };
    let est = messages::estimated_tokens(messages_in);
    if est <= u64::from(limit) {
        return;
    }
    let fix = if surface.family == SurfaceFamily::Ollama {
        crate::msg!(
            "finding.input-may-exceed-context.fix.ollama",
            "Raise Ollama's context (OLLAMA_CONTEXT_LENGTH or a Modelfile num_ctx), or send less text."
        )
    } else {
        input_too_long_fix()
    };
    out.push(
        Finding::new(
            "input-may-exceed-context",
            Severity::Warning,
            crate::msg!(
                "finding.input-may-exceed-context.message",
                "The messages hold about {est} tokens (estimated), over {model}'s {limit}-token input limit.",
                est = est,
                model = m.id,
                limit = limit
            ),
        )
        .fix(fix),
    );
}

/// The fix for input over a model's limit (the refusal rules give the same on DashScope).
pub(crate) fn input_too_long_fix() -> Msg {
    crate::msg!(
        "finding.input-may-exceed-context.fix",
        "Trim history or attachments, or route to a longer-context model."
    )
}
