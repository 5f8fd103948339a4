//! Python: the official `openai` package. Parameters the SDK knows are keyword arguments;
//! everything else (DashScope extensions, `chat_template_kwargs`) goes in `extra_body`.

use serde_json::{Map, Value};

use crate::shape::Shaped;

use super::key_env;

/// Keyword arguments of `client.chat.completions.create` in the `openai` package (2.x).
const SDK_KWARGS: &[&str] = &[
    "messages",
    "model",
    "audio",
    "frequency_penalty",
    "logit_bias",
    "logprobs",
    "max_completion_tokens",
    "max_tokens",
    "metadata",
    "modalities",
    "n",
    "parallel_tool_calls",
    "prediction",
    "presence_penalty",
    "reasoning_effort",
    "response_format",
    "seed",
    "service_tier",
    "stop",
    "store",
    "stream",
    "stream_options",
    "temperature",
    "tool_choice",
    "tools",
    "top_logprobs",
    "top_p",
    "user",
];

pub(super) fn render(shaped: &Shaped) -> String {
    let eff = &shaped.effective;
    let base =
        shaped.request.url.strip_suffix("/chat/completions").unwrap_or(&eff.base_url).to_string();
    let key = match key_env(shaped) {
        Some(env) => format!("os.environ[{}]", py_str(env)),
        None => "\"ollama\"  # required by the SDK, ignored by the server".to_string(),
    };
    let mut out = String::new();
    out.push_str("import os\n\nfrom openai import OpenAI\n\n");
    out.push_str(&format!(
        "client = OpenAI(\n    api_key={key},\n    base_url={},\n)\n\n",
        py_str(&base)
    ));
    let Value::Object(body) = &shaped.request.body else { return out };
    let args = keyword_args(body, SDK_KWARGS, &[]);
    out.push_str(&format!(
        "completion = client.chat.completions.create(\n{}\n)\n",
        args.join("\n")
    ));
    if eff.stream {
        out.push_str(
            r#"for chunk in completion:
    if chunk.usage:
        print("\n[usage]", chunk.usage)
    if not chunk.choices:  # the final usage chunk has choices: []
        continue
    delta = chunk.choices[0].delta
    reasoning = getattr(delta, "reasoning_content", None) or getattr(delta, "reasoning", None)
    if reasoning:
        print(reasoning, end="", flush=True)
    if delta.content:
        print(delta.content, end="", flush=True)
    if delta.tool_calls:
        print("\n[tool_calls]", delta.tool_calls)
"#,
        );
    } else {
        out.push_str(
            r#"message = completion.choices[0].message
reasoning = getattr(message, "reasoning_content", None) or getattr(message, "reasoning", None)
if reasoning:
    print("[reasoning]", reasoning)
print(message.content if message.content else message.tool_calls)
print("[usage]", completion.usage)
"#,
        );
    }
    out
}

/// A body as Python keyword arguments, one per line: the fields the SDK method takes as
/// keywords, everything else in `extra_body`; `skip` fields are left out.
pub(super) fn keyword_args(
    body: &Map<String, Value>,
    kwargs: &[&str],
    skip: &[&str],
) -> Vec<String> {
    let mut extra = Map::new();
    let mut args = Vec::new();
    for (k, v) in body.iter().filter(|(k, _)| !skip.contains(&k.as_str())) {
        if kwargs.contains(&k.as_str()) {
            args.push(format!("    {k}={},", py_value(v, 1)));
        } else {
            extra.insert(k.clone(), v.clone());
        }
    }
    if !extra.is_empty() {
        args.push(format!("    extra_body={},", py_value(&Value::Object(extra), 1)));
    }
    args
}

/// A JSON string literal is a valid Python string literal.
fn py_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// Render JSON as a Python literal, indented by four spaces per level.
pub(crate) fn py_value(v: &Value, level: usize) -> String {
    let pad = "    ".repeat(level + 1);
    let close = "    ".repeat(level);
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => py_str(s),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Array(items) => {
            if items.iter().all(|i| !i.is_array() && !i.is_object()) && items.len() <= 6 {
                let inner: Vec<String> = items.iter().map(|i| py_value(i, level)).collect();
                return format!("[{}]", inner.join(", "));
            }
            let inner: Vec<String> =
                items.iter().map(|i| format!("{pad}{},", py_value(i, level + 1))).collect();
            format!("[\n{}\n{close}]", inner.join("\n"))
        }
        Value::Object(map) => {
            let flat = map.values().all(|i| !i.is_array() && !i.is_object()) && map.len() <= 3;
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), py_value(v, level + 1)))
                .collect();
            if flat {
                return format!("{{{}}}", items.join(", "));
            }
            let inner: Vec<String> = items.iter().map(|i| format!("{pad}{i},")).collect();
            format!("{{\n{}\n{close}}}", inner.join("\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_literals() {
        assert_eq!(py_value(&json!({"a": true, "b": null}), 0), "{\"a\": True, \"b\": None}");
        assert_eq!(py_value(&json!([1, "x"]), 0), "[1, \"x\"]");
    }
}
