// Catalog enhancements. Every page works without them.
(() => {
  "use strict";

  const fill = (template, values) =>
    Object.entries(values).reduce((text, [key, value]) => text.split(`{${key}}`).join(value), template || "");

  // Product gallery: a thumbnail shows its photo in the main frame instead of opening it.
  document.addEventListener("click", (event) => {
    const thumb = event.target.closest(".js-gallery-thumb");
    if (!thumb) return;
    const main = document.querySelector(".js-gallery-main");
    if (!main) return;
    event.preventDefault();
    main.src = thumb.dataset.src;
    if (thumb.dataset.srcset) main.srcset = thumb.dataset.srcset;
    main.alt = thumb.dataset.alt || main.alt;
    document.querySelectorAll(".js-gallery-thumb.active").forEach((el) => el.classList.remove("active"));
    thumb.classList.add("active");
  });

  // Wholesale tiers: "Add a tier" copies the last row with the next index.
  const tiers = document.querySelector(".js-tiers");
  const addTier = document.querySelector(".js-add-tier");
  if (tiers && addTier) {
    addTier.classList.remove("d-none");
    addTier.addEventListener("click", () => {
      const rows = tiers.querySelectorAll(".js-tier-row");
      if (rows.length >= Number(addTier.dataset.max || 10)) return;
      const copy = rows[rows.length - 1].cloneNode(true);
      const index = rows.length;
      copy.querySelectorAll("input").forEach((input) => {
        input.name = input.name.replace(/tiers-\d+-/, `tiers-${index}-`);
        input.id = input.id.replace(/tiers-\d+-/, `tiers-${index}-`);
        input.value = "";
        input.classList.remove("is-invalid");
      });
      copy.querySelectorAll(".invalid-feedback").forEach((el) => el.remove());
      copy.querySelectorAll(".js-money-echo").forEach((echo) => {
        echo.id = echo.id.replace(/tiers-\d+-/, `tiers-${index}-`);
        echo.textContent = "";
        echo.classList.remove("text-danger");
      });
      copy.querySelectorAll("[aria-describedby]").forEach((input) => {
        input.setAttribute("aria-describedby", input.getAttribute("aria-describedby").replace(/tiers-\d+-/, `tiers-${index}-`));
      });
      tiers.appendChild(copy);
      copy.querySelector("input").focus();
    });
  }

  // Photo upload: one request per file, so eight large phone photos never hit the request
  // size limit, and one bad file never blocks the others. The server flashes the results,
  // which the reload at the end shows.
  const form = document.querySelector("form.js-photo-upload");
  if (!form || !window.fetch || !window.FormData) return;
  const inputs = [...form.querySelectorAll(".js-photo-input")];
  const chosen = form.querySelector(".js-photo-chosen");
  const errors = form.querySelector(".js-photo-errors");
  const progress = form.querySelector(".js-photo-progress");
  const bar = form.querySelector(".js-photo-bar");
  const files = () => inputs.flatMap((input) => [...input.files]);

  inputs.forEach((input) =>
    input.addEventListener("change", () => {
      chosen.textContent = files().map((f) => f.name).join(", ");
    }),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const maxBytes = Number(form.dataset.maxBytes);
    const remaining = Number(form.dataset.remaining);
    const messages = [];
    let queue = files();
    if (!queue.length) {
      form.submit();  // the server explains that a photo is needed
      return;
    }
    queue = queue.filter((file) => {
      if (file.size > maxBytes) {
        messages.push(fill(form.dataset.msgTooLarge, { file: file.name }));
        return false;
      }
      return true;
    });
    if (queue.length > remaining) {
      messages.push(fill(form.dataset.msgTooMany, { n: remaining }));
      queue = queue.slice(0, remaining);
    }
    const token = form.querySelector("input[name=csrf_token]").value;
    form.querySelector("button[type=submit]").disabled = true;
    progress.classList.remove("d-none");
    for (const [index, file] of queue.entries()) {
      chosen.textContent = fill(form.dataset.msgProgress, { n: index + 1, total: queue.length });
      bar.style.width = `${Math.round((index / queue.length) * 100)}%`;
      const body = new FormData();
      body.append("csrf_token", token);
      body.append("photos", file, file.name);
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok && response.status !== 422) throw new Error(String(response.status));
      } catch (error) {
        messages.push(fill(form.dataset.msgFailed, { file: file.name }));
      }
    }
    bar.style.width = "100%";
    if (messages.length) {
      errors.replaceChildren(...messages.map((text) => Object.assign(document.createElement("div"), { textContent: text })));
      setTimeout(() => window.location.reload(), 2500);
    } else {
      window.location.reload();
    }
  });
})();
