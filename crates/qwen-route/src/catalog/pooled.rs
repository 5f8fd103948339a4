//! Catalog text kept beside its rows instead of inside them.
//!
//! A row that held a pointer to its sources and notes would make every build that reads the row
//! carry every row's sources and notes: the linker keeps a whole static table and all it points
//! at. The stream decoder reads model and surface rows for their formats and never shows their
//! provenance, so those texts live in side tables (`MODEL_SOURCES`, `SURFACE_NOTES`, …) generated
//! beside the rows, and a row holds a [`Pooled`] index. Only code that reads the text
//! ([`Pooled::get`], `Deref`, `Display`, `Serialize`) links its table in.
//!
//! ```
//! let m = qwen_route::catalog::model("qwen-plus").unwrap();
//! // Reads like the text it stands for.
//! assert!(m.source.contains("https://"));
//! assert_eq!(m.source.to_string(), m.source.get());
//! assert!(m.notes.iter().all(|n| !n.is_empty()));
//! // And serializes as it.
//! assert_eq!(serde_json::to_value(m.source).unwrap(), m.source.get());
//! ```

use core::fmt;
use core::marker::PhantomData;
use core::ops::Deref;

use serde::{Serialize, Serializer};

/// A side table of catalog text, named by a marker type.
pub trait Pool: 'static {
    /// What one entry is: `str` (a source) or `[&str]` (a row's notes).
    type Item: ?Sized + 'static;
    /// The table, one entry per row, in the rows' order.
    fn items() -> &'static [&'static Self::Item];
    /// What an index past the table reads as (never generated; kept so reading cannot panic).
    fn missing() -> &'static Self::Item;
}

/// One row's entry in the side table `P`.
pub struct Pooled<P: Pool> {
    index: u16,
    pool: PhantomData<fn() -> P>,
}

impl<P: Pool> Pooled<P> {
    /// The entry at `index` (the generated rows use their own position).
    pub(crate) const fn at(index: u16) -> Self {
        Self { index, pool: PhantomData }
    }

    /// The text.
    pub fn get(self) -> &'static P::Item {
        match P::items().get(usize::from(self.index)) {
            Some(item) => item,
            None => P::missing(),
        }
    }
}

impl<P: Pool> Clone for Pooled<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: Pool> Copy for Pooled<P> {}

impl<P: Pool> PartialEq for Pooled<P> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}

impl<P: Pool> Eq for Pooled<P> {}

impl<P: Pool> Deref for Pooled<P> {
    type Target = P::Item;

    fn deref(&self) -> &P::Item {
        self.get()
    }
}

/// A row's notes iterate like the slice they stand for.
impl<P: Pool<Item = [&'static str]>> IntoIterator for Pooled<P> {
    type Item = &'static &'static str;
    type IntoIter = core::slice::Iter<'static, &'static str>;

    fn into_iter(self) -> Self::IntoIter {
        self.get().iter()
    }
}

impl<P: Pool> fmt::Debug for Pooled<P>
where
    P::Item: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.get(), f)
    }
}

impl<P: Pool> fmt::Display for Pooled<P>
where
    P::Item: fmt::Display,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.get(), f)
    }
}

impl<P: Pool> Serialize for Pooled<P>
where
    P::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(serializer)
    }
}

/// Declares the side tables' marker types; `build.rs` writes the tables they name.
macro_rules! pools {
    ($($(#[$doc:meta])* $marker:ident: $item:ty = $table:ident, $missing:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $marker {}

        impl Pool for $marker {
            type Item = $item;
            fn items() -> &'static [&'static $item] {
                super::data::$table
            }
            fn missing() -> &'static $item {
                $missing
            }
        }
    )*};
}

pools! {
    /// `Region::source`.
    RegionSources: str = REGION_SOURCES, "";
    /// `Surface::source`.
    SurfaceSources: str = SURFACE_SOURCES, "";
    /// `Surface::notes`.
    SurfaceNotes: [&'static str] = SURFACE_NOTES, &[];
    /// `Model::source`.
    ModelSources: str = MODEL_SOURCES, "";
    /// `Model::notes`.
    ModelNotes: [&'static str] = MODEL_NOTES, &[];
    /// `ModelPrefix::source`.
    PrefixSources: str = PREFIX_SOURCES, "";
    /// `ModelAlias::source`.
    AliasSources: str = ALIAS_SOURCES, "";
    /// `Price::source`.
    PriceSources: str = PRICE_SOURCES, "";
    /// `Price::notes`.
    PriceNotes: [&'static str] = PRICE_NOTES, &[];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    /// The `[[table]]` blocks of `toml`, in order, with the value of their `key = "…"` line
    /// (an id can have two rows, one per family of surfaces, so rows pair with blocks in order).
    fn blocks<'t>(toml: &'t str, table: &str, key: &str) -> Vec<(String, &'t str)> {
        let header = format!("[[{table}]]");
        let prefix = format!("{key} = ");
        toml.split(header.as_str())
            .skip(1)
            .filter_map(|b| {
                let line = b.lines().find_map(|l| l.trim().strip_prefix(prefix.as_str()))?;
                Some((line.trim_matches('"').to_string(), b))
            })
            .collect()
    }

    /// Rows as `(key, source, notes)`: each must read the text of its own block, in order.
    fn rows_match(toml: &str, table: &str, key: &str, rows: Vec<(&str, &str, &[&str])>) {
        let blocks = blocks(toml, table, key);
        assert_eq!(blocks.len(), rows.len(), "{table}");
        for ((k, b), (row, source, notes)) in blocks.iter().zip(rows) {
            assert_eq!(k, row, "{table}");
            assert!(b.contains(&format!("{source:?}")), "{table} {row}: {source}");
            for n in notes {
                assert!(b.contains(&format!("{n:?}")), "{table} {row}: {n}");
            }
        }
    }

    #[test]
    fn each_row_reads_its_own_entry() {
        // A generator that wrote a side table in another order than its rows would pass every
        // length check: each row's text must come from its own block of the TOML.
        let none: &[&str] = &[];
        let models = catalog::models().iter().map(|m| (m.id, m.source.get(), m.notes.get()));
        rows_match(include_str!("../../catalog/models.toml"), "model", "id", models.collect());
        let surfaces = catalog::surfaces().iter().map(|s| (s.id, s.source.get(), s.notes.get()));
        rows_match(
            include_str!("../../catalog/surfaces.toml"),
            "surface",
            "id",
            surfaces.collect(),
        );
        let regions = catalog::regions().iter().map(|r| (r.id, r.source.get(), none));
        rows_match(include_str!("../../catalog/surfaces.toml"), "region", "id", regions.collect());
        let aliases = include_str!("../../catalog/aliases.toml");
        let rows = catalog::aliases().iter().map(|a| (a.alias, a.source.get(), none));
        rows_match(aliases, "alias", "alias", rows.collect());
        let rows = catalog::prefixes().iter().map(|p| (p.prefix, p.source.get(), none));
        rows_match(aliases, "prefix", "prefix", rows.collect());
        let prices = catalog::prices().iter().map(|p| (p.model, p.source.get(), p.notes.get()));
        rows_match(include_str!("../../catalog/prices.toml"), "price", "model", prices.collect());
    }

    #[test]
    fn an_index_past_the_table_reads_as_empty() {
        let past = Pooled::<ModelSources>::at(u16::MAX);
        assert_eq!(past.get(), "");
        assert!(Pooled::<ModelNotes>::at(u16::MAX).get().is_empty());
    }

    #[test]
    fn serializes_and_prints_as_its_text() {
        let s = catalog::surface("dashscope-intl").unwrap();
        assert_eq!(serde_json::to_value(s.source).unwrap(), s.source.get());
        assert_eq!(format!("{}", s.source), s.source.get());
        assert_eq!(format!("{:?}", s.source), format!("{:?}", s.source.get()));
        let notes = serde_json::to_value(s.notes).unwrap();
        assert_eq!(notes.as_array().map(Vec::len), Some(s.notes.len()));
    }
}
