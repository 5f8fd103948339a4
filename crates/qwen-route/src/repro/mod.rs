//! Minimal repros and repro bundles: shrink a failing payload to what still shows the problem
//! ([`Reducer`], sans-IO: the caller re-sends each candidate), and package a failure as one
//! redacted file ([`bundle`]).

mod bundle;
mod classify;
mod reduce;

pub use bundle::{
    bundle, redact, redact_json, BundleDiagnosis, ReceivedResponse, ReproBundle, ReproInput,
    SentRequest,
};
pub use classify::classify;
pub use reduce::{Candidate, Reduced, Reducer, StepOutcome};
