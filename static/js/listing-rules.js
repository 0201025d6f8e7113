// The product form's "What the review needs" list, kept up to date as the SME types: the rules
// of the chosen category (and of an export minimum order) from data-rules, the same rules the
// curation pre-check applies (catalog/rules.py). The server renders the same list without it.
(() => {
  "use strict";

  const box = document.querySelector(".js-requirements");
  const form = document.querySelector("form.product-form");
  if (!box || !form) return;
  const rules = JSON.parse(box.dataset.rules);
  const photos = Number(box.dataset.photos || 0);
  const fill = (template, values) =>
    Object.entries(values).reduce((text, [key, value]) => text.split(`{${key}}`).join(value), template || "");
  const value = (name) => {
    const input = form.elements.namedItem(name);
    return input && typeof input.value === "string" ? input.value.trim() : "";
  };
  const filled = (name) => {
    if (name === "dimensions") return ["length_mm", "width_mm", "height_mm"].every((n) => filled(n));
    const text = value(name);
    return text !== "" && !/^0+$/.test(text);
  };
  const MARKS = { done: "✓", todo: "○", advice: "·" };
  const COLOURS = { done: "text-success", todo: "text-danger", advice: "text-body-secondary" };

  // A "Needed for review" note after the label of each field the category requires.
  function markLabel(name, needed) {
    const id = name === "dimensions" ? "length_mm" : name;
    const label = form.querySelector(`label[for="${id}"]`);
    if (!label) return;
    let badge = label.parentElement.querySelector(`.js-needed[data-for="${id}"]`);
    if (needed && !badge) {
      badge = Object.assign(document.createElement("span"), {
        className: "badge text-bg-light border ms-1 js-needed",
        textContent: box.dataset.msgNeeded,
      });
      badge.dataset.for = id;
      label.after(badge);
    } else if (!needed && badge) {
      badge.remove();
    }
  }

  function setState(item, state) {
    item.dataset.state = state;
    const mark = item.querySelector(".js-req-mark");
    mark.textContent = MARKS[state];
    mark.className = `js-req-mark fw-bold ${COLOURS[state]}`;
    item.querySelector(".js-req-sr").textContent =
      state === "done" ? box.dataset.msgDone : state === "advice" ? box.dataset.msgAdvice : box.dataset.msgTodo;
  }

  function update() {
    const category = rules.categories[value("category_id")] || { required: [], recommended: [], name: "" };
    const exporting = filled("export_moq");
    box.querySelectorAll(".js-req").forEach((item) => {
      const name = item.dataset.req;
      if (name === "photos") {
        setState(item, photos >= rules.min_photos ? "done" : "todo");
        return;
      }
      if (name === "description_indonesian" || name === "description_english") {
        const count = value(name).length;
        item.querySelectorAll(".js-req-count").forEach((el) => { el.textContent = String(count); });
        const long = count >= Number(item.dataset.min);
        if (name === "description_english") {
          item.querySelector(".js-req-export").hidden = !exporting;
          item.querySelector(".js-req-domestic").hidden = exporting;
          setState(item, exporting ? (long ? "done" : "todo") : long ? "done" : "advice");
        } else {
          setState(item, long ? "done" : "todo");
        }
        return;
      }
      const why = item.querySelector(".js-req-why");
      if (!why) {
        setState(item, filled(name) ? "done" : "todo");
        return;
      }
      let reason = "";
      let state = null;
      if (category.required.includes(name)) {
        state = "todo";
        reason = fill(box.dataset.msgRequired, { category: category.name });
      } else if (exporting && rules.export_required.includes(name)) {
        state = "todo";
        reason = box.dataset.msgExport;
      } else if (category.recommended.includes(name)) {
        state = "advice";
        reason = fill(box.dataset.msgRecommended, { category: category.name });
      }
      item.hidden = state === null;
      item.classList.toggle("d-none", state === null); // .d-flex would override [hidden]
      why.textContent = reason ? `(${reason})` : "";
      markLabel(name, state === "todo");
      if (state) setState(item, filled(name) ? "done" : state);
    });
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
