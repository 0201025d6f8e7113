// Small progressive enhancements; the pages work without them.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form.js-autosubmit");
  if (form) form.submit();
});
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.js-confirm");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
