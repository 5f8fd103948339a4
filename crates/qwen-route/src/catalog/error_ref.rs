//! [`ErrorRef`]: an upstream error named by id and looked up only when read.
//!
//! A lint finding says which catalogued error it prevents. Holding the id rather than the row
//! keeps the error table (verbatim messages, causes, fixes: about 25 KB of text) out of builds
//! that shape requests but never read or serialize findings, such as the embeddable picker.

use serde::{Serialize, Serializer};

use super::{upstream_error, UpstreamError};

/// A catalogued upstream error, by id. Serializes as what the server answers — `id`, `status`,
/// `code`, `type`, `message` (verbatim), `title`, `source`, `checked` — or `null` if the id is
/// unknown. The row's cause and fix are diagnosis templates, filled per request by
/// `diagnose`; they are not part of it, so no unfilled placeholder reaches a user.
///
/// ```
/// use qwen_route::catalog::ErrorRef;
/// let e = ErrorRef::new("thinking-non-streaming");
/// assert_eq!(e.id(), "thinking-non-streaming");
/// assert_eq!(e.row().unwrap().status, 400);
/// assert!(ErrorRef::new("no-such-error").row().is_none());
/// let json = serde_json::to_value(ErrorRef::new("portal-removed")).unwrap();
/// assert_eq!(json["id"], "portal-removed");
/// assert!(json.get("cause").is_none(), "templates stay inside the diagnosis");
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

/// What a finding says it prevents: the server's side of a catalogued error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PreventedError {
    /// The catalog id.
    pub id: &'static str,
    /// HTTP status (0 when the server is gone).
    pub status: u16,
    /// The envelope's `code`, where a source shows it.
    pub code: Option<&'static str>,
    /// The envelope's `type`, where a source shows it.
    #[serde(rename = "type")]
    pub kind: Option<&'static str>,
    /// The server's message, verbatim.
    pub message: &'static str,
    /// A short title.
    pub title: &'static str,
    /// Where the error text was seen.
    pub source: &'static str,
    /// When.
    pub checked: &'static str,
}

impl From<&UpstreamError> for PreventedError {
    fn from(row: &UpstreamError) -> Self {
        PreventedError {
            id: row.id,
            status: row.status,
            code: row.code,
            kind: row.kind,
            message: row.message,
            title: row.title,
            source: row.source,
            checked: row.checked,
        }
    }
}

impl Serialize for ErrorRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.row() {
            Some(row) => PreventedError::from(row).serialize(s),
            None => s.serialize_none(),
        }
    }
}
