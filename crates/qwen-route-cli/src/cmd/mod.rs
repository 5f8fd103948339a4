//! One module per subcommand.

pub(crate) mod catalog;
pub(crate) mod check;
pub(crate) mod diagnose;
pub(crate) mod models_dev;
pub(crate) mod probe;
pub(crate) mod repro;
pub(crate) mod route;
pub(crate) mod shape;
pub(crate) mod stream;
