// Thread page: tell the server the messages were seen (a POST, never a write on GET).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.js-mark-read");
  if (!form || !window.fetch) return;
  const token = form.querySelector("input[name=csrf_token]");
  fetch(form.action, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" },
  }).then((response) => {
    if (!response.ok) return null;
    return response.json();
  }).then((data) => {
    if (!data) return;
    const badge = document.querySelector("[data-testid=unread-count]");
    if (badge && data.unread === 0) badge.remove();
    else if (badge) badge.firstChild.textContent = String(data.unread);
  }).catch(() => {});
});
