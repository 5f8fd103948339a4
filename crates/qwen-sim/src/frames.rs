//! The answer on the wire: `chat.completion.chunk` frames or a `chat.completion` body, in each
//! server's own spelling (LiteLLM's as measured on a LiteLLM proxy, tests/peers/litellm).
//!
//! DashScope: every key present with `null`s, reasoning first in `reasoning_content`, tool-call
//! deltas repeating `"id":""` and `type`, the final usage chunk with `choices: []`. vLLM and
//! Ollama: `reasoning`. SGLang and llama.cpp: `reasoning_content`. LiteLLM: non-final chunks omit
//! `finish_reason`, and the usage chunk carries one empty choice.

use qwen_route::catalog::{Dialect, ToolFormat};
use serde_json::{json, Value};

use crate::answer::Output;
use crate::envelope::{error_value, Failure};
use crate::ids::{Ids, CREATED};
use crate::scenario::Scenario;
use crate::wire::SimBody;

/// Everything a frame needs besides its delta.
pub(crate) struct Framer<'a> {
    pub dialect: Dialect,
    pub ids: &'a Ids,
    pub model: &'a str,
    /// Reasoning goes to `content` inside `<think>` (a server without a reasoning parser).
    pub think_in_content: bool,
    /// Tool calls stay in `content` as the model wrote them (a server without a tool parser).
    pub tool_format: Option<ToolFormat>,
}

/// A tool call as the model writes it in raw text, in its template's format.
pub(crate) fn tool_call_text(format: ToolFormat, name: &str, arguments: &str) -> String {
    match format {
        ToolFormat::Hermes => {
            let args: Value = serde_json::from_str(arguments).unwrap_or(Value::Null);
            format!("<tool_call>\n{}\n</tool_call>", json!({"name": name, "arguments": args}))
        }
        ToolFormat::Qwen3Coder => {
            let args: Value = serde_json::from_str(arguments).unwrap_or(Value::Null);
            let mut out = format!("<tool_call>\n<function={name}>\n");
            if let Some(o) = args.as_object() {
                for (k, v) in o {
                    let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    out.push_str(&format!("<parameter={k}>\n{text}\n</parameter>\n"));
                }
            }
            out.push_str("</function>\n</tool_call>");
            out
        }
    }
}

impl Framer<'_> {
    fn reasoning_field(&self) -> &'static str {
        match self.dialect {
            Dialect::Vllm | Dialect::Ollama => "reasoning",
            _ => "reasoning_content",
        }
    }

    fn chunk(&self, delta: Value, finish: Option<&str>) -> Value {
        let id = self.ids.chat_id();
        match self.dialect {
            Dialect::Dashscope => json!({
                "choices": [{"delta": delta, "finish_reason": finish, "index": 0, "logprobs": null}],
                "object": "chat.completion.chunk", "usage": null, "created": CREATED,
                "system_fingerprint": null, "model": self.model, "id": id,
            }),
            Dialect::Ollama => json!({
                "id": id, "object": "chat.completion.chunk", "created": CREATED, "model": self.model,
                "system_fingerprint": "fp_ollama",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }),
            Dialect::LlamaCpp => json!({
                "choices": [{"finish_reason": finish, "index": 0, "delta": delta}],
                "created": CREATED, "id": id, "model": self.model,
                "system_fingerprint": "b6000-qwen-sim", "object": "chat.completion.chunk",
            }),
            Dialect::Litellm => {
                let mut choice = json!({"index": 0, "delta": delta});
                if let Some(f) = finish {
                    choice["finish_reason"] = json!(f);
                }
                json!({"id": id, "created": CREATED, "model": self.model,
                       "object": "chat.completion.chunk", "system_fingerprint": null, "choices": [choice]})
            }
            Dialect::Vllm | Dialect::Sglang | Dialect::Openai => json!({
                "id": id, "object": "chat.completion.chunk", "created": CREATED, "model": self.model,
                "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}],
            }),
        }
    }

    fn usage(&self, out: &Output) -> Value {
        let completion = out.completion_tokens();
        let mut u = json!({
            "prompt_tokens": out.prompt_tokens,
            "completion_tokens": completion,
            "total_tokens": out.prompt_tokens + completion,
        });
        if matches!(
            self.dialect,
            Dialect::Dashscope | Dialect::Litellm | Dialect::Vllm | Dialect::Sglang
        ) {
            u["completion_tokens_details"] = json!({"reasoning_tokens": out.reasoning.len()});
        }
        if self.dialect == Dialect::Dashscope {
            u["prompt_tokens_details"] = json!({"cached_tokens": 0});
        }
        u
    }

    fn usage_chunk(&self, out: &Output) -> Value {
        let mut c = self.chunk(json!({}), None);
        c["choices"] = match self.dialect {
            Dialect::Litellm => json!([{"index": 0, "delta": {}}]),
            _ => json!([]),
        };
        c["usage"] = self.usage(out);
        c
    }

    fn first_delta(&self, thinking: bool) -> Value {
        match self.dialect {
            Dialect::Dashscope if thinking && !self.think_in_content => {
                json!({"content": null, "role": "assistant", "reasoning_content": ""})
            }
            Dialect::Dashscope => json!({"content": "", "role": "assistant"}),
            _ => json!({"role": "assistant", "content": ""}),
        }
    }

    fn reasoning_delta(&self, piece: &str) -> Value {
        match self.dialect {
            Dialect::Dashscope => json!({"content": null, "reasoning_content": piece}),
            Dialect::Ollama => json!({"role": "assistant", "content": "", "reasoning": piece}),
            _ => json!({ self.reasoning_field(): piece }),
        }
    }

    fn content_delta(&self, piece: &str, thinking: bool) -> Value {
        match self.dialect {
            Dialect::Dashscope if thinking && !self.think_in_content => {
                json!({"content": piece, "reasoning_content": null})
            }
            Dialect::Ollama => json!({"role": "assistant", "content": piece}),
            _ => json!({"content": piece}),
        }
    }

    fn tool_deltas(&self, name: &str, arguments: &str) -> Vec<Value> {
        let call_id = self.ids.call_id(0);
        let parts = split_arguments(arguments);
        let mut out = Vec::new();
        match self.dialect {
            Dialect::Dashscope => {
                out.push(json!({"content": null, "tool_calls": [{"function": {"name": name, "arguments": ""}, "index": 0, "id": call_id, "type": "function"}], "role": "assistant"}));
                for p in parts {
                    out.push(json!({"content": null, "tool_calls": [{"function": {"arguments": p}, "index": 0, "id": "", "type": "function"}]}));
                }
                out.push(json!({"content": null, "tool_calls": [{"function": {}, "index": 0, "id": "", "type": "function"}]}));
            }
            _ => {
                out.push(json!({"tool_calls": [{"id": call_id, "type": "function", "index": 0, "function": {"name": name, "arguments": ""}}]}));
                for p in parts {
                    out.push(json!({"tool_calls": [{"index": 0, "function": {"arguments": p}}]}));
                }
            }
        }
        out
    }

    /// The frames of the answer, in order (without `[DONE]`).
    fn frames(&self, out: &Output, thinking: bool, include_usage: bool) -> Vec<Value> {
        let mut f = vec![self.chunk(self.first_delta(thinking), None)];
        if self.think_in_content && !out.reasoning.is_empty() {
            f.push(self.chunk(self.content_delta("<think>\n", false), None));
            for p in &out.reasoning {
                f.push(self.chunk(self.content_delta(p, false), None));
            }
            f.push(self.chunk(self.content_delta("\n</think>\n\n", false), None));
        } else {
            for p in &out.reasoning {
                f.push(self.chunk(self.reasoning_delta(p), None));
            }
        }
        for p in &out.answer {
            f.push(self.chunk(self.content_delta(p, thinking), None));
        }
        let mut finish = out.finish;
        match (&out.tool, self.tool_format) {
            (Some(t), Some(format)) => {
                let text = tool_call_text(format, &t.name, &t.arguments);
                f.push(self.chunk(self.content_delta(&text, thinking), None));
                finish = "stop";
            }
            (Some(t), None) => {
                for d in self.tool_deltas(&t.name, &t.arguments) {
                    f.push(self.chunk(d, None));
                }
            }
            (None, _) => {}
        }
        let last = match self.dialect {
            Dialect::Dashscope => json!({"content": ""}),
            _ => json!({}),
        };
        f.push(self.chunk(last, Some(finish)));
        if include_usage {
            f.push(self.usage_chunk(out));
        }
        f
    }

    /// The non-streaming body.
    pub(crate) fn body(&self, out: &Output) -> Value {
        let mut message = json!({"role": "assistant", "content": out.answer_text()});
        if !out.reasoning.is_empty() {
            if self.think_in_content {
                message["content"] = json!(format!(
                    "<think>\n{}\n</think>\n\n{}",
                    out.reasoning_text(),
                    out.answer_text()
                ));
            } else {
                message[self.reasoning_field()] = json!(out.reasoning_text());
            }
        }
        let mut finish = out.finish;
        if let (Some(t), Some(format)) = (&out.tool, self.tool_format) {
            let text = tool_call_text(format, &t.name, &t.arguments);
            message["content"] = json!(format!("{}{text}", out.answer_text()));
            finish = "stop";
        } else if let Some(t) = &out.tool {
            if self.dialect == Dialect::Dashscope {
                message["content"] = json!("");
            } else {
                message["content"] = Value::Null;
            }
            message["tool_calls"] = json!([{
                "id": self.ids.call_id(0), "type": "function", "index": 0,
                "function": {"name": t.name, "arguments": t.arguments},
            }]);
        }
        let mut b = self.chunk(json!({}), Some(finish));
        b["object"] = json!("chat.completion");
        if let Some(c) = b["choices"].get_mut(0).and_then(Value::as_object_mut) {
            c.remove("delta");
            c.insert("message".into(), message);
            c.insert("finish_reason".into(), json!(finish));
        }
        b["usage"] = self.usage(out);
        b
    }

    /// The streamed body, with the scenario's timing and ending.
    pub(crate) fn stream(
        &self,
        out: &Output,
        thinking: bool,
        include_usage: bool,
        pace_ms: u32,
        scenario: Scenario,
    ) -> SimBody {
        let sse = |v: &Value| format!("data: {v}\n\n").into_bytes();
        let frames = self.frames(out, thinking, include_usage).iter().map(sse).collect();
        // Output moderation mid-answer (official error-code table wording).
        let f = Failure {
            status: 400,
            code: Some("data_inspection_failed".into()),
            kind: Some("data_inspection_failed".into()),
            message: "Input or output data may contain inappropriate content.".into(),
            retry_after: None,
            catalog_id: None,
        };
        let error = sse(&error_value(self.dialect, &f, self.ids));
        crate::wire::timed_stream(
            frames,
            Some(b"data: [DONE]\n\n".to_vec()),
            error,
            pace_ms,
            scenario,
        )
    }
}

/// Tool arguments in a few pieces, as servers stream them.
fn split_arguments(arguments: &str) -> Vec<String> {
    let chars: Vec<char> = arguments.chars().collect();
    chars.chunks(12).map(|c| c.iter().collect()).collect()
}
