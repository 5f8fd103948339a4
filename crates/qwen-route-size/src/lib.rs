//! A size harness: the core's entry points behind a plain C ABI with one shared buffer, so a
//! wasm32 build contains everything a real binding would link, and nothing else.
//!
//! Protocol: the host asks for a buffer of `len` bytes with [`qr_buffer`], writes UTF-8 JSON
//! into it, calls an entry point, and reads the answer (JSON or text) back from the buffer.
//! The returned value is the answer's length. The only `unsafe` is `#[no_mangle]` on the exports:
//! the host writes through wasm memory, so no raw pointer is ever dereferenced here.
//!
//! ```
//! let ptr = qwen_route_size::qr_buffer(0);
//! assert!(!ptr.is_null());
//! ```

use std::cell::RefCell;

use qwen_route::export::{export, Format};
use qwen_route::route::{route, RouteRequest};
use qwen_route::shape::{shape, ShapeRequest};

thread_local! {
    static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Resize the shared buffer to `len` bytes and return where the host writes its input.
#[allow(unsafe_code)] // `no_mangle` only: the symbol is the host-facing export.
#[no_mangle]
pub extern "C" fn qr_buffer(len: usize) -> *mut u8 {
    BUF.with(|b| {
        let mut b = b.borrow_mut();
        b.clear();
        b.resize(len, 0);
        b.as_mut_ptr()
    })
}

fn answer(out: String) -> usize {
    BUF.with(|b| {
        let mut b = b.borrow_mut();
        b.clear();
        b.extend_from_slice(out.as_bytes());
        b.len()
    })
}

fn input<T: serde::de::DeserializeOwned>() -> Result<T, String> {
    BUF.with(|b| serde_json::from_slice(&b.borrow()).map_err(|e| e.to_string()))
}

fn json<T: serde::Serialize>(r: Result<T, String>) -> usize {
    let v = match r {
        Ok(v) => serde_json::to_value(v).map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    answer(match v {
        Ok(v) => v.to_string(),
        Err(e) => serde_json::json!({ "error": e }).to_string(),
    })
}

/// Route the `RouteRequest` JSON in the buffer.
#[allow(unsafe_code)] // `no_mangle` only: the symbol is the host-facing export.
#[no_mangle]
pub extern "C" fn qr_route() -> usize {
    json(input::<RouteRequest>().and_then(|r| route(&r).map_err(|e| e.to_string())))
}

/// Shape the `ShapeRequest` JSON in the buffer.
#[allow(unsafe_code)] // `no_mangle` only: the symbol is the host-facing export.
#[no_mangle]
pub extern "C" fn qr_shape() -> usize {
    json(input::<ShapeRequest>().and_then(|r| shape(&r).map_err(|e| e.to_string())))
}

/// Shape, then export as curl (0), JavaScript (1) or Python (2).
#[allow(unsafe_code)] // `no_mangle` only: the symbol is the host-facing export.
#[no_mangle]
pub extern "C" fn qr_export(format: u32) -> usize {
    let format = match format {
        0 => Format::Curl,
        1 => Format::Js,
        _ => Format::Python,
    };
    match input::<ShapeRequest>().and_then(|r| shape(&r).map_err(|e| e.to_string())) {
        Ok(s) => answer(export(&s, format)),
        Err(e) => answer(e),
    }
}

/// Assemble the stream or body in the buffer.
#[allow(unsafe_code)] // `no_mangle` only: the symbol is the host-facing export.
#[no_mangle]
pub extern "C" fn qr_assemble() -> usize {
    let bytes = BUF.with(|b| b.borrow().clone());
    let a = qwen_route::assemble::assemble_auto(&bytes, &Default::default());
    json(Ok::<_, String>(a))
}

/// Diagnose the `DiagnoseRequest` JSON in the buffer.
#[allow(unsafe_code)] // `no_mangle` only: the symbol is the host-facing export.
#[no_mangle]
pub extern "C" fn qr_diagnose() -> usize {
    json(
        input::<qwen_route::diagnose::DiagnoseRequest>()
            .and_then(|r| qwen_route::diagnose::diagnose(&r).map_err(|e| e.to_string())),
    )
}

/// Check `{"answer": string, "schema": object}` in the buffer.
#[allow(unsafe_code)] // `no_mangle` only: the symbol is the host-facing export.
#[no_mangle]
pub extern "C" fn qr_check() -> usize {
    json(input::<serde_json::Value>().map(|v| {
        qwen_route::check::check_structured(v["answer"].as_str().unwrap_or(""), &v["schema"])
    }))
}

/// Parse a `/models` list in the buffer.
#[allow(unsafe_code)] // `no_mangle` only: the symbol is the host-facing export.
#[no_mangle]
pub extern "C" fn qr_models() -> usize {
    let bytes = BUF.with(|b| b.borrow().clone());
    json(qwen_route::models::parse_models(&bytes).map_err(|e| e.to_string()))
}

/// The catalog summary.
#[allow(unsafe_code)] // `no_mangle` only: the symbol is the host-facing export.
#[no_mangle]
pub extern "C" fn qr_catalog() -> usize {
    answer(qwen_route::catalog::render_summary())
}
