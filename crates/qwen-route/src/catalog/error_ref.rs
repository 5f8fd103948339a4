//! [`ErrorRef`]: an upstream error named by id and looked up only when read.
//!
//! A lint finding says which catalogued error it prevents. Holding the id rather than the row
//! keeps the error table (verbatim messages, causes, fixes: about 25 KB of text) out of builds
//! that shape requests but never read or serialize findings, such as the embeddable picker.

use serde::{Serialize, Serializer};

use super::{upstream_error, UpstreamError};

/// A catalogued upstream error, by id. Serializes as the full row (`null` if the id is unknown),
/// so JSON output is the same as if it held the row.
///
/// ```
/// use qwen_route::catalog::ErrorRef;
/// let e = ErrorRef::new("thinking-non-streaming");
/// assert_eq!(e.id(), "thinking-non-streaming");
/// assert_eq!(e.row().unwrap().status, 400);
/// assert!(ErrorRef::new("no-such-error").row().is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorRef(&'static str);

impl ErrorRef {
    /// A reference to the error with this id (not checked until read).
    pub const fn new(id: &'static str) -> Self {
        ErrorRef(id)
    }

    /// The error's id.
    pub fn id(&self) -> &'static str {
        self.0
    }

    /// The catalogued row, or `None` when no error has this id.
    pub fn row(&self) -> Option<&'static UpstreamError> {
        upstream_error(self.0)
    }
}

impl Serialize for ErrorRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.row().serialize(s)
    }
}
