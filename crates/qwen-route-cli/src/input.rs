//! Reading files and standard input, with one-line errors.

use std::io::Read;

use crate::Failure;

/// Read a file, or standard input for `-`.
pub(crate) fn read_bytes(path: &str) -> Result<Vec<u8>, Failure> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Failure(format!("cannot read standard input: {e}")))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| Failure(format!("cannot read {path}: {e}")))
}

/// Read a JSON document, naming the file and position on error.
pub(crate) fn read_json(path: &str) -> Result<serde_json::Value, Failure> {
    let bytes = read_bytes(path)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        let name = if path == "-" { "standard input" } else { path };
        Failure(format!("{name} is not valid JSON: {e}"))
    })
}
