// Compiled with `tsc --noEmit --strict` against the installed package: every exported type is
// used the way a TypeScript user would, and misuse below must fail to compile (see @ts-expect-error).
import init, {
  route,
  shape,
  exportSnippet,
  diagnose,
  checkStructured,
  catalog,
  catalogVersion,
  assemble,
  replaySse,
  parseModels,
  diffModels,
  inspectDataUrl,
  StreamDecoder,
  type RouteRequest,
  type Route,
  type Reason,
  type RouteWarning,
  type Fallback,
  type Verify,
  type TwoPass,
  type PassPlan,
  type RouteParams,
  type ShapeRequest,
  type Shaped,
  type WireRequest,
  type Effective,
  type Finding,
  type Note,
  type Patch,
  type Severity,
  type ThinkingSetting,
  type DiagnoseRequest,
  type Diagnosis,
  type ParsedError,
  type RequestSummary,
  type TransportFailure,
  type ErrorCategory,
  type CheckResult,
  type SchemaError,
  type Catalog,
  type Surface,
  type Model,
  type Region,
  type WorkloadProfile,
  type UpstreamError,
  type ModelAlias,
  type ModelPrefix,
  type AssembleOptions,
  type Assembled,
  type AssembledChoice,
  type ToolCall,
  type Usage,
  type Timings,
  type LaneRate,
  type Detection,
  type End,
  type StreamDelta,
  type SseStats,
  type LiveModels,
  type ModelsDiff,
  type DataUrlInfo,
  type QwenRouteError,
  type CoreError,
  type BindingError,
  type SnippetFormat,
  type Needs,
  type Scope,
  type Preference,
  type Plan,
  type KeyClass,
  type CodingTier,
  type Dialect,
  type SurfaceFamily,
  type ThinkingClass,
  type Modality,
  type ToolStreamMode,
} from "qwen-route";

async function main(): Promise<void> {
  await init();
  const needs: Needs = { images: true };
  const req: RouteRequest = { workload: "vision", needs, scope: "hosted" as Scope, prefer: "quality" as Preference, plan: "payg" as Plan };
  const r: Route = route(req);
  const reasons: Reason[] = r.reasons;
  const warnings: RouteWarning[] = r.warnings;
  const fallbacks: Fallback[] = r.fallbacks;
  const verify: Verify = r.verify;
  const params: RouteParams = r.params;
  const twoPass: TwoPass | null = r.two_pass;
  const pass: PassPlan | undefined = twoPass?.first;
  const thinking: ThinkingSetting = params.thinking;

  const sreq: ShapeRequest = {
    surface: r.surface,
    model: r.model,
    thinking: 8192,
    key_class: "standard" as KeyClass,
    coding_tier: "pro" as CodingTier,
    tool_stream: "buffered" as ToolStreamMode,
    payload: { messages: [{ role: "user", content: "hi" }] },
  };
  const shaped: Shaped = shape(sreq);
  const wire: WireRequest = shaped.request;
  const eff: Effective = shaped.effective;
  const dialect: Dialect = eff.dialect;
  const findings: Finding[] = shaped.lint;
  const notes: Note[] = shaped.notes;
  const sev: Severity | undefined = findings[0]?.severity;
  const patch: Patch | null | undefined = findings[0]?.patch;
  if (patch && patch.op === "set-field") {
    const field: string = patch.field;
    void field;
  }
  const fmt: SnippetFormat = "python";
  const snippet: string = exportSnippet(sreq, fmt);

  const summary: RequestSummary = { model: "qwen-plus", stream: false, thinking: true, key_class: "plan" };
  const transport: TransportFailure = "cors";
  const dreq: DiagnoseRequest = { surface: "dashscope-intl", request: summary, transport };
  const d: Diagnosis = diagnose(dreq);
  const cat: ErrorCategory = d.category;
  const up: ParsedError | null = d.upstream;

  const check: CheckResult = checkStructured("{}", { type: "object" });
  const errs: SchemaError[] = check.errors;

  const c: Catalog = catalog();
  const surfaces: Surface[] = c.surfaces;
  const family: SurfaceFamily = surfaces[0].family;
  const models: Model[] = c.models;
  const tclass: ThinkingClass = models[0].thinking;
  const modality: Modality = models[0].input[0];
  const regions: Region[] = c.regions;
  const workloads: WorkloadProfile[] = c.workloads;
  const errors: UpstreamError[] = c.errors;
  const aliases: ModelAlias[] = c.aliases;
  const prefixes: ModelPrefix[] = c.prefixes;
  const version: string = catalogVersion();

  const opts: AssembleOptions = { surface: "vllm", expect_json: true, sent_at_ms: 0 };
  const decoder = new StreamDecoder(opts);
  const deltas: StreamDelta[] = decoder.push(new Uint8Array(), 1);
  for (const delta of deltas) {
    if (delta.kind === "answer") {
      const text: string = delta.text;
      void text;
    } else if (delta.kind === "tool-call") {
      const args: string = delta.arguments;
      void args;
    }
  }
  const stats: SseStats = decoder.stats();
  const a: Assembled = decoder.finish(10);
  const end: End = a.end;
  const choice: AssembledChoice | undefined = a.choices[0];
  const calls: ToolCall[] | undefined = choice?.tool_calls;
  const usage: Usage | null = a.usage;
  const timings: Timings | null = a.timings;
  const lane: LaneRate | null | undefined = timings?.reasoning;
  const detections: Detection[] = a.detections;
  const again: Assembled = assemble("data: [DONE]\n\n");
  const sse: string = replaySse('{"choices":[]}');
  const live: LiveModels = parseModels('{"data":[]}');
  const diff: ModelsDiff = diffModels("vllm", live.ids);
  const info: DataUrlInfo | undefined = inspectDataUrl("data:,");

  try {
    route({ workload: "x" });
  } catch (e) {
    const err = e as QwenRouteError;
    const detail: CoreError | BindingError = err.detail;
    if (detail.kind === "unknown-workload") {
      const id: string = detail.id;
      void id;
    }
  }

  // @ts-expect-error: workload is required
  route({ region: "cn" });
  // @ts-expect-error: thinking is a level or a number
  shape({ surface: "vllm", model: "x", thinking: "extreme" });
  // @ts-expect-error: formats are curl, js, python
  exportSnippet(sreq, "ruby");

  void [reasons, warnings, fallbacks, verify, pass, thinking, wire, eff, dialect, notes, sev, snippet, cat, up, errs, family, tclass, modality, regions, workloads, errors, aliases, prefixes, version, stats, end, calls, usage, lane, detections, again, sse, diff, info];
}

void main();
