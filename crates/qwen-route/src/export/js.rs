//! JavaScript: plain `fetch` with a streaming reader that splits SSE lines itself.

use crate::shape::Shaped;

use super::key_env;

pub(super) fn render(shaped: &Shaped) -> String {
    let req = &shaped.request;
    let body = serde_json::to_string_pretty(&req.body).unwrap_or_else(|_| req.body.to_string());
    let body = indent(&body, "  ");
    let mut headers = String::new();
    for (name, value) in &req.headers {
        let v = match (name.as_str(), key_env(shaped)) {
            ("Authorization", Some(env)) => format!("`Bearer ${{process.env.{env}}}`"),
            _ => js_string(value),
        };
        headers.push_str(&format!("    {}: {v},\n", js_string(name)));
    }
    let mut out = String::new();
    if let Some(env) = key_env(shaped) {
        out.push_str(&format!(
            "// Node 18+. The key is read from the environment: export {env}=…\n"
        ));
    } else {
        out.push_str("// Node 18+.\n");
    }
    out.push_str(&format!(
        "const response = await fetch({}, {{\n  method: \"POST\",\n  headers: {{\n{headers}  }},\n  body: JSON.stringify({body}),\n}});\n",
        js_string(&req.url)
    ));
    out.push_str(
        "if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);\n",
    );
    if shaped.effective.stream {
        out.push_str(STREAM_READER);
    } else {
        out.push_str(
            "const data = await response.json();\nconst message = data.choices[0].message;\nconst reasoning = message.reasoning_content ?? message.reasoning;\nif (reasoning) console.log(\"[reasoning]\", reasoning);\nconsole.log(message.content ?? message.tool_calls);\nconsole.log(\"[usage]\", data.usage);\n",
        );
    }
    out
}

const STREAM_READER: &str = r#"const reader = response.body.getReader();
const decoder = new TextDecoder();
let buffer = "";
for (;;) {
  const { value, done } = await reader.read();
  buffer += decoder.decode(value ?? new Uint8Array(), { stream: !done });
  const lines = buffer.split(/\r\n|\r|\n/);
  buffer = done ? "" : lines.pop();
  for (const line of lines) {
    if (!line.startsWith("data:")) continue;
    const data = line.slice(5).trim();
    if (data === "[DONE]") continue;
    const chunk = JSON.parse(data);
    if (chunk.error) throw new Error(JSON.stringify(chunk.error));
    if (chunk.usage) console.log("\n[usage]", chunk.usage);
    const delta = chunk.choices?.[0]?.delta ?? {}; // the final usage chunk has choices: []
    const reasoning = delta.reasoning_content ?? delta.reasoning; // DashScope / vLLM & Ollama
    if (reasoning) process.stdout.write(reasoning);
    if (delta.content) process.stdout.write(delta.content);
    if (delta.tool_calls) console.log("\n[tool_calls]", JSON.stringify(delta.tool_calls));
  }
  if (done) break;
}
"#;

pub(super) fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

fn indent(text: &str, pad: &str) -> String {
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or("").to_string();
    for l in lines {
        out.push('\n');
        out.push_str(pad);
        out.push_str(l);
    }
    out
}
