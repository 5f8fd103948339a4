//! The catalog's row types. Values come from `catalog/*.toml`, compiled by `build.rs`.

use serde::{Deserialize, Serialize};

use super::pooled::{
    AliasSources, ModelNotes, ModelSources, Pooled, PrefixSources, PriceNotes, PriceSources,
    RegionSources, SurfaceNotes, SurfaceSources,
};
use crate::settings::ThinkingSetting;

/// A cloud region that DashScope hosts are bound to.
///
/// ```
/// let intl = qwen_route::catalog::region("singapore").unwrap();
/// assert_eq!(intl.id, "intl");
/// assert_eq!(intl.cloud_region, "ap-southeast-1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Region {
    /// Short id used in surface ids and on the command line (`cn`, `intl`, `us`, `hk`, `eu`).
    pub id: &'static str,
    /// Human name, e.g. "China (Beijing)".
    pub name: &'static str,
    /// Alibaba Cloud region id used in workspace hosts, e.g. `ap-southeast-1`.
    pub cloud_region: &'static str,
    /// Other spellings accepted on input.
    pub aliases: &'static [&'static str],
    /// Where the fact came from.
    pub source: Pooled<RegionSources>,
    /// When the fact was last read (YYYY-MM-DD).
    pub checked: &'static str,
}

impl Region {
    /// The region's name as a sentence with an id (`region.<id>.name`).
    pub fn name_text(&self) -> crate::msg::Msg {
        crate::msg::Msg::prose(format!("region.{}.name", self.id), self.name)
    }
}

/// The product family a surface belongs to. Routing lanes and model availability use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SurfaceFamily {
    /// Model Studio pay-as-you-go on the shared DashScope domain.
    Dashscope,
    /// Model Studio pay-as-you-go on a workspace-dedicated host.
    Workspace,
    /// The Coding Plan subscription hosts.
    CodingPlan,
    /// The Token Plan subscription hosts.
    TokenPlan,
    /// The removed Qwen OAuth free tier.
    QwenPortal,
    /// Ollama's OpenAI-compatible `/v1`.
    Ollama,
    /// vLLM's OpenAI-compatible server.
    Vllm,
    /// SGLang's OpenAI-compatible server.
    Sglang,
    /// llama.cpp's `llama-server`.
    LlamaCpp,
    /// A LiteLLM proxy.
    Litellm,
    /// Any other OpenAI-compatible endpoint.
    OpenaiCompatible,
}

impl SurfaceFamily {
    /// Whether any model id is accepted because the operator names models (LiteLLM, generic).
    ///
    /// ```
    /// use qwen_route::catalog::SurfaceFamily;
    /// assert!(SurfaceFamily::Litellm.accepts_any_model_id());
    /// assert!(!SurfaceFamily::Dashscope.accepts_any_model_id());
    /// ```
    pub fn accepts_any_model_id(self) -> bool {
        matches!(self, Self::Litellm | Self::OpenaiCompatible)
    }
}

/// Who runs the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hosting {
    /// Alibaba Cloud runs it.
    Hosted,
    /// The user runs it.
    SelfHosted,
}

/// Whether a surface still exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SurfaceStatus {
    /// In service.
    Active,
    /// Discontinued; the row exists to give migration advice.
    Removed,
}

/// The billing plan a host (and its keys) belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Plan {
    /// Pay-as-you-go (Model Studio standard).
    Payg,
    /// Coding Plan subscription (`sk-sp-` keys).
    CodingPlan,
    /// Token Plan subscription.
    TokenPlan,
    /// The removed OAuth free tier.
    OauthFree,
    /// No plan: the user's own server.
    SelfHosted,
}

/// How a server spells thinking control and Qwen extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// Top-level `enable_thinking` / `thinking_budget` (or `reasoning_effort`), DashScope extensions.
    Dashscope,
    /// `chat_template_kwargs.enable_thinking`; reasoning in `reasoning`.
    Vllm,
    /// `chat_template_kwargs.enable_thinking`; reasoning in `reasoning_content`.
    Sglang,
    /// `chat_template_kwargs.enable_thinking`; server-wide `--reasoning-budget`.
    LlamaCpp,
    /// `reasoning_effort` (`none` disables); reasoning in `reasoning`.
    Ollama,
    /// Forwards unknown top-level fields to its upstream; compiled like vLLM.
    Litellm,
    /// Plain OpenAI: nothing Qwen-specific is sent.
    Openai,
}

impl Dialect {
    /// Whether thinking is switched with `chat_template_kwargs.enable_thinking`.
    ///
    /// ```
    /// use qwen_route::catalog::Dialect;
    /// assert!(Dialect::Vllm.uses_chat_template_kwargs());
    /// assert!(!Dialect::Dashscope.uses_chat_template_kwargs());
    /// ```
    pub fn uses_chat_template_kwargs(self) -> bool {
        matches!(self, Self::Vllm | Self::Sglang | Self::LlamaCpp | Self::Litellm)
    }
}

/// Whether the server needs an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyRequirement {
    /// Requests without a valid key get 401.
    Required,
    /// The operator may start the server with a key.
    Optional,
    /// Any value is accepted (Ollama).
    Ignored,
}

/// A family of API keys, told apart by prefix. The core only ever sees the class, never a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyClass {
    /// Pay-as-you-go key, `sk-…` (not `sk-sp-…`).
    Standard,
    /// Coding Plan / Token Plan key, `sk-sp-…`.
    Plan,
    /// Model Studio temporary key, `st-…` (valid up to 1800 s on pay-as-you-go hosts).
    Temporary,
    /// OAuth access token (the removed portal).
    Oauth,
    /// Whatever the operator configured (self-hosted).
    Any,
}

impl KeyClass {
    /// Classify a key by its prefix. Pass only the first characters; the key itself is not needed.
    ///
    /// ```
    /// use qwen_route::catalog::KeyClass;
    /// assert_eq!(KeyClass::from_prefix("sk-sp-"), KeyClass::Plan);
    /// assert_eq!(KeyClass::from_prefix("sk-abc"), KeyClass::Standard);
    /// assert_eq!(KeyClass::from_prefix("st-"), KeyClass::Temporary);
    /// assert_eq!(KeyClass::from_prefix("ollama"), KeyClass::Any);
    /// ```
    pub fn from_prefix(prefix: &str) -> KeyClass {
        KeyClass::of_key(prefix).unwrap_or(KeyClass::Any)
    }

    /// The class of a key as typed, for display and lint: `sk-sp-…` (plan), `sk-…` (standard),
    /// `st-…` (temporary), or `None` for an empty key or one of no known shape. The CLI, the
    /// playground and the widget all classify keys with this one function; only the class ever
    /// reaches the rest of the core.
    ///
    /// ```
    /// use qwen_route::catalog::KeyClass;
    /// assert_eq!(KeyClass::of_key(" sk-sp-1234 "), Some(KeyClass::Plan));
    /// assert_eq!(KeyClass::of_key("sk-sim-intl-0000"), Some(KeyClass::Standard));
    /// assert_eq!(KeyClass::of_key("st-0123"), Some(KeyClass::Temporary));
    /// assert_eq!(KeyClass::of_key("my-vllm-token"), None);
    /// assert_eq!(KeyClass::of_key("   "), None);
    /// ```
    pub fn of_key(key: &str) -> Option<KeyClass> {
        let k = key.trim_start();
        if k.starts_with("sk-sp-") {
            Some(KeyClass::Plan)
        } else if k.starts_with("sk-") {
            Some(KeyClass::Standard)
        } else if k.starts_with("st-") {
            Some(KeyClass::Temporary)
        } else {
            None
        }
    }
}

/// How a server answers browser calls from another origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CorsPolicy {
    /// Preflight is not answered with `Access-Control-*` headers: use a relay.
    Refused,
    /// `Access-Control-Allow-Origin: *` (or reflected) by default.
    Permissive,
    /// Only origins the operator allows (e.g. `OLLAMA_ORIGINS`).
    AllowList,
    /// Not known.
    Unknown,
}

/// Which image references a server accepts in `image_url` parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImageInput {
    /// `https://…` URLs and `data:` URLs.
    UrlOrData,
    /// Only base64 `data:` URLs.
    DataOnly,
}

/// How a server treats `tool_choice`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolChoiceSupport {
    /// `auto`, `none`, `required` and named objects.
    Full,
    /// Not supported: the server always decides.
    AutoOnly,
    /// A named object is silently treated as `auto`.
    ObjectAsAuto,
}

/// One place a Qwen request can be sent.
///
/// ```
/// let s = qwen_route::catalog::surface("coding-plan-intl").unwrap();
/// assert_eq!(s.base_url, "https://coding-intl.dashscope.aliyuncs.com/v1");
/// assert_eq!(s.models_path, None);
/// assert_eq!(s.key_prefix, Some("sk-sp-"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Surface {
    /// Stable id (`dashscope-intl`, `vllm`, …).
    pub id: &'static str,
    /// Human name.
    pub name: &'static str,
    /// Product family.
    pub family: SurfaceFamily,
    /// Hosted or self-hosted.
    pub hosting: Hosting,
    /// Active or removed.
    pub status: SurfaceStatus,
    /// For removed surfaces, the date of removal.
    pub removed_on: Option<&'static str>,
    /// For removed surfaces, what to do instead.
    pub advice: Option<&'static str>,
    /// Region id, for region-bound hosts.
    pub region: Option<&'static str>,
    /// Billing plan of the host and its keys.
    pub plan: Plan,
    /// Base URL; may contain `{placeholders}` listed in `params`.
    pub base_url: &'static str,
    /// Placeholders the caller must fill.
    pub params: &'static [&'static str],
    /// Path of chat completions below the base URL.
    pub chat_path: &'static str,
    /// Path of the model list, where the surface has one.
    pub models_path: Option<&'static str>,
    /// Whether a key is needed.
    pub key: KeyRequirement,
    /// The prefix keys for this host start with.
    pub key_prefix: Option<&'static str>,
    /// The key family the host accepts.
    pub key_class: KeyClass,
    /// Environment variable names for the key, preferred first.
    pub env_vars: &'static [&'static str],
    /// How thinking and extensions are spelled.
    pub dialect: Dialect,
    /// Browser CORS behaviour.
    pub cors: CorsPolicy,
    /// The server setting that controls CORS, where there is one.
    pub cors_setting: Option<&'static str>,
    /// How to let a browser origin in (`{origin}` is filled in by the diagnosis).
    pub cors_fix: &'static str,
    /// Whether `stream_options.include_usage` yields a final usage chunk.
    pub stream_usage: bool,
    /// Accepted image references.
    pub images: ImageInput,
    /// `tool_choice` support.
    pub tool_choice: ToolChoiceSupport,
    /// The server flags that parse each tool-call format (self-hosted servers).
    pub tool_parser_flags: &'static [(ToolFormat, &'static str)],
    /// The server flags that separate each reasoning format (self-hosted servers).
    pub reasoning_parser_flags: &'static [(ReasoningFormat, &'static str)],
    /// Fields whose value is not confirmed by the sources.
    pub unconfirmed: &'static [&'static str],
    /// Fields on which public sources disagree (`catalog/disputes.toml`).
    pub disputed: &'static [&'static str],
    /// Facts worth knowing, one sentence each.
    pub notes: Pooled<SurfaceNotes>,
    /// Where the facts came from.
    pub source: Pooled<SurfaceSources>,
    /// When they were last read.
    pub checked: &'static str,
}

impl Surface {
    /// The surface's name as a sentence with an id (`surface.<id>.name`).
    pub fn name_text(&self) -> crate::msg::Msg {
        crate::msg::Msg::prose(format!("surface.{}.name", self.id), self.name)
    }

    /// The surface's migration advice (`surface.<id>.advice`), when it has one.
    pub fn advice_text(&self) -> Option<crate::msg::Msg> {
        self.advice.map(|a| crate::msg::Msg::prose(format!("surface.{}.advice", self.id), a))
    }

    /// The surface's CORS fix for a page at `origin` (`surface.<id>.cors-fix`).
    pub fn cors_fix_text(&self, origin: &str) -> crate::msg::Msg {
        crate::msg::Msg::new(
            format!("surface.{}.cors-fix", self.id),
            self.cors_fix,
            vec![("origin", origin.to_string())],
        )
    }
}

impl Surface {
    /// The `catalog/errors.toml` row this surface answers a model id it does not serve with:
    /// Coding Plan and Token Plan say "not supported", DashScope says "does not exist".
    ///
    /// ```
    /// use qwen_route::catalog;
    /// assert_eq!(catalog::surface("coding-plan-intl").unwrap().unserved_model_error(), "model-not-supported");
    /// assert_eq!(catalog::surface("dashscope-intl").unwrap().unserved_model_error(), "model-not-found");
    /// ```
    pub fn unserved_model_error(&self) -> &'static str {
        match self.family {
            SurfaceFamily::CodingPlan | SurfaceFamily::TokenPlan => "model-not-supported",
            _ => "model-not-found",
        }
    }

    /// The flags this server needs to parse `format` tool calls, if it needs any.
    ///
    /// ```
    /// use qwen_route::catalog::{self, ToolFormat};
    /// let v = catalog::surface("vllm").unwrap();
    /// assert_eq!(v.tool_parser_flag(ToolFormat::Qwen3Coder), Some("--enable-auto-tool-choice --tool-call-parser qwen3_coder"));
    /// ```
    pub fn tool_parser_flag(&self, format: ToolFormat) -> Option<&'static str> {
        self.tool_parser_flags.iter().find(|(f, _)| *f == format).map(|(_, flag)| *flag)
    }

    /// The flags this server needs to separate `format` reasoning, if it needs any.
    ///
    /// ```
    /// use qwen_route::catalog::{self, ReasoningFormat};
    /// let s = catalog::surface("sglang").unwrap();
    /// assert_eq!(s.reasoning_parser_flag(ReasoningFormat::DeepseekR1), Some("--reasoning-parser deepseek-r1"));
    /// ```
    pub fn reasoning_parser_flag(&self, format: ReasoningFormat) -> Option<&'static str> {
        self.reasoning_parser_flags.iter().find(|(f, _)| *f == format).map(|(_, flag)| *flag)
    }

    /// The server's short name, for advice ("Start vLLM with …"): the name before any
    /// parenthesis.
    ///
    /// ```
    /// assert_eq!(qwen_route::catalog::surface("vllm").unwrap().short_name(), "vLLM");
    /// assert_eq!(qwen_route::catalog::surface("llama-cpp").unwrap().short_name(), "llama.cpp llama-server");
    /// ```
    pub fn short_name(&self) -> &'static str {
        self.name.split(" (").next().unwrap_or(self.name)
    }

    /// The preferred environment variable for this surface's key.
    ///
    /// ```
    /// assert_eq!(qwen_route::catalog::surface("dashscope-cn").unwrap().env_var(), "DASHSCOPE_API_KEY");
    /// ```
    pub fn env_var(&self) -> &'static str {
        self.env_vars.first().copied().unwrap_or("API_KEY")
    }

    /// Whether a fact about this surface is marked unconfirmed.
    ///
    /// ```
    /// assert!(qwen_route::catalog::surface("dashscope-intl").unwrap().is_unconfirmed("cors"));
    /// ```
    pub fn is_unconfirmed(&self, field: &str) -> bool {
        self.unconfirmed.contains(&field)
    }

    /// Whether the surface was discontinued.
    ///
    /// ```
    /// assert!(qwen_route::catalog::surface("qwen-portal").unwrap().is_removed());
    /// ```
    pub fn is_removed(&self) -> bool {
        self.status == SurfaceStatus::Removed
    }
}

/// An input modality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Modality {
    /// Text.
    Text,
    /// Images (`image_url` parts).
    Image,
    /// Video (`video_url` / `video` parts).
    Video,
    /// Audio (`input_audio` parts).
    Audio,
}

/// Whether and how a model thinks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThinkingClass {
    /// No thinking: send no thinking field at all.
    None,
    /// Hybrid, thinking on unless switched off.
    HybridOn,
    /// Hybrid, thinking off unless switched on.
    HybridOff,
    /// Thinking-only: it cannot be switched off; never send `false`.
    Only,
}

impl ThinkingClass {
    /// Whether thinking can be toggled per request.
    ///
    /// ```
    /// use qwen_route::catalog::ThinkingClass;
    /// assert!(ThinkingClass::HybridOff.is_hybrid());
    /// assert!(!ThinkingClass::Only.is_hybrid());
    /// ```
    pub fn is_hybrid(self) -> bool {
        matches!(self, Self::HybridOn | Self::HybridOff)
    }

    /// Whether the model thinks when nothing is said.
    ///
    /// ```
    /// use qwen_route::catalog::ThinkingClass;
    /// assert!(ThinkingClass::HybridOn.thinks_by_default());
    /// assert!(!ThinkingClass::None.thinks_by_default());
    /// ```
    pub fn thinks_by_default(self) -> bool {
        matches!(self, Self::HybridOn | Self::Only)
    }
}

/// Which request field a hosted model uses to set thinking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThinkingControl {
    /// `enable_thinking` + `thinking_budget`.
    EnableThinking,
    /// `reasoning_effort` (`none|minimum|low|medium|high|xhigh`).
    ReasoningEffort,
}

/// How an open-weight model writes tool calls in its raw text, which decides the server's
/// tool-call parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolFormat {
    /// `<tool_call>{"name": …, "arguments": …}</tool_call>` (Qwen3, Qwen2.5).
    Hermes,
    /// `<tool_call><function=name><parameter=x>…</parameter></function></tool_call>`
    /// (Qwen3-Coder, Qwen3.5/3.6 templates).
    Qwen3Coder,
}

/// How an open-weight model marks its reasoning in raw text, which decides the server's
/// reasoning parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasoningFormat {
    /// `<think>…</think>`, switchable per request (Qwen3 hybrid templates).
    Qwen3,
    /// Only the closing `</think>` is generated (the template opens it): QwQ-32B and the
    /// Thinking-2507 editions.
    DeepseekR1,
}

/// What a model does with a system message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SystemMessage {
    /// Normal.
    Allowed,
    /// Must not be sent (QwQ, Qwen-MT).
    Forbidden,
    /// Accepted but has no effect (QVQ).
    Ignored,
}

/// A Coding Plan subscription tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodingTier {
    /// Lite tier.
    Lite,
    /// Pro tier.
    Pro,
}

/// A model id and what requests to it must look like.
///
/// ```
/// use qwen_route::catalog::{self, ThinkingClass};
/// let qwq = catalog::model("qwq-plus").unwrap();
/// assert_eq!(qwq.thinking, ThinkingClass::Only);
/// assert!(qwq.streaming_only);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Model {
    /// The wire id (case-sensitive).
    pub id: &'static str,
    /// Human name.
    pub name: &'static str,
    /// Families that serve this exact id.
    pub served_on: &'static [SurfaceFamily],
    /// Coding Plan tiers that include it.
    pub coding_plan: &'static [CodingTier],
    /// Regions it is offered in, when restricted (empty: every region of its families).
    pub regions: &'static [&'static str],
    /// Regions its pay-as-you-go deployment (DashScope and workspace hosts) is in, when narrower
    /// than `regions` (third-party models hosted in Beijing only, while the plans serve them
    /// everywhere). Empty: the same as `regions`.
    pub payg_regions: &'static [&'static str],
    /// Context window in tokens.
    pub context: Option<u32>,
    /// Maximum input tokens.
    pub max_input: Option<u32>,
    /// Maximum output tokens.
    pub max_output: Option<u32>,
    /// Upper bound of the server's `max_tokens` range check, when quoted by a source.
    pub max_tokens_ceiling: Option<u32>,
    /// Accepted input modalities.
    pub input: &'static [Modality],
    /// Thinking class.
    pub thinking: ThinkingClass,
    /// Field used for thinking on DashScope hosts.
    pub thinking_control: ThinkingControl,
    /// Must be called with `stream: true`.
    pub streaming_only: bool,
    /// Supports function calling.
    pub tools: bool,
    /// Reads earlier turns' reasoning back (DashScope's `preserve_thinking`), so history keeps it.
    pub preserve_thinking: bool,
    /// Supports `response_format: json_object`.
    pub json_object: bool,
    /// Supports `response_format: json_schema`.
    pub json_schema: bool,
    /// System message handling.
    pub system_message: SystemMessage,
    /// Sampling parameters should be left at their defaults.
    pub fixed_sampling: bool,
    /// Open-weight identity linking the same model across surfaces.
    pub weights: Option<&'static str>,
    /// Payload fields the model refuses to work without (Qwen-MT: `translation_options`).
    pub requires: &'static [&'static str],
    /// Only one user message is accepted (no multi-turn).
    pub single_turn: bool,
    /// The largest `thinking_budget` DashScope accepts (its maximum chain-of-thought length),
    /// when a source gives it.
    pub max_thinking_budget: Option<u32>,
    /// The smallest `thinking_budget` DashScope accepts (1, or 0 where a budget of 0 is valid).
    pub min_thinking_budget: u32,
    /// How the open weights write tool calls (self-hosted servers need the matching parser).
    pub tool_format: Option<ToolFormat>,
    /// How the open weights mark reasoning (self-hosted servers need the matching parser).
    pub reasoning_format: Option<ReasoningFormat>,
    /// Fields whose value is not confirmed by the sources.
    pub unconfirmed: &'static [&'static str],
    /// Fields on which public sources disagree (`catalog/disputes.toml`).
    pub disputed: &'static [&'static str],
    /// Facts worth knowing, one sentence each.
    pub notes: Pooled<ModelNotes>,
    /// Where the facts came from.
    pub source: Pooled<ModelSources>,
    /// When they were last read.
    pub checked: &'static str,
}

impl Model {
    /// The range of `thinking_budget` values DashScope accepts for this model, when known.
    ///
    /// ```
    /// let m = qwen_route::catalog::model("qwen-plus").unwrap();
    /// assert_eq!(m.thinking_budget_range(), Some((1, 81920)));
    /// ```
    pub fn thinking_budget_range(&self) -> Option<(u32, u32)> {
        self.max_thinking_budget.map(|max| (self.min_thinking_budget, max))
    }

    /// Whether the model accepts this input modality.
    ///
    /// ```
    /// use qwen_route::catalog::{self, Modality};
    /// assert!(catalog::model("qwen3-vl-plus").unwrap().accepts(Modality::Video));
    /// assert!(!catalog::model("qwen-flash").unwrap().accepts(Modality::Image));
    /// ```
    pub fn accepts(&self, m: Modality) -> bool {
        self.input.contains(&m)
    }

    /// Whether the model is served on a surface family.
    ///
    /// ```
    /// use qwen_route::catalog::{self, SurfaceFamily};
    /// assert!(catalog::model("qwen3:8b").unwrap().served_on(SurfaceFamily::Ollama));
    /// ```
    pub fn served_on(&self, f: SurfaceFamily) -> bool {
        self.served_on.contains(&f)
    }

    /// The regions this model is offered in on a family (empty: every region).
    ///
    /// ```
    /// use qwen_route::catalog::{self, SurfaceFamily};
    /// let m = catalog::model("MiniMax-M2.5").unwrap();
    /// assert_eq!(m.regions_on(SurfaceFamily::Dashscope), &["cn"]);
    /// assert!(m.regions_on(SurfaceFamily::CodingPlan).is_empty());
    /// ```
    pub fn regions_on(&self, family: SurfaceFamily) -> &'static [&'static str] {
        let payg = matches!(family, SurfaceFamily::Dashscope | SurfaceFamily::Workspace);
        if payg && !self.payg_regions.is_empty() {
            self.payg_regions
        } else {
            self.regions
        }
    }

    /// Whether the model is offered in `region` on `family`.
    ///
    /// ```
    /// use qwen_route::catalog::{self, SurfaceFamily};
    /// let m = catalog::model("MiniMax-M2.5").unwrap();
    /// assert!(m.offered_in(SurfaceFamily::Dashscope, "cn"));
    /// assert!(!m.offered_in(SurfaceFamily::Dashscope, "intl"));
    /// assert!(m.offered_in(SurfaceFamily::CodingPlan, "intl"));
    /// ```
    pub fn offered_in(&self, family: SurfaceFamily, region: &str) -> bool {
        let r = self.regions_on(family);
        r.is_empty() || r.contains(&region)
    }

    /// Whether a fact about this model is marked unconfirmed.
    ///
    /// ```
    /// assert!(qwen_route::catalog::model("qwen-vl-max").unwrap().is_unconfirmed("context"));
    /// ```
    pub fn is_unconfirmed(&self, field: &str) -> bool {
        self.unconfirmed.contains(&field)
    }

    /// The `max_tokens` ceiling and whether it is quoted from a server error (`true`) or
    /// derived from `max_output` (`false`).
    ///
    /// ```
    /// let m = qwen_route::catalog::model("qwen-max").unwrap();
    /// assert_eq!(m.max_tokens_limit(), Some((8192, true)));
    /// ```
    pub fn max_tokens_limit(&self) -> Option<(u32, bool)> {
        match (self.max_tokens_ceiling, self.max_output) {
            (Some(c), _) => Some((c, true)),
            (None, Some(o)) => Some((o, false)),
            (None, None) => None,
        }
    }
}

/// A provider prefix that is stripped from model references (`qwen/qwen3.5-plus`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ModelPrefix {
    /// The prefix including its slash.
    pub prefix: &'static str,
    /// Who uses it.
    pub note: &'static str,
    /// Where the fact came from.
    pub source: Pooled<PrefixSources>,
    /// When it was last read.
    pub checked: &'static str,
}

/// Whether an alias is sent as written or replaced by its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AliasWire {
    /// Send the target id (a migration).
    Target,
    /// Send the alias as written; only the facts come from the target.
    Keep,
}

/// A whole-reference alias (`qwen-portal/coder-model`, `qwen-plus-latest`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ModelAlias {
    /// The reference users write.
    pub alias: &'static str,
    /// The catalog model it stands for.
    pub target: &'static str,
    /// What goes on the wire.
    pub wire: AliasWire,
    /// The removed surface this alias belonged to.
    pub removed_surface: Option<&'static str>,
    /// Explanation.
    pub note: &'static str,
    /// Fields on which public sources disagree (`catalog/disputes.toml`).
    pub disputed: &'static [&'static str],
    /// Where the fact came from.
    pub source: Pooled<AliasSources>,
    /// When it was last read.
    pub checked: &'static str,
}

impl ModelAlias {
    /// The alias's note (`alias.<alias>.note`).
    pub fn note_text(&self) -> crate::msg::Msg {
        crate::msg::Msg::prose(format!("alias.{}.note", self.alias), self.note)
    }
}

/// A fact on which public sources disagree: what the catalog says and why, and the other reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dispute {
    /// `model:<id>`, `surface:<id>`, `alias:<alias>` or `error:<id>`.
    pub row: &'static str,
    /// The field.
    pub field: &'static str,
    /// The catalog's value.
    pub ours: &'static str,
    /// Its source.
    pub ours_source: &'static str,
    /// The other value.
    pub theirs: &'static str,
    /// Its source.
    pub theirs_source: &'static str,
    /// Why the catalog differs.
    pub why: &'static str,
    /// When it was checked.
    pub checked: &'static str,
    /// The vendored second source it records a disagreement with, if any.
    pub second_source: Option<&'static str>,
}

/// A workload's defaults and candidate models per lane, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WorkloadProfile {
    /// Workload id (`fast-chat`, …).
    pub id: &'static str,
    /// Human name.
    pub name: &'static str,
    /// One sentence.
    pub summary: &'static str,
    /// Default thinking level.
    pub thinking: ThinkingSetting,
    /// Default streaming.
    pub stream: bool,
    /// Default temperature.
    pub temperature: f64,
    /// Default top_p.
    pub top_p: Option<f64>,
    /// Needs tool calling.
    pub needs_tools: bool,
    /// Needs JSON output.
    pub needs_json: bool,
    /// Needs image input.
    pub needs_images: bool,
    /// Needs video input.
    pub needs_video: bool,
    /// Pay-as-you-go candidates.
    pub payg: &'static [&'static str],
    /// Coding Plan candidates.
    pub coding_plan: &'static [&'static str],
    /// Token Plan candidates.
    pub token_plan: &'static [&'static str],
    /// Ollama candidates.
    pub ollama: &'static [&'static str],
    /// Self-hosted (Hugging Face id) candidates.
    pub self_hosted: &'static [&'static str],
    /// Where the routing choices came from.
    pub source: &'static str,
    /// When they were last read.
    pub checked: &'static str,
}

impl WorkloadProfile {
    /// The workload's name as a sentence with an id (`workload.<id>.name`), for projections that
    /// show it in another language.
    pub fn name_text(&self) -> crate::msg::Msg {
        crate::msg::Msg::prose(format!("workload.{}.name", self.id), self.name)
    }

    /// The workload's summary as a sentence with an id (`workload.<id>.summary`).
    pub fn summary_text(&self) -> crate::msg::Msg {
        crate::msg::Msg::prose(format!("workload.{}.summary", self.id), self.summary)
    }
}

/// What kind of problem a failure is: the first question when separating a model problem
/// from a server problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCategory {
    /// The request itself (a parameter, a combination, a size).
    Request,
    /// The key (wrong, wrong region, wrong plan).
    Auth,
    /// The account (arrears).
    Billing,
    /// Content moderation.
    Moderation,
    /// Rate limits and quotas.
    Capacity,
    /// The model is not available to this key or server.
    Availability,
    /// A self-hosted server's flags or configuration.
    ServerConfig,
    /// A server-side failure (5xx).
    Server,
    /// The connection or the browser (CORS, network, timeout).
    Transport,
    /// Not recognised.
    Unknown,
}

/// When a failure matches an error row: every listed condition must hold, except `codes` and
/// `markers_any`, where either one is enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ErrorMatch {
    /// HTTP statuses.
    pub statuses: &'static [u16],
    /// Values of the envelope's `code` or `type`.
    pub codes: &'static [&'static str],
    /// Lowercase tokens that must all appear in the message.
    pub markers: &'static [&'static str],
    /// Lowercase tokens of which one must appear.
    pub markers_any: &'static [&'static str],
    /// Surface families the row is about.
    pub families: &'static [SurfaceFamily],
    /// Surfaces the row is about.
    pub surfaces: &'static [&'static str],
    /// A transport failure (`cors`, `network`, `timeout`, `aborted`, `mixed-content`).
    pub transport: Option<&'static str>,
    /// Only when the answer does not come from DashScope (a self-hosted server or a proxy in
    /// front of something else).
    pub not_dashscope: bool,
}

/// An error a server answers, verbatim from a source, with its diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct UpstreamError {
    /// Stable id (the diagnosis code).
    pub id: &'static str,
    /// HTTP status (0 when not an HTTP answer).
    pub status: u16,
    /// `error.code` of the envelope.
    pub code: Option<&'static str>,
    /// `error.type` of the envelope.
    #[serde(rename = "type")]
    pub kind: Option<&'static str>,
    /// The message, verbatim.
    pub message: &'static str,
    /// The number in `message` that the server fills from the request (a range's upper
    /// bound), so a simulated answer can quote this request's limit.
    pub limit_in_message: Option<&'static str>,
    /// Short title of the diagnosis.
    pub title: &'static str,
    /// What kind of problem it is.
    pub category: ErrorCategory,
    /// Why it happens (a template filled by `diagnose`).
    pub cause: &'static str,
    /// What to do, in order (templates).
    pub fix: &'static [&'static str],
    /// Whether the same request may succeed later.
    pub retryable: bool,
    /// The diagnosis talks about Model Studio (consoles, regions, plans, billing): it applies on
    /// Model Studio surfaces, or behind a proxy whose upstream is DashScope, and nowhere else.
    pub model_studio: bool,
    /// Reached only by refining another row with the request summary.
    #[serde(skip)]
    pub refine: bool,
    /// When a failure matches this row.
    #[serde(skip)]
    pub when: Option<ErrorMatch>,
    /// Fields not confirmed by the sources.
    pub unconfirmed: &'static [&'static str],
    /// Where it was seen.
    pub source: &'static str,
    /// When it was last read.
    pub checked: &'static str,
}

impl UpstreamError {
    /// The server's message with this request's limit in place of the one the source quoted.
    ///
    /// ```
    /// let row = qwen_route::catalog::upstream_error("max-tokens-range").unwrap();
    /// assert!(row.message_with_limit(Some(16384)).ends_with("[1, 16384]"));
    /// assert_eq!(row.message_with_limit(None), row.message);
    /// ```
    pub fn message_with_limit(&self, limit: Option<u64>) -> String {
        match (self.limit_in_message, limit) {
            (Some(quoted), Some(n)) => self.message.replacen(quoted, &n.to_string(), 1),
            _ => self.message.to_string(),
        }
    }
}

/// Which side of hosted versus self-hosted an aspect favours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Favours {
    /// Alibaba-hosted surfaces.
    Hosted,
    /// The user's own servers.
    SelfHosted,
    /// It depends on volume or circumstances.
    Depends,
    /// Decided per route from the data (e.g. the models' input modalities).
    Computed,
}

/// One aspect of the hosted-versus-self-hosted comparison (`catalog/routing.toml`,
/// `[[tradeoff]]`), with templates filled per route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TradeoffAspect {
    /// Stable id (`privacy`, `offline`, …).
    pub id: &'static str,
    /// Label.
    pub label: &'static str,
    /// The hosted side (template).
    pub hosted: &'static str,
    /// The self-hosted side (template).
    pub self_hosted: &'static str,
    /// Which side it favours.
    pub favours: Favours,
    /// Where the facts came from.
    pub source: &'static str,
    /// When they were last read.
    pub checked: &'static str,
}

impl TradeoffAspect {
    /// The aspect's label as a sentence with an id (`tradeoff.<id>.label`).
    pub fn label_text(&self) -> crate::msg::Msg {
        crate::msg::Msg::prose(format!("tradeoff.{}.label", self.id), self.label)
    }
}

/// One input-size tier of a price row: prices in the row's currency per 1,000,000 tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PriceTier {
    /// The largest request input (`usage.prompt_tokens`, cached tokens included) this tier
    /// covers; `None` on an open last tier.
    pub up_to: Option<u32>,
    /// Input tokens.
    pub input: f64,
    /// Output tokens of a request without thinking.
    pub output: f64,
    /// Every output token of a request that ran in thinking mode (reasoning and answer).
    pub thinking_output: Option<f64>,
    /// Input tokens served from the implicit cache.
    pub cached_input: Option<f64>,
    /// Input tokens written to the explicit cache.
    pub cache_write: Option<f64>,
}

/// The list price of a model in a region and plan (`catalog/prices.toml`).
///
/// ```
/// use qwen_route::catalog::{self, Plan};
/// let p = catalog::price("qwen3-max", "intl", Plan::Payg).unwrap();
/// assert_eq!(p.currency, "USD");
/// assert_eq!(p.tiers[0].up_to, Some(32_000));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Price {
    /// Catalog model id.
    pub model: &'static str,
    /// Region id.
    pub region: &'static str,
    /// Billing plan (pay-as-you-go: plans are subscriptions without per-token prices).
    pub plan: Plan,
    /// ISO currency code.
    pub currency: &'static str,
    /// Tiers, ascending by input size; every token of a request is billed at one tier.
    pub tiers: &'static [PriceTier],
    /// Facts worth knowing.
    pub notes: Pooled<PriceNotes>,
    /// Where the prices came from.
    pub source: Pooled<PriceSources>,
    /// When they were last read.
    pub checked: &'static str,
}

impl Price {
    /// The tier a request with this many input tokens is billed at, if a tier covers it.
    ///
    /// ```
    /// use qwen_route::catalog::{self, Plan};
    /// let p = catalog::price("qwen3-max", "intl", Plan::Payg).unwrap();
    /// assert_eq!(p.tier_for(32_000).unwrap().input, 1.2);
    /// assert_eq!(p.tier_for(32_001).unwrap().input, 2.4);
    /// assert!(p.tier_for(300_000).is_none());
    /// ```
    pub fn tier_for(&self, input_tokens: u64) -> Option<&'static PriceTier> {
        self.tiers.iter().find(|t| t.up_to.is_none_or(|n| input_tokens <= u64::from(n)))
    }
}

/// The endpoint a server family reports its served context on (`catalog/probe.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ServerInfo {
    /// The family.
    pub family: SurfaceFamily,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Path below the server's root (the base URL without the surface's own path).
    pub path: &'static str,
    /// What is read from the answer.
    pub reads: &'static str,
    /// Where the fact came from.
    pub source: &'static str,
    /// When it was last read.
    pub checked: &'static str,
}

/// The server setting to change when a probed capability is missing (`catalog/probe.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProbeFix {
    /// The capability (`thinking-off`, `images`, `context`, …).
    pub capability: &'static str,
    /// The families the advice is for.
    pub families: &'static [SurfaceFamily],
    /// The advice; `{n}` is the catalog's context for the model.
    pub fix: &'static str,
    /// Where the fact came from.
    pub source: &'static str,
    /// When it was last read.
    pub checked: &'static str,
}

impl ProbeFix {
    /// The advice with the model's context filled in for `{n}`
    /// (`probe.fix.<capability>.<families…>`).
    pub fn fix_text(&self, n: &str) -> crate::msg::Msg {
        let families: Vec<&str> = self.families.iter().map(|f| f.as_str()).collect();
        crate::msg::Msg::new(
            format!("probe.fix.{}.{}", self.capability, families.join(".")),
            self.fix,
            vec![("n", n.to_string())],
        )
    }
}

/// A surface's Anthropic Messages endpoint (`catalog/anthropic.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AnthropicEndpoint {
    /// The surface it belongs to.
    pub surface: &'static str,
    /// The base an Anthropic SDK or Claude Code takes (`ANTHROPIC_BASE_URL`); may hold the
    /// surface's `{placeholders}`.
    pub base_url: &'static str,
    /// Appended to the base: `/v1/messages`.
    pub messages_path: &'static str,
    /// Accepts `Authorization: Bearer`.
    pub bearer: bool,
    /// Accepts `x-api-key`.
    pub x_api_key: bool,
    /// The HTTP status of a refused key here.
    pub auth_status: u16,
    /// The models a source names for this path; `None`: the surface's own models.
    pub models: Option<&'static [&'static str]>,
    /// Fields no source confirms (`base_url`, `auth`, `auth_status`, `models`).
    pub unconfirmed: &'static [&'static str],
    /// What a user of this endpoint should know.
    pub notes: &'static [&'static str],
    /// Where the facts came from.
    pub source: &'static str,
    /// When they were last read.
    pub checked: &'static str,
}

impl AnthropicEndpoint {
    /// Whether a catalog model is served on this path, as far as the sources say.
    ///
    /// ```
    /// let e = qwen_route::catalog::anthropic_endpoint("dashscope-cn").unwrap();
    /// assert!(e.serves("qwen3.5-plus"));
    /// assert!(!e.serves("qwen-mt-plus"));
    /// ```
    pub fn serves(&self, model: &str) -> bool {
        self.models.is_none_or(|m| m.contains(&model))
    }
}

/// One sourced fact about the Anthropic dialect as Model Studio serves it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AnthropicFact {
    /// Stable id the code reads it by.
    pub id: &'static str,
    /// The fact, in a sentence.
    pub text: &'static str,
    /// Its list, where it has one.
    pub values: &'static [&'static str],
    /// No source confirms it: the code takes the safe side.
    pub unconfirmed: bool,
    /// Where it came from.
    pub source: &'static str,
    /// When it was last read.
    pub checked: &'static str,
}

impl AnthropicFact {
    /// The fact's sentence (`anthropic.fact.<id>`).
    pub fn text_msg(&self) -> crate::msg::Msg {
        crate::msg::Msg::prose(format!("anthropic.fact.{}", self.id), self.text)
    }
}
