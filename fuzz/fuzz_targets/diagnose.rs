//! Diagnosis of arbitrary answers: never a panic, always a code.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qwen_route::diagnose::{diagnose, DiagnoseRequest, Outcome, RequestSummary};

fuzz_target!(|data: &[u8]| {
    let status = data.first().map_or(400, |b| 200 + u16::from(*b) * 2);
    let text = String::from_utf8_lossy(data).into_owned();
    let d = diagnose(&DiagnoseRequest {
        surface: "dashscope-intl".into(),
        request: RequestSummary { model: Some(text.clone()), ..Default::default() },
        outcome: Outcome::Http { status, headers: [("Retry-After".into(), text.clone()), ("Date".into(), text.clone())].into(), body: text },
    });
    assert!(d.is_ok());
});
