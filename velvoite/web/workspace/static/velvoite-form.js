// The record form: choosing another activity reloads the form with that activity's fields
// (without JavaScript the "Show its fields" button does the same with ?kind=).
document.querySelectorAll("select[data-reload=kind]").forEach(function (select) {
  select.addEventListener("change", function () {
    var url = new URL(window.location.href);
    url.searchParams.set("kind", select.value);
    window.location.assign(url.toString());
  });
});
