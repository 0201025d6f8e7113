// Sign-up: show only the section for the chosen account type (without JavaScript both show).
document.querySelectorAll("form.js-account-type").forEach((form) => {
  const update = () => {
    const chosen = form.querySelector("input[name=account_type]:checked");
    form.querySelectorAll("[data-account-type]").forEach((section) => {
      section.hidden = Boolean(chosen) && section.dataset.accountType !== chosen.value;
    });
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === "account_type") update();
  });
  update();
});
