//! # qwen-route
//!
//! The sans-IO core of qwen-route: for any Qwen job it answers *which surface, which model,
//! which exact HTTP request, and what will go wrong before it is sent*.
//!
//! - [`catalog`]: surfaces (DashScope regions, Coding Plan, Token Plan, workspace hosts,
//!   Ollama, vLLM, SGLang, llama.cpp, LiteLLM, generic, the removed OAuth portal), models,
//!   aliases, workloads and upstream errors — every row with `source` and `checked`.
//! - [`route`]: workload + constraints → surface, model, parameters, reasons, fallbacks.
//! - [`shape`]: one payload → the wire request a surface expects, with [`lint`] findings.
//! - [`export`]: curl, JavaScript and Python snippets with the key as an env-var placeholder.
//! - [`sse`]: an incremental, WHATWG-conformant Server-Sent Events decoder.
//! - [`assemble`]: frames or bodies into one answer with reasoning, tool calls, usage, timings
//!   and server-misconfiguration detectors; UI deltas as frames arrive.
//! - [`diagnose`]: any failure into a stable code, cause, fix and retry advice.
//! - [`check`]: the answer against the request's JSON Schema, with paths.
//! - [`models`]: live `/models` lists against the catalog.
//! - [`media`]: sizes and pixel dimensions of `data:` URLs.
//!
//! No network, no clock, no randomness, no mutable globals: plain data in, plain data out.
//! The same code runs natively, in the CLI, and in wasm32 for the browser.
//!
//! ```
//! use qwen_route::route::{route, RouteRequest};
//! use qwen_route::shape::{shape, ShapeRequest};
//! let r = route(&RouteRequest::new("deterministic-json")).unwrap();
//! let mut req = ShapeRequest::new(r.surface, r.model);
//! req.thinking = Some(r.params.thinking);
//! req.payload = serde_json::json!({
//!     "messages": [{"role": "user", "content": "Name a colour as JSON: {\"colour\": string}"}],
//!     "response_format": {"type": "json_object"}
//! }).as_object().unwrap().clone();
//! let shaped = shape(&req).unwrap();
//! assert!(!shaped.has_errors());
//! ```

#![forbid(unsafe_code)]

pub mod assemble;
pub mod catalog;
pub mod cost;
pub mod curl;
pub mod diagnose;
pub mod error;
pub mod export;
pub mod lint;
pub mod media;
pub mod models;
pub mod msg;
pub mod probe;
pub mod refusals;
pub mod repro;
pub mod route;
pub mod schema_check;
pub mod settings;
pub mod shape;
pub mod sse;
pub mod text;

pub use error::Error;

/// The JSON Schema check, under its earlier name (`qwen_route::check`); kept so code written
/// against it still builds.
pub use schema_check as check;
/// The shared request settings, under their earlier name (`qwen_route::vocab`); kept so code
/// written against it still builds.
pub use settings as vocab;
