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

/** The custom element class. */
export declare class QwenRoutePicker extends HTMLElement {}

declare global {
  interface HTMLElementTagNameMap {
    "qwen-route-picker": QwenRoutePicker;
  }
  interface HTMLElementEventMap {
    "route-change": CustomEvent<RouteChangeDetail>;
  }
}
