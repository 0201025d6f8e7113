// Catalog enhancements. Every page works without them.
(() => {
  "use strict";

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
})();
