//! Turning what a user wrote into a catalog model: aliases, provider prefixes, case mistakes.

use serde::Serialize;

use super::types::{AliasWire, Model, ModelAlias, SurfaceFamily};
use super::{aliases, models, prefixes};

/// How a reference reached its model row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ResolvedVia {
    /// A provider prefix was stripped (`qwen/…`).
    Prefix {
        /// The prefix.
        prefix: &'static str,
    },
    /// A whole-reference alias matched.
    Alias {
        /// The alias row.
        alias: &'static ModelAlias,
    },
}

/// A model reference resolved for one surface family.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedModel {
    /// The catalog row whose facts apply.
    pub model: &'static Model,
    /// The id to put on the wire.
    pub wire_id: String,
    /// How the reference was rewritten, if it was.
    pub via: Option<ResolvedVia>,
}

/// The outcome of looking up a model reference.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelLookup {
    /// Known and served on the family asked about.
    Found(ResolvedModel),
    /// Known, but served elsewhere; `sibling` is the same weights under this family's id.
    NotOnSurface {
        /// The model as catalogued elsewhere.
        model: &'static Model,
        /// The id serving the same weights on the family asked about.
        sibling: Option<&'static Model>,
        /// The reference after alias/prefix rewriting.
        via: Option<ResolvedVia>,
    },
    /// Not in the catalog; `suggestion` is the closest id (a case slip or a typo).
    Unknown {
        /// The closest catalogued id.
        suggestion: Option<&'static str>,
    },
}

/// What a reference names, before any surface is considered: the catalog id whose facts apply
/// (empty when the catalog has none), the id to put on the wire, and how it was rewritten.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The catalog id (empty: not catalogued).
    pub id: &'static str,
    /// The id to send.
    pub wire_id: String,
    /// How the reference was rewritten, if it was.
    pub via: Option<ResolvedVia>,
}

/// Resolve aliases and provider prefixes, the same way for every command.
///
/// ```
/// use qwen_route::catalog::{resolve_reference, ResolvedVia};
/// let r = resolve_reference("qwen-portal/coder-model");
/// assert!(!r.id.is_empty());
/// assert!(matches!(r.via, Some(ResolvedVia::Alias { .. })));
/// assert_eq!(resolve_reference("dashscope/qwen-plus").id, "qwen-plus");
/// assert_eq!(resolve_reference("no-such-model").id, "");
/// ```
pub fn resolve_reference(reference: &str) -> Reference {
    let reference = reference.trim();
    let (id, wire_id, via) = if let Some(a) = aliases().iter().find(|a| a.alias == reference) {
        let wire = match a.wire {
            AliasWire::Target => a.target.to_string(),
            AliasWire::Keep => a.alias.to_string(),
        };
        (a.target, wire, Some(ResolvedVia::Alias { alias: a }))
    } else if let Some((p, rest)) = prefixes()
        .iter()
        .find_map(|p| reference.strip_prefix(p.prefix).map(|rest| (p.prefix, rest)))
        .filter(|(_, rest)| !rest.is_empty())
    {
        let id = known_id(rest).unwrap_or("");
        (id, rest.to_string(), Some(ResolvedVia::Prefix { prefix: p }))
    } else {
        (known_id(reference).unwrap_or(""), reference.to_string(), None)
    };
    Reference { id, wire_id, via }
}

/// Resolve a model reference for a surface family.
///
/// Order: whole-reference aliases, then provider prefixes (case-sensitive, so `Qwen/Qwen3-8B`
/// stays a Hugging Face path), then the exact id. Ids are case-sensitive on every server, so
/// `Qwen-Plus` is unknown, with `qwen-plus` as the suggestion.
///
/// ```
/// use qwen_route::catalog::{resolve_model, ModelLookup, SurfaceFamily};
/// let ModelLookup::Found(r) = resolve_model("qwen/qwen3.5-plus", SurfaceFamily::Dashscope) else { panic!() };
/// assert_eq!(r.wire_id, "qwen3.5-plus");
/// let ModelLookup::Unknown { suggestion } = resolve_model("Qwen-Plus", SurfaceFamily::Dashscope) else { panic!() };
/// assert_eq!(suggestion, Some("qwen-plus"));
/// let ModelLookup::NotOnSurface { sibling, .. } = resolve_model("qwen3:8b", SurfaceFamily::Dashscope) else { panic!() };
/// assert_eq!(sibling.unwrap().id, "qwen3-8b");
/// ```
pub fn resolve_model(reference: &str, family: SurfaceFamily) -> ModelLookup {
    let reference = reference.trim();
    let Reference { id, wire_id, via } = resolve_reference(reference);

    if let Some(m) = models().iter().find(|m| m.id == id && m.served_on(family)) {
        return ModelLookup::Found(ResolvedModel { model: m, wire_id, via });
    }
    if let Some(m) = models().iter().find(|m| m.id == id) {
        let sibling = m
            .weights
            .and_then(|w| models().iter().find(|o| o.weights == Some(w) && o.served_on(family)));
        return ModelLookup::NotOnSurface { model: m, sibling, via };
    }
    let probe = match &via {
        Some(ResolvedVia::Prefix { .. }) => wire_id.as_str(),
        _ => reference,
    };
    ModelLookup::Unknown { suggestion: suggest(probe, models().iter().map(|m| m.id)) }
}

fn known_id(id: &str) -> Option<&'static str> {
    models().iter().find(|m| m.id == id).map(|m| m.id)
}

/// The candidate closest to `input`: an exact case-insensitive match first, then the smallest
/// edit distance up to a third of the input's length (at most 3).
///
/// ```
/// let ids = ["dashscope-intl", "dashscope-cn", "vllm"];
/// assert_eq!(qwen_route::catalog::suggest("dashscope-itnl", ids), Some("dashscope-intl"));
/// assert_eq!(qwen_route::catalog::suggest("VLLM", ids), Some("vllm"));
/// assert_eq!(qwen_route::catalog::suggest("something-else", ids), None);
/// ```
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = input.to_ascii_lowercase();
    let limit = (input.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c.to_ascii_lowercase() == lower {
            return Some(c);
        }
        let d = edit_distance(&lower, &c.to_ascii_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_alias_migrates_to_target() {
        let ModelLookup::Found(r) =
            resolve_model("qwen-portal/coder-model", SurfaceFamily::Dashscope)
        else {
            panic!("not found")
        };
        assert_eq!(r.wire_id, "qwen3.6-plus");
        assert!(matches!(r.via, Some(ResolvedVia::Alias { .. })));
    }

    #[test]
    fn latest_alias_keeps_wire_id() {
        let ModelLookup::Found(r) = resolve_model("qwen-plus-latest", SurfaceFamily::Dashscope)
        else {
            panic!("not found")
        };
        assert_eq!(r.wire_id, "qwen-plus-latest");
        assert_eq!(r.model.id, "qwen-plus");
    }

    #[test]
    fn hugging_face_paths_are_not_prefixes() {
        let ModelLookup::Found(r) = resolve_model("Qwen/Qwen3-8B", SurfaceFamily::Vllm) else {
            panic!("not found")
        };
        assert_eq!(r.wire_id, "Qwen/Qwen3-8B");
        assert!(r.via.is_none());
    }

    #[test]
    fn every_prefix_strips() {
        for p in ["qwen/", "modelstudio/", "qwencloud/", "dashscope/"] {
            let reference = format!("{p}qwen3-coder-plus");
            assert!(matches!(
                resolve_model(&reference, SurfaceFamily::CodingPlan),
                ModelLookup::Found(_)
            ));
        }
    }

    #[test]
    fn standard_only_model_is_not_on_coding_plan() {
        assert!(matches!(
            resolve_model("qwen-flash", SurfaceFamily::CodingPlan),
            ModelLookup::NotOnSurface { .. }
        ));
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
