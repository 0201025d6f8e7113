// The echo under money inputs: while a person types "520.000", show how the server reads it
// ("Rp520.000 ≈ ¥3.372"). The server's one parser answers (GET /money/preview); this script only
// asks and shows, it never parses. Without it the page still works: the server prints the echo
// after a submit and explains an amount it refuses.
(() => {
  "use strict";

  const DELAY_MS = 350;
  const waiting = new WeakMap(); // input -> timer
  const asked = new WeakMap(); // input -> number of the latest question

  const echoOf = (input) => document.getElementById(`${input.id}-echo`);

  const currencyOf = (input) => {
    const fieldName = input.dataset.moneyCurrencyField;
    const chooser = fieldName && input.form ? input.form.elements.namedItem(fieldName) : null;
    return (chooser && chooser.value) || input.dataset.moneyInput;
  };

  const show = (echo, answer) => {
    echo.classList.toggle("text-danger", !answer.ok);
    if (!answer.ok) {
      echo.textContent = answer.error || "";
      return;
    }
    const parts = [answer.amount, answer.about].filter(Boolean).join(" ");
    echo.textContent = answer.note ? `${parts} · ${answer.note}` : parts;
  };

  const ask = (input) => {
    const echo = echoOf(input);
    if (!echo || !window.fetch) return;
    const text = input.value.trim();
    if (!text) {
      echo.textContent = "";
      echo.classList.remove("text-danger");
      return;
    }
    const number = (asked.get(input) || 0) + 1;
    asked.set(input, number);
    const query = new URLSearchParams({ text, in: currencyOf(input) || "" });
    fetch(`${echo.dataset.preview}?${query}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok || response.status === 400 ? response.json() : null))
      .then((answer) => {
        if (answer && asked.get(input) === number) show(echo, answer); // only the latest
      })
      .catch(() => {});
  };

  const later = (input) => {
    clearTimeout(waiting.get(input));
    waiting.set(input, setTimeout(() => ask(input), DELAY_MS));
  };

  document.addEventListener("input", (event) => {
    const input = event.target.closest("input[data-money-input]");
    if (input) later(input);
  });

  // A new currency changes how the same text reads ("1.250" is 1250 rupiah but ambiguous in euro).
  document.addEventListener("change", (event) => {
    const chooser = event.target;
    if (!chooser.form || !chooser.name) return;
    chooser.form
      .querySelectorAll(`input[data-money-currency-field="${CSS.escape(chooser.name)}"]`)
      .forEach((input) => ask(input));
  });
})();
