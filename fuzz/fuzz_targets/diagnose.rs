//! Diagnosis of arbitrary answers: never a panic, always a code.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qwen_route::diagnose::{diagnose, DiagnoseRequest, RequestSummary, TransportFailure};

fuzz_target!(|data: &[u8]| {
    let first = data.first().copied().unwrap_or(0);
    let text = String::from_utf8_lossy(data).into_owned();
    let transport = [
        None,
        Some(TransportFailure::Cors),
        Some(TransportFailure::Network),
        Some(TransportFailure::Timeout),
        Some(TransportFailure::Aborted),
        Some(TransportFailure::MixedContent),
    ][usize::from(first % 6)];
    let req = DiagnoseRequest {
        surface: "dashscope-intl".into(),
        request: RequestSummary {
            model: Some(text.clone()),
            key_region: Some(text.clone()),
            origin: Some(text.clone()),
            ..Default::default()
        },
        // No status for one input in seven, otherwise an even code in 200..=710.
        status: (first % 7 != 0).then(|| 200 + u16::from(first) * 2),
        headers: [("Retry-After".into(), text.clone()), ("Date".into(), text.clone())].into(),
        error: serde_json::from_slice(data).ok(),
        body: text,
        transport,
    };
    // Only a request with neither a status, an error frame nor a transport failure is refused,
    // and that is a typed error.
    let answerable = req.status.is_some() || req.error.is_some() || req.transport.is_some();
    assert_eq!(diagnose(&req).is_ok(), answerable);
});
