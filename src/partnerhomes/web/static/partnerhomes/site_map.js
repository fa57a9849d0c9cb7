/* The site map: one circle per site from the page's JSON; tiles only when configured. */
(function () {
  "use strict";
  var element = document.getElementById("map");
  var points = JSON.parse(document.getElementById("site-points").textContent);
  var map = L.map(element, { preferCanvas: true, zoomSnap: 0.25 });
  var tiles = element.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    }).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);
  var colours = { private: "#d4351c", partnership: "#1d70b8", public: "#00703c" };
  var layer = L.featureGroup();
  points.forEach(function (p) {
    var radius = 4 + Math.min(14, Math.sqrt(p.homes || 1) / 3);
    L.circleMarker([p.lat, p.lon], {
      radius: radius, color: "#0b0c0c", weight: 1,
      fillColor: colours[p.visibility] || "#505a5f", fillOpacity: 0.7
    }).bindPopup('<a href="/sites/' + p.id + '/">' +
      String(p.name).replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }) +
      "</a><br>" + (p.homes === null ? "homes unknown" : p.homes + " homes")).addTo(layer);
  });
  layer.addTo(map);
  if (points.length) {
    map.fitBounds(layer.getBounds(), { padding: [20, 20] });
  } else {
    map.setView([51.55, 0.55], 10);
  }
  element.setAttribute("data-markers", String(points.length));
})();
