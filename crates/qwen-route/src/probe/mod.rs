//! Know your server: a capability probe for any endpoint.
//!
//! Sans-IO, like the rest of the core. [`probe_plan`] gives at most eight small requests, each
//! with its purpose and timeout; the caller sends them (the CLI with its HTTP client, the
//! playground with `fetch`, an npm user with anything) and hands the answers to
//! [`judge_probe`], which reports one row per capability — reachable, streaming, usage in the
//! stream, reasoning in its own field, thinking off, tool calls and their format,
//! `tool_choice: "required"`, JSON object and schema output, images, context and CORS — with
//! the evidence and, for a missing one, the server flag to change.
//!
//! Fixes come from the catalog: the surfaces' reasoning and tool-call parser flags and CORS
//! fixes, and `catalog/probe.toml` for the rest.
//!
//! ```
//! use qwen_route::probe::{judge_probe, probe_plan, ProbeAnswer, ProbeOptions, StepId, Verdict};
//! let plan = probe_plan(&ProbeOptions {
//!     surface: "vllm".into(),
//!     base_url: Some("http://127.0.0.1:8000/v1".into()),
//!     model: Some("Qwen/Qwen3-8B".into()),
//!     ..Default::default()
//! }).unwrap();
//! // vLLM started without --enable-auto-tool-choice refuses tool_choice auto.
//! let answers = vec![ProbeAnswer {
//!     step: Some(StepId::Tools),
//!     status: Some(400),
//!     body: r#"{"error":{"message":"\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set","type":"BadRequestError","param":null,"code":400}}"#.into(),
//!     ..Default::default()
//! }];
//! let report = judge_probe(&plan, &answers);
//! let tools = report.capabilities.iter().find(|c| c.id == "tool-calls").unwrap();
//! assert_eq!(tools.verdict, Verdict::No);
//! assert!(tools.fix.as_deref().unwrap().contains("--tool-call-parser hermes"));
//! assert!(!report.ok);
//! ```

mod judge;
mod plan;

pub use judge::{
    choose_model, judge_probe, Capability, Evidence, ProbeAnswer, ProbeReport, Verdict,
};
pub use plan::{probe_plan, LeftOut, ProbeOptions, ProbePlan, ProbeStep, StepId, MAX_STEPS};
