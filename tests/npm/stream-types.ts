// `qwen-route/stream` under `tsc --noEmit --strict`: its values are the default entry's types
// (assignable both ways, because they are the same declarations), and the default entry's other
// functions are not there.
import initStream, { StreamDecoder, assemble, diagnose, replaySse } from "qwen-route/stream";
import type { Assembled, Diagnosis, StreamDelta, SseStats, AssembleOptions } from "qwen-route/stream";
import type * as Full from "qwen-route";
import * as Stream from "qwen-route/stream";

async function main(): Promise<void> {
  await initStream();
  const options: Full.AssembleOptions = { surface: "dashscope-intl", sent_at_ms: 0 };
  const mine: AssembleOptions = options;
  const decoder = new StreamDecoder(mine);
  const deltas: Full.StreamDelta[] = decoder.push(new TextEncoder().encode("data: [DONE]\n\n"), 1);
  const back: StreamDelta[] = deltas;
  const stats: SseStats = decoder.stats();
  const done: Full.Assembled = decoder.finish(2);
  const same: Assembled = done;
  const whole: Full.Assembled = assemble("data: [DONE]\n\n");
  const sse: string = replaySse('{"choices":[]}');
  const d: Full.Diagnosis = diagnose({ surface: "dashscope-intl", status: 401 });
  const fromStream: Diagnosis = d;
  // @ts-expect-error: chunks are bytes, arrival times are numbers
  decoder.push("data: x\n\n", "now");
  // @ts-expect-error: routing is in the default entry; the stream entry only re-exports its types
  Stream.route({ workload: "chat" });
  void [back, stats, same, whole, sse, fromStream];
}

void main();
