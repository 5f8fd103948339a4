//! The request builder's state as plain data, and its two-way mapping to the core's
//! `ShapeRequest` (so lint patches apply through the core and come back as form fields).

use qwen_route::shape::ShapeRequest;
use qwen_route::vocab::ThinkingSetting;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The surface id of the in-page Sandbox: simulated DashScope (Singapore), answered by qwen-sim
/// inside the page.
pub const SANDBOX: &str = "sandbox";

/// The catalog surface the Sandbox simulates (its shaping, lint and diagnosis are real).
pub const SANDBOX_SURFACE: &str = "dashscope-intl";

/// One chat message.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Message {
    /// `user` or `assistant`.
    pub role: String,
    /// The text.
    pub text: String,
    /// Image references (`https://…` or `data:` URLs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
}

/// Everything the request builder holds. The API key is not here: it never leaves its own
/// in-memory cell.
///
/// ```
/// let f = qwen_route_playground::form::Form::default();
/// assert_eq!(f.surface, "sandbox");
/// assert!(f.to_shape_request().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    /// `sandbox` or a catalog surface id.
    pub surface: String,
    /// Model id as sent.
    pub model: String,
    /// Base URL override (empty: the catalog's).
    pub base_url: String,
    /// `""` (the model's default), `off`, `low`, `medium`, `high` or a token budget.
    pub thinking: String,
    /// `""` (decided by the shaper), `on` or `off`.
    pub stream: String,
    /// System prompt.
    pub system: String,
    /// The conversation.
    pub messages: Vec<Message>,
    /// Sampling and length, as typed.
    pub temperature: String,
    /// `top_p`, as typed.
    pub top_p: String,
    /// `max_tokens`, as typed.
    pub max_tokens: String,
    /// Tools, a JSON array as typed.
    pub tools: String,
    /// `""`, `auto`, `none`, `required` or a function name.
    pub tool_choice: String,
    /// `""`, `json_object` or `json_schema`.
    pub format: String,
    /// The JSON Schema for `json_schema`, as typed.
    pub schema: String,
    /// Any other top-level fields, a JSON object as typed.
    pub extra: String,
    /// The wire dialect: `""` (OpenAI chat completions) or `anthropic` (Messages, on surfaces
    /// with an `/apps/anthropic` endpoint).
    pub dialect: String,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            surface: SANDBOX.into(),
            model: "qwen3.5-plus".into(),
            base_url: String::new(),
            thinking: String::new(),
            stream: "on".into(),
            system: String::new(),
            messages: vec![Message {
                role: "user".into(),
                text: "Why is the sky blue? Answer in two sentences.".into(),
                images: Vec::new(),
            }],
            temperature: String::new(),
            top_p: String::new(),
            max_tokens: String::new(),
            tools: String::new(),
            tool_choice: String::new(),
            format: String::new(),
            schema: String::new(),
            extra: String::new(),
            dialect: String::new(),
        }
    }
}

/// Top-level fields the editor sets itself. "Other fields (JSON)" may not set them: the wire
/// request would silently differ from what the editor shows.
pub const EDITOR_FIELDS: [&str; 9] = [
    "messages",
    "model",
    "stream",
    "tools",
    "tool_choice",
    "response_format",
    "temperature",
    "top_p",
    "max_tokens",
];

/// A field the user typed that cannot be sent as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Which field.
    pub field: &'static str,
    /// Why.
    pub message: String,
}

fn number(field: &'static str, text: &str, errors: &mut Vec<FieldError>) -> Option<Value> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<f64>() {
        Ok(n) if n.is_finite() => {
            Some(if n.fract() == 0.0 && n.abs() < 1e15 { json!(n as i64) } else { json!(n) })
        }
        _ => {
            errors.push(FieldError { field, message: format!("{t:?} is not a number") });
            None
        }
    }
}

fn parse_json(field: &'static str, text: &str, errors: &mut Vec<FieldError>) -> Option<Value> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match serde_json::from_str::<Value>(t) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(FieldError { field, message: format!("not JSON: {e}") });
            None
        }
    }
}

fn text_of(content: &Value) -> (String, Vec<String>) {
    match content {
        Value::String(s) => (s.clone(), Vec::new()),
        Value::Array(parts) => {
            let mut text = Vec::new();
            let mut images = Vec::new();
            for p in parts {
                if let Some(t) = p["text"].as_str() {
                    text.push(t.to_string());
                }
                if let Some(u) = p["image_url"]["url"].as_str().or_else(|| p["image_url"].as_str())
                {
                    images.push(u.to_string());
                }
            }
            (text.join("\n"), images)
        }
        _ => (String::new(), Vec::new()),
    }
}

impl Form {
    /// Visit every text the form holds (for key redaction).
    pub fn for_each_text(&mut self, mut f: impl FnMut(&mut String)) {
        let Form {
            surface,
            model,
            base_url,
            thinking,
            stream,
            system,
            messages,
            temperature,
            top_p,
            max_tokens,
            tools,
            tool_choice,
            format,
            schema,
            extra,
            dialect,
        } = self;
        for s in [
            surface,
            model,
            base_url,
            thinking,
            stream,
            system,
            temperature,
            top_p,
            max_tokens,
            tools,
            tool_choice,
            format,
            schema,
            extra,
            dialect,
        ] {
            f(s);
        }
        for m in messages {
            f(&mut m.role);
            f(&mut m.text);
            m.images.iter_mut().for_each(&mut f);
        }
    }

    /// Whether the request goes to the in-page Sandbox.
    pub fn is_sandbox(&self) -> bool {
        self.surface == SANDBOX
    }

    /// The catalog surface used for shaping.
    pub fn shape_surface(&self) -> &str {
        if self.is_sandbox() {
            SANDBOX_SURFACE
        } else {
            &self.surface
        }
    }

    /// The payload (messages and parameters), or the fields that are not valid.
    pub fn payload(&self) -> Result<Map<String, Value>, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut p = Map::new();
        let mut messages = Vec::new();
        if !self.system.trim().is_empty() {
            messages.push(json!({"role": "system", "content": self.system}));
        }
        for m in &self.messages {
            let content = if m.images.is_empty() {
                json!(m.text)
            } else {
                let mut parts = vec![json!({"type": "text", "text": m.text})];
                parts.extend(
                    m.images.iter().map(|u| json!({"type": "image_url", "image_url": {"url": u}})),
                );
                Value::Array(parts)
            };
            messages.push(json!({"role": m.role, "content": content}));
        }
        p.insert("messages".into(), Value::Array(messages));
        for (field, text) in [
            ("temperature", &self.temperature),
            ("top_p", &self.top_p),
            ("max_tokens", &self.max_tokens),
        ] {
            if let Some(v) = number(field, text, &mut errors) {
                p.insert(field.into(), v);
            }
        }
        match parse_json("tools", &self.tools, &mut errors) {
            Some(Value::Array(t)) if !t.is_empty() => {
                p.insert("tools".into(), Value::Array(t));
            }
            Some(Value::Array(_)) | None => {}
            Some(_) => errors
                .push(FieldError { field: "tools", message: "tools must be a JSON array".into() }),
        }
        match self.tool_choice.trim() {
            "" => {}
            c @ ("auto" | "none" | "required") => {
                p.insert("tool_choice".into(), json!(c));
            }
            name => {
                p.insert(
                    "tool_choice".into(),
                    json!({"type": "function", "function": {"name": name}}),
                );
            }
        }
        match self.format.as_str() {
            "json_object" => {
                p.insert("response_format".into(), json!({"type": "json_object"}));
            }
            "json_schema" => match parse_json("schema", &self.schema, &mut errors) {
                Some(schema @ Value::Object(_)) => {
                    p.insert("response_format".into(), json!({"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}));
                }
                Some(_) => errors.push(FieldError {
                    field: "schema",
                    message: "the schema must be a JSON object".into(),
                }),
                None if self.schema.trim().is_empty() => errors.push(FieldError {
                    field: "schema",
                    message: "json_schema needs a schema".into(),
                }),
                None => {}
            },
            _ => {}
        }
        match parse_json("extra", &self.extra, &mut errors) {
            Some(Value::Object(extra)) => {
                let owned: Vec<&str> = extra
                    .keys()
                    .map(String::as_str)
                    .filter(|k| EDITOR_FIELDS.contains(k))
                    .collect();
                if !owned.is_empty() {
                    errors.push(FieldError {
                        field: "extra",
                        message: format!(
                            "{} {} set by the editor above: change {} there, and remove {} here",
                            owned.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
                            if owned.len() == 1 { "is" } else { "are" },
                            if owned.len() == 1 { "it" } else { "them" },
                            if owned.len() == 1 { "it" } else { "them" },
                        ),
                    });
                }
                for (k, v) in extra {
                    if !EDITOR_FIELDS.contains(&k.as_str()) {
                        p.insert(k, v);
                    }
                }
            }
            Some(_) => errors.push(FieldError {
                field: "extra",
                message: "extra fields must be a JSON object".into(),
            }),
            None => {}
        }
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(errors)
        }
    }

    /// The core's shaping request for this form (`key_class` filled by the caller).
    pub fn to_shape_request(&self) -> Result<ShapeRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let payload = self.payload().unwrap_or_else(|e| {
            errors.extend(e);
            Map::new()
        });
        let thinking = match self.thinking.trim() {
            "" => None,
            t => match t.parse::<ThinkingSetting>() {
                Ok(s) => Some(s),
                Err(_) => {
                    errors.push(FieldError {
                        field: "thinking",
                        message: format!("{t:?} is not off, low, medium, high or a token budget"),
                    });
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut req = ShapeRequest::new(self.shape_surface(), self.model.trim());
        req.thinking = thinking;
        req.stream = match self.stream.as_str() {
            "on" => Some(true),
            "off" => Some(false),
            _ => None,
        };
        req.base_url = (!self.is_sandbox() && !self.base_url.trim().is_empty())
            .then(|| self.base_url.trim().to_string());
        req.allow_unlisted_model = true;
        req.dialect = self.wire_dialect();
        req.payload = payload;
        Ok(req)
    }

    /// The wire dialect asked for: Anthropic only where the surface has that endpoint (a
    /// link or memory that asks for it elsewhere falls back to OpenAI).
    ///
    /// ```
    /// use qwen_route::vocab::WireDialect;
    /// let mut f = qwen_route_playground::form::Form::default();
    /// f.dialect = "anthropic".into();
    /// assert_eq!(f.wire_dialect(), WireDialect::Anthropic); // the Sandbox simulates dashscope-intl
    /// f.surface = "vllm".into();
    /// assert_eq!(f.wire_dialect(), WireDialect::Openai);
    /// ```
    pub fn wire_dialect(&self) -> qwen_route::vocab::WireDialect {
        use qwen_route::vocab::WireDialect;
        let has = qwen_route::catalog::anthropic_endpoint(self.shape_surface()).is_some();
        if self.dialect == "anthropic" && has {
            WireDialect::Anthropic
        } else {
            WireDialect::Openai
        }
    }

    /// The form for a (patched) shaping request; `self` supplies what the request does not say.
    pub fn with_shape_request(&self, req: &ShapeRequest) -> Form {
        let mut f = self.clone();
        if !(self.is_sandbox() && req.surface == SANDBOX_SURFACE) {
            f.surface = req.surface.clone();
        }
        f.model = req.model.clone();
        f.base_url =
            if f.is_sandbox() { String::new() } else { req.base_url.clone().unwrap_or_default() };
        f.thinking = req.thinking.map(|t| t.to_string()).unwrap_or_default();
        f.dialect = match req.dialect {
            qwen_route::vocab::WireDialect::Anthropic => "anthropic".into(),
            qwen_route::vocab::WireDialect::Openai => String::new(),
        };
        f.stream = match req.stream {
            Some(true) => "on".into(),
            Some(false) => "off".into(),
            None => String::new(),
        };
        let mut p = req.payload.clone();
        f.system.clear();
        f.messages.clear();
        if let Some(Value::Array(msgs)) = p.shift_remove("messages") {
            for m in msgs {
                let role = m["role"].as_str().unwrap_or("user").to_string();
                let (text, images) = text_of(&m["content"]);
                if role == "system" {
                    if !f.system.is_empty() {
                        f.system.push('\n');
                    }
                    f.system.push_str(&text);
                } else {
                    f.messages.push(Message { role, text, images });
                }
            }
        }
        let num = |v: Option<Value>| {
            v.filter(|v| !v.is_null()).map(|v| v.to_string()).unwrap_or_default()
        };
        f.temperature = num(p.shift_remove("temperature"));
        f.top_p = num(p.shift_remove("top_p"));
        f.max_tokens = num(p.shift_remove("max_tokens"));
        f.tools = match p.shift_remove("tools") {
            Some(t @ Value::Array(_)) => serde_json::to_string_pretty(&t).unwrap_or_default(),
            _ => String::new(),
        };
        f.tool_choice = match p.shift_remove("tool_choice") {
            Some(Value::String(s)) => s,
            Some(o) => o["function"]["name"].as_str().unwrap_or("").to_string(),
            None => String::new(),
        };
        let rf = p.shift_remove("response_format");
        f.format = rf.as_ref().and_then(|r| r["type"].as_str()).unwrap_or("").to_string();
        if f.format == "json_schema" {
            if let Some(s) =
                rf.as_ref().map(|r| &r["json_schema"]["schema"]).filter(|s| !s.is_null())
            {
                f.schema = serde_json::to_string_pretty(s).unwrap_or_default();
            }
        }
        for shaped in ["stream", "model"] {
            p.shift_remove(shaped);
        }
        f.extra = if p.is_empty() {
            String::new()
        } else {
            serde_json::to_string_pretty(&Value::Object(p)).unwrap_or_default()
        };
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qwen_route::lint::Patch;

    #[test]
    fn round_trips_through_the_core() {
        let mut f = Form {
            system: "Be brief.".into(),
            temperature: "0.7".into(),
            max_tokens: "256".into(),
            tools: r#"[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}]"#.into(),
            tool_choice: "lookup".into(),
            format: "json_schema".into(),
            schema: r#"{"type":"object"}"#.into(),
            extra: r#"{"seed": 7}"#.into(),
            ..Form::default()
        };
        f.messages[0].images.push("https://example.com/a.png".into());
        let req = f.to_shape_request().unwrap();
        assert_eq!(req.surface, "dashscope-intl");
        assert_eq!(req.payload["messages"][0]["role"], "system");
        assert_eq!(req.payload["temperature"], 0.7);
        assert_eq!(req.payload["max_tokens"], 256);
        let back = f.with_shape_request(&req);
        assert_eq!(back.surface, "sandbox");
        assert_eq!(back.system, f.system);
        assert_eq!(back.messages, f.messages);
        assert_eq!(back.temperature, "0.7");
        assert_eq!(back.tool_choice, "lookup");
        assert_eq!(back.extra.replace([' ', '\n'], ""), r#"{"seed":7}"#);
    }

    #[test]
    fn patches_come_back_as_fields() {
        let f = Form { surface: "dashscope-intl".into(), ..Form::default() };
        let mut req = f.to_shape_request().unwrap();
        req.apply(&Patch::SetThinking { thinking: ThinkingSetting::Off });
        req.apply(&Patch::AppendSystem { text: "Respond in JSON.".into() });
        req.apply(&Patch::SetSurface { surface: "coding-plan-intl".into() });
        let back = f.with_shape_request(&req);
        assert_eq!(back.thinking, "off");
        assert_eq!(back.system, "Respond in JSON.");
        assert_eq!(back.surface, "coding-plan-intl");
    }

    #[test]
    fn other_fields_cannot_override_what_the_editor_owns() {
        for field in EDITOR_FIELDS {
            let f = Form { extra: format!(r#"{{"{field}": [], "seed": 7}}"#), ..Form::default() };
            let errs = f.to_shape_request().unwrap_err();
            assert_eq!(errs.len(), 1, "{field}");
            assert_eq!(errs[0].field, "extra");
            assert!(errs[0].message.contains(&format!("`{field}`")), "{}", errs[0].message);
        }
        let ok = Form { extra: r#"{"seed": 7, "enable_search": true}"#.into(), ..Form::default() };
        assert_eq!(ok.to_shape_request().unwrap().payload["seed"], 7);
    }

    #[test]
    fn bad_fields_are_named() {
        let f = Form {
            temperature: "warm".into(),
            tools: "{".into(),
            format: "json_schema".into(),
            ..Form::default()
        };
        let errs = f.to_shape_request().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["temperature", "tools", "schema"]);
    }
}
