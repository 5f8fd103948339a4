//! The Anthropic dialect's exports: the official `anthropic` SDKs for Python and JavaScript,
//! and the `~/.claude/settings.json` block that points Claude Code at a surface.

use serde_json::{json, Value};

use crate::catalog;
use crate::error::Error;
use crate::shape::Shaped;

use super::python::keyword_args;
use super::{js::js_string, key_env};
use crate::shape::anthropic::MESSAGES_FIELDS;

/// The Anthropic base URL of a shaped request: the URL without `/v1/messages`.
fn base(shaped: &Shaped) -> &str {
    shaped.request.url.strip_suffix("/v1/messages").unwrap_or(&shaped.effective.base_url)
}

/// Python with the `anthropic` package; fields it does not know go in `extra_body`.
pub(super) fn python(shaped: &Shaped) -> String {
    let env = key_env(shaped).unwrap_or("DASHSCOPE_API_KEY");
    let mut out = String::from("import os\n\nimport anthropic\n\n");
    out.push_str(&format!(
        "client = anthropic.Anthropic(\n    base_url={},\n    auth_token=os.environ[{}],  # sent as Authorization: Bearer\n)\n\n",
        serde_json::to_string(base(shaped)).unwrap_or_default(),
        serde_json::to_string(env).unwrap_or_default(),
    ));
    let Value::Object(body) = &shaped.request.body else { return out };
    let args = keyword_args(body, MESSAGES_FIELDS, &["stream"]).join("\n");
    if shaped.effective.stream {
        out.push_str(&format!("with client.messages.stream(\n{args}\n) as stream:\n"));
        out.push_str("    for event in stream:\n");
        out.push_str("        if event.type == \"content_block_delta\":\n");
        out.push_str("            if event.delta.type == \"thinking_delta\":\n");
        out.push_str("                print(event.delta.thinking, end=\"\", flush=True)\n");
        out.push_str("            elif event.delta.type == \"text_delta\":\n");
        out.push_str("                print(event.delta.text, end=\"\", flush=True)\n");
        out.push_str("    message = stream.get_final_message()\n");
        out.push_str("print()\nfor block in message.content:\n    if block.type == \"tool_use\":\n        print(\"[tool_use]\", block.name, block.input)\n");
        out.push_str("print(\"[usage]\", message.usage)\n");
    } else {
        out.push_str(&format!("message = client.messages.create(\n{args}\n)\n"));
        out.push_str("for block in message.content:\n");
        out.push_str(
            "    if block.type == \"thinking\":\n        print(\"[thinking]\", block.thinking)\n",
        );
        out.push_str("    elif block.type == \"text\":\n        print(block.text)\n");
        out.push_str("    elif block.type == \"tool_use\":\n        print(\"[tool_use]\", block.name, block.input)\n");
        out.push_str("print(\"[usage]\", message.usage)\n");
    }
    out
}

/// JavaScript with `@anthropic-ai/sdk`.
pub(super) fn js(shaped: &Shaped) -> String {
    let env = key_env(shaped).unwrap_or("DASHSCOPE_API_KEY");
    let mut body = shaped.request.body.clone();
    if let Some(o) = body.as_object_mut() {
        o.shift_remove("stream");
    }
    let body = serde_json::to_string_pretty(&body).unwrap_or_default();
    let mut out = format!(
        "// npm install @anthropic-ai/sdk (Node 18+). The key is read from the environment: export {env}=…\nimport Anthropic from \"@anthropic-ai/sdk\";\n\nconst client = new Anthropic({{\n  baseURL: {},\n  authToken: process.env.{env}, // sent as Authorization: Bearer\n  apiKey: null,\n}});\n\n",
        js_string(base(shaped))
    );
    if shaped.effective.stream {
        out.push_str(&format!("const stream = client.messages.stream({body});\n"));
        out.push_str("for await (const event of stream) {\n  if (event.type === \"content_block_delta\") {\n    if (event.delta.type === \"thinking_delta\") process.stdout.write(event.delta.thinking);\n    if (event.delta.type === \"text_delta\") process.stdout.write(event.delta.text);\n  }\n}\nconst message = await stream.finalMessage();\n");
    } else {
        out.push_str(&format!("const message = await client.messages.create({body});\n"));
    }
    out.push_str("for (const block of message.content) {\n  if (block.type === \"tool_use\") console.log(\"\\n[tool_use]\", block.name, JSON.stringify(block.input));\n  else if (!");
    out.push_str(if shaped.effective.stream { "true" } else { "false" });
    out.push_str(" && block.type === \"text\") console.log(block.text);\n}\nconsole.log(\"\\n[usage]\", message.usage);\n");
    out
}

/// The `~/.claude/settings.json` content that points Claude Code at the shaped request's
/// surface and model, with the key as a placeholder.
///
/// ```
/// use qwen_route::shape::{shape, ShapeRequest};
/// let mut r = ShapeRequest::new("coding-plan-cn", "qwen3.5-plus");
/// r.payload = serde_json::json!({"messages":[{"role":"user","content":"hi"}]}).as_object().unwrap().clone();
/// let block = qwen_route::export::claude_code(&shape(&r).unwrap()).unwrap();
/// assert!(block.contains("\"ANTHROPIC_BASE_URL\": \"https://coding.dashscope.aliyuncs.com/apps/anthropic\""));
/// assert!(block.contains("\"ANTHROPIC_AUTH_TOKEN\": \"YOUR_API_KEY\""));
/// ```
pub fn claude_code(shaped: &Shaped) -> Result<String, Error> {
    let eff = &shaped.effective;
    let endpoint = catalog::anthropic_endpoint(eff.surface)
        .ok_or_else(|| Error::no_anthropic_endpoint(eff.surface))?;
    let base_url = match eff.wire_dialect {
        crate::vocab::WireDialect::Anthropic => base(shaped).to_string(),
        // The shaper's own rule: the OpenAI base with its path swapped for the endpoint's.
        crate::vocab::WireDialect::Openai => {
            let surface = catalog::surface(eff.surface)
                .ok_or_else(|| Error::no_anthropic_endpoint(eff.surface))?;
            let ctx = crate::shape::anthropic::Context {
                surface,
                endpoint,
                model: None,
                openai_base: &eff.base_url,
                overridden: true,
            };
            crate::shape::anthropic::base_url(&ctx, &mut Vec::new(), &mut Vec::new())
        }
    };
    Ok(claude_code_block(&base_url, &eff.model))
}

/// The `~/.claude/settings.json` block for an Anthropic base URL and a model (the key as the
/// placeholder `YOUR_API_KEY`, as the official setup page writes it).
///
/// ```
/// let b = qwen_route::export::claude_code_block("https://coding-intl.dashscope.aliyuncs.com/apps/anthropic", "qwen3.6-plus");
/// let v: serde_json::Value = serde_json::from_str(&b).unwrap();
/// assert_eq!(v["env"]["ANTHROPIC_MODEL"], "qwen3.6-plus");
/// ```
pub fn claude_code_block(base_url: &str, model: &str) -> String {
    let block = json!({
        "env": {
            "ANTHROPIC_BASE_URL": base_url,
            "ANTHROPIC_AUTH_TOKEN": "YOUR_API_KEY",
            "ANTHROPIC_MODEL": model,
        }
    });
    format!("{}\n", serde_json::to_string_pretty(&block).unwrap_or_default())
}

/// What a user should know with the Claude Code block, each a sentence with its source.
///
/// ```
/// let n = qwen_route::export::claude_code_notes("coding-plan-intl");
/// assert!(n.iter().any(|s| s.contains("ANTHROPIC_AUTH_TOKEN")));
/// ```
pub fn claude_code_notes(surface: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(f) = catalog::anthropic_fact("claude-code") {
        out.push(format!("{} ({}, checked {})", f.text, f.source, f.checked));
    }
    out.push("Replace YOUR_API_KEY with your key in ~/.claude/settings.json; qwen-route never writes keys into exports.".to_string());
    if let Some(e) = catalog::anthropic_endpoint(surface) {
        out.extend(e.notes.iter().map(|n| n.to_string()));
    }
    out
}
