// Checkout: fill the optional map position from the phone's location, only when asked.
// The messages come translated in the button's data attributes.
(function () {
  "use strict";
  var button = document.getElementById("locate-me");
  if (!button || !navigator.geolocation) {
    return;
  }
  var status = document.getElementById("locate-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        document.getElementById("latitude").value = position.coords.latitude.toFixed(6);
        document.getElementById("longitude").value = position.coords.longitude.toFixed(6);
        status.textContent = button.dataset.found;
      },
      function () {
        status.textContent = button.dataset.failed;
      },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  });
})();
