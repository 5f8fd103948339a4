//! The playground's panels.

pub mod app;
pub mod builder;
pub mod common;
pub mod compare;
pub mod consent;
pub mod curl_import;
pub mod endpoint;
pub mod export;
pub mod inspector;
pub mod lang;
pub mod memory;
pub mod picker;
pub mod probe;
pub mod repro;
pub mod sources;
pub mod state;
pub mod transcript;
pub mod wire;
