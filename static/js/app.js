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
