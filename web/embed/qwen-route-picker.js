// <qwen-route-picker>: the qwen-route route picker for documentation pages.
//
//   <script type="module" src="…/qwen-route-picker.js"></script>
//   <qwen-route-picker workload="deterministic-json" surfaces="dashscope-intl,dashscope-cn,vllm,ollama"></qwen-route-picker>
//
// Attributes (each also a property): workload (the starting workload), workloads and surfaces
// (comma-separated lists to offer), theme (light | dark | auto), playground (the playground URL
// for "Open in playground"), loading (lazy, the default, or eager). Event: `route-change`,
// detail { decision, request, playground }. It never asks for a key and makes no network request
// after loading its own files.
//
// Importing this module downloads no wasm: until the element comes within one viewport of being
// visible, or is focused or pointed at, it shows a static placeholder of the same size naming the
// chosen workload. `loading="eager"` loads at once. Importing it under Node or SSR touches no
// window, document or storage. For frameworks: `mount(element, options)` returns
// `{ update(options), unmount() }`.
import init, { mount as mountPicker, installZhCn } from "./qwen_route_picker.js";

const CSS = "__PICKER_CSS__";
const ATTRIBUTES = ["workload", "workloads", "surfaces", "playground"];

let ready = null;
/** Fetch and instantiate the wasm once, the first time a picker is needed. */
function load() {
  ready ??= init({ module_or_path: new URL("./qwen_route_picker_bg.wasm", import.meta.url) });
  return ready;
}

let zhTable = null;
let zhInstalled = false;
/**
 * The wasm, plus for a zh-CN picker the zh-CN table beside it (fetched once, in parallel with the
 * wasm; English pages never request it). If the table cannot be had, the picker shows English.
 */
function loadFor(lang) {
  if (lang !== "zh-CN") return load();
  zhTable ??= Promise.all([
    load(),
    fetch(new URL("./zh-CN.json", import.meta.url))
      .then((r) => (r.ok ? r.text() : null))
      .catch(() => null),
  ]).then(([, text]) => {
    if (text === null) return;
    try {
      installZhCn(text);
      zhInstalled = true;
    } catch {
      // Not the table: stay in English.
    }
  });
  return zhTable;
}

let sheet = null;
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/**
 * The element's language: its own `lang`, else the nearest ancestor's (the page's `<html lang>`),
 * else the browser's. Only zh-CN and English have text; other languages get English.
 */
function langOf(el) {
  return langTag(el.closest?.("[lang]")?.getAttribute("lang") || globalThis.navigator?.language || "en");
}

/** A language tag as one the picker has text for: zh-CN or English. */
function langTag(tag) {
  return /^(zh|cmn)(?![a-z])/i.test(tag) ? "zh-CN" : "en";
}

/** The placeholder's two lines, in the element's language (the wasm holds every other label). */
const PLACEHOLDER_TEXT = {
  en: { title: "Route picker", note: "Loads when you scroll to it." },
  "zh-CN": { title: "路由选择器", note: "滚动到此处时加载。" },
};

/** The element's options from its attributes. */
function optionsOf(el) {
  const options = { lang: langOf(el) };
  for (const name of ATTRIBUTES) {
    const v = el.getAttribute(name);
    if (v !== null) options[name] = v;
  }
  return options;
}

/** Render a picker into `root` (a shadow root); returns the wasm-side handle. */
function render(root, options, onChange) {
  root.adoptedStyleSheets = [styles()];
  const container = root.ownerDocument.createElement("div");
  container.className = "root";
  container.setAttribute("part", "root");
  root.replaceChildren(container);
  return mountPicker(container, options, onChange);
}

// Under Node or SSR there is no HTMLElement: the class still exists, and nothing is defined.
const Base = globalThis.HTMLElement ?? class {};

class QwenRoutePicker extends Base {
  static observedAttributes = [...ATTRIBUTES, "loading", "lang"];
  #handle = null;
  #generation = 0;
  #observer = null;
  #wake = null;
  #loaded = false;

  connectedCallback() {
    if (this.#loaded) {
      this.#render();
      return;
    }
    this.#placeholder();
    if (this.getAttribute("loading") === "eager") {
      this.#start();
    } else {
      this.#watch();
    }
  }

  attributeChangedCallback(name) {
    if (!this.isConnected) return;
    if (name === "loading" && this.getAttribute("loading") === "eager") this.#start();
    else if (this.#loaded) this.#render();
    else this.#placeholder();
  }

  disconnectedCallback() {
    this.#unwatch();
    this.#handle?.unmount();
    this.#handle = null;
  }

  /** A static stand-in of the picker's size, naming the workload. */
  #placeholder() {
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [styles()];
    const box = this.ownerDocument.createElement("div");
    box.className = "root placeholder";
    box.setAttribute("part", "root");
    box.setAttribute("aria-busy", "true");
    const title = this.ownerDocument.createElement("p");
    title.className = "placeholder-title";
    const text = PLACEHOLDER_TEXT[langOf(this)];
    title.textContent = `${text.title} · ${this.getAttribute("workload") || "fast-chat"}`;
    const note = this.ownerDocument.createElement("p");
    note.className = "muted";
    note.textContent = text.note;
    box.append(title, note);
    root.replaceChildren(box);
  }

  /** Load when within one viewport of being visible, or on first focus or pointer. */
  #watch() {
    if (this.#observer || this.#wake) return;
    const wake = () => this.#start();
    this.#wake = wake;
    this.addEventListener("focusin", wake, { once: true });
    this.addEventListener("pointerenter", wake, { once: true });
    if (typeof IntersectionObserver === "function") {
      this.#observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) wake();
      }, { rootMargin: "100% 0px" });
      this.#observer.observe(this);
    } else {
      wake();
    }
  }

  #unwatch() {
    this.#observer?.disconnect();
    this.#observer = null;
    if (this.#wake) {
      this.removeEventListener("focusin", this.#wake);
      this.removeEventListener("pointerenter", this.#wake);
      this.#wake = null;
    }
  }

  #start() {
    this.#unwatch();
    if (this.#loaded) return;
    this.#loaded = true;
    this.#render();
  }

  async #render() {
    const generation = ++this.#generation;
    await loadFor(langOf(this));
    if (generation !== this.#generation || !this.isConnected) return;
    this.#handle?.unmount();
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    this.#handle = render(root, optionsOf(this), (detail) => {
      this.dispatchEvent(new CustomEvent("route-change", { detail, bubbles: true, composed: true }));
    });
  }
}

// Properties mirror attributes.
for (const name of [...ATTRIBUTES, "theme", "loading"]) {
  Object.defineProperty(QwenRoutePicker.prototype, name, {
    get() {
      return this.getAttribute(name);
    },
    set(value) {
      if (value === null || value === undefined) this.removeAttribute(name);
      else this.setAttribute(name, String(value));
    },
    configurable: true,
  });
}

if (globalThis.customElements && !globalThis.customElements.get("qwen-route-picker")) {
  globalThis.customElements.define("qwen-route-picker", QwenRoutePicker);
}

/**
 * Mount a picker into any element (its shadow root), for frameworks that manage their own
 * elements. Loads the wasm on first use.
 * @param {Element} element
 * @param {{workload?: string, workloads?: string, surfaces?: string, playground?: string, lang?: string, onChange?: (detail: object) => void}} options
 * @returns {Promise<{update(options: object): void, unmount(): void}>}
 */
export async function mount(element, options = {}) {
  let current = { ...options };
  const langFor = (o) => (o.lang ? langTag(String(o.lang)) : langOf(element));
  await loadFor(langFor(current));
  const root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  const fire = (detail) => {
    current.onChange?.(detail);
    element.dispatchEvent(new CustomEvent("route-change", { detail, bubbles: true, composed: true }));
  };
  const picked = (o) => ({
    lang: langFor(o),
    ...Object.fromEntries(ATTRIBUTES.filter((k) => o[k] !== undefined).map((k) => [k, String(o[k])])),
  });
  let handle = render(root, picked(current), fire);
  let updates = 0;
  return {
    update(next = {}) {
      current = { ...current, ...next };
      const at = ++updates;
      const draw = () => {
        handle?.unmount();
        handle = render(root, picked(current), fire);
      };
      if (langFor(current) !== "zh-CN" || zhInstalled) {
        draw();
        return;
      }
      // Switched to zh-CN before its table was here: the picker stays as it is until the table
      // has arrived (or failed, then English), unless a later update or unmount came first.
      loadFor("zh-CN").then(() => {
        if (at === updates && handle) draw();
      });
    },
    unmount() {
      handle?.unmount();
      handle = null;
      root.replaceChildren();
    },
  };
}

export { QwenRoutePicker };
