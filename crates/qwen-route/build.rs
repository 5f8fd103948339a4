//! Compiles `catalog/*.toml` into static Rust data (`$OUT_DIR/catalog_data.rs`).
//!
//! The wasm build therefore ships no TOML parser and no runtime catalog parse. Every row is
//! validated here: a row without `source`/`checked`, a dangling reference, an unknown enum
//! value or an undeclared URL placeholder fails the build with a message naming the row.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

/// The enums' spellings, from the file the crate itself reads (`src/catalog/spellings.in`):
/// `spelled::Plan` is `[("payg", "Payg"), …]`, the catalog word and the Rust variant.
macro_rules! spellings {
    ($( $name:ident { $( $variant:ident = $word:literal $(| $alias:literal)* ),* $(,)? } )*) => {
        #[allow(non_upper_case_globals, dead_code)]
        mod spelled {
            $( pub const $name: &[(&str, &str)] = &[$(($word, stringify!($variant))),*]; )*
        }
    };
}

/// `ThinkingSetting`'s named levels, from the same file.
macro_rules! levels {
    ($( $variant:ident = $word:literal $(| $alias:literal)* ),* $(,)?) => {
        const LEVELS: &[(&str, &str)] = &[$(($word, stringify!($variant))),*];
    };
}

include!("src/catalog/spellings.in");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SurfacesFile {
    region: Vec<RegionRow>,
    surface: Vec<SurfaceRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionRow {
    id: String,
    name: String,
    cloud_region: String,
    aliases: Vec<String>,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SurfaceRow {
    id: String,
    name: String,
    family: String,
    hosting: String,
    status: String,
    #[serde(default)]
    removed_on: Option<String>,
    #[serde(default)]
    advice: Option<String>,
    #[serde(default)]
    region: Option<String>,
    plan: String,
    base_url: String,
    #[serde(default)]
    params: Vec<String>,
    chat_path: String,
    #[serde(default)]
    models_path: Option<String>,
    key: String,
    #[serde(default)]
    key_prefix: Option<String>,
    key_class: String,
    env_vars: Vec<String>,
    dialect: String,
    cors: String,
    #[serde(default)]
    cors_setting: Option<String>,
    cors_fix: String,
    stream_usage: bool,
    images: String,
    tool_choice: String,
    #[serde(default)]
    tool_parser_flags: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    reasoning_parser_flags: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    unconfirmed: Vec<String>,
    #[serde(default)]
    notes: Vec<String>,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelsFile {
    model: Vec<ModelRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelRow {
    id: String,
    name: String,
    served_on: Vec<String>,
    #[serde(default)]
    coding_plan: Vec<String>,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    payg_regions: Vec<String>,
    #[serde(default)]
    context: Option<u32>,
    #[serde(default)]
    max_input: Option<u32>,
    #[serde(default)]
    max_output: Option<u32>,
    #[serde(default)]
    max_tokens_ceiling: Option<u32>,
    input: Vec<String>,
    thinking: String,
    #[serde(default)]
    thinking_control: Option<String>,
    #[serde(default)]
    streaming_only: bool,
    #[serde(default)]
    preserve_thinking: bool,
    tools: bool,
    json_object: bool,
    #[serde(default)]
    json_schema: bool,
    #[serde(default)]
    system_message: Option<String>,
    #[serde(default)]
    fixed_sampling: bool,
    #[serde(default)]
    weights: Option<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    single_turn: bool,
    #[serde(default)]
    max_thinking_budget: Option<u32>,
    #[serde(default)]
    min_thinking_budget: Option<u32>,
    #[serde(default)]
    tool_format: Option<String>,
    #[serde(default)]
    reasoning_format: Option<String>,
    #[serde(default)]
    unconfirmed: Vec<String>,
    #[serde(default)]
    notes: Vec<String>,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisputesFile {
    dispute: Vec<DisputeRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisputeRow {
    row: String,
    field: String,
    ours: String,
    ours_source: String,
    theirs: String,
    theirs_source: String,
    why: String,
    checked: String,
    #[serde(default)]
    second_source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PricesFile {
    price: Vec<PriceRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceRow {
    model: String,
    region: String,
    plan: String,
    currency: String,
    tiers: Vec<TierRow>,
    #[serde(default)]
    notes: Vec<String>,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TierRow {
    #[serde(default)]
    up_to: Option<u32>,
    input: f64,
    output: f64,
    #[serde(default)]
    thinking_output: Option<f64>,
    #[serde(default)]
    cached_input: Option<f64>,
    #[serde(default)]
    cache_write: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeFile {
    server_info: Vec<ServerInfoRow>,
    fix: Vec<ProbeFixRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerInfoRow {
    family: String,
    method: String,
    path: String,
    reads: String,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeFixRow {
    capability: String,
    families: Vec<String>,
    fix: String,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnthropicFile {
    endpoint: Vec<AnthropicEndpointRow>,
    fact: Vec<AnthropicFactRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnthropicEndpointRow {
    surface: String,
    base_url: String,
    messages_path: String,
    auth: Vec<String>,
    auth_status: u16,
    models: Vec<String>,
    #[serde(default)]
    unconfirmed: Vec<String>,
    #[serde(default)]
    notes: Vec<String>,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnthropicFactRow {
    id: String,
    text: String,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    unconfirmed: bool,
    source: String,
    checked: String,
}

/// The `[[fact]]` ids `src/shape/anthropic.rs`, the reader and the simulator look up.
const ANTHROPIC_FACTS: &[&str] = &[
    "anthropic-version",
    "max-tokens",
    "thinking",
    "thinking-history",
    "signature-empty",
    "system",
    "tool-choice",
    "tool-result-is-error",
    "image-sources",
    "unsupported-blocks",
    "unsupported-fields",
    "stop-sequence",
    "temperature",
    "error-types",
    "agent-gate",
    "claude-code",
];

/// Capabilities `qwen-route probe` reports on, in `src/probe/judge.rs`.
const PROBE_CAPABILITIES: &[&str] = &[
    "reachable",
    "model-listed",
    "streaming",
    "stream-usage",
    "reasoning-separated",
    "thinking-off",
    "tool-calls",
    "tool-choice-required",
    "json-object",
    "json-schema",
    "images",
    "context",
    "cors",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasesFile {
    prefix: Vec<PrefixRow>,
    alias: Vec<AliasRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrefixRow {
    prefix: String,
    note: String,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasRow {
    alias: String,
    target: String,
    wire: String,
    #[serde(default)]
    removed_surface: Option<String>,
    note: String,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutingFile {
    workload: Vec<WorkloadRow>,
    tradeoff: Vec<TradeoffRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TradeoffRow {
    id: String,
    label: String,
    hosted: String,
    self_hosted: String,
    favours: String,
    source: String,
    checked: String,
}

const TRADEOFF_VARS: &[&str] = &[
    "hosted_model",
    "hosted_surface",
    "hosted_region",
    "self_model",
    "self_surface",
    "hosted_inputs",
    "self_inputs",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WorkloadRow {
    id: String,
    name: String,
    summary: String,
    thinking: String,
    stream: bool,
    temperature: f64,
    #[serde(default, rename = "top_p")]
    top_p: Option<f64>,
    #[serde(default, rename = "needs_tools")]
    needs_tools: bool,
    #[serde(default, rename = "needs_json")]
    needs_json: bool,
    #[serde(default, rename = "needs_images")]
    needs_images: bool,
    #[serde(default, rename = "needs_video")]
    needs_video: bool,
    payg: Vec<String>,
    coding_plan: Vec<String>,
    token_plan: Vec<String>,
    ollama: Vec<String>,
    self_hosted: Vec<String>,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorsFile {
    error: Vec<ErrorRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorRow {
    id: String,
    status: u16,
    #[serde(default)]
    code: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    message: String,
    #[serde(default)]
    limit_in_message: Option<String>,
    title: String,
    category: String,
    cause: String,
    fix: Vec<String>,
    retryable: bool,
    #[serde(default)]
    model_studio: bool,
    #[serde(default)]
    refine: bool,
    #[serde(default)]
    when: Option<WhenRow>,
    #[serde(default)]
    unconfirmed: Vec<String>,
    source: String,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WhenRow {
    #[serde(default)]
    statuses: Vec<u16>,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    markers: Vec<String>,
    #[serde(default)]
    markers_any: Vec<String>,
    #[serde(default)]
    families: Vec<String>,
    #[serde(default)]
    surfaces: Vec<String>,
    #[serde(default)]
    transport: Option<String>,
    #[serde(default)]
    not_dashscope: bool,
}

const WORKLOADS: &[&str] = &[
    "fast-chat",
    "deep-reasoning",
    "coding-agent",
    "deterministic-json",
    "vision",
    "video-understanding",
];
const SURFACE_FIELDS: &[&str] =
    &["base_url", "models_path", "key_prefix", "cors", "stream_usage", "images", "tool_choice"];
const MODEL_FIELDS: &[&str] = &[
    "id",
    "context",
    "max_input",
    "max_output",
    "input",
    "thinking",
    "thinking_control",
    "streaming_only",
    "preserve_thinking",
    "tools",
    "json_schema",
    "coding_plan",
    "served_on",
    "max_thinking_budget",
    "tool_format",
    "reasoning_format",
    "payg_regions",
    "json_object",
];
const ERROR_FIELDS: &[&str] = &["status", "code", "type"];
const TEMPLATE_VARS: &[&str] = &[
    "surface",
    "surface_name",
    "base_url",
    "model",
    "region",
    "key_region",
    "key_class",
    "plan",
    "suggested_surface",
    "expected_base",
    "env_var",
    "cors_setting",
    "cors_fix",
    "limit",
    "status",
    "origin",
    "message",
];

struct Gen {
    out: String,
    errors: Vec<String>,
    /// The newest `checked` date seen (the catalog version's date).
    newest: String,
}

impl Gen {
    fn fail(&mut self, msg: String) {
        self.errors.push(msg);
    }

    fn note_checked(&mut self, checked: &str) {
        if checked > self.newest.as_str() {
            self.newest = checked.to_string();
        }
    }

    fn variant(&mut self, row: &str, field: &str, table: &[(&str, &str)], value: &str) -> String {
        match table.iter().find(|(k, _)| *k == value) {
            Some((_, v)) => (*v).to_string(),
            None => {
                let allowed: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
                self.fail(format!("{row}: {field} = {value:?} is not one of {allowed:?}"));
                table[0].1.to_string()
            }
        }
    }

    fn provenance(&mut self, row: &str, source: &str, checked: &str) {
        if source.trim().is_empty() {
            self.fail(format!("{row}: `source` is empty"));
        }
        // Users see sources on cards and in the CLI: each must be something they can open.
        // tidy-allow: citations (the markers this check refuses)
        for private in
            ["seeds/", "research/", "PEERS-RECIPE", "not identified", "/work/", "../shared"]
        {
            if source.contains(private) {
                self.fail(format!("{row}: source cites {private:?}, which users cannot open"));
            }
        }
        if !openable(source) {
            self.fail(format!(
                "{row}: source {source:?} names no URL or owner/repository a user can open"
            ));
        }
        let ok = checked.len() == 10
            && checked.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !ok {
            self.fail(format!("{row}: `checked` = {checked:?} is not a YYYY-MM-DD date"));
        }
    }

    fn unconfirmed(&mut self, row: &str, fields: &[String], allowed: &[&str]) {
        for f in fields {
            if !allowed.contains(&f.as_str()) {
                self.fail(format!("{row}: unconfirmed field {f:?} is not one of {allowed:?}"));
            }
        }
    }
}

/// Whether a source names at least one thing a user can open: a URL, an `owner/repo` reference
/// on GitHub, or a path in this repository.
fn openable(source: &str) -> bool {
    source.contains("https://")
        || source.contains("http://")
        || source.contains("this repository")
        || source.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '/' && c != '-' && c != '_' && c != '.');
            let mut parts = w.split('/');
            matches!((parts.next(), parts.next()), (Some(a), Some(b))
                if !a.is_empty() && !b.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
        })
}

/// The `{name}` placeholders of a template, in order: base URLs, tradeoff texts and error
/// texts are all checked with this one scanner.
fn placeholders(text: &str) -> Vec<&str> {
    text.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(name, _)| name)).collect()
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn opt_lit(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("Some({s:?})"),
        None => "None".into(),
    }
}

fn opt_num(n: Option<u32>) -> String {
    match n {
        Some(n) => format!("Some({n})"),
        None => "None".into(),
    }
}

/// Text kept beside its rows (`src/catalog/pooled.rs`): each row holds `Pooled::at(i)`, its
/// position here, so a build that reads the rows without their text does not carry the text.
#[derive(Default)]
struct SideTable {
    entries: Vec<String>,
}

impl SideTable {
    /// Adds a row's entry (a Rust expression) and returns the row's field value.
    fn push(&mut self, entry: String) -> String {
        let at = self.entries.len();
        self.entries.push(entry);
        format!("Pooled::at({at})")
    }

    /// Writes the table as `pub(crate) static NAME: &[&ITEM]`.
    fn write(self, o: &mut String, name: &str, item: &str) {
        let _ = writeln!(o, "pub(crate) static {name}: &[&{item}] = &[");
        for e in self.entries {
            let _ = writeln!(o, "    {e},");
        }
        o.push_str("];\n\n");
    }
}

fn str_slice(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| lit(s)).collect();
    format!("&[{}]", inner.join(", "))
}

fn read(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    println!("cargo:rerun-if-changed={}", path.display());
    match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => panic!("catalog: cannot read {}: {e}", path.display()),
    }
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    match toml::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("catalog: {name}: {e}"),
    }
}

/// FNV-1a, enough to tell two catalog revisions apart in a version string.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Every catalog file, parsed, with what several files' checks share.
struct Catalog {
    surfaces: SurfacesFile,
    models: ModelsFile,
    aliases: AliasesFile,
    routing: RoutingFile,
    errors: ErrorsFile,
    disputes: DisputesFile,
    prices: PricesFile,
    probe: ProbeFile,
    anthropic: AnthropicFile,
    /// Row → its disputed fields.
    disputed: std::collections::BTreeMap<String, Vec<String>>,
}

impl Catalog {
    #[allow(clippy::too_many_arguments)]
    fn new(
        surfaces: SurfacesFile,
        models: ModelsFile,
        aliases: AliasesFile,
        routing: RoutingFile,
        errors: ErrorsFile,
        disputes: DisputesFile,
        prices: PricesFile,
        probe: ProbeFile,
        anthropic: AnthropicFile,
    ) -> Catalog {
        let mut disputed: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for d in &disputes.dispute {
            disputed.entry(d.row.clone()).or_default().push(d.field.clone());
        }
        Catalog {
            surfaces,
            models,
            aliases,
            routing,
            errors,
            disputes,
            prices,
            probe,
            anthropic,
            disputed,
        }
    }

    fn region_ids(&self) -> HashSet<&str> {
        self.surfaces.region.iter().map(|r| r.id.as_str()).collect()
    }

    /// The disputed fields of a row, as a Rust slice literal.
    fn disputed_of(&self, row: &str) -> String {
        let mut fields = self.disputed.get(row).cloned().unwrap_or_default();
        fields.sort();
        fields.dedup();
        str_slice(&fields)
    }

    /// Whether a model id is served on any of these families.
    fn model_on(&self, id: &str, fams: &[&str]) -> bool {
        self.models
            .model
            .iter()
            .any(|m| m.id == id && m.served_on.iter().any(|f| fams.contains(&f.as_str())))
    }
}

/// `disputes.toml`: every dispute is sourced, explained, and names a row that exists.
fn check_disputes(g: &mut Gen, c: &Catalog) {
    for d in &c.disputes.dispute {
        let row = format!("dispute {} {}", d.row, d.field);
        g.provenance(&row, &d.ours_source, &d.checked);
        if d.theirs_source.trim().is_empty() || d.why.trim().is_empty() {
            g.fail(format!("{row}: theirs_source and why are required"));
        }
        let known = match d.row.split_once(':') {
            Some(("model", id)) => c.models.model.iter().any(|m| m.id == id),
            Some(("surface", id)) => c.surfaces.surface.iter().any(|x| x.id == id),
            Some(("alias", id)) => c.aliases.alias.iter().any(|a| a.alias == id),
            Some(("error", id)) => c.errors.error.iter().any(|e| e.id == id),
            _ => false,
        };
        if !known {
            g.fail(format!("{row}: {:?} names no model:, surface:, alias: or error: row", d.row));
        }
    }
}

/// `surfaces.toml` `[[region]]` rows → `REGIONS`.
fn gen_regions(g: &mut Gen, o: &mut String, c: &Catalog) {
    // Regions.
    let mut sources = SideTable::default();
    o.push_str("pub(crate) static REGIONS: &[Region] = &[\n");
    for r in &c.surfaces.region {
        let row = format!("region {}", r.id);
        g.provenance(&row, &r.source, &r.checked);
        g.note_checked(&r.checked);
        let _ = writeln!(
            o,
            "    Region {{ id: {}, name: {}, cloud_region: {}, aliases: {}, source: {}, checked: {} }},",
            lit(&r.id),
            lit(&r.name),
            lit(&r.cloud_region),
            str_slice(&r.aliases),
            sources.push(lit(&r.source)),
            lit(&r.checked)
        );
    }
    o.push_str("];\n\n");
    sources.write(o, "REGION_SOURCES", "str");
}

/// `surfaces.toml` `[[surface]]` rows → `SURFACES`.
fn gen_surfaces(g: &mut Gen, o: &mut String, c: &Catalog) {
    let region_ids = c.region_ids();
    // Surfaces.
    let mut seen = HashSet::new();
    let (mut sources, mut notes) = (SideTable::default(), SideTable::default());
    o.push_str("pub(crate) static SURFACES: &[Surface] = &[\n");
    for s in &c.surfaces.surface {
        let row = format!("surface {}", s.id);
        if !seen.insert(s.id.clone()) {
            g.fail(format!("{row}: duplicate id"));
        }
        g.provenance(&row, &s.source, &s.checked);
        g.note_checked(&s.checked);
        g.unconfirmed(&row, &s.unconfirmed, SURFACE_FIELDS);
        if let Some(r) = &s.region {
            if !region_ids.contains(r.as_str()) {
                g.fail(format!("{row}: region {r:?} is not a [[region]] id"));
            }
        }
        let placeholders: BTreeSet<String> =
            placeholders(&s.base_url).into_iter().map(str::to_string).collect();
        let declared: BTreeSet<String> = s.params.iter().cloned().collect();
        if placeholders != declared {
            g.fail(format!("{row}: base_url placeholders {placeholders:?} != params {declared:?}"));
        }
        let removed = s.status == "removed";
        if removed && (s.removed_on.is_none() || s.advice.is_none()) {
            g.fail(format!("{row}: a removed surface needs `removed_on` and `advice`"));
        }
        if s.env_vars.is_empty() {
            g.fail(format!("{row}: env_vars is empty"));
        }
        if !s.chat_path.starts_with('/') {
            g.fail(format!("{row}: chat_path must start with /"));
        }
        let family = g.variant(&row, "family", spelled::SurfaceFamily, &s.family);
        let hosting = g.variant(&row, "hosting", spelled::Hosting, &s.hosting);
        let status = g.variant(&row, "status", spelled::SurfaceStatus, &s.status);
        let plan = g.variant(&row, "plan", spelled::Plan, &s.plan);
        let dialect = g.variant(&row, "dialect", spelled::Dialect, &s.dialect);
        let key = g.variant(&row, "key", spelled::KeyRequirement, &s.key);
        let key_class = g.variant(&row, "key_class", spelled::KeyClass, &s.key_class);
        let cors = g.variant(&row, "cors", spelled::CorsPolicy, &s.cors);
        let images = g.variant(&row, "images", spelled::ImageInput, &s.images);
        let tool_choice =
            g.variant(&row, "tool_choice", spelled::ToolChoiceSupport, &s.tool_choice);
        let mut parser_flags =
            |field: &str,
             table: &[(&str, &str)],
             ty: &str,
             map: &std::collections::BTreeMap<String, String>| {
                let items: Vec<String> = map
                    .iter()
                    .map(|(k, v)| {
                        format!("({ty}::{}, {})", g.variant(&row, field, table, k), lit(v))
                    })
                    .collect();
                format!("&[{}]", items.join(", "))
            };
        let tool_flags = parser_flags(
            "tool_parser_flags",
            spelled::ToolFormat,
            "ToolFormat",
            &s.tool_parser_flags,
        );
        let reasoning_flags = parser_flags(
            "reasoning_parser_flags",
            spelled::ReasoningFormat,
            "ReasoningFormat",
            &s.reasoning_parser_flags,
        );
        let _ = writeln!(
            o,
            "    Surface {{ id: {id}, name: {name}, family: SurfaceFamily::{family}, hosting: Hosting::{hosting}, \
             status: SurfaceStatus::{status}, removed_on: {removed_on}, advice: {advice}, region: {region}, \
             plan: Plan::{plan}, base_url: {base_url}, params: {params}, chat_path: {chat_path}, \
             models_path: {models_path}, key: KeyRequirement::{key}, key_prefix: {key_prefix}, \
             key_class: KeyClass::{key_class}, env_vars: {env_vars}, dialect: Dialect::{dialect}, \
             cors: CorsPolicy::{cors}, cors_setting: {cors_setting}, cors_fix: {cors_fix}, stream_usage: {stream_usage}, \
             images: ImageInput::{images}, tool_choice: ToolChoiceSupport::{tool_choice}, \
             tool_parser_flags: {tool_flags}, reasoning_parser_flags: {reasoning_flags}, \
             unconfirmed: {unconfirmed}, disputed: {disputed}, notes: {notes}, source: {source}, checked: {checked} }},",
            id = lit(&s.id),
            name = lit(&s.name),
            removed_on = opt_lit(&s.removed_on),
            advice = opt_lit(&s.advice),
            region = opt_lit(&s.region),
            base_url = lit(&s.base_url),
            params = str_slice(&s.params),
            chat_path = lit(&s.chat_path),
            models_path = opt_lit(&s.models_path),
            key_prefix = opt_lit(&s.key_prefix),
            env_vars = str_slice(&s.env_vars),
            cors_setting = opt_lit(&s.cors_setting),
            cors_fix = lit(&s.cors_fix),
            stream_usage = s.stream_usage,
            unconfirmed = str_slice(&s.unconfirmed),
            disputed = c.disputed_of(&format!("surface:{}", s.id)),
            notes = notes.push(str_slice(&s.notes)),
            source = sources.push(lit(&s.source)),
            checked = lit(&s.checked),
        );
    }
    o.push_str("];\n\n");
    sources.write(o, "SURFACE_SOURCES", "str");
    notes.write(o, "SURFACE_NOTES", "[&str]");
}

/// `models.toml` → `MODELS`.
fn gen_models(g: &mut Gen, o: &mut String, c: &Catalog) {
    let region_ids = c.region_ids();
    // Models.
    let surface_families: HashSet<&str> =
        c.surfaces.surface.iter().map(|s| s.family.as_str()).collect();
    let mut seen_pairs = HashSet::new();
    let (mut sources, mut notes) = (SideTable::default(), SideTable::default());
    o.push_str("pub(crate) static MODELS: &[Model] = &[\n");
    for m in &c.models.model {
        let row = format!("model {}", m.id);
        g.provenance(&row, &m.source, &m.checked);
        g.note_checked(&m.checked);
        g.unconfirmed(&row, &m.unconfirmed, MODEL_FIELDS);
        if m.served_on.is_empty() {
            g.fail(format!("{row}: served_on is empty"));
        }
        let mut families = Vec::new();
        for f in &m.served_on {
            if !surface_families.contains(f.as_str()) {
                g.fail(format!("{row}: served_on {f:?} names no surface family"));
            }
            if !seen_pairs.insert((m.id.clone(), f.clone())) {
                g.fail(format!("{row}: served twice on {f:?}"));
            }
            families.push(format!(
                "SurfaceFamily::{}",
                g.variant(&row, "served_on", spelled::SurfaceFamily, f)
            ));
        }
        let on_coding = m.served_on.iter().any(|f| f == "coding-plan");
        if on_coding == m.coding_plan.is_empty() {
            g.fail(format!(
                "{row}: coding_plan tiers must be listed exactly when served_on has coding-plan"
            ));
        }
        let tiers: Vec<String> = m
            .coding_plan
            .iter()
            .map(|t| {
                format!("CodingTier::{}", g.variant(&row, "coding_plan", spelled::CodingTier, t))
            })
            .collect();
        for r in m.regions.iter().chain(&m.payg_regions) {
            if !region_ids.contains(r.as_str()) {
                g.fail(format!("{row}: region {r:?} is not a [[region]] id"));
            }
        }
        if !m.payg_regions.is_empty()
            && !m.served_on.iter().any(|f| f == "dashscope" || f == "workspace")
        {
            g.fail(format!("{row}: payg_regions needs a pay-as-you-go family in served_on"));
        }
        if !m.input.iter().any(|i| i == "text") {
            g.fail(format!("{row}: input must include text"));
        }
        let input: Vec<String> = m
            .input
            .iter()
            .map(|i| format!("Modality::{}", g.variant(&row, "input", spelled::Modality, i)))
            .collect();
        let thinking = g.variant(&row, "thinking", spelled::ThinkingClass, &m.thinking);
        let control = g.variant(
            &row,
            "thinking_control",
            spelled::ThinkingControl,
            m.thinking_control.as_deref().unwrap_or("enable-thinking"),
        );
        let system = g.variant(
            &row,
            "system_message",
            spelled::SystemMessage,
            m.system_message.as_deref().unwrap_or("allowed"),
        );
        if let (Some(c), Some(o2)) = (m.max_tokens_ceiling, m.max_output) {
            if c > o2 {
                g.fail(format!("{row}: max_tokens_ceiling {c} exceeds max_output {o2}"));
            }
        }
        if m.max_thinking_budget.is_some() && m.thinking == "none" {
            g.fail(format!("{row}: max_thinking_budget on a model without thinking"));
        }
        if m.min_thinking_budget.is_some() && m.max_thinking_budget.is_none() {
            g.fail(format!("{row}: min_thinking_budget needs max_thinking_budget"));
        }
        if m.reasoning_format.is_some() && m.thinking == "none" {
            g.fail(format!("{row}: reasoning_format on a model without thinking"));
        }
        let tool_format = match &m.tool_format {
            Some(f) => {
                format!(
                    "Some(ToolFormat::{})",
                    g.variant(&row, "tool_format", spelled::ToolFormat, f)
                )
            }
            None => "None".into(),
        };
        let reasoning_format = match &m.reasoning_format {
            Some(f) => format!(
                "Some(ReasoningFormat::{})",
                g.variant(&row, "reasoning_format", spelled::ReasoningFormat, f)
            ),
            None => "None".into(),
        };
        let _ = writeln!(
            o,
            "    Model {{ id: {id}, name: {name}, served_on: &[{served}], coding_plan: &[{tiers}], \
             regions: {regions}, payg_regions: {payg_regions}, context: {context}, max_input: {max_input}, max_output: {max_output}, \
             max_tokens_ceiling: {ceiling}, input: &[{input}], thinking: ThinkingClass::{thinking}, \
             thinking_control: ThinkingControl::{control}, streaming_only: {streaming_only}, \
             preserve_thinking: {preserve_thinking}, tools: {tools}, \
             json_object: {json_object}, json_schema: {json_schema}, system_message: SystemMessage::{system}, \
             fixed_sampling: {fixed}, weights: {weights}, requires: {requires}, single_turn: {single_turn}, \
             max_thinking_budget: {max_budget}, min_thinking_budget: {min_budget}, \
             tool_format: {tool_format}, reasoning_format: {reasoning_format}, \
             unconfirmed: {unconfirmed}, disputed: {disputed}, notes: {notes}, \
             source: {source}, checked: {checked} }},",
            id = lit(&m.id),
            name = lit(&m.name),
            served = families.join(", "),
            tiers = tiers.join(", "),
            regions = str_slice(&m.regions),
            payg_regions = str_slice(&m.payg_regions),
            context = opt_num(m.context),
            max_input = opt_num(m.max_input),
            max_output = opt_num(m.max_output),
            ceiling = opt_num(m.max_tokens_ceiling),
            input = input.join(", "),
            streaming_only = m.streaming_only,
            preserve_thinking = m.preserve_thinking,
            tools = m.tools,
            json_object = m.json_object,
            json_schema = m.json_schema,
            fixed = m.fixed_sampling,
            weights = opt_lit(&m.weights),
            requires = str_slice(&m.requires),
            single_turn = m.single_turn,
            max_budget = opt_num(m.max_thinking_budget),
            min_budget = m.min_thinking_budget.unwrap_or(1),
            unconfirmed = str_slice(&m.unconfirmed),
            disputed = c.disputed_of(&format!("model:{}", m.id)),
            notes = notes.push(str_slice(&m.notes)),
            source = sources.push(lit(&m.source)),
            checked = lit(&m.checked),
        );
    }
    o.push_str("];\n\n");
    sources.write(o, "MODEL_SOURCES", "str");
    notes.write(o, "MODEL_NOTES", "[&str]");
}

/// `aliases.toml` → `PREFIXES` and `ALIASES`.
fn gen_aliases(g: &mut Gen, o: &mut String, c: &Catalog) {
    // Aliases.
    let mut sources = SideTable::default();
    o.push_str("pub(crate) static PREFIXES: &[ModelPrefix] = &[\n");
    for p in &c.aliases.prefix {
        let row = format!("prefix {}", p.prefix);
        g.provenance(&row, &p.source, &p.checked);
        g.note_checked(&p.checked);
        if !p.prefix.ends_with('/') {
            g.fail(format!("{row}: a prefix ends with /"));
        }
        let _ = writeln!(
            o,
            "    ModelPrefix {{ prefix: {}, note: {}, source: {}, checked: {} }},",
            lit(&p.prefix),
            lit(&p.note),
            sources.push(lit(&p.source)),
            lit(&p.checked)
        );
    }
    o.push_str("];\n\n");
    sources.write(o, "PREFIX_SOURCES", "str");
    let mut sources = SideTable::default();
    o.push_str("pub(crate) static ALIASES: &[ModelAlias] = &[\n");
    for a in &c.aliases.alias {
        let row = format!("alias {}", a.alias);
        g.provenance(&row, &a.source, &a.checked);
        g.note_checked(&a.checked);
        if !c.models.model.iter().any(|m| m.id == a.target) {
            g.fail(format!("{row}: target {:?} is not a model id", a.target));
        }
        if let Some(s) = &a.removed_surface {
            if !c.surfaces.surface.iter().any(|x| &x.id == s && x.status == "removed") {
                g.fail(format!("{row}: removed_surface {s:?} is not a removed surface"));
            }
        }
        let wire = g.variant(&row, "wire", spelled::AliasWire, &a.wire);
        let _ = writeln!(
            o,
            "    ModelAlias {{ alias: {}, target: {}, wire: AliasWire::{wire}, removed_surface: {}, note: {}, disputed: {}, source: {}, checked: {} }},",
            lit(&a.alias),
            lit(&a.target),
            opt_lit(&a.removed_surface),
            lit(&a.note),
            c.disputed_of(&format!("alias:{}", a.alias)),
            sources.push(lit(&a.source)),
            lit(&a.checked)
        );
    }
    o.push_str("];\n\n");
    sources.write(o, "ALIAS_SOURCES", "str");
}

/// `routing.toml` `[[tradeoff]]` rows → `TRADEOFFS`.
fn gen_tradeoffs(g: &mut Gen, o: &mut String, c: &Catalog) {
    // Hosted versus self-hosted.
    o.push_str("pub(crate) static TRADEOFFS: &[TradeoffAspect] = &[\n");
    for t in &c.routing.tradeoff {
        let row = format!("tradeoff {}", t.id);
        g.provenance(&row, &t.source, &t.checked);
        g.note_checked(&t.checked);
        for text in [&t.hosted, &t.self_hosted] {
            for var in placeholders(text) {
                if !TRADEOFF_VARS.contains(&var) {
                    g.fail(format!("{row}: unknown template variable {{{var}}}"));
                }
            }
        }
        let favours = g.variant(&row, "favours", spelled::Favours, &t.favours);
        let _ = writeln!(
            o,
            "    TradeoffAspect {{ id: {}, label: {}, hosted: {}, self_hosted: {}, favours: Favours::{favours}, source: {}, checked: {} }},",
            lit(&t.id),
            lit(&t.label),
            lit(&t.hosted),
            lit(&t.self_hosted),
            lit(&t.source),
            lit(&t.checked)
        );
    }
    o.push_str("];\n\n");
}

/// `routing.toml` `[[workload]]` rows → `WORKLOADS`.
fn gen_workloads(g: &mut Gen, o: &mut String, c: &Catalog) {
    // Workloads.
    let listed: Vec<&str> = c.routing.workload.iter().map(|w| w.id.as_str()).collect();
    if listed != WORKLOADS {
        g.fail(format!(
            "c.routing.toml: workloads {listed:?} must be exactly {WORKLOADS:?}, in that order"
        ));
    }
    o.push_str("pub(crate) static WORKLOADS: &[WorkloadProfile] = &[\n");
    for w in &c.routing.workload {
        let row = format!("workload {}", w.id);
        g.provenance(&row, &w.source, &w.checked);
        g.note_checked(&w.checked);
        let lanes: [(&str, &Vec<String>, &[&str]); 5] = [
            ("payg", &w.payg, &["dashscope", "workspace"]),
            ("coding-plan", &w.coding_plan, &["coding-plan"]),
            ("token-plan", &w.token_plan, &["token-plan"]),
            ("ollama", &w.ollama, &["ollama"]),
            ("self-hosted", &w.self_hosted, &["vllm"]),
        ];
        for (lane, ids, fams) in lanes {
            for id in ids {
                if !c.model_on(id, fams) {
                    g.fail(format!(
                        "{row}: lane {lane} lists {id:?}, which is not served on {fams:?}"
                    ));
                }
            }
        }
        let thinking = g.variant(&row, "thinking", LEVELS, &w.thinking);
        let top_p = match w.top_p {
            Some(p) => format!("Some({p:?})"),
            None => "None".into(),
        };
        let _ = writeln!(
            o,
            "    WorkloadProfile {{ id: {id}, name: {name}, summary: {summary}, thinking: ThinkingSetting::{thinking}, \
             stream: {stream}, temperature: {temp:?}, top_p: {top_p}, needs_tools: {nt}, needs_json: {nj}, \
             needs_images: {ni}, needs_video: {nv}, payg: {payg}, coding_plan: {cp}, token_plan: {tp}, \
             ollama: {ol}, self_hosted: {sh}, source: {source}, checked: {checked} }},",
            id = lit(&w.id),
            name = lit(&w.name),
            summary = lit(&w.summary),
            stream = w.stream,
            temp = w.temperature,
            nt = w.needs_tools,
            nj = w.needs_json,
            ni = w.needs_images,
            nv = w.needs_video,
            payg = str_slice(&w.payg),
            cp = str_slice(&w.coding_plan),
            tp = str_slice(&w.token_plan),
            ol = str_slice(&w.ollama),
            sh = str_slice(&w.self_hosted),
            source = lit(&w.source),
            checked = lit(&w.checked),
        );
    }
    o.push_str("];\n\n");
}

/// `errors.toml` → `UPSTREAM_ERRORS`.
fn gen_errors(g: &mut Gen, o: &mut String, c: &Catalog) {
    // Upstream errors and their diagnoses.
    let mut seen_err = HashSet::new();
    o.push_str("pub(crate) static UPSTREAM_ERRORS: &[UpstreamError] = &[\n");
    for e in &c.errors.error {
        let row = format!("error {}", e.id);
        if !seen_err.insert(e.id.clone()) {
            g.fail(format!("{row}: duplicate id"));
        }
        g.provenance(&row, &e.source, &e.checked);
        g.note_checked(&e.checked);
        g.unconfirmed(&row, &e.unconfirmed, ERROR_FIELDS);
        let category = g.variant(&row, "category", spelled::ErrorCategory, &e.category);
        for text in std::iter::once(&e.cause).chain(e.fix.iter()) {
            for var in placeholders(text) {
                if !TEMPLATE_VARS.contains(&var) {
                    g.fail(format!("{row}: unknown template variable {{{var}}}"));
                }
            }
        }
        if e.fix.is_empty() {
            g.fail(format!("{row}: fix is empty"));
        }
        let says_no_retry = e.fix.iter().chain(std::iter::once(&e.cause)).any(|t| {
            let t = t.to_lowercase();
            t.contains("does not help")
                || t.contains("do not retry")
                || t.contains("retrying will not")
        });
        if e.retryable && says_no_retry {
            g.fail(format!("{row}: retryable = true, but its advice says retrying does not help"));
        }
        if let Some(n) = &e.limit_in_message {
            if !n.chars().all(|c| c.is_ascii_digit()) || e.message.matches(n.as_str()).count() != 1
            {
                g.fail(format!(
                    "{row}: limit_in_message {n:?} must be a number found once in message"
                ));
            }
        }
        if e.refine && e.when.is_some() {
            g.fail(format!("{row}: a refine row has no [error.when]"));
        }
        let when = match &e.when {
            None => "None".to_string(),
            Some(w) => {
                for m in w.markers.iter().chain(w.markers_any.iter()) {
                    if m.to_lowercase() != *m {
                        g.fail(format!("{row}: marker {m:?} must be lowercase"));
                    }
                }
                if let Some(t) = &w.transport {
                    let transports: Vec<&str> =
                        spelled::TransportFailure.iter().map(|t| t.0).collect();
                    if !transports.contains(&t.as_str()) {
                        g.fail(format!("{row}: transport {t:?} is not one of {transports:?}"));
                    }
                }
                for sfc in &w.surfaces {
                    if !c.surfaces.surface.iter().any(|x| &x.id == sfc) {
                        g.fail(format!("{row}: surface {sfc:?} is not a surface id"));
                    }
                }
                let fams: Vec<String> = w
                    .families
                    .iter()
                    .map(|f| {
                        format!(
                            "SurfaceFamily::{}",
                            g.variant(&row, "families", spelled::SurfaceFamily, f)
                        )
                    })
                    .collect();
                let statuses: Vec<String> = w.statuses.iter().map(|s| s.to_string()).collect();
                format!(
                    "Some(ErrorMatch {{ statuses: &[{}], codes: {}, markers: {}, markers_any: {}, families: &[{}], surfaces: {}, transport: {}, not_dashscope: {} }})",
                    statuses.join(", "),
                    str_slice(&w.codes),
                    str_slice(&w.markers),
                    str_slice(&w.markers_any),
                    fams.join(", "),
                    str_slice(&w.surfaces),
                    opt_lit(&w.transport),
                    w.not_dashscope
                )
            }
        };
        let _ = writeln!(
            o,
            "    UpstreamError {{ id: {}, status: {}, code: {}, kind: {}, message: {}, limit_in_message: {}, title: {}, category: ErrorCategory::{category}, \
             cause: {}, fix: {}, retryable: {}, model_studio: {}, refine: {}, when: {when}, unconfirmed: {}, source: {}, checked: {} }},",
            lit(&e.id),
            e.status,
            opt_lit(&e.code),
            opt_lit(&e.kind),
            lit(&e.message),
            opt_lit(&e.limit_in_message),
            lit(&e.title),
            lit(&e.cause),
            str_slice(&e.fix),
            e.retryable,
            e.model_studio,
            e.refine,
            str_slice(&e.unconfirmed),
            lit(&e.source),
            lit(&e.checked)
        );
    }
    o.push_str("];\n\n");
    for required in
        ["unknown", "stream-truncated", "key-wrong-plan", "key-wrong-region", "invalid-api-key"]
    {
        if !c.errors.error.iter().any(|e| e.id == required) {
            g.fail(format!("c.errors.toml: the diagnosis needs a row with id {required:?}"));
        }
    }
}

/// `disputes.toml` → `DISPUTES`.
fn gen_disputes(o: &mut String, c: &Catalog) {
    o.push_str("pub(crate) static DISPUTES: &[Dispute] = &[\n");
    for d in &c.disputes.dispute {
        let _ = writeln!(
            o,
            "    Dispute {{ row: {}, field: {}, ours: {}, ours_source: {}, theirs: {}, theirs_source: {}, why: {}, checked: {}, second_source: {} }},",
            lit(&d.row),
            lit(&d.field),
            lit(&d.ours),
            lit(&d.ours_source),
            lit(&d.theirs),
            lit(&d.theirs_source),
            lit(&d.why),
            lit(&d.checked),
            opt_lit(&d.second_source)
        );
    }
    o.push_str("];\n\n");
}

/// `prices.toml` → `PRICES`.
fn gen_prices(g: &mut Gen, o: &mut String, c: &Catalog) {
    let region_ids = c.region_ids();
    // Prices: pay-as-you-go list prices, tiers ascending by input size.
    let (mut sources, mut notes) = (SideTable::default(), SideTable::default());
    o.push_str("pub(crate) static PRICES: &[Price] = &[\n");
    let mut priced = HashSet::new();
    for p in &c.prices.price {
        let row = format!("price {} {} {}", p.model, p.region, p.plan);
        g.provenance(&row, &p.source, &p.checked);
        g.note_checked(&p.checked);
        if !priced.insert((p.model.clone(), p.region.clone(), p.plan.clone())) {
            g.fail(format!("{row}: duplicate row"));
        }
        let Some(m) = c.models.model.iter().find(|m| m.id == p.model) else {
            g.fail(format!("{row}: no model {:?} in c.models.toml", p.model));
            continue;
        };
        if !region_ids.contains(p.region.as_str()) {
            g.fail(format!("{row}: no region {:?}", p.region));
        }
        if p.plan != "payg" {
            g.fail(format!(
                "{row}: only pay-as-you-go has per-token prices (plans are subscriptions)"
            ));
        }
        if p.currency != "USD" && p.currency != "CNY" {
            g.fail(format!("{row}: currency {:?} is not USD or CNY", p.currency));
        }
        if p.tiers.is_empty() {
            g.fail(format!("{row}: no tiers"));
        }
        let mut last = 0u32;
        let mut tiers = Vec::new();
        for (i, t) in p.tiers.iter().enumerate() {
            match t.up_to {
                Some(n) if n <= last => {
                    g.fail(format!("{row}: tier {i} up_to {n} is not above {last}"))
                }
                Some(n) => last = n,
                None if i + 1 < p.tiers.len() => {
                    g.fail(format!("{row}: only the last tier may leave up_to open"))
                }
                None => {}
            }
            let amounts =
                [Some(t.input), Some(t.output), t.thinking_output, t.cached_input, t.cache_write];
            if amounts.iter().flatten().any(|a| !a.is_finite() || *a < 0.0) {
                g.fail(format!("{row}: tier {i} has a negative or non-finite price"));
            }
            if t.thinking_output.is_some() && m.thinking == "none" {
                g.fail(format!("{row}: {} does not think, so it has no thinking_output", m.id));
            }
            let f = |a: Option<f64>| a.map_or("None".to_string(), |a| format!("Some({a:?})"));
            tiers.push(format!(
                "PriceTier {{ up_to: {}, input: {:?}, output: {:?}, thinking_output: {}, cached_input: {}, cache_write: {} }}",
                opt_num(t.up_to),
                t.input,
                t.output,
                f(t.thinking_output),
                f(t.cached_input),
                f(t.cache_write)
            ));
        }
        let _ = writeln!(
            o,
            "    Price {{ model: {}, region: {}, plan: Plan::Payg, currency: {}, tiers: &[{}], notes: {}, source: {}, checked: {} }},",
            lit(&p.model),
            lit(&p.region),
            lit(&p.currency),
            tiers.join(", "),
            notes.push(str_slice(&p.notes)),
            sources.push(lit(&p.source)),
            lit(&p.checked)
        );
    }
    o.push_str("];\n\n");
    sources.write(o, "PRICE_SOURCES", "str");
    notes.write(o, "PRICE_NOTES", "[&str]");
}

/// `probe.toml` → `SERVER_INFO` and `PROBE_FIXES`.
fn gen_probe(g: &mut Gen, o: &mut String, c: &Catalog) {
    // What the probe reads per family, and what it advises.
    o.push_str("pub(crate) static SERVER_INFO: &[ServerInfo] = &[\n");
    for r in &c.probe.server_info {
        let row = format!("server_info {}", r.family);
        g.provenance(&row, &r.source, &r.checked);
        let family = g.variant(&row, "family", spelled::SurfaceFamily, &r.family);
        if !(r.method == "GET" || r.method == "POST") || !r.path.starts_with('/') {
            g.fail(format!("{row}: method must be GET or POST and path start with /"));
        }
        let _ = writeln!(
            o,
            "    ServerInfo {{ family: SurfaceFamily::{family}, method: {}, path: {}, reads: {}, source: {}, checked: {} }},",
            lit(&r.method),
            lit(&r.path),
            lit(&r.reads),
            lit(&r.source),
            lit(&r.checked)
        );
    }
    o.push_str("];\n\n");
    o.push_str("pub(crate) static PROBE_FIXES: &[ProbeFix] = &[\n");
    for r in &c.probe.fix {
        let row = format!("probe fix {} {:?}", r.capability, r.families);
        g.provenance(&row, &r.source, &r.checked);
        if !PROBE_CAPABILITIES.contains(&r.capability.as_str()) {
            g.fail(format!(
                "{row}: capability {:?} is not one of {PROBE_CAPABILITIES:?}",
                r.capability
            ));
        }
        let fams: Vec<String> = r
            .families
            .iter()
            .map(|f| {
                format!("SurfaceFamily::{}", g.variant(&row, "families", spelled::SurfaceFamily, f))
            })
            .collect();
        let _ = writeln!(
            o,
            "    ProbeFix {{ capability: {}, families: &[{}], fix: {}, source: {}, checked: {} }},",
            lit(&r.capability),
            fams.join(", "),
            lit(&r.fix),
            lit(&r.source),
            lit(&r.checked)
        );
    }
    o.push_str("];\n\n");
}

/// `anthropic.toml` → `ANTHROPIC_ENDPOINTS` and `ANTHROPIC_FACTS`.
fn gen_anthropic(g: &mut Gen, o: &mut String, c: &Catalog) {
    o.push_str("pub(crate) static ANTHROPIC_ENDPOINTS: &[AnthropicEndpoint] = &[\n");
    let mut seen = HashSet::new();
    for e in &c.anthropic.endpoint {
        let row = format!("anthropic endpoint {}", e.surface);
        g.provenance(&row, &e.source, &e.checked);
        g.note_checked(&e.checked);
        g.unconfirmed(&row, &e.unconfirmed, &["base_url", "auth", "auth_status", "models"]);
        if !seen.insert(e.surface.clone()) {
            g.fail(format!("{row}: duplicate surface"));
        }
        match c.surfaces.surface.iter().find(|s| s.id == e.surface) {
            None => g.fail(format!("{row}: no such surface")),
            Some(s) => {
                let mut want: Vec<&str> = placeholders(&s.base_url);
                let mut got: Vec<&str> = placeholders(&e.base_url);
                want.sort();
                got.sort();
                if want != got {
                    g.fail(format!(
                        "{row}: base_url placeholders {got:?} differ from the surface's {want:?}"
                    ));
                }
                let host = |u: &str| {
                    u.split("://")
                        .nth(1)
                        .and_then(|r| r.split('/').next())
                        .unwrap_or("")
                        .to_string()
                };
                if host(&s.base_url) != host(&e.base_url) {
                    g.fail(format!("{row}: base_url host differs from the surface's (the shaper swaps only the path)"));
                }
            }
        }
        if !e.base_url.starts_with("https://") || e.base_url.ends_with('/') {
            g.fail(format!("{row}: base_url must be https:// without a trailing slash"));
        }
        if !e.messages_path.starts_with('/') {
            g.fail(format!("{row}: messages_path must start with /"));
        }
        if e.auth.is_empty() || e.auth.iter().any(|a| a != "bearer" && a != "x-api-key") {
            g.fail(format!("{row}: auth must list bearer and/or x-api-key"));
        }
        if !(400..500).contains(&e.auth_status) {
            g.fail(format!("{row}: auth_status must be a 4xx status"));
        }
        let all = e.models.len() == 1 && e.models[0] == "*";
        if !all {
            for m in &e.models {
                if !c.models.model.iter().any(|x| &x.id == m) {
                    g.fail(format!("{row}: model {m:?} is not in models.toml"));
                }
            }
        }
        let models =
            if all { "None".to_string() } else { format!("Some({})", str_slice(&e.models)) };
        let _ = writeln!(
            o,
            "    AnthropicEndpoint {{ surface: {}, base_url: {}, messages_path: {}, bearer: {}, x_api_key: {}, auth_status: {}, models: {models}, unconfirmed: {}, notes: {}, source: {}, checked: {} }},",
            lit(&e.surface),
            lit(&e.base_url),
            lit(&e.messages_path),
            e.auth.iter().any(|a| a == "bearer"),
            e.auth.iter().any(|a| a == "x-api-key"),
            e.auth_status,
            str_slice(&e.unconfirmed),
            str_slice(&e.notes),
            lit(&e.source),
            lit(&e.checked)
        );
    }
    o.push_str("];\n\n");
    o.push_str("pub(crate) static ANTHROPIC_FACTS: &[AnthropicFact] = &[\n");
    for f in &c.anthropic.fact {
        let row = format!("anthropic fact {}", f.id);
        g.provenance(&row, &f.source, &f.checked);
        g.note_checked(&f.checked);
        if !ANTHROPIC_FACTS.contains(&f.id.as_str()) {
            g.fail(format!("{row}: no code reads this id; known ids are {ANTHROPIC_FACTS:?}"));
        }
        let _ = writeln!(
            o,
            "    AnthropicFact {{ id: {}, text: {}, values: {}, unconfirmed: {}, source: {}, checked: {} }},",
            lit(&f.id),
            lit(&f.text),
            str_slice(&f.values),
            f.unconfirmed,
            lit(&f.source),
            lit(&f.checked)
        );
    }
    for id in ANTHROPIC_FACTS {
        if !c.anthropic.fact.iter().any(|f| f.id == *id) {
            g.fail(format!("anthropic.toml: fact {id:?} is missing"));
        }
    }
    o.push_str("];\n\n");
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| panic!("cargo sets CARGO_MANIFEST_DIR"));
    let dir = Path::new(&manifest).join("catalog");
    let texts = [
        ("surfaces.toml", read(&dir, "surfaces.toml")),
        ("models.toml", read(&dir, "models.toml")),
        ("aliases.toml", read(&dir, "aliases.toml")),
        ("routing.toml", read(&dir, "routing.toml")),
        ("errors.toml", read(&dir, "errors.toml")),
        ("disputes.toml", read(&dir, "disputes.toml")),
        ("prices.toml", read(&dir, "prices.toml")),
        ("probe.toml", read(&dir, "probe.toml")),
        ("anthropic.toml", read(&dir, "anthropic.toml")),
    ];
    let surfaces: SurfacesFile = parse(texts[0].0, &texts[0].1);
    let models: ModelsFile = parse(texts[1].0, &texts[1].1);
    let aliases: AliasesFile = parse(texts[2].0, &texts[2].1);
    let routing: RoutingFile = parse(texts[3].0, &texts[3].1);
    let errors: ErrorsFile = parse(texts[4].0, &texts[4].1);
    let disputes: DisputesFile = parse(texts[5].0, &texts[5].1);
    let prices: PricesFile = parse(texts[6].0, &texts[6].1);
    let probe: ProbeFile = parse(texts[7].0, &texts[7].1);
    let anthropic: AnthropicFile = parse(texts[8].0, &texts[8].1);

    let mut g = Gen { out: String::new(), errors: Vec::new(), newest: String::new() };
    let c = Catalog::new(
        surfaces, models, aliases, routing, errors, disputes, prices, probe, anthropic,
    );
    check_disputes(&mut g, &c);
    let mut o = String::new();
    gen_regions(&mut g, &mut o, &c);
    gen_surfaces(&mut g, &mut o, &c);
    gen_models(&mut g, &mut o, &c);
    gen_aliases(&mut g, &mut o, &c);
    gen_tradeoffs(&mut g, &mut o, &c);
    gen_workloads(&mut g, &mut o, &c);
    gen_errors(&mut g, &mut o, &c);
    gen_disputes(&mut o, &c);
    gen_prices(&mut g, &mut o, &c);
    gen_probe(&mut g, &mut o, &c);
    gen_anthropic(&mut g, &mut o, &c);

    let mut all = Vec::new();
    for (_, t) in &texts {
        all.extend_from_slice(t.as_bytes());
    }
    let _ = writeln!(
        o,
        "/// Newest `checked` date plus a hash of the catalog sources.\npub const CATALOG_VERSION: &str = {};",
        lit(&format!("{}+{:08x}", g.newest, fnv1a(&all) as u32))
    );

    if !g.errors.is_empty() {
        panic!("catalog is invalid:\n  - {}", g.errors.join("\n  - "));
    }
    g.out = o;
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| panic!("cargo sets OUT_DIR"));
    let dest = Path::new(&out_dir).join("catalog_data.rs");
    if let Err(e) = std::fs::write(&dest, g.out) {
        panic!("catalog: cannot write {}: {e}", dest.display());
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/catalog/spellings.in");
}
