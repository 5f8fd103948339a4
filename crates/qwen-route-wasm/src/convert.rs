//! Crossing the boundary: JS values ⇄ JSON text ⇄ Rust values, and errors as JS `Error`s with
//! a `kind` and a typed `detail`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Errors that only the JS boundary can produce (the core's own errors are `CoreError`).
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BindingError {
    /// A JS value did not have the expected shape.
    InvalidInput {
        /// What was expected.
        expected: String,
        /// What was wrong, with the JSON path when known.
        reason: String,
    },
    /// A `StreamDecoder` was used after `finish()` or `abort()`.
    Finished {
        /// What to do.
        reason: String,
    },
}

/// A JS `Error` whose `kind` and `detail` come from a serializable error.
pub(crate) fn error<E: Serialize + ?Sized>(detail: &E) -> JsValue {
    let json =
        serde_json::to_string(detail).unwrap_or_else(|_| "{\"kind\":\"invalid-input\"}".into());
    let detail = js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL);
    let kind = js_sys::Reflect::get(&detail, &JsValue::from_str("kind")).unwrap_or(JsValue::NULL);
    let message = match detail.as_string() {
        Some(m) => m,
        None => message_of(&json),
    };
    let err = js_sys::Error::new(&message);
    err.set_name("QwenRouteError");
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("kind"), &kind);
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("detail"), &detail);
    err.into()
}

/// A readable one-line message from the serialized detail.
fn message_of(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let kind = v["kind"].as_str().unwrap_or("error");
    let detail = ["reason", "id", "param"].iter().find_map(|k| v[*k].as_str()).unwrap_or("");
    if detail.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}: {detail}")
    }
}

/// A core error as a thrown JS error; the message is the core's one-line message.
pub(crate) fn fail(e: qwen_route::Error) -> JsValue {
    let v = error(&e);
    if let Some(err) = v.dyn_ref::<js_sys::Error>() {
        err.set_message(&e.to_string());
    }
    v
}

/// Serialize through JSON text, parsed on the JS side.
pub(crate) fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(v).map_err(|e| {
        error(&BindingError::InvalidInput {
            expected: "a serializable value".into(),
            reason: e.to_string(),
        })
    })?;
    js_sys::JSON::parse(&text)
}

/// Deserialize a JS value through JSON text, as a typed error when it has the wrong shape.
pub(crate) fn from_js<T: DeserializeOwned>(v: &JsValue, expected: &str) -> Result<T, JsValue> {
    let invalid =
        |reason: String| error(&BindingError::InvalidInput { expected: expected.into(), reason });
    if v.is_undefined() {
        return Err(invalid("got undefined".into()));
    }
    let text: String = js_sys::JSON::stringify(v)
        .map_err(|_| {
            invalid("the value cannot be converted to JSON (a cycle, or a BigInt)".into())
        })?
        .into();
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    serde_json::from_value(value).map_err(|e| invalid(e.to_string()))
}

/// Like [`from_js`], with `undefined`/`null` meaning the default.
pub(crate) fn optional<T: DeserializeOwned + Default>(
    v: Option<JsValue>,
    expected: &str,
) -> Result<T, JsValue> {
    match v {
        Some(v) if !v.is_undefined() && !v.is_null() => from_js(&v, expected),
        _ => Ok(T::default()),
    }
}

/// Bytes from a `Uint8Array` (or any typed array view), or the UTF-8 of a string.
pub(crate) fn bytes(v: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(a) = v.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(a.to_vec());
    }
    Err(error(&BindingError::InvalidInput {
        expected: "Uint8Array | string".into(),
        reason: "got another type".into(),
    }))
}
