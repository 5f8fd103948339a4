//! The minimal-repro reducer (the design brief: "reproduce with one minimal payload"): it proposes
//! one smaller payload at a time — history dropped, the system message, tools, images,
//! structured output, each optional parameter, a shorter message — the caller re-sends it and
//! reports what came back, and a reduction is kept only if the same problem class (the diagnosis
//! code) still shows. Sans-IO: no sending here.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::error::Error;

/// One reduction to try.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// What this step removes (`drop-history`, `drop-tools`, `drop-param:temperature`, …).
    pub step: String,
    /// The payload to re-send.
    pub body: Value,
}

/// What a step did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepOutcome {
    /// The step.
    pub step: String,
    /// The problem still showed without it, so the reduction was kept.
    pub kept: bool,
    /// The diagnosis code the re-sent payload produced (`None`: it succeeded).
    pub observed: Option<String>,
}

/// The reducer's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reduced {
    /// The smallest payload that still shows the problem.
    pub body: Value,
    /// The problem class being kept.
    pub target: String,
    /// Every step tried, in order.
    pub steps: Vec<StepOutcome>,
    /// Top-level fields and messages removed, in all.
    pub removed: usize,
}

/// Optional request fields, tried one at a time (everything but `model`, `messages` and
/// `stream`, which the problem is most often about).
const PARAMS: &[&str] = &[
    "temperature",
    "top_p",
    "top_k",
    "max_tokens",
    "max_completion_tokens",
    "seed",
    "stop",
    "n",
    "presence_penalty",
    "frequency_penalty",
    "repetition_penalty",
    "logprobs",
    "top_logprobs",
    "stream_options",
    "enable_thinking",
    "thinking_budget",
    "chat_template_kwargs",
    "reasoning_effort",
    "parallel_tool_calls",
    "enable_search",
    "translation_options",
];

/// The reducer. See the module documentation.
///
/// ```
/// use qwen_route::repro::Reducer;
/// let body = serde_json::json!({"model": "m", "temperature": 0.7,
///     "messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "user", "content": "c"}]});
/// let mut r = Reducer::new(&body, "max-tokens-range").unwrap();
/// while let Some(c) = r.next_candidate() {
///     // Re-send `c.body`; here the problem always shows, so every reduction is kept.
///     r.report(Some("max-tokens-range"));
/// }
/// let done = r.result();
/// assert_eq!(done.body["messages"].as_array().unwrap().len(), 1);
/// assert!(done.body.get("temperature").is_none());
/// ```
#[derive(Debug, Clone)]
pub struct Reducer {
    current: Map<String, Value>,
    target: String,
    queue: Vec<String>,
    pending: Option<Candidate>,
    log: Vec<StepOutcome>,
    removed: usize,
}

fn messages(o: &Map<String, Value>) -> Vec<Value> {
    o.get("messages").and_then(Value::as_array).cloned().unwrap_or_default()
}

fn role(m: &Value) -> &str {
    m.get("role").and_then(Value::as_str).unwrap_or("")
}

impl Reducer {
    /// Start from a failing payload and the diagnosis code it produced.
    pub fn new(body: &Value, target_code: &str) -> Result<Reducer, Error> {
        let current = body.as_object().cloned().ok_or_else(|| Error::InvalidPayload {
            reason: "the payload is not a JSON object".into(),
        })?;
        let mut queue: Vec<String> =
            ["drop-history", "drop-system", "drop-tools", "drop-images", "drop-response-format"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        queue.extend(PARAMS.iter().map(|p| format!("drop-param:{p}")));
        let known: Vec<&str> =
            ["model", "messages", "stream", "tools", "tool_choice", "response_format"]
                .into_iter()
                .chain(PARAMS.iter().copied())
                .collect();
        queue.extend(
            current
                .keys()
                .filter(|k| !known.contains(&k.as_str()))
                .map(|k| format!("drop-param:{k}")),
        );
        queue.push("shorten-message".into());
        queue.reverse(); // popped from the end
        Ok(Reducer {
            current,
            target: target_code.to_string(),
            queue,
            pending: None,
            log: Vec::new(),
            removed: 0,
        })
    }

    /// Apply a step to the current payload; `None` when it changes nothing.
    fn apply(&self, step: &str) -> Option<(Map<String, Value>, usize)> {
        let mut o = self.current.clone();
        let msgs = messages(&o);
        let removed = match step {
            "drop-history" => {
                let last_user = msgs.iter().rposition(|m| role(m) == "user")?;
                let kept: Vec<Value> = msgs
                    .iter()
                    .enumerate()
                    .filter(|(i, m)| *i == last_user || role(m) == "system")
                    .map(|(_, m)| m.clone())
                    .collect();
                if kept.len() == msgs.len() {
                    return None;
                }
                let n = msgs.len() - kept.len();
                o.insert("messages".into(), Value::Array(kept));
                n
            }
            "drop-system" => {
                let kept: Vec<Value> =
                    msgs.iter().filter(|m| role(m) != "system").cloned().collect();
                if kept.len() == msgs.len() || kept.is_empty() {
                    return None;
                }
                let n = msgs.len() - kept.len();
                o.insert("messages".into(), Value::Array(kept));
                n
            }
            "drop-tools" => {
                let n = usize::from(o.shift_remove("tools").is_some())
                    + usize::from(o.shift_remove("tool_choice").is_some());
                if n == 0 {
                    return None;
                }
                n
            }
            "drop-images" => {
                let mut changed = 0;
                let kept: Vec<Value> = msgs
                    .into_iter()
                    .map(|mut m| {
                        if let Some(parts) = m.get("content").and_then(Value::as_array) {
                            let text: Vec<&str> = parts
                                .iter()
                                .filter_map(|p| p.get("text").and_then(Value::as_str))
                                .collect();
                            if text.len() < parts.len() {
                                changed += parts.len() - text.len();
                                m["content"] = json!(text.join("\n"));
                            }
                        }
                        m
                    })
                    .collect();
                if changed == 0 {
                    return None;
                }
                o.insert("messages".into(), Value::Array(kept));
                changed
            }
            "drop-response-format" => usize::from(o.shift_remove("response_format").is_some()),
            "shorten-message" => {
                let i = msgs.iter().rposition(|m| role(m) == "user")?;
                let short = "Say hi.";
                if msgs[i].get("content") == Some(&json!(short)) {
                    return None;
                }
                let mut msgs = msgs;
                msgs[i]["content"] = json!(short);
                o.insert("messages".into(), Value::Array(msgs));
                1
            }
            other => {
                let field = other.strip_prefix("drop-param:")?;
                usize::from(o.shift_remove(field).is_some())
            }
        };
        (removed > 0).then_some((o, removed))
    }

    /// The next payload to re-send, or `None` when nothing more can be removed.
    pub fn next_candidate(&mut self) -> Option<Candidate> {
        if let Some(p) = &self.pending {
            return Some(p.clone());
        }
        while let Some(step) = self.queue.pop() {
            if let Some((body, _)) = self.apply(&step) {
                let c = Candidate { step, body: Value::Object(body) };
                self.pending = Some(c.clone());
                return Some(c);
            }
        }
        None
    }

    /// What the last candidate produced when re-sent: the diagnosis code of its failure, or
    /// `None` when it succeeded. The reduction is kept when the target problem still shows.
    pub fn report(&mut self, observed: Option<&str>) {
        let Some(c) = self.pending.take() else { return };
        let kept = observed == Some(self.target.as_str());
        if kept {
            if let Some((body, n)) = self.apply(&c.step) {
                self.current = body;
                self.removed += n;
            }
        }
        self.log.push(StepOutcome { step: c.step, kept, observed: observed.map(str::to_string) });
    }

    /// The smallest payload so far, and the steps tried.
    pub fn result(&self) -> Reduced {
        Reduced {
            body: Value::Object(self.current.clone()),
            target: self.target.clone(),
            steps: self.log.clone(),
            removed: self.removed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big() -> Value {
        json!({
            "model": "qwen-max", "stream": false, "temperature": 0.7, "top_p": 0.8, "max_tokens": 10000, "seed": 1,
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "first"},
                {"role": "assistant", "content": "ok"},
                {"role": "user", "content": [{"type": "text", "text": "look"}, {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}
            ],
            "tools": [{"type": "function", "function": {"name": "f"}}], "tool_choice": "auto",
            "response_format": {"type": "json_object"}
        })
    }

    /// A fake server: `max_tokens` above 8192 is refused, everything else succeeds.
    fn server(body: &Value) -> Option<&'static str> {
        (body["max_tokens"].as_u64().unwrap_or(0) > 8192).then_some("max-tokens-range")
    }

    #[test]
    fn keeps_only_what_the_problem_needs() {
        let mut r = Reducer::new(&big(), "max-tokens-range").unwrap();
        let mut sends = 0;
        while let Some(c) = r.next_candidate() {
            sends += 1;
            r.report(server(&c.body));
        }
        let done = r.result();
        assert_eq!(
            done.body,
            json!({"model": "qwen-max", "stream": false, "max_tokens": 10000, "messages": [{"role": "user", "content": "Say hi."}]})
        );
        let dropped: Vec<&str> =
            done.steps.iter().filter(|s| !s.kept).map(|s| s.step.as_str()).collect();
        assert_eq!(dropped, ["drop-param:max_tokens"]);
        assert_eq!(sends, done.steps.len());
        assert!(done.removed >= 10);
    }

    #[test]
    fn a_different_failure_is_not_the_same_problem() {
        let mut r = Reducer::new(&big(), "json-object-needs-json-word").unwrap();
        while let Some(c) = r.next_candidate() {
            // Without response_format the json word rule no longer fires; a 401 is another class.
            let observed = if c.body.get("response_format").is_some() {
                Some("json-object-needs-json-word")
            } else {
                Some("invalid-api-key")
            };
            r.report(observed);
        }
        let done = r.result();
        assert!(done.body.get("response_format").is_some());
        assert!(done.steps.iter().any(|s| s.step == "drop-response-format"
            && !s.kept
            && s.observed.as_deref() == Some("invalid-api-key")));
    }

    #[test]
    fn nothing_to_remove_means_no_candidates() {
        let mut r = Reducer::new(
            &json!({"model": "m", "messages": [{"role": "user", "content": "Say hi."}]}),
            "x",
        )
        .unwrap();
        assert!(r.next_candidate().is_none());
        assert!(Reducer::new(&json!([1]), "x").is_err());
    }
}
