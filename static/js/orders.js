// Checkout: show the province list for Indonesia and the free region field elsewhere.
(function () {
  const country = document.querySelector(".js-country");
  if (!country) return;
  const indonesian = document.querySelector(".js-region-id");
  const other = document.querySelector(".js-region-other");
  // The postal-code hint ("Indonesia: 5 digits") only speaks to addresses in Indonesia.
  const postalHint = document.getElementById("postal_code-help");
  function sync() {
    const isIndonesia = country.value === "ID";
    indonesian.hidden = !isIndonesia;
    other.hidden = isIndonesia;
    if (postalHint) postalHint.hidden = !isIndonesia;
  }
  country.addEventListener("change", sync);
  sync();
})();
