// Checkout: show the province list for Indonesia and the free region field elsewhere.
(function () {
  const country = document.querySelector(".js-country");
  if (!country) return;
  const indonesian = document.querySelector(".js-region-id");
  const other = document.querySelector(".js-region-other");
  function sync() {
    const isIndonesia = country.value === "ID";
    indonesian.hidden = !isIndonesia;
    other.hidden = isIndonesia;
  }
  country.addEventListener("change", sync);
  sync();
})();
