//! Facts about `data:` URLs without decoding whole images: MIME type, decoded size, and pixel
//! dimensions read from the PNG, GIF, JPEG or WebP header.
//!
//! Used by the linter (DashScope refuses images with a side of 10 px or less) and by the
//! playground's size check before a local file is sent.

use serde::Serialize;

/// What a `data:` URL holds.
///
/// ```
/// // A 1×1 PNG.
/// let url = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
/// let info = qwen_route::media::inspect_data_url(url).unwrap();
/// assert_eq!(info.mime, "image/png");
/// assert_eq!((info.width, info.height), (Some(1), Some(1)));
/// assert_eq!(info.bytes, 70);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataUrlInfo {
    /// The declared MIME type.
    pub mime: String,
    /// Size of the decoded payload in bytes.
    pub bytes: u64,
    /// Width in pixels, when the header could be read.
    pub width: Option<u32>,
    /// Height in pixels, when the header could be read.
    pub height: Option<u32>,
}

/// Inspect a base64 `data:` URL. Returns `None` for anything else (plain URLs, non-base64).
///
/// ```
/// assert!(qwen_route::media::inspect_data_url("https://example.com/a.png").is_none());
/// assert!(qwen_route::media::inspect_data_url("data:image/png;base64,@@@").is_some());
/// ```
pub fn inspect_data_url(url: &str) -> Option<DataUrlInfo> {
    let rest = url.strip_prefix("data:")?;
    let (meta, payload) = rest.split_once(',')?;
    let mut parts = meta.split(';');
    let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    if !parts.any(|p| p.trim().eq_ignore_ascii_case("base64")) {
        return None;
    }
    let payload = payload.trim();
    let head = decode_prefix(payload, 256 * 1024);
    let (width, height) = match dimensions(&head) {
        Some((w, h)) => (Some(w), Some(h)),
        None => (None, None),
    };
    Some(DataUrlInfo { mime, bytes: decoded_len(payload), width, height })
}

fn decoded_len(payload: &str) -> u64 {
    let significant = payload.bytes().filter(|b| !b.is_ascii_whitespace()).count() as u64;
    let padding = payload
        .bytes()
        .rev()
        .filter(|b| !b.is_ascii_whitespace())
        .take_while(|b| *b == b'=')
        .count() as u64;
    (significant * 3 / 4).saturating_sub(padding)
}

fn sextet(b: u8) -> Option<u32> {
    match b {
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Decode up to `max` bytes of standard or URL-safe base64, stopping at the first invalid byte.
fn decode_prefix(s: &str, max: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(max.min(s.len()));
    let mut acc = 0u32;
    let mut bits = 0u32;
    for b in s.bytes() {
        if b.is_ascii_whitespace() {
            continue;
        }
        let Some(v) = sextet(b) else { break };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
            if out.len() >= max {
                break;
            }
        }
    }
    out
}

fn be16(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from(*b.get(i)?) << 8 | u32::from(*b.get(i + 1)?))
}

fn le16(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from(*b.get(i)?) | u32::from(*b.get(i + 1)?) << 8)
}

fn le24(b: &[u8], i: usize) -> Option<u32> {
    Some(le16(b, i)? | u32::from(*b.get(i + 2)?) << 16)
}

fn be32(b: &[u8], i: usize) -> Option<u32> {
    Some(be16(b, i)? << 16 | be16(b, i + 2)?)
}

/// Pixel dimensions from an image header.
///
/// ```
/// let gif = b"GIF89a\x0a\x00\x05\x00";
/// assert_eq!(qwen_route::media::dimensions(gif), Some((10, 5)));
/// assert_eq!(qwen_route::media::dimensions(b"not an image"), None);
/// ```
pub fn dimensions(b: &[u8]) -> Option<(u32, u32)> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some((be32(b, 16)?, be32(b, 20)?));
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        return Some((le16(b, 6)?, le16(b, 8)?));
    }
    if b.len() >= 12 && &b[0..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return match b.get(12..16)? {
            b"VP8 " => Some((le16(b, 26)? & 0x3fff, le16(b, 28)? & 0x3fff)),
            b"VP8L" => {
                let bits = u32::from(*b.get(21)?)
                    | u32::from(*b.get(22)?) << 8
                    | u32::from(*b.get(23)?) << 16
                    | u32::from(*b.get(24)?) << 24;
                Some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1))
            }
            b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
            _ => None,
        };
    }
    if b.starts_with(&[0xff, 0xd8]) {
        let mut i = 2;
        while i + 3 < b.len() {
            if b[i] != 0xff {
                i += 1;
                continue;
            }
            let marker = b[i + 1];
            if marker == 0xff {
                i += 1;
                continue;
            }
            if matches!(marker, 0xd0..=0xd9 | 0x01) {
                i += 2;
                continue;
            }
            let len = be16(b, i + 2)? as usize;
            let is_sof = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
            if is_sof {
                return Some((be16(b, i + 7)?, be16(b, i + 5)?));
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_sof_is_found() {
        // SOI, APP0 (len 4), SOF0 with height 3, width 7.
        let b = [
            0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00,
            0x03, 0x00, 0x07, 0x03,
        ];
        assert_eq!(dimensions(&b), Some((7, 3)));
    }

    #[test]
    fn truncated_headers_do_not_panic() {
        for n in 0..40 {
            let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01";
            let _ = dimensions(&png[..n.min(png.len())]);
            let _ = dimensions(&[0xff, 0xd8, 0xff, 0xc0][..n.min(4)]);
            let _ = dimensions(&b"RIFF\x00\x00\x00\x00WEBPVP8X"[..n.min(16)]);
        }
    }

    #[test]
    fn decoded_len_handles_padding() {
        assert_eq!(decoded_len("QQ=="), 1);
        assert_eq!(decoded_len("QUI="), 2);
        assert_eq!(decoded_len("QUJD"), 3);
    }
}
