// Types for `qwen-route/picker`: importing it defines the <qwen-route-picker> element.

/** The `route-change` event's detail. */
export interface RouteChangeDetail {
  /** The decision (the same object as `route()` returns in `qwen-route`). */
  decision: import("../dist/qwen_route.js").Route;
  /** The workload's sample request shaped for the decision (the key as a placeholder). */
  request: import("../dist/qwen_route.js").WireRequest | null;
  /** The playground URL carrying this request in its fragment. */
  playground: string;
}

/** The custom element class. Properties mirror the attributes. */
export declare class QwenRoutePicker extends HTMLElement {
  workload: string | null;
  workloads: string | null;
  surfaces: string | null;
  playground: string | null;
  theme: string | null;
  /** `lazy` (the default: load when about to be seen) or `eager`. */
  loading: string | null;
}

/** Options of {@link mount}. */
export interface MountOptions {
  workload?: string;
  workloads?: string;
  surfaces?: string;
  playground?: string;
  /** Called with each `route-change` detail (the element also receives the event). */
  onChange?: (detail: RouteChangeDetail) => void;
}

/** Mount a picker into any element's shadow root (loads the wasm on first use). */
export declare function mount(
  element: Element,
  options?: MountOptions,
): Promise<{ update(options: MountOptions): void; unmount(): void }>;

declare global {
  interface HTMLElementTagNameMap {
    "qwen-route-picker": QwenRoutePicker;
  }
  interface HTMLElementEventMap {
    "route-change": CustomEvent<RouteChangeDetail>;
  }
}
