//! The simulated answer: deterministic, visibly simulated text (it never pretends to be a
//! model), a tool call whose arguments satisfy the tool's schema, or JSON that satisfies the
//! requested schema.

use serde_json::{json, Map, Value};

use crate::request::ChatCall;
use crate::rules::Plan;
use crate::scenario::Scenario;

/// A tool call the simulated model makes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ToolOut {
    pub name: String,
    pub arguments: String,
}

/// What the simulated model says, split into the pieces a stream sends.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Output {
    pub reasoning: Vec<String>,
    pub answer: Vec<String>,
    pub tool: Option<ToolOut>,
    pub finish: &'static str,
    pub prompt_tokens: u64,
}

impl Output {
    pub(crate) fn completion_tokens(&self) -> u64 {
        let tool = self.tool.as_ref().map_or(0, |t| (t.arguments.len() as u64).div_ceil(4) + 1);
        (self.reasoning.len() + self.answer.len()) as u64 + tool
    }

    pub(crate) fn answer_text(&self) -> String {
        self.answer.concat()
    }

    pub(crate) fn reasoning_text(&self) -> String {
        self.reasoning.concat()
    }
}

/// Words with their trailing space, as token-like pieces.
pub(crate) fn pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        cur.push(ch);
        if ch == ' ' || ch == '\n' {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A short excerpt of the user's text for the echo.
fn excerpt(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut e: String = one_line.chars().take(80).collect();
    if one_line.chars().count() > 80 {
        e.push('…');
    }
    e
}

/// A value that satisfies a JSON Schema (the common keywords: `type`, `properties`, `required`,
/// `items`, `minItems`, `enum`, `const`, `anyOf`/`oneOf`/`allOf`, `minimum`, `minLength`).
///
/// ```
/// let s = serde_json::json!({"type":"object","properties":{"n":{"type":"integer","minimum":3}},"required":["n"]});
/// assert_eq!(qwen_sim::instance_of(&s), serde_json::json!({"n": 3}));
/// ```
pub fn instance_of(schema: &Value) -> Value {
    instance(schema, 0)
}

fn instance(schema: &Value, depth: usize) -> Value {
    let Some(s) = schema.as_object() else { return json!("simulated") };
    if depth > 8 {
        return Value::Null;
    }
    if let Some(c) = s.get("const") {
        return c.clone();
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        return e.first().cloned().unwrap_or(Value::Null);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(alts)) = s.get(key) {
            if let Some(first) = alts.first() {
                return instance(first, depth + 1);
            }
        }
    }
    if let Some(Value::Array(all)) = s.get("allOf") {
        let mut merged = Map::new();
        for part in all {
            if let Value::Object(o) = instance(part, depth + 1) {
                merged.extend(o);
            }
        }
        return Value::Object(merged);
    }
    let ty = match s.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => {
            ts.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("null")
        }
        _ if s.contains_key("properties") => "object",
        _ if s.contains_key("items") => "array",
        _ => "string",
    };
    match ty {
        "object" => {
            let mut o = Map::new();
            if let Some(Value::Object(props)) = s.get("properties") {
                for (k, v) in props {
                    o.insert(k.clone(), instance(v, depth + 1));
                }
            }
            Value::Object(o)
        }
        "array" => {
            let n = s.get("minItems").and_then(Value::as_u64).unwrap_or(1).min(16);
            let item = s.get("items").cloned().unwrap_or(json!({}));
            Value::Array((0..n).map(|_| instance(&item, depth + 1)).collect())
        }
        "integer" => json!(s.get("minimum").and_then(Value::as_i64).unwrap_or(0)),
        "number" => s.get("minimum").cloned().filter(Value::is_number).unwrap_or(json!(0)),
        "boolean" => json!(true),
        "null" => Value::Null,
        _ => {
            let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
            let mut t = String::from("simulated");
            while t.len() < min {
                t.push('.');
            }
            json!(t)
        }
    }
}

/// Build the simulated output for a plan.
pub(crate) fn output(
    surface_id: &str,
    model_id: &str,
    call: &ChatCall,
    plan: &Plan,
    scenario: Scenario,
) -> Output {
    let user = call.last_user_text();
    let prompt_tokens = call.prompt_tokens();
    let reasoning = if plan.thinking {
        pieces(&format!(
            "Simulated reasoning (qwen-sim; no model was called). The request reached {surface_id} for {model_id} with {} message(s){}. Thinking is on{}, so this lane streams before the answer.",
            call.messages.len(),
            match call.media_parts() { 0 => String::new(), n => format!(" and {n} media part(s)") },
            call.body.get("thinking_budget").and_then(serde_json::Value::as_i64).map(|b| format!(" with a budget of {b} tokens")).unwrap_or_default(),
        ))
    } else {
        Vec::new()
    };
    if let Some((name, params)) = &plan.tool {
        let arguments = instance_of(params).to_string();
        return Output {
            reasoning,
            answer: Vec::new(),
            tool: Some(ToolOut { name: name.clone(), arguments }),
            finish: "tool_calls",
            prompt_tokens,
        };
    }
    let answer = if let Scenario::Long(n) = scenario {
        const WORDS: [&str; 8] =
            ["simulated", "tokens", "from", "qwen-sim", "to", "test", "long", "streams"];
        (0..n as usize).map(|i| format!("{} ", WORDS[i % WORDS.len()])).collect()
    } else if let Some(schema) = &plan.json {
        let value = if schema.is_null() {
            json!({"simulated": true, "surface": surface_id, "model": model_id, "echo": excerpt(&user)})
        } else {
            instance_of(schema)
        };
        pieces(&value.to_string())
    } else if call.after_tool_result() {
        pieces(&format!(
            "Simulated answer (qwen-sim; no model was called): the tool returned {} characters, and a real model would now use them.",
            call.messages.last().map(ChatCall::text_of).unwrap_or_default().chars().count()
        ))
    } else {
        pieces(&format!(
            "This is a simulated answer from qwen-sim ({surface_id} · {model_id}); no model was called. Your last message had {} characters: “{}”.",
            user.chars().count(),
            excerpt(&user)
        ))
    };
    let finish = match call.max_tokens {
        Some(m) if (answer.len() as u64) > m => "length",
        _ => "stop",
    };
    let answer = match (finish, call.max_tokens) {
        ("length", Some(m)) => answer.into_iter().take(m as usize).collect(),
        _ => answer,
    };
    Output { reasoning, answer, tool: None, finish, prompt_tokens }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_keep_every_character() {
        let t = "a b\nc  d";
        assert_eq!(pieces(t).concat(), t);
    }

    #[test]
    fn instances_satisfy_common_schemas() {
        let s = json!({"type": "object", "properties": {
            "tags": {"type": "array", "items": {"type": "string", "enum": ["x", "y"]}, "minItems": 2},
            "n": {"type": ["number", "null"]},
            "ok": {"anyOf": [{"type": "boolean"}, {"type": "string"}]}
        }, "required": ["tags"]});
        assert_eq!(instance_of(&s), json!({"tags": ["x", "x"], "n": 0, "ok": true}));
    }
}
