// Generated from the Rust definitions by crates/qwen-route-wasm/build.rs. Do not edit.

/** One thinking control for every surface: a level or a token budget. */
export type ThinkingSetting = "off" | "low" | "medium" | "high" | number;

/**
 * Whether an alias is sent as written or replaced by its target.
 */
export type AliasWire = "target" | "keep";

/**
 * A surface's Anthropic Messages endpoint (`catalog/anthropic.toml`).
 */
export interface AnthropicEndpoint {
  /**
   * The surface it belongs to.
   */
  surface: string;
  /**
   * The base an Anthropic SDK or Claude Code takes (`ANTHROPIC_BASE_URL`); may hold the
   * surface's `{placeholders}`.
   */
  base_url: string;
  /**
   * Appended to the base: `/v1/messages`.
   */
  messages_path: string;
  /**
   * Accepts `Authorization: Bearer`.
   */
  bearer: boolean;
  /**
   * Accepts `x-api-key`.
   */
  x_api_key: boolean;
  /**
   * The HTTP status of a refused key here.
   */
  auth_status: number;
  /**
   * The models a source names for this path; `None`: the surface's own models.
   */
  models: string[] | null;
  /**
   * Fields no source confirms (`base_url`, `auth`, `auth_status`, `models`).
   */
  unconfirmed: string[];
  /**
   * What a user of this endpoint should know.
   */
  notes: string[];
  /**
   * Where the facts came from.
   */
  source: string;
  /**
   * When they were last read.
   */
  checked: string;
}

/**
 * One sourced fact about the Anthropic dialect as Model Studio serves it.
 */
export interface AnthropicFact {
  /**
   * Stable id the code reads it by.
   */
  id: string;
  /**
   * The fact, in a sentence.
   */
  text: string;
  /**
   * Its list, where it has one.
   */
  values: string[];
  /**
   * No source confirms it: the code takes the safe side.
   */
  unconfirmed: boolean;
  /**
   * Where it came from.
   */
  source: string;
  /**
   * When it was last read.
   */
  checked: string;
}

/**
 * The Anthropic Messages side of a route.
 */
export interface AnthropicRoute {
  /**
   * The base URL (`ANTHROPIC_BASE_URL`); clients append `/v1/messages`.
   */
  base_url: string;
  /**
   * The full request URL.
   */
  messages_url: string;
  /**
   * The key header to send (`Authorization: Bearer` where the endpoint takes it).
   */
  auth_header: string;
  /**
   * Whether a source lists the route's model for this path.
   */
  model_listed: boolean;
  /**
   * The `~/.claude/settings.json` block, the key as `YOUR_API_KEY`.
   */
  claude_code: string;
  /**
   * What a user of the endpoint should know.
   */
  notes: string[];
  /**
   * Where the endpoint facts came from.
   */
  source: string;
  /**
   * When they were checked.
   */
  checked: string;
}

/**
 * Context for assembly: which surface answered, what was asked, and when it was sent.
 */
export interface AssembleOptions {
  /**
   * Surface id, for detector fixes and diagnoses.
   */
  surface?: string | null;
  /**
   * The request summary, for diagnoses.
   */
  request?: RequestSummary;
  /**
   * The request asked for JSON output (enables the JSON-in-reasoning detector).
   */
  expect_json?: boolean;
  /**
   * When the request was sent, in the same clock as the arrival times.
   */
  sent_at_ms?: number | null;
}

/**
 * Everything a response said.
 */
export interface Assembled {
  /**
   * Response id.
   */
  id: string | null;
  /**
   * Model reported by the server.
   */
  model: string | null;
  /**
   * Choices, by index.
   */
  choices: AssembledChoice[];
  /**
   * Usage, when sent.
   */
  usage: Usage | null;
  /**
   * How it ended.
   */
  end: End;
  /**
   * Whether it was a stream.
   */
  streamed: boolean;
  /**
   * Which reasoning field the server used (`reasoning_content` or `reasoning`).
   */
  reasoning_field: string | null;
  /**
   * Data frames received (including `[DONE]`).
   */
  frames: number;
  /**
   * Frames that were not JSON (first 5, shortened).
   */
  unparsed: string[];
  /**
   * The error object, when the server sent one.
   */
  error: unknown | null;
  /**
   * Why it failed, when it did (error frame, error body, truncation).
   */
  diagnosis: Diagnosis | null;
  /**
   * Server-misconfiguration symptoms.
   */
  detections: Detection[];
  /**
   * Timings, when arrival times were given.
   */
  timings: Timings | null;
  /**
   * What the call cost at list price, when the surface, model and usage are all priced
   * (see [`crate::cost`]); absent rather than estimated.
   */
  cost?: Cost;
}

/**
 * One assembled choice.
 */
export interface AssembledChoice {
  /**
   * Choice index.
   */
  index: number;
  /**
   * Role, when sent.
   */
  role: string | null;
  /**
   * The answer text.
   */
  content: string;
  /**
   * The reasoning text.
   */
  reasoning: string;
  /**
   * Tool calls, by index.
   */
  tool_calls: ToolCall[];
  /**
   * Why generation stopped.
   */
  finish_reason: string | null;
}

/**
 * Batch input lines and what was changed to make them valid.
 */
export interface BatchExport {
  /**
   * The JSONL text, one request per line, ending with a newline.
   */
  jsonl: string;
  /**
   * Number of lines.
   */
  lines: number;
  /**
   * Changes made for the Batch API, one sentence each.
   */
  notes: string[];
}

/**
 * Errors that only the JS boundary can produce (the core's own errors are `CoreError`).
 */
export type BindingError =
  /**
   * A JS value did not have the expected shape.
   */
  | {
    kind: "invalid-input";
    /**
     * What was expected.
     */
    expected: string;
    /**
     * What was wrong, with the JSON path when known.
     */
    reason: string;
  }
  /**
   * A `StreamDecoder` was used after `finish()` or `abort()`.
   */
  | {
    kind: "finished";
    /**
     * What to do.
     */
    reason: string;
  };

/**
 * The diagnosis, as it goes into a bundle.
 */
export interface BundleDiagnosis {
  /**
   * Stable code.
   */
  code: string;
  /**
   * Title.
   */
  title: string;
  /**
   * Cause, for this request.
   */
  cause: string;
  /**
   * Fixes.
   */
  fix: string[];
}

/**
 * One reduction to try.
 */
export interface Candidate {
  /**
   * What this step removes (`drop-history`, `drop-tools`, `drop-param:temperature`, …).
   */
  step: string;
  /**
   * The payload to re-send.
   */
  body: unknown;
}

/**
 * One row of the report.
 */
export interface Capability {
  /**
   * Stable id (`reasoning-separated`, `tool-calls`, …).
   */
  id: string;
  /**
   * What it is, for people.
   */
  label: string;
  /**
   * Present, missing or not shown.
   */
  verdict: Verdict;
  /**
   * Whether the catalog says this surface and model should have it.
   */
  expected: boolean;
  /**
   * What was checked, in one line.
   */
  detail: string;
  /**
   * The request and bytes behind the verdict.
   */
  evidence: Evidence | null;
  /**
   * What to change, for a `no`.
   */
  fix: string | null;
}

/**
 * Everything the catalog knows, with the version it was built from.
 */
export interface Catalog {
  /**
   * Newest `checked` date plus a hash of the catalog sources.
   */
  version: string;
  /**
   * Regions.
   */
  regions: Region[];
  /**
   * Surfaces (active and removed).
   */
  surfaces: Surface[];
  /**
   * Models.
   */
  models: Model[];
  /**
   * Provider prefixes stripped from model references.
   */
  prefixes: ModelPrefix[];
  /**
   * Whole-reference aliases.
   */
  aliases: ModelAlias[];
  /**
   * Workload profiles.
   */
  workloads: WorkloadProfile[];
  /**
   * Upstream errors and their diagnoses.
   */
  errors: UpstreamError[];
  /**
   * Pay-as-you-go list prices (the rows `cost` is computed from).
   */
  prices: Price[];
  /**
   * Facts on which public sources disagree, with both sources.
   */
  disputes: Dispute[];
  /**
   * How old the facts are: checked dates, unconfirmed and disputed counts.
   */
  facts: FactsAge;
}

/**
 * One fact that differs between the listing and the catalog.
 */
export interface Change {
  /**
   * Catalog model id.
   */
  model: string;
  /**
   * Catalog field (`context`, `max_input`, `input`, `price`, …).
   */
  field: string;
  /**
   * The catalog's value (`-` when it has none).
   */
  catalog: string;
  /**
   * The listing's value.
   */
  listing: string;
  /**
   * What to check before applying it.
   */
  note: string | null;
}

/**
 * The result of a check.
 */
export interface CheckResult {
  /**
   * Parsed and no violations.
   */
  valid: boolean;
  /**
   * Whether any JSON could be read from the answer.
   */
  parsed: boolean;
  /**
   * How the JSON was found when the answer was not pure JSON (`fenced`, `embedded`).
   */
  extracted: string | null;
  /**
   * Why the answer is not JSON, when it is not.
   */
  parse_error: string | null;
  /**
   * Violations, in document order (at most 100).
   */
  errors: SchemaError[];
  /**
   * Keywords present in the schema that this checker does not evaluate.
   */
  unchecked_keywords: string[];
}

/**
 * A Coding Plan subscription tier.
 */
export type CodingTier = "lite" | "pro";

/**
 * Why the core refused an input.
 */
export type CoreError =
  /**
   * No surface has this id.
   */
  | {
    kind: "unknown-surface";
    /**
     * What was given.
     */
    id: string;
    /**
     * The closest surface id.
     */
    suggestion: string | null;
  }
  /**
   * The model is not in the catalog for this surface.
   */
  | {
    kind: "unknown-model";
    /**
     * What was given.
     */
    id: string;
    /**
     * The surface asked about.
     */
    surface: string;
    /**
     * A suggestion or explanation.
     */
    hint: string | null;
  }
  /**
   * No workload has this id.
   */
  | {
    kind: "unknown-workload";
    /**
     * What was given.
     */
    id: string;
  }
  /**
   * No region has this name.
   */
  | {
    kind: "unknown-region";
    /**
     * What was given.
     */
    id: string;
  }
  /**
   * A parameterised surface is missing a value.
   */
  | {
    kind: "missing-param";
    /**
     * The surface.
     */
    surface: string;
    /**
     * The missing placeholder.
     */
    param: string;
    /**
     * The base URL template.
     */
    template: string;
  }
  /**
   * `--dialect anthropic` on a surface without an Anthropic Messages endpoint.
   */
  | {
    kind: "no-anthropic-endpoint";
    /**
     * The surface.
     */
    surface: string;
    /**
     * The surfaces that have one.
     */
    with: string;
  }
  /**
   * A value is out of its domain.
   */
  | {
    kind: "invalid-value";
    /**
     * Which input.
     */
    field: string;
    /**
     * Why.
     */
    reason: string;
  }
  /**
   * The request payload is not usable.
   */
  | {
    kind: "invalid-payload";
    /**
     * Why.
     */
    reason: string;
  }
  /**
   * No surface and model satisfy the constraints.
   */
  | {
    kind: "no-route";
    /**
     * Which constraint could not be met.
     */
    reason: string;
  };

/**
 * How a server answers browser calls from another origin.
 */
export type CorsPolicy = "refused" | "permissive" | "allow-list" | "unknown";

/**
 * What the list prices make of one call's usage.
 */
export interface Cost {
  /**
   * The total, in `currency`.
   */
  amount: number;
  /**
   * ISO currency code of every amount here.
   */
  currency: string;
  /**
   * Uncached input tokens.
   */
  input: number;
  /**
   * Input tokens served from the cache.
   */
  cached_input: number;
  /**
   * Input tokens written to the explicit cache.
   */
  cache_write: number;
  /**
   * Output tokens (reasoning included).
   */
  output: number;
  /**
   * Whether output was billed at the thinking-mode price.
   */
  thinking_mode: boolean;
  /**
   * The largest input the chosen tier covers (`None`: the open last tier or a flat price).
   */
  tier_up_to: number | null;
  /**
   * The catalog model priced.
   */
  model: string;
  /**
   * The region priced.
   */
  region: string;
  /**
   * When the price row was checked.
   */
  checked: string;
  /**
   * Where the price row came from.
   */
  source: string;
  /**
   * What the amount leaves out.
   */
  note: string;
}

/**
 * What a curl command says, ready to shape.
 */
export interface CurlImport {
  /**
   * The shaping request: surface, model, base URL (when it is not the catalog's), dialect,
   * payload (the body without `model`).
   */
  request: ShapeRequest;
  /**
   * The URL the command posts to.
   */
  url: string;
  /**
   * The environment variable the command reads the key from (`$DASHSCOPE_API_KEY`), when it
   * does.
   */
  key_env: string | null;
  /**
   * Whether a literal key was found (the key itself is never part of the output).
   */
  key_found: boolean;
  /**
   * How the surface was chosen.
   */
  surface_via: string;
  /**
   * Everything left out.
   */
  not_imported: NotImported[];
}

/**
 * What a `data:` URL holds.
 */
export interface DataUrlInfo {
  /**
   * The declared MIME type.
   */
  mime: string;
  /**
   * Size of the decoded payload in bytes.
   */
  bytes: number;
  /**
   * Width in pixels, when the header could be read.
   */
  width: number | null;
  /**
   * Height in pixels, when the header could be read.
   */
  height: number | null;
}

/**
 * One detected symptom.
 */
export interface Detection {
  /**
   * Stable code.
   */
  code: string;
  /**
   * What was seen.
   */
  title: string;
  /**
   * A short excerpt of the evidence.
   */
  evidence: string;
  /**
   * The server setting to change (for this surface).
   */
  fix: string;
}

/**
 * Input of [`diagnose`]: the surface, what is known about the request, and how the call
 * ended — an HTTP answer (`status`, `headers`, `body`), a stream's error frame (`error`), or a
 * failure with no answer (`transport`). Exactly one of the three is used, in that order of
 * precedence: `transport`, `error`, `status`.
 */
export interface DiagnoseRequest {
  /**
   * Surface id.
   */
  surface: string;
  /**
   * What is known about the request.
   */
  request?: RequestSummary;
  /**
   * HTTP status of the answer.
   */
  status?: number | null;
  /**
   * Response headers (names in any case).
   */
  headers?: Record<string, string>;
  /**
   * Response body (invalid UTF-8 replaced).
   */
  body?: string;
  /**
   * The `error` object of an `{"error": …}` frame inside a stream.
   */
  error?: unknown | null;
  /**
   * A failure before any answer.
   */
  transport?: TransportFailure | null;
}

/**
 * A diagnosis.
 */
export interface Diagnosis {
  /**
   * Stable code (an `errors.toml` row id).
   */
  code: string;
  /**
   * Short title (id `error.<code>.title`).
   */
  title: string;
  /**
   * What kind of problem.
   */
  category: ErrorCategory;
  /**
   * Why it happened, for this request (id `error.<code>.cause`).
   */
  cause: string;
  /**
   * What to do, in order (ids `error.<code>.fix.<n>`, from 1).
   */
  fix: string[];
  /**
   * Whether the same request may succeed later.
   */
  retryable: boolean;
  /**
   * Seconds to wait before retrying, from `Retry-After`.
   */
  retry_after_s: number | null;
  /**
   * Where the knowledge comes from.
   */
  source: string;
  /**
   * What the server said.
   */
  upstream: ParsedError | null;
  /**
   * The surface diagnosed.
   */
  surface: string;
}

/**
 * How a server spells thinking control and Qwen extensions.
 */
export type Dialect = "dashscope" | "vllm" | "sglang" | "llama-cpp" | "ollama" | "litellm" | "openai";

/**
 * A fact on which public sources disagree: what the catalog says and why, and the other reading.
 */
export interface Dispute {
  /**
   * `model:<id>`, `surface:<id>`, `alias:<alias>` or `error:<id>`.
   */
  row: string;
  /**
   * The field.
   */
  field: string;
  /**
   * The catalog's value.
   */
  ours: string;
  /**
   * Its source.
   */
  ours_source: string;
  /**
   * The other value.
   */
  theirs: string;
  /**
   * Its source.
   */
  theirs_source: string;
  /**
   * Why the catalog differs.
   */
  why: string;
  /**
   * When it was checked.
   */
  checked: string;
  /**
   * The vendored second source it records a disagreement with, if any.
   */
  second_source: string | null;
}

/**
 * What the shaper settled on, for display and for the response side.
 */
export interface Effective {
  /**
   * Surface id.
   */
  surface: string;
  /**
   * How the server spells thinking and Qwen extensions (of the OpenAI-shaped request the
   * Anthropic one is translated from, on that dialect).
   */
  dialect: Dialect;
  /**
   * The wire protocol: `openai` or `anthropic`.
   */
  wire_dialect: WireDialect;
  /**
   * Wire model id.
   */
  model: string;
  /**
   * Catalog row used for the model's facts, if any.
   */
  catalog_model: string | null;
  /**
   * Final streaming.
   */
  stream: boolean;
  /**
   * Whether the model will think (`None`: left to the server).
   */
  thinking: boolean | null;
  /**
   * Tool calls are requested non-streaming and replayed as frames.
   */
  buffered_tools: boolean;
  /**
   * Environment variable the key placeholder names.
   */
  env_var: string;
  /**
   * Base URL used.
   */
  base_url: string;
}

/**
 * How a response ended.
 */
export type End = "done" | "finished" | "body" | "error" | "aborted" | "truncated" | "empty";

/**
 * What kind of problem a failure is: the first question when separating a model problem
 * from a server problem.
 */
export type ErrorCategory = "request" | "auth" | "billing" | "moderation" | "capacity" | "availability" | "server-config" | "server" | "transport" | "unknown";

/**
 * When a failure matches an error row: every listed condition must hold, except `codes` and
 * `markers_any`, where either one is enough.
 */
export interface ErrorMatch {
  /**
   * HTTP statuses.
   */
  statuses: number[];
  /**
   * Values of the envelope's `code` or `type`.
   */
  codes: string[];
  /**
   * Lowercase tokens that must all appear in the message.
   */
  markers: string[];
  /**
   * Lowercase tokens of which one must appear.
   */
  markers_any: string[];
  /**
   * Surface families the row is about.
   */
  families: SurfaceFamily[];
  /**
   * Surfaces the row is about.
   */
  surfaces: string[];
  /**
   * A transport failure (`cors`, `network`, `timeout`, `aborted`, `mixed-content`).
   */
  transport: string | null;
  /**
   * Only when the answer does not come from DashScope (a self-hosted server or a proxy in
   * front of something else).
   */
  not_dashscope: boolean;
}

/**
 * The request and the bytes a verdict rests on.
 */
export interface Evidence {
  /**
   * The step.
   */
  step: StepId;
  /**
   * `POST http://…/v1/chat/completions`.
   */
  request: string;
  /**
   * The relevant part of the answer.
   */
  excerpt: string;
}

/**
 * How old a set of facts is: the oldest and newest `checked` dates of the rows they come from,
 * and which of their facts are unconfirmed or disputed. `qwen-route catalog` shows it for the
 * whole catalog; route results carry it for the rows the decision used.
 */
export interface FactsAge {
  /**
   * The oldest `checked` date among the rows.
   */
  oldest: string;
  /**
   * The newest.
   */
  newest: string;
  /**
   * How many facts the sources do not confirm.
   */
  unconfirmed: number;
  /**
   * How many facts public sources disagree on (`catalog/disputes.toml`).
   */
  disputed: number;
  /**
   * Those facts, as `row.field` (`model:qwen3-max.thinking`).
   */
  unconfirmed_facts: string[];
  /**
   * Those facts, as `row.field`.
   */
  disputed_facts: string[];
  /**
   * One line for people: "facts checked 2026-12-02 · 1 disputed" (a sentence with an id, so
   * the projections show it in their language; JSON readers see the English string).
   */
  line: string;
}

/**
 * The next option if the route fails, in order.
 */
export interface Fallback {
  /**
   * Surface id.
   */
  surface: string;
  /**
   * Model id.
   */
  model: string;
  /**
   * When to use it.
   */
  why: string;
}

/**
 * Which side of hosted versus self-hosted an aspect favours.
 */
export type Favours = "hosted" | "self-hosted" | "depends" | "computed";

/**
 * One pre-flight finding.
 */
export interface Finding {
  /**
   * Stable code, kebab-case.
   */
  code: string;
  /**
   * Severity.
   */
  severity: Severity;
  /**
   * What is wrong, for this request (English; a sentence with a stable id, see `msg`).
   */
  message: string;
  /**
   * The upstream error this prevents (serialized as the catalogued row, verbatim).
   */
  prevents: PreventedError | null;
  /**
   * What to do.
   */
  fix: string;
  /**
   * A mechanical fix, when there is one.
   */
  patch: Patch | null;
  /**
   * Earlier names of this code (`RENAMED`), for tools that match on them.
   */
  aliases?: string[];
}

/**
 * A snippet language.
 */
export type Format = "curl" | "js" | "python" | "claude-code";

/**
 * Who runs the server.
 */
export type Hosting = "hosted" | "self-hosted";

/**
 * Which image references a server accepts in `image_url` parts.
 */
export type ImageInput = "url-or-data" | "data-only";

/**
 * A family of API keys, told apart by prefix. The core only ever sees the class, never a key.
 */
export type KeyClass = "standard" | "plan" | "temporary" | "oauth" | "any";

/**
 * Whether the server needs an API key.
 */
export type KeyRequirement = "required" | "optional" | "ignored";

/**
 * Tokens and rate of one lane (reasoning or answer).
 */
export interface LaneRate {
  /**
   * Tokens in the lane.
   */
  tokens: number;
  /**
   * `true` when counted from text (about 4 ASCII characters or 1 CJK character a token),
   * `false` when taken from the server's usage.
   */
  estimated: boolean;
  /**
   * From the lane's first token to its last, in milliseconds.
   */
  duration_ms: number;
  /**
   * Tokens per second over that span (`None` when the lane arrived in one chunk).
   */
  tokens_per_s: number | null;
}

/**
 * A step the plan leaves out, and why.
 */
export interface LeftOut {
  /**
   * The step.
   */
  id: StepId;
  /**
   * Why.
   */
  why: string;
}

/**
 * One model as the listing states it; `None` means the listing does not say.
 */
export interface Listed {
  /**
   * The wire id.
   */
  id: string;
  /**
   * Display name.
   */
  name: string | null;
  /**
   * Context window (native `context_window`; vLLM/SGLang `max_model_len`).
   */
  context: number | null;
  /**
   * Maximum input tokens.
   */
  max_input: number | null;
  /**
   * Maximum output tokens.
   */
  max_output: number | null;
  /**
   * Maximum reasoning tokens (native `max_reasoning_tokens`).
   */
  max_reasoning: number | null;
  /**
   * Input modalities the catalog tracks.
   */
  input: Modality[] | null;
  /**
   * Whether it answers in text (false for image, video and speech models).
   */
  text_out: boolean;
  /**
   * The listing marks it as reasoning (`Reasoning` capability).
   */
  reasoning: boolean | null;
  /**
   * The listing marks function calling.
   */
  tools: boolean | null;
  /**
   * The listing marks structured outputs.
   */
  structured: boolean | null;
  /**
   * List prices by input-size tier (native listing), prices verbatim as the listing writes them.
   */
  tiers: ListedTier[];
  /**
   * The base model of a LoRA card (vLLM `parent`).
   */
  parent: string | null;
}

/**
 * One price tier of a native listing; prices per 1M tokens, verbatim decimals.
 */
export interface ListedTier {
  /**
   * The tier's label as listed (`Input<=256k`).
   */
  label: string;
  /**
   * Requests above this many input tokens.
   */
  above: number;
  /**
   * Up to this many (inclusive); `None`: no upper bound.
   */
  up_to: number | null;
  /**
   * `input_token`.
   */
  input: string | null;
  /**
   * `output_token`.
   */
  output: string | null;
  /**
   * `thinking_output_token`.
   */
  thinking_output: string | null;
  /**
   * `input_token_cache` (implicit cache hit).
   */
  cached_input: string | null;
  /**
   * `input_token_cache_creation_5m` (explicit cache write).
   */
  cache_write: string | null;
}

/**
 * A listing, read.
 */
export interface Listing {
  /**
   * `dashscope-native`, `openai`, `ollama-tags` or `array`.
   */
  shape: string;
  /**
   * The models, in the listing's order, without duplicate ids.
   */
  entries: Listed[];
  /**
   * The listing's own count over all pages, when it gives one (native listing).
   */
  total: number | null;
}

/**
 * Ids read from a `/models` answer.
 */
export interface LiveModels {
  /**
   * Model ids, in the server's order, without duplicates.
   */
  ids: string[];
  /**
   * Which shape the answer had (`dashscope-native`, `openai`, `ollama-tags`, `array`).
   */
  shape: string;
}

/**
 * An input modality.
 */
export type Modality = "text" | "image" | "video" | "audio";

/**
 * A model id and what requests to it must look like.
 */
export interface Model {
  /**
   * The wire id (case-sensitive).
   */
  id: string;
  /**
   * Human name.
   */
  name: string;
  /**
   * Families that serve this exact id.
   */
  served_on: SurfaceFamily[];
  /**
   * Coding Plan tiers that include it.
   */
  coding_plan: CodingTier[];
  /**
   * Regions it is offered in, when restricted (empty: every region of its families).
   */
  regions: string[];
  /**
   * Regions its pay-as-you-go deployment (DashScope and workspace hosts) is in, when narrower
   * than `regions` (third-party models hosted in Beijing only, while the plans serve them
   * everywhere). Empty: the same as `regions`.
   */
  payg_regions: string[];
  /**
   * Context window in tokens.
   */
  context: number | null;
  /**
   * Maximum input tokens.
   */
  max_input: number | null;
  /**
   * Maximum output tokens.
   */
  max_output: number | null;
  /**
   * Upper bound of the server's `max_tokens` range check, when quoted by a source.
   */
  max_tokens_ceiling: number | null;
  /**
   * Accepted input modalities.
   */
  input: Modality[];
  /**
   * Thinking class.
   */
  thinking: ThinkingClass;
  /**
   * Field used for thinking on DashScope hosts.
   */
  thinking_control: ThinkingControl;
  /**
   * Must be called with `stream: true`.
   */
  streaming_only: boolean;
  /**
   * Supports function calling.
   */
  tools: boolean;
  /**
   * Reads earlier turns' reasoning back (DashScope's `preserve_thinking`), so history keeps it.
   */
  preserve_thinking: boolean;
  /**
   * Supports `response_format: json_object`.
   */
  json_object: boolean;
  /**
   * Supports `response_format: json_schema`.
   */
  json_schema: boolean;
  /**
   * System message handling.
   */
  system_message: SystemMessage;
  /**
   * Sampling parameters should be left at their defaults.
   */
  fixed_sampling: boolean;
  /**
   * Open-weight identity linking the same model across surfaces.
   */
  weights: string | null;
  /**
   * Payload fields the model refuses to work without (Qwen-MT: `translation_options`).
   */
  requires: string[];
  /**
   * Only one user message is accepted (no multi-turn).
   */
  single_turn: boolean;
  /**
   * The largest `thinking_budget` DashScope accepts (its maximum chain-of-thought length),
   * when a source gives it.
   */
  max_thinking_budget: number | null;
  /**
   * The smallest `thinking_budget` DashScope accepts (1, or 0 where a budget of 0 is valid).
   */
  min_thinking_budget: number;
  /**
   * How the open weights write tool calls (self-hosted servers need the matching parser).
   */
  tool_format: ToolFormat | null;
  /**
   * How the open weights mark reasoning (self-hosted servers need the matching parser).
   */
  reasoning_format: ReasoningFormat | null;
  /**
   * Fields whose value is not confirmed by the sources.
   */
  unconfirmed: string[];
  /**
   * Fields on which public sources disagree (`catalog/disputes.toml`).
   */
  disputed: string[];
  /**
   * Facts worth knowing, one sentence each.
   */
  notes: string[];
  /**
   * Where the facts came from.
   */
  source: string;
  /**
   * When they were last read.
   */
  checked: string;
}

/**
 * A whole-reference alias (`qwen-portal/coder-model`, `qwen-plus-latest`).
 */
export interface ModelAlias {
  /**
   * The reference users write.
   */
  alias: string;
  /**
   * The catalog model it stands for.
   */
  target: string;
  /**
   * What goes on the wire.
   */
  wire: AliasWire;
  /**
   * The removed surface this alias belonged to.
   */
  removed_surface: string | null;
  /**
   * Explanation.
   */
  note: string;
  /**
   * Fields on which public sources disagree (`catalog/disputes.toml`).
   */
  disputed: string[];
  /**
   * Where the fact came from.
   */
  source: string;
  /**
   * When it was last read.
   */
  checked: string;
}

/**
 * A provider prefix that is stripped from model references (`qwen/qwen3.5-plus`).
 */
export interface ModelPrefix {
  /**
   * The prefix including its slash.
   */
  prefix: string;
  /**
   * Who uses it.
   */
  note: string;
  /**
   * Where the fact came from.
   */
  source: string;
  /**
   * When it was last read.
   */
  checked: string;
}

/**
 * The live list compared with the catalog, for one surface.
 */
export interface ModelsDiff {
  /**
   * Surface id.
   */
  surface: string;
  /**
   * Live ids the catalog knows for this surface.
   */
  matched: string[];
  /**
   * Live ids the catalog does not know (new models, or other kinds such as embeddings).
   */
  live_unknown: string[];
  /**
   * Catalogued ids for this surface that the server does not list.
   */
  catalogued_missing: string[];
  /**
   * Live ids that differ from a catalogued id only in case (`Qwen3-8B` vs `qwen3-8b`).
   */
  case_mismatches: ([string, string])[];
}

/**
 * Capabilities a job needs from the model.
 */
export interface Needs {
  /**
   * Image input.
   */
  images?: boolean;
  /**
   * Video input.
   */
  video?: boolean;
  /**
   * Function calling.
   */
  tools?: boolean;
  /**
   * `response_format: json_schema`.
   */
  json_schema?: boolean;
}

/**
 * Something in the command that was not imported, and why.
 */
export interface NotImported {
  /**
   * The flag, header or argument (`header Cookie`, `-F`, `--user`).
   */
  what: string;
  /**
   * Why it was left out.
   */
  why: string;
}

/**
 * A note on something the shaper changed or assumed silently, so nothing happens unseen.
 */
export interface Note {
  /**
   * Stable code, kebab-case.
   */
  code: string;
  /**
   * One sentence (English; a sentence with a stable id, see `msg`).
   */
  text: string;
}

/**
 * What an error answer said, normalised.
 */
export interface ParsedError {
  /**
   * HTTP status, when known (error frames inside a stream have none).
   */
  status: number | null;
  /**
   * The envelope's `code` (stringified when numeric).
   */
  code: string | null;
  /**
   * The envelope's `type`.
   */
  type: string | null;
  /**
   * The message (text bodies are trimmed to 500 characters).
   */
  message: string;
  /**
   * The envelope's `param`, when it names one.
   */
  param: string | null;
  /**
   * The request id, for support tickets.
   */
  request_id: string | null;
  /**
   * Which envelope shape it was.
   */
  envelope: string;
}

/**
 * One pass of a two-pass plan.
 */
export interface PassPlan {
  /**
   * Model id.
   */
  model: string;
  /**
   * Thinking level.
   */
  thinking: ThinkingSetting;
  /**
   * Streaming.
   */
  stream: boolean;
  /**
   * Temperature.
   */
  temperature: number | null;
  /**
   * `json_schema` / `json_object` on the normalisation pass.
   */
  response_format: string | null;
  /**
   * What this pass does.
   */
  role: string;
}

/**
 * A mechanical fix, applied to the shaping input (never to the wire body directly).
 */
export type Patch =
  /**
   * Set the thinking control.
   */
  | {
    op: "set-thinking";
    /**
     * The new setting.
     */
    thinking: ThinkingSetting;
  }
  /**
   * Set streaming on or off.
   */
  | {
    op: "set-stream";
    /**
     * The new value.
     */
    stream: boolean;
  }
  /**
   * Set a top-level payload field.
   */
  | {
    op: "set-field";
    /**
     * Field name.
     */
    field: string;
    /**
     * New value.
     */
    value: unknown;
  }
  /**
   * Remove a top-level payload field.
   */
  | {
    op: "remove-field";
    /**
     * Field name.
     */
    field: string;
  }
  /**
   * Append a sentence to the system message (adding one if there is none).
   */
  | {
    op: "append-system";
    /**
     * The text to add.
     */
    text: string;
  }
  /**
   * Use another model id.
   */
  | {
    op: "set-model";
    /**
     * The id.
     */
    model: string;
  }
  /**
   * Use another surface.
   */
  | {
    op: "set-surface";
    /**
     * The surface id.
     */
    surface: string;
  };

/**
 * The billing plan a host (and its keys) belongs to.
 */
export type Plan = "payg" | "coding-plan" | "token-plan" | "oauth-free" | "self-hosted";

/**
 * What to optimise when several candidates qualify.
 */
export type Preference = "smallest" | "speed" | "quality";

/**
 * What a finding says it prevents: the server's side of a catalogued error.
 */
export interface PreventedError {
  /**
   * The catalog id.
   */
  id: string;
  /**
   * HTTP status (0 when the server is gone).
   */
  status: number;
  /**
   * The envelope's `code`, where a source shows it.
   */
  code: string | null;
  /**
   * The envelope's `type`, where a source shows it.
   */
  type: string | null;
  /**
   * The server's message, verbatim.
   */
  message: string;
  /**
   * A short title.
   */
  title: string;
  /**
   * Where the error text was seen.
   */
  source: string;
  /**
   * When.
   */
  checked: string;
}

/**
 * The list price of a model in a region and plan (`catalog/prices.toml`).
 */
export interface Price {
  /**
   * Catalog model id.
   */
  model: string;
  /**
   * Region id.
   */
  region: string;
  /**
   * Billing plan (pay-as-you-go: plans are subscriptions without per-token prices).
   */
  plan: Plan;
  /**
   * ISO currency code.
   */
  currency: string;
  /**
   * Tiers, ascending by input size; every token of a request is billed at one tier.
   */
  tiers: PriceTier[];
  /**
   * Facts worth knowing.
   */
  notes: string[];
  /**
   * Where the prices came from.
   */
  source: string;
  /**
   * When they were last read.
   */
  checked: string;
}

/**
 * One input-size tier of a price row: prices in the row's currency per 1,000,000 tokens.
 */
export interface PriceTier {
  /**
   * The largest request input (`usage.prompt_tokens`, cached tokens included) this tier
   * covers; `None` on an open last tier.
   */
  up_to: number | null;
  /**
   * Input tokens.
   */
  input: number;
  /**
   * Output tokens of a request without thinking.
   */
  output: number;
  /**
   * Every output token of a request that ran in thinking mode (reasoning and answer).
   */
  thinking_output: number | null;
  /**
   * Input tokens served from the implicit cache.
   */
  cached_input: number | null;
  /**
   * Input tokens written to the explicit cache.
   */
  cache_write: number | null;
}

/**
 * What came back for one step. `failure` is set when there was no HTTP answer (`cors`,
 * `network`, `timeout`).
 */
export interface ProbeAnswer {
  /**
   * The step answered.
   */
  step?: StepId | null;
  /**
   * HTTP status.
   */
  status?: number | null;
  /**
   * Response headers (names in any case).
   */
  headers?: ([string, string])[];
  /**
   * The body as text (a stream's full text).
   */
  body?: string;
  /**
   * Why there was no answer.
   */
  failure?: string | null;
}

/**
 * The server setting to change when a probed capability is missing (`catalog/probe.toml`).
 */
export interface ProbeFix {
  /**
   * The capability (`thinking-off`, `images`, `context`, …).
   */
  capability: string;
  /**
   * The families the advice is for.
   */
  families: SurfaceFamily[];
  /**
   * The advice; `{n}` is the catalog's context for the model.
   */
  fix: string;
  /**
   * Where the fact came from.
   */
  source: string;
  /**
   * When it was last read.
   */
  checked: string;
}

/**
 * What to probe.
 */
export interface ProbeOptions {
  /**
   * Surface id (`vllm`, `ollama`, `dashscope-intl`, …).
   */
  surface?: string;
  /**
   * The server's base URL (default: the surface's).
   */
  base_url?: string | null;
  /**
   * The model to probe (default: the first listed id the catalog knows).
   */
  model?: string | null;
  /**
   * The browser origin to check CORS for (`http://127.0.0.1:8090`).
   */
  origin?: string | null;
  /**
   * The plan runs in a browser: no preflight of its own (the browser makes it), so CORS is
   * judged from whether the other requests were blocked.
   */
  browser?: boolean;
}

/**
 * The requests to send, in order.
 */
export interface ProbePlan {
  /**
   * Surface id.
   */
  surface: string;
  /**
   * The base URL probed.
   */
  base_url: string;
  /**
   * The model probed (empty until one is known: send `models` first, then plan again).
   */
  model: string;
  /**
   * The page origin CORS is checked for.
   */
  origin: string | null;
  /**
   * The requests, at most [`MAX_STEPS`].
   */
  steps: ProbeStep[];
  /**
   * What was left out, and why.
   */
  left_out: LeftOut[];
  /**
   * The environment variable the key is read from.
   */
  key_env: string;
}

/**
 * The whole report.
 */
export interface ProbeReport {
  /**
   * Surface id.
   */
  surface: string;
  /**
   * The base URL probed.
   */
  base_url: string;
  /**
   * The model probed.
   */
  model: string;
  /**
   * The ids `/models` listed.
   */
  live_models: string[];
  /**
   * The context the server reports for the model, when it reports one.
   */
  server_context: number | null;
  /**
   * One row per capability.
   */
  capabilities: Capability[];
  /**
   * Capabilities the surface should have and does not.
   */
  missing: string[];
  /**
   * Whether every expected capability is present.
   */
  ok: boolean;
  /**
   * What the plan cost.
   */
  cost: string;
  /**
   * Steps the plan left out.
   */
  left_out: LeftOut[];
}

/**
 * One request of the plan. Headers carry the key as `Bearer $VAR`, never the key.
 */
export interface ProbeStep {
  /**
   * Which request this is.
   */
  id: StepId;
  /**
   * Why it is sent.
   */
  purpose: string;
  /**
   * HTTP method.
   */
  method: string;
  /**
   * Full URL (always on the probed server's origin).
   */
  url: string;
  /**
   * Headers, the key as a `$VAR` placeholder.
   */
  headers: ([string, string])[];
  /**
   * JSON body, for POST.
   */
  body: unknown | null;
  /**
   * Give up after this long.
   */
  timeout_ms: number;
  /**
   * The most output tokens it can cost.
   */
  max_tokens: number;
  /**
   * Whether it reads a streamed answer.
   */
  stream: boolean;
}

/**
 * The proposal for one surface.
 */
export interface Proposal {
  /**
   * The surface the listing came from.
   */
  surface: string;
  /**
   * Where the listing was read (the source every entry names).
   */
  source: string;
  /**
   * The day it was read.
   */
  checked: string;
  /**
   * The listing's shape.
   */
  shape: string;
  /**
   * Models the catalog does not have for this surface.
   */
  new_models: Listed[];
  /**
   * Ids the catalog serves here that the listing does not have.
   */
  gone: string[];
  /**
   * Why gone ids were not inferred, when they were not.
   */
  gone_not_inferred: string | null;
  /**
   * Facts that differ.
   */
  changes: Change[];
  /**
   * Listed ids left out (models that do not answer in text).
   */
  skipped: string[];
}

/**
 * Why a choice was made: the rule that fired and a sentence.
 */
export interface Reason {
  /**
   * Rule id, dotted (`needs.images`, `scope.hosted-default`, …).
   */
  rule: string;
  /**
   * One sentence.
   */
  text: string;
}

/**
 * How an open-weight model marks its reasoning in raw text, which decides the server's
 * reasoning parser.
 */
export type ReasoningFormat = "qwen3" | "deepseek-r1";

/**
 * A response as received.
 */
export interface ReceivedResponse {
  /**
   * HTTP status, when there was one.
   */
  status?: number | null;
  /**
   * Headers.
   */
  headers?: Record<string, string>;
  /**
   * Body text (an SSE stream as it came).
   */
  body?: string;
}

/**
 * The reducer's result.
 */
export interface Reduced {
  /**
   * The smallest payload that still shows the problem.
   */
  body: unknown;
  /**
   * The problem class being kept.
   */
  target: string;
  /**
   * Every step tried, in order.
   */
  steps: StepOutcome[];
  /**
   * Top-level fields and messages removed, in all.
   */
  removed: number;
}

/**
 * A cloud region that DashScope hosts are bound to.
 */
export interface Region {
  /**
   * Short id used in surface ids and on the command line (`cn`, `intl`, `us`, `hk`, `eu`).
   */
  id: string;
  /**
   * Human name, e.g. "China (Beijing)".
   */
  name: string;
  /**
   * Alibaba Cloud region id used in workspace hosts, e.g. `ap-southeast-1`.
   */
  cloud_region: string;
  /**
   * Other spellings accepted on input.
   */
  aliases: string[];
  /**
   * Where the fact came from.
   */
  source: string;
  /**
   * When the fact was last read (YYYY-MM-DD).
   */
  checked: string;
}

/**
 * The redacted bundle.
 */
export interface ReproBundle {
  /**
   * Format marker.
   */
  kind: string;
  /**
   * Catalog version the diagnosis was made with.
   */
  catalog_version: string;
  /**
   * Surface id.
   */
  surface: string;
  /**
   * The request, with the key as an environment-variable placeholder.
   */
  request: SentRequest;
  /**
   * The same request as a curl script (the key read from the environment).
   */
  curl: string;
  /**
   * The response, redacted.
   */
  response: ReceivedResponse;
  /**
   * The `data:` lines of a streamed response, in order.
   */
  frames: string[];
  /**
   * Timings, when the caller measured them.
   */
  timings: Timings | null;
  /**
   * The diagnosis.
   */
  diagnosis: BundleDiagnosis | null;
}

/**
 * A failed exchange, as the playground or a user saved it.
 */
export interface ReproInput {
  /**
   * Surface id.
   */
  surface?: string;
  /**
   * What was sent.
   */
  request?: SentRequest;
  /**
   * What came back.
   */
  response?: ReceivedResponse;
}

/**
 * What the caller knows about the request that failed. Every field is optional; more
 * context gives a sharper diagnosis.
 */
export interface RequestSummary {
  /**
   * The model id sent.
   */
  model?: string | null;
  /**
   * Whether the call streamed.
   */
  stream?: boolean | null;
  /**
   * Whether thinking was on.
   */
  thinking?: boolean | null;
  /**
   * The class of the key used (from its prefix only).
   */
  key_class?: KeyClass | null;
  /**
   * The region the key was created in, if the user knows it.
   */
  key_region?: string | null;
  /**
   * The base URL used, when it differs from the surface's.
   */
  base_url?: string | null;
  /**
   * The page origin, for browser calls.
   */
  origin?: string | null;
}

/**
 * A model reference resolved for one surface family.
 */
export interface ResolvedModel {
  /**
   * The catalog row whose facts apply.
   */
  model: Model;
  /**
   * The id to put on the wire.
   */
  wire_id: string;
  /**
   * How the reference was rewritten, if it was.
   */
  via: ResolvedVia | null;
}

/**
 * How a reference reached its model row.
 */
export type ResolvedVia =
  /**
   * A provider prefix was stripped (`qwen/…`).
   */
  | {
    kind: "prefix";
    /**
     * The prefix.
     */
    prefix: string;
  }
  /**
   * A whole-reference alias matched.
   */
  | {
    kind: "alias";
    /**
     * The alias row.
     */
    alias: ModelAlias;
  };

/**
 * A routing decision.
 */
export interface Route {
  /**
   * Workload id.
   */
  workload: string;
  /**
   * Surface id.
   */
  surface: string;
  /**
   * Surface name.
   */
  surface_name: string;
  /**
   * Base URL (placeholders the caller must fill stay as `{name}`).
   */
  base_url: string;
  /**
   * Model id to send.
   */
  model: string;
  /**
   * Model name.
   */
  model_name: string;
  /**
   * Recommended parameters.
   */
  params: RouteParams;
  /**
   * Environment variable for the key.
   */
  env_var: string;
  /**
   * Why this route, rule by rule.
   */
  reasons: Reason[];
  /**
   * Things to check.
   */
  warnings: RouteWarning[];
  /**
   * What to try next, in order.
   */
  fallbacks: Fallback[];
  /**
   * How to verify the route before relying on it.
   */
  verify: Verify;
  /**
   * Reason first, then normalise to JSON in a second, deterministic pass.
   */
  two_pass: TwoPass | null;
  /**
   * Hosted versus self-hosted for this workload: both sides and the comparison aspects.
   */
  tradeoff: Tradeoff | null;
  /**
   * How old the surface and model facts behind this decision are, and which of them are
   * unconfirmed or disputed.
   */
  facts: FactsAge;
  /**
   * The surface's Anthropic Messages endpoint, when it has one (Coding Plan, Token Plan
   * and the pay-as-you-go hosts): what Claude Code and the Anthropic SDKs take.
   */
  anthropic: AnthropicRoute | null;
  /**
   * Catalog version the decision was made with.
   */
  catalog_version: string;
}

/**
 * The parameters the route recommends.
 */
export interface RouteParams {
  /**
   * Thinking level.
   */
  thinking: ThinkingSetting;
  /**
   * Streaming.
   */
  stream: boolean;
  /**
   * Temperature (`None`: leave the model's default).
   */
  temperature: number | null;
  /**
   * top_p (`None`: leave the default).
   */
  top_p: number | null;
  /**
   * `json_schema` or `json_object` for JSON workloads.
   */
  response_format: string | null;
}

/**
 * What the job is and what it must satisfy.
 */
export interface RouteRequest {
  /**
   * Workload id: fast-chat, deep-reasoning, coding-agent, deterministic-json, vision, video-understanding.
   */
  workload: string;
  /**
   * A surface id the route must use.
   */
  surface?: string | null;
  /**
   * Hosted, self-hosted or any (ignored when `surface` is set).
   */
  scope?: Scope;
  /**
   * Region for hosted surfaces (cn, intl, us, hk, eu or an alias).
   */
  region?: string | null;
  /**
   * Billing plan for hosted surfaces.
   */
  plan?: Plan | null;
  /**
   * Coding Plan tier, when known.
   */
  coding_tier?: CodingTier | null;
  /**
   * Capabilities the job needs.
   */
  needs?: Needs;
  /**
   * Minimum context window in tokens.
   */
  min_context?: number | null;
  /**
   * Thinking level; defaults to the workload's.
   */
  thinking?: ThinkingSetting | null;
  /**
   * What to optimise among qualifying candidates.
   */
  prefer?: Preference;
  /**
   * Model ids from a live `GET /models`, to route only to what the server really has.
   */
  live_models?: string[] | null;
}

/**
 * Something to check before relying on the route.
 */
export interface RouteWarning {
  /**
   * Stable code.
   */
  code: string;
  /**
   * One sentence.
   */
  text: string;
}

/**
 * One violation.
 */
export interface SchemaError {
  /**
   * JSON Pointer into the answer (`/` for the root).
   */
  path: string;
  /**
   * JSON Pointer into the schema, to the keyword that failed.
   */
  schema_path: string;
  /**
   * The keyword.
   */
  keyword: string;
  /**
   * What is wrong.
   */
  message: string;
}

/**
 * Which kinds of surface routing may choose from.
 */
export type Scope = "any" | "hosted" | "self-hosted";

/**
 * A request as sent.
 */
export interface SentRequest {
  /**
   * `POST`.
   */
  method?: string;
  /**
   * Full URL.
   */
  url?: string;
  /**
   * Headers (an `Authorization` value is replaced by the surface's placeholder).
   */
  headers?: Record<string, string>;
  /**
   * JSON body.
   */
  body?: unknown;
}

/**
 * The endpoint a server family reports its served context on (`catalog/probe.toml`).
 */
export interface ServerInfo {
  /**
   * The family.
   */
  family: SurfaceFamily;
  /**
   * `GET` or `POST`.
   */
  method: string;
  /**
   * Path below the server's root (the base URL without the surface's own path).
   */
  path: string;
  /**
   * What is read from the answer.
   */
  reads: string;
  /**
   * Where the fact came from.
   */
  source: string;
  /**
   * When it was last read.
   */
  checked: string;
}

/**
 * How bad a finding is.
 */
export type Severity = "info" | "warning" | "error";

/**
 * What to shape: a surface, a model, the thinking and streaming wishes, and the payload.
 */
export interface ShapeRequest {
  /**
   * Surface id.
   */
  surface: string;
  /**
   * Model reference (aliases and provider prefixes are resolved).
   */
  model: string;
  /**
   * Thinking control; `None` leaves it to the payload, then to the model's default.
   */
  thinking?: ThinkingSetting | null;
  /**
   * Streaming; `None` leaves it to the payload's `stream`, then to non-streaming.
   */
  stream?: boolean | null;
  /**
   * Override of the surface's base URL.
   */
  base_url?: string | null;
  /**
   * Values for base URL placeholders (`workspace`, `region`).
   */
  params?: Record<string, string>;
  /**
   * The class of the key that will be used (from its prefix only).
   */
  key_class?: KeyClass | null;
  /**
   * The Coding Plan tier, when known.
   */
  coding_tier?: CodingTier | null;
  /**
   * Native or buffered tool streaming.
   */
  tool_stream?: ToolStreamMode;
  /**
   * Shape a hosted request even when the model id is not catalogued.
   */
  allow_unlisted_model?: boolean;
  /**
   * The wire protocol: OpenAI chat completions (default) or Anthropic Messages, on surfaces
   * with an `/apps/anthropic` endpoint. The payload is OpenAI-shaped either way.
   */
  dialect?: WireDialect;
  /**
   * The OpenAI-style body: `messages` plus any other fields.
   */
  payload?: Record<string, unknown>;
}

/**
 * A shaped request with its findings and notes.
 */
export interface Shaped {
  /**
   * The wire request.
   */
  request: WireRequest;
  /**
   * Pre-flight findings, most severe first.
   */
  lint: Finding[];
  /**
   * Silent changes and assumptions, in the order they were made.
   */
  notes: Note[];
  /**
   * What was settled.
   */
  effective: Effective;
}

/**
 * One side of the comparison.
 */
export interface Side {
  /**
   * Surface id.
   */
  surface: string;
  /**
   * Model id.
   */
  model: string;
}

/**
 * What [`SseDecoder::finish`] found at the end of the stream.
 */
export interface SseEnd {
  /**
   * Data or fields arrived after the last blank line and were discarded, as the spec says:
   * the stream ended in the middle of an event.
   */
  discarded_partial_event: boolean;
  /**
   * The stream ended in the middle of a line.
   */
  ended_mid_line: boolean;
}

/**
 * One dispatched event.
 */
export interface SseEvent {
  /**
   * The event type (`message` unless an `event:` field set it).
   */
  event: string;
  /**
   * The data lines joined with `\n`.
   */
  data: string;
  /**
   * The last event id in effect when the event was dispatched (`None` if never set).
   */
  id: string | null;
  /**
   * A `retry:` value set in this event's block, in milliseconds.
   */
  retry: number | null;
}

/**
 * Work counters, to prove the decoder is linear in its input.
 */
export interface SseStats {
  /**
   * Bytes received.
   */
  bytes_in: number;
  /**
   * Bytes examined while searching for line ends.
   */
  bytes_scanned: number;
  /**
   * Bytes copied into the partial-line buffer (lines that span chunks).
   */
  bytes_copied: number;
  /**
   * Events dispatched.
   */
  events: number;
  /**
   * Comment lines seen (`:` keep-alives).
   */
  comments: number;
}

/**
 * A catalog row whose `checked` date is older than asked.
 */
export interface StaleRow {
  /**
   * `surface:<id>`, `model:<id>`, `alias:<alias>`, `prefix:<prefix>`, `region:<id>`,
   * `workload:<id>`, `error:<id>`, `tradeoff:<id>`, `price:<model>/<region>` or
   * `dispute:<row>.<field>`.
   */
  row: string;
  /**
   * When it was last checked.
   */
  checked: string;
  /**
   * How many days ago that was.
   */
  age_days: number;
}

/**
 * Which request a step is.
 */
export type StepId = "models" | "server-info" | "cors" | "stream" | "thinking-off" | "tools" | "image" | "json-schema" | "tool-required" | "json-object";

/**
 * What a step did.
 */
export interface StepOutcome {
  /**
   * The step.
   */
  step: string;
  /**
   * The problem still showed without it, so the reduction was kept.
   */
  kept: boolean;
  /**
   * The diagnosis code the re-sent payload produced (`None`: it succeeded).
   */
  observed: string | null;
}

/**
 * What the UI renders as frames arrive.
 */
export type StreamDelta =
  /**
   * Reasoning text.
   */
  | {
    kind: "reasoning";
    /**
     * Choice index.
     */
    choice: number;
    /**
     * New text.
     */
    text: string;
  }
  /**
   * Answer text.
   */
  | {
    kind: "answer";
    /**
     * Choice index.
     */
    choice: number;
    /**
     * New text.
     */
    text: string;
  }
  /**
   * A tool-call fragment.
   */
  | {
    kind: "tool-call";
    /**
     * Choice index.
     */
    choice: number;
    /**
     * Tool-call index.
     */
    index: number;
    /**
     * The id, the first time it is known.
     */
    id: string | null;
    /**
     * The function name, the first time it is known.
     */
    name: string | null;
    /**
     * New argument text.
     */
    arguments: string;
  }
  /**
   * A finish reason.
   */
  | {
    kind: "finish";
    /**
     * Choice index.
     */
    choice: number;
    /**
     * The reason.
     */
    reason: string;
  }
  /**
   * Usage arrived.
   */
  | {
    kind: "usage";
    /**
     * The counts.
     */
    usage: Usage;
  }
  /**
   * An error frame: the stream is over.
   */
  | {
    kind: "error";
    /**
     * The diagnosis.
     */
    diagnosis: Diagnosis;
  }
  /**
   * `[DONE]`.
   */
  | {
    kind: "done";
  }
  /**
   * A frame that is not JSON.
   */
  | {
    kind: "unparsed";
    /**
     * Its start.
     */
    data: string;
  };

/**
 * One place a Qwen request can be sent.
 */
export interface Surface {
  /**
   * Stable id (`dashscope-intl`, `vllm`, …).
   */
  id: string;
  /**
   * Human name.
   */
  name: string;
  /**
   * Product family.
   */
  family: SurfaceFamily;
  /**
   * Hosted or self-hosted.
   */
  hosting: Hosting;
  /**
   * Active or removed.
   */
  status: SurfaceStatus;
  /**
   * For removed surfaces, the date of removal.
   */
  removed_on: string | null;
  /**
   * For removed surfaces, what to do instead.
   */
  advice: string | null;
  /**
   * Region id, for region-bound hosts.
   */
  region: string | null;
  /**
   * Billing plan of the host and its keys.
   */
  plan: Plan;
  /**
   * Base URL; may contain `{placeholders}` listed in `params`.
   */
  base_url: string;
  /**
   * Placeholders the caller must fill.
   */
  params: string[];
  /**
   * Path of chat completions below the base URL.
   */
  chat_path: string;
  /**
   * Path of the model list, where the surface has one.
   */
  models_path: string | null;
  /**
   * Whether a key is needed.
   */
  key: KeyRequirement;
  /**
   * The prefix keys for this host start with.
   */
  key_prefix: string | null;
  /**
   * The key family the host accepts.
   */
  key_class: KeyClass;
  /**
   * Environment variable names for the key, preferred first.
   */
  env_vars: string[];
  /**
   * How thinking and extensions are spelled.
   */
  dialect: Dialect;
  /**
   * Browser CORS behaviour.
   */
  cors: CorsPolicy;
  /**
   * The server setting that controls CORS, where there is one.
   */
  cors_setting: string | null;
  /**
   * How to let a browser origin in (`{origin}` is filled in by the diagnosis).
   */
  cors_fix: string;
  /**
   * Whether `stream_options.include_usage` yields a final usage chunk.
   */
  stream_usage: boolean;
  /**
   * Accepted image references.
   */
  images: ImageInput;
  /**
   * `tool_choice` support.
   */
  tool_choice: ToolChoiceSupport;
  /**
   * The server flags that parse each tool-call format (self-hosted servers).
   */
  tool_parser_flags: ([ToolFormat, string])[];
  /**
   * The server flags that separate each reasoning format (self-hosted servers).
   */
  reasoning_parser_flags: ([ReasoningFormat, string])[];
  /**
   * Fields whose value is not confirmed by the sources.
   */
  unconfirmed: string[];
  /**
   * Fields on which public sources disagree (`catalog/disputes.toml`).
   */
  disputed: string[];
  /**
   * Facts worth knowing, one sentence each.
   */
  notes: string[];
  /**
   * Where the facts came from.
   */
  source: string;
  /**
   * When they were last read.
   */
  checked: string;
}

/**
 * The product family a surface belongs to. Routing lanes and model availability use it.
 */
export type SurfaceFamily = "dashscope" | "workspace" | "coding-plan" | "token-plan" | "qwen-portal" | "ollama" | "vllm" | "sglang" | "llama-cpp" | "litellm" | "openai-compatible";

/**
 * Whether a surface still exists.
 */
export type SurfaceStatus = "active" | "removed";

/**
 * What a model does with a system message.
 */
export type SystemMessage = "allowed" | "forbidden" | "ignored";

/**
 * Whether and how a model thinks.
 */
export type ThinkingClass = "none" | "hybrid-on" | "hybrid-off" | "only";

/**
 * Which request field a hosted model uses to set thinking.
 */
export type ThinkingControl = "enable-thinking" | "reasoning-effort";

/**
 * When things happened, in milliseconds from request send (or from the first byte when the
 * send time is unknown).
 */
export interface Timings {
  /**
   * Whether times are measured from request send (`true`) or from the first byte.
   */
  from_send: boolean;
  /**
   * Time to first byte.
   */
  ttfb_ms: number | null;
  /**
   * Time to the first reasoning token.
   */
  first_reasoning_ms: number | null;
  /**
   * Time to the first answer token.
   */
  first_answer_ms: number | null;
  /**
   * Time to the first tool-call fragment.
   */
  first_tool_call_ms: number | null;
  /**
   * Time to the end of the response.
   */
  total_ms: number | null;
  /**
   * Byte chunks received.
   */
  chunks: number;
  /**
   * Longest gap between two chunks.
   */
  max_gap_ms: number | null;
  /**
   * Mean gap between chunks.
   */
  mean_gap_ms: number | null;
  /**
   * 95th percentile gap between chunks.
   */
  p95_gap_ms: number | null;
  /**
   * Reasoning lane.
   */
  reasoning: LaneRate | null;
  /**
   * Answer lane.
   */
  answer: LaneRate | null;
}

/**
 * One assembled tool call.
 */
export interface ToolCall {
  /**
   * Position in the choice's `tool_calls`.
   */
  index: number;
  /**
   * Call id (the first non-empty one seen).
   */
  id: string;
  /**
   * Call type (`function`).
   */
  type: string;
  /**
   * Function name (the first non-empty one seen).
   */
  name: string;
  /**
   * Arguments, concatenated (a JSON string when complete).
   */
  arguments: string;
}

/**
 * How a server treats `tool_choice`.
 */
export type ToolChoiceSupport = "full" | "auto-only" | "object-as-auto";

/**
 * How an open-weight model writes tool calls in its raw text, which decides the server's
 * tool-call parser.
 */
export type ToolFormat = "hermes" | "qwen3-coder";

/**
 * How tool calls are requested when the caller wants a stream (the design brief).
 * 
 * `native` streams tool-call deltas (what current DashScope does: a real qwen-max stream
 * carries `delta.tool_calls`). `buffered` sends a non-streaming request and
 * lets the assembler replay it as frames, as GoClaw does.
 */
export type ToolStreamMode = "native" | "buffered";

/**
 * The comparison for a route.
 */
export interface Tradeoff {
  /**
   * The best hosted route for the workload, if any.
   */
  hosted: Side | null;
  /**
   * The best self-hosted route for the workload, if any.
   */
  self_hosted: Side | null;
  /**
   * Why a side has no route.
   */
  missing: string | null;
  /**
   * The aspects.
   */
  rows: TradeoffRow[];
}

/**
 * One aspect of the hosted-versus-self-hosted comparison (`catalog/routing.toml`,
 * `[[tradeoff]]`), with templates filled per route.
 */
export interface TradeoffAspect {
  /**
   * Stable id (`privacy`, `offline`, …).
   */
  id: string;
  /**
   * Label.
   */
  label: string;
  /**
   * The hosted side (template).
   */
  hosted: string;
  /**
   * The self-hosted side (template).
   */
  self_hosted: string;
  /**
   * Which side it favours.
   */
  favours: Favours;
  /**
   * Where the facts came from.
   */
  source: string;
  /**
   * When they were last read.
   */
  checked: string;
}

/**
 * One aspect, filled for this route.
 */
export interface TradeoffRow {
  /**
   * Aspect id (`speed-to-first-success`, `multimodal`, `privacy`, `cost-control`, `offline`,
   * `operations`).
   */
  aspect: string;
  /**
   * Label.
   */
  label: string;
  /**
   * The hosted side.
   */
  hosted: string;
  /**
   * The self-hosted side.
   */
  self_hosted: string;
  /**
   * Which side it favours for this route.
   */
  favours: Favours;
  /**
   * Where it comes from.
   */
  source: string;
}

/**
 * A failure with no HTTP answer.
 */
export type TransportFailure = "cors" | "network" | "timeout" | "aborted" | "mixed-content";

/**
 * Reason first, then normalise to strict JSON with a deterministic pass (the design brief: "add a
 * second deterministic normalization pass instead of forcing one prompt to do both").
 */
export interface TwoPass {
  /**
   * Why two passes.
   */
  reason: string;
  /**
   * The reasoning pass.
   */
  first: PassPlan;
  /**
   * The JSON pass.
   */
  second: PassPlan;
}

/**
 * An error a server answers, verbatim from a source, with its diagnosis.
 */
export interface UpstreamError {
  /**
   * Stable id (the diagnosis code).
   */
  id: string;
  /**
   * HTTP status (0 when not an HTTP answer).
   */
  status: number;
  /**
   * `error.code` of the envelope.
   */
  code: string | null;
  /**
   * `error.type` of the envelope.
   */
  type: string | null;
  /**
   * The message, verbatim.
   */
  message: string;
  /**
   * The number in `message` that the server fills from the request (a range's upper
   * bound), so a simulated answer can quote this request's limit.
   */
  limit_in_message: string | null;
  /**
   * Short title of the diagnosis.
   */
  title: string;
  /**
   * What kind of problem it is.
   */
  category: ErrorCategory;
  /**
   * Why it happens (a template filled by `diagnose`).
   */
  cause: string;
  /**
   * What to do, in order (templates).
   */
  fix: string[];
  /**
   * Whether the same request may succeed later.
   */
  retryable: boolean;
  /**
   * The diagnosis talks about Model Studio (consoles, regions, plans, billing): it applies on
   * Model Studio surfaces, or behind a proxy whose upstream is DashScope, and nowhere else.
   */
  model_studio: boolean;
  /**
   * Fields not confirmed by the sources.
   */
  unconfirmed: string[];
  /**
   * Where it was seen.
   */
  source: string;
  /**
   * When it was last read.
   */
  checked: string;
}

/**
 * Token counts reported by the server.
 */
export interface Usage {
  /**
   * Input tokens.
   */
  prompt_tokens: number | null;
  /**
   * Output tokens (reasoning included).
   */
  completion_tokens: number | null;
  /**
   * Sum.
   */
  total_tokens: number | null;
  /**
   * Input tokens served from the prompt cache (part of `prompt_tokens`).
   */
  cached_tokens: number | null;
  /**
   * Input tokens written to the explicit cache (part of `prompt_tokens`).
   */
  cache_creation_tokens?: number;
  /**
   * Output tokens spent on reasoning.
   */
  reasoning_tokens: number | null;
}

/**
 * A capability's state.
 */
export type Verdict = "yes" | "no" | "unknown";

/**
 * How to check the route before relying on it.
 */
export interface Verify {
  /**
   * `GET /models` where the surface lists models, `probe` (a one-token request) where it does not.
   */
  method: string;
  /**
   * The URL to call.
   */
  url: string;
  /**
   * A copyable curl command (key as an environment variable).
   */
  command: string;
  /**
   * What a good answer contains.
   */
  expect: string;
}

/**
 * The wire protocol a request is written in: OpenAI chat completions (the default, every
 * surface) or Anthropic Messages (the surfaces with an `/apps/anthropic` endpoint,
 * `catalog/anthropic.toml`).
 */
export type WireDialect = "openai" | "anthropic";

/**
 * The HTTP request to send.
 */
export interface WireRequest {
  /**
   * Always `POST` for chat completions.
   */
  method: string;
  /**
   * Full URL.
   */
  url: string;
  /**
   * Headers; `Authorization` carries a `$ENV_VAR` placeholder, never a key.
   */
  headers: Record<string, string>;
  /**
   * JSON body.
   */
  body: unknown;
}

/**
 * A workload's defaults and candidate models per lane, smallest first.
 */
export interface WorkloadProfile {
  /**
   * Workload id (`fast-chat`, …).
   */
  id: string;
  /**
   * Human name.
   */
  name: string;
  /**
   * One sentence.
   */
  summary: string;
  /**
   * Default thinking level.
   */
  thinking: ThinkingSetting;
  /**
   * Default streaming.
   */
  stream: boolean;
  /**
   * Default temperature.
   */
  temperature: number;
  /**
   * Default top_p.
   */
  top_p: number | null;
  /**
   * Needs tool calling.
   */
  needs_tools: boolean;
  /**
   * Needs JSON output.
   */
  needs_json: boolean;
  /**
   * Needs image input.
   */
  needs_images: boolean;
  /**
   * Needs video input.
   */
  needs_video: boolean;
  /**
   * Pay-as-you-go candidates.
   */
  payg: string[];
  /**
   * Coding Plan candidates.
   */
  coding_plan: string[];
  /**
   * Token Plan candidates.
   */
  token_plan: string[];
  /**
   * Ollama candidates.
   */
  ollama: string[];
  /**
   * Self-hosted (Hugging Face id) candidates.
   */
  self_hosted: string[];
  /**
   * Where the routing choices came from.
   */
  source: string;
  /**
   * When they were last read.
   */
  checked: string;
}

