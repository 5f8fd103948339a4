// <qwen-route-picker>: the qwen-route route picker for documentation pages.
//
//   <script type="module" src="…/qwen-route-picker.js"></script>
//   <qwen-route-picker workload="deterministic-json" surfaces="dashscope-intl,dashscope-cn,vllm,ollama"></qwen-route-picker>
//
// Attributes: workload (the starting workload), workloads and surfaces (comma-separated lists
// to offer), theme (light | dark | auto), playground (the playground URL for "Open in
// playground"). Event: `route-change`, detail { decision, request, playground }. It never asks for
// a key and makes no network request after loading its own files.
import init, { mount } from "./qwen_route_picker.js";

const CSS = "__PICKER_CSS__";
const ready = init({ module_or_path: new URL("./qwen_route_picker_bg.wasm", import.meta.url) });
let sheet;

class QwenRoutePicker extends HTMLElement {
  static observedAttributes = ["workload", "workloads", "surfaces", "playground"];
  #handle = null;
  #generation = 0;

  connectedCallback() {
    this.#render();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#render();
  }

  disconnectedCallback() {
    this.#handle?.unmount();
    this.#handle = null;
  }

  async #render() {
    const generation = ++this.#generation;
    await ready;
    if (generation !== this.#generation || !this.isConnected) return;
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sheet];
    this.#handle?.unmount();
    const container = document.createElement("div");
    container.className = "root";
    container.setAttribute("part", "root");
    root.replaceChildren(container);
    const options = {};
    for (const name of ["workload", "workloads", "surfaces", "playground"]) {
      const v = this.getAttribute(name);
      if (v !== null) options[name] = v;
    }
    this.#handle = mount(container, options, (detail) => {
      this.dispatchEvent(new CustomEvent("route-change", { detail, bubbles: true, composed: true }));
    });
  }
}

if (!customElements.get("qwen-route-picker")) {
  customElements.define("qwen-route-picker", QwenRoutePicker);
}
export { QwenRoutePicker };
