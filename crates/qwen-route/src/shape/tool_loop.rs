//! The tool-call loop in a conversation: every assistant `tool_calls` id answered by a `tool`
//! message before the conversation goes on, no result for an id nobody asked for, and parallel
//! results in the order of the calls where the server pairs them by position.
//!
//! OpenAI's API refuses the first two (400 "messages with role 'tool' must be a response to a
//! preceding message with 'tool_calls'", and an assistant message with `tool_calls` "must be
//! followed by tool messages responding to each 'tool_call_id'"). Chat templates such as
//! Qwen3's render tool results as `<tool_response>` blocks without ids, so a self-hosted server
//! gives the model results by position.

use serde_json::Value;

use crate::catalog::{Hosting, Surface};
use crate::lint::{Finding, Severity};

fn ids_of(m: &Value) -> Vec<String> {
    m.get("tool_calls")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("id").and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// Whether the `tool` message at `i` comes after an assistant `tool_calls` turn (other tool
/// messages in between).
fn follows_calls(msgs: &[Value], i: usize) -> bool {
    msgs[..i]
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) != Some("tool"))
        .is_some_and(|m| !ids_of(m).is_empty())
}

/// Lint the tool loop of `msgs`.
///
/// ```
/// use qwen_route::shape::{shape, ShapeRequest};
/// let mut r = ShapeRequest::new("vllm", "Qwen/Qwen3-8B");
/// r.payload = serde_json::json!({"messages": [
///     {"role": "user", "content": "weather in two cities"},
///     {"role": "assistant", "content": "", "tool_calls": [
///         {"id": "a", "type": "function", "function": {"name": "w", "arguments": "{}"}},
///         {"id": "b", "type": "function", "function": {"name": "w", "arguments": "{}"}}]},
///     {"role": "tool", "tool_call_id": "b", "content": "rain"},
///     {"role": "tool", "tool_call_id": "a", "content": "sun"}
/// ]}).as_object().unwrap().clone();
/// let out = shape(&r).unwrap();
/// assert!(out.lint.iter().any(|f| f.code == "tool-results-out-of-order"));
/// ```
pub(crate) fn check(msgs: &[Value], surface: &Surface, out: &mut Vec<Finding>) {
    // DashScope refuses a broken loop: the refusal rules report it there, with its error.
    let refused_by_rules = surface.dialect == crate::catalog::Dialect::Dashscope;
    let mut pending: Vec<String> = Vec::new();
    let mut asked: Vec<String> = Vec::new();
    let mut answered_order: Vec<String> = Vec::new();
    let mut reported_order = false;
    let close = |pending: &mut Vec<String>, at: usize, out: &mut Vec<Finding>| {
        if !pending.is_empty() && !refused_by_rules {
            out.push(
                Finding::new(
                    "tool-call-unanswered",
                    Severity::Warning,
                    if pending.len() == 1 {
                        crate::msg!(
                            "finding.tool-call-unanswered.message.one",
                            "The tool call {ids} has no result before messages[{at}]: OpenAI's API refuses this (400), and other servers show the model an unfinished loop.",
                            ids = pending.join(", "),
                            at = at
                        )
                    } else {
                        crate::msg!(
                            "finding.tool-call-unanswered.message.many",
                            "The tool calls {ids} have no result before messages[{at}]: OpenAI's API refuses this (400), and other servers show the model an unfinished loop.",
                            ids = pending.join(", "),
                            at = at
                        )
                    },
                )
                .fix(crate::msg!(
                    "finding.tool-call-unanswered.fix",
                    "Add a tool message with each tool_call_id (the playground's Add result), or remove the calls."
                )),
            );
            pending.clear();
        }
    };
    for (i, m) in msgs.iter().enumerate() {
        let role = m.get("role").and_then(Value::as_str).unwrap_or("");
        match role {
            "tool" => {
                let id = m.get("tool_call_id").and_then(Value::as_str).unwrap_or("");
                if let Some(pos) = pending.iter().position(|p| p == id) {
                    pending.remove(pos);
                    answered_order.push(id.to_string());
                } else if !refused_by_rules || follows_calls(msgs, i) {
                    let message = if id.is_empty() {
                        crate::msg!(
                            "finding.tool-result-unknown-id.message.no-id",
                            "messages[{i}] (tool) has no tool_call_id: OpenAI's API refuses a tool message that does not answer a preceding tool call (400).",
                            i = i
                        )
                    } else if asked.iter().any(|a| a == id) {
                        crate::msg!(
                            "finding.tool-result-unknown-id.message.answered-twice",
                            "messages[{i}] (tool) answers {id} a second time: OpenAI's API refuses a tool message that does not answer a preceding tool call (400).",
                            i = i,
                            id = id
                        )
                    } else {
                        crate::msg!(
                            "finding.tool-result-unknown-id.message.not-called",
                            "messages[{i}] (tool) answers {id}, which no earlier assistant turn called: OpenAI's API refuses a tool message that does not answer a preceding tool call (400).",
                            i = i,
                            id = id
                        )
                    };
                    out.push(
                        Finding::new("tool-result-unknown-id", Severity::Warning, message).fix(
                            crate::msg!(
                                "finding.tool-result-unknown-id.fix",
                                "Set tool_call_id to the id of the call it answers, or remove the message."
                            ),
                        ),
                    );
                }
                if pending.is_empty() && !reported_order {
                    // All of one turn's calls are answered: were they answered in order?
                    let turn: Vec<&String> =
                        asked.iter().rev().take(answered_order.len()).rev().collect();
                    let in_order = turn.iter().zip(&answered_order).all(|(a, b)| *a == b);
                    if !in_order
                        && surface.hosting == Hosting::SelfHosted
                        && answered_order.len() > 1
                    {
                        reported_order = true;
                        out.push(
                            Finding::new(
                                "tool-results-out-of-order",
                                Severity::Warning,
                                crate::msg!(
                                    "finding.tool-results-out-of-order.message",
                                    "The results of parallel calls come in the order {answered} but the calls were {called}: {surface}'s chat template renders results without ids, so the model reads them by position.",
                                    answered = answered_order.join(", "),
                                    called = turn.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                                    surface = surface.id
                                ),
                            )
                            .fix(crate::msg!(
                                "finding.tool-results-out-of-order.fix",
                                "Put the tool messages in the order of the calls."
                            )),
                        );
                    }
                }
            }
            "assistant" => {
                close(&mut pending, i, out);
                let ids = ids_of(m);
                if !ids.is_empty() {
                    answered_order.clear();
                    asked.extend(ids.iter().cloned());
                    pending = ids;
                }
            }
            _ => close(&mut pending, i, out),
        }
    }
}
