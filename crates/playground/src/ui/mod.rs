//! The playground's panels.

pub mod app;
pub mod builder;
pub mod common;
pub mod compare;
pub mod endpoint;
pub mod export;
pub mod inspector;
pub mod picker;
pub mod state;
pub mod wire;
