//! Deterministic identifiers: the same request always gets the same ids (no clock, no randomness).

/// Ids derived from the request bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ids {
    hash: u128,
}

/// The `created` timestamp every simulated answer carries (a fixed instant, so output is
/// reproducible; a captured DashScope stream has this value).
pub(crate) const CREATED: u64 = 1_770_343_445;

impl Ids {
    pub(crate) fn new(seed: &[u8]) -> Ids {
        // FNV-1a, 128-bit.
        let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
        for b in seed {
            h ^= u128::from(*b);
            h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
        }
        Ids { hash: h }
    }

    /// A UUID-shaped request id.
    pub(crate) fn request_id(&self) -> String {
        let hex = format!("{:032x}", self.hash);
        format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
    }

    /// `chatcmpl-<request id>`, as DashScope pairs them.
    pub(crate) fn chat_id(&self) -> String {
        format!("chatcmpl-{}", self.request_id())
    }

    /// A tool-call id in DashScope's `call_<hex>` form.
    pub(crate) fn call_id(&self, index: usize) -> String {
        let hex = format!("{:032x}", self.hash.rotate_left(17 + index as u32));
        format!("call_{}", &hex[..22])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_distinct() {
        assert_eq!(Ids::new(b"a").request_id(), Ids::new(b"a").request_id());
        assert_ne!(Ids::new(b"a").request_id(), Ids::new(b"b").request_id());
        assert_eq!(Ids::new(b"a").request_id().len(), 36);
        assert!(Ids::new(b"a").call_id(0).starts_with("call_"));
    }
}
