// Curation enhancements: keyboard shortcuts for curators, notes next to the fields for SMEs.
// Every page works without this file.
(() => {
  "use strict";
  if (window.curationLoaded) return;
  window.curationLoaded = true;

  const typing = (el) =>
    el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

  // --- The queue: j / k move, o or Enter opens, n reviews the oldest. ---
  const items = Array.from(document.querySelectorAll(".js-queue-item"));
  let current = -1;
  const select = (index) => {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((item, i) => item.classList.toggle("list-group-item-primary", i === current));
    items[current].scrollIntoView({ block: "nearest" });
    const link = items[current].querySelector(".js-queue-open");
    if (link) link.focus({ preventScroll: true });
  };

  // --- The review screen: a / c / r choose the decision, Ctrl+Enter decides, q goes back. ---
  const decisionForm = document.querySelector(".js-decision-form");
  const choose = (key) => {
    if (!decisionForm) return false;
    const radio = decisionForm.querySelector(`.js-decision[data-key="${key}"]`);
    if (!radio) return false;
    radio.checked = true;
    const target =
      key === "a"
        ? decisionForm.querySelector("[data-testid=decide-next]")
        : decisionForm.querySelector(".js-feedback");
    if (target) target.focus();
    return true;
  };

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.metaKey) return;
    if (event.ctrlKey && event.key === "Enter" && decisionForm && decisionForm.contains(event.target)) {
      event.preventDefault();
      decisionForm.requestSubmit(decisionForm.querySelector("[data-testid=decide-next]"));
      return;
    }
    if (event.ctrlKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    const key = event.key;
    if (items.length && (key === "j" || key === "k")) {
      event.preventDefault();
      select(current + (key === "j" ? 1 : -1));
    } else if (items.length && (key === "o" || key === "Enter") && current >= 0) {
      const link = items[current].querySelector(".js-queue-open");
      if (link) {
        event.preventDefault();
        link.click();
      }
    } else if (key === "n") {
      const next = document.getElementById("claim-next");
      if (next) {
        event.preventDefault();
        next.submit();
      }
    } else if ((key === "a" || key === "c" || key === "r") && choose(key)) {
      event.preventDefault();
    } else if (key === "q" && decisionForm) {
      event.preventDefault();
      window.location.href = document.querySelector("[data-testid=curation-nav] a").href;
    }
  });

  // --- The SME's edit page: copy each note (pre-check or curator) next to its field. ---
  const placed = new Set();
  document.querySelectorAll("[data-testid=curation-box] [data-field-note]").forEach((note) => {
    const name = note.dataset.fieldNote;
    const input = document.getElementById(name);
    const group = input && (input.closest(".mb-3") || input.parentElement);
    if (!group) return;
    const key = `${name}:${note.textContent}`;
    if (placed.has(key)) return;
    placed.add(key);
    const copy = document.createElement("div");
    const curator = note.dataset.noteKind === "curator";
    const blocking = note.classList.contains("text-danger");
    copy.className = `small mt-1 ${curator ? "text-warning-emphasis" : blocking ? "text-danger" : "text-muted"}`;
    copy.dataset.fieldNoteCopy = name;
    const source = note.querySelector(".js-note-text") || note;
    const text = source.textContent.replace(/\s+/g, " ").trim();
    copy.textContent = (curator ? "✎ " : blocking ? "⚠ " : "ℹ ") + text;
    group.appendChild(copy);
  });
})();
