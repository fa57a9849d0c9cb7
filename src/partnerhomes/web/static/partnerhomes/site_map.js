/* The site map: one circle per site from the page's JSON over council boundaries (when
   the installation has them); tiles only when configured. */
(function () {
  "use strict";
  var element = document.getElementById("map");
  var points = JSON.parse(document.getElementById("site-points").textContent);
  // maxZoom: without a tile layer the map has none, and fitting the bounds of one point (or of
  // several at the same place) would ask for an infinite zoom.
  var map = L.map(element, { preferCanvas: true, zoomSnap: 0.25, maxZoom: 18 });
  var tiles = element.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    }).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);
  // Council boundaries (when the installation has a boundary file): a background that needs
  // no network, drawn over the tiles when there are tiles.
  var outlines = JSON.parse(document.getElementById("council-outlines").textContent);
  var councils = null;
  if (outlines && outlines.features && outlines.features.length) {
    councils = L.geoJSON(outlines, {
      interactive: false,
      style: { color: "#505a5f", weight: 1.5, fillColor: "#ffffff", fillOpacity: tiles ? 0 : 1 },
      attribution: element.getAttribute("data-outlines-attribution") || ""
    }).addTo(map);
    element.setAttribute("data-councils", String(outlines.features.length));
  }
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
  if (councils) {  // the councils whole, and every site (even one outside them)
    var bounds = councils.getBounds();
    if (points.length) { bounds.extend(layer.getBounds()); }
    map.fitBounds(bounds, { padding: [20, 20] });
  } else if (points.length) {
    map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 15 });
  } else {
    map.setView([51.55, 0.55], 10);
  }
  if (councils) {  // labels need the map's view, so after it is set
    councils.eachLayer(function (layer) {
      var where = layer.feature.properties.label_at;
      L.tooltip({ permanent: true, direction: "center", className: "ph-council-label",
                  interactive: false })
        .setLatLng(where || layer.getBounds().getCenter())
        .setContent(layer.feature.properties.name).addTo(map);
    });
  }
  element.setAttribute("data-markers", String(points.length));
})();
