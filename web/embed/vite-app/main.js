// A bundled page: the picker comes from the npm package's `qwen-route/picker` entry.
import "qwen-route/picker";

document.addEventListener("route-change", (e) => {
  document.body.dataset.lastModel = e.detail.decision.model;
});
