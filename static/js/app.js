// Small progressive enhancements; the pages work without them.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form.js-autosubmit");
  if (form) form.submit();
});
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.js-confirm");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
// Photos come from object storage or a CDN (STORAGE_BACKEND=s3): when it does not answer, show
// the same placeholder as a photo still being prepared instead of a broken image.
(() => {
  const PLACEHOLDER = "/static/img/photo-pending.svg";
  const fallback = (img) => {
    if (!(img instanceof HTMLImageElement) || img.dataset.mediaFallback) return;
    if (!/\.webp(\?|$)/.test(img.currentSrc || img.src)) return;
    img.dataset.mediaFallback = "1";
    img.removeAttribute("srcset");
    img.src = PLACEHOLDER;
  };
  document.addEventListener("error", (event) => fallback(event.target), true);
  for (const img of document.images) {
    if (img.complete && img.naturalWidth === 0 && (img.currentSrc || img.src)) fallback(img);
  }
})();
// After a failed submit the page comes back with its errors: tie each error to its field (the
// form macro already does; this covers hand-written fields) and move the focus to the first
// field in error, or to the error summary, so a screen reader announces it.
(() => {
  const invalid = Array.from(document.querySelectorAll(".is-invalid, [aria-invalid='true']"));
  invalid.forEach((field, index) => {
    field.setAttribute("aria-invalid", "true");
    const holder = field.closest(".mb-3, .form-check, .input-group, .col, div") || field.parentElement;
    const feedback = holder && holder.querySelector(".invalid-feedback");
    if (!feedback) return;
    if (!feedback.id) feedback.id = `${field.id || field.name || "field"}-error-${index}`;
    const described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (!described.includes(feedback.id)) {
      field.setAttribute("aria-describedby", [feedback.id, ...described].join(" "));
    }
  });
  const first = invalid.find((field) => field.offsetParent !== null && !field.disabled);
  const summary = document.querySelector(".js-error-summary");
  const target = first || summary;
  if (target) {
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }
})();
// A region that scrolls sideways (wide tables, tab strips) must be reachable by keyboard.
(() => {
  const focusable = "a[href], button, input, select, textarea, [tabindex]";
  const mark = () => {
    document.querySelectorAll(".table-responsive, .overflow-auto, .chart-scroll, .readiness-chart-wrap").forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
      if (scrolls && !box.hasAttribute("tabindex") && !box.querySelector(focusable)) {
        box.setAttribute("tabindex", "0");
      }
    });
  };
  mark();
  window.addEventListener("resize", mark);
})();
