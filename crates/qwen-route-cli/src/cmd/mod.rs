//! One module per subcommand.

pub(crate) mod catalog;
pub(crate) mod route;
pub(crate) mod shape;
