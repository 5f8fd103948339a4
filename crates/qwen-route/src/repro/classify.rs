//! The problem class an exchange showed: the diagnosis of an error status, of an error frame or a
//! cut inside a 2xx stream, or nothing when it succeeded. The reducer compares these codes.

use std::collections::BTreeMap;

use crate::assemble::{assemble_auto, AssembleOptions};
use crate::diagnose::{diagnose, DiagnoseRequest, Diagnosis, RequestSummary};

/// Classify a response.
///
/// ```
/// use qwen_route::repro::classify;
/// let ok = classify("vllm", &Default::default(), 200, &Default::default(), br#"{"choices":[{"message":{"content":"hi"}}]}"#);
/// assert!(ok.is_none());
/// let bad = classify("dashscope-intl", &Default::default(), 429, &Default::default(), br#"{"error":{"code":"limit_requests","message":"x"}}"#);
/// assert_eq!(bad.unwrap().code, "rate-limit");
/// ```
pub fn classify(
    surface: &str,
    summary: &RequestSummary,
    status: u16,
    headers: &BTreeMap<String, String>,
    body: &[u8],
) -> Option<Diagnosis> {
    if (200..300).contains(&status) {
        let opts = AssembleOptions {
            surface: Some(surface.to_string()),
            request: summary.clone(),
            ..Default::default()
        };
        return assemble_auto(body, &opts).diagnosis;
    }
    diagnose(&DiagnoseRequest {
        surface: surface.to_string(),
        request: summary.clone(),
        status: Some(status),
        headers: headers.clone(),
        body: String::from_utf8_lossy(body).into_owned(),
        error: None,
        transport: None,
    })
    .ok()
}
