// The overview's pictures, drawn from the data tables the page carries (every page works without
// JavaScript: the tables are the overview then). Each bar, stack and circle opens the list its
// table cell links to. Libraries: Chart.js, Leaflet, topojson-client (static/vendor/).
(function () {
  "use strict";

  function cellsOf(table) {
    return Array.from(table.tBodies[0].rows).filter(function (row) {
      return row.querySelector("[data-count]");
    });
  }

  function count(cell) {
    return Number(cell.getAttribute("data-count"));
  }

  function link(cell) {
    var anchor = cell.querySelector("a");
    return anchor ? anchor.getAttribute("href") : null;
  }

  var OUTCOME_COLOURS = ["#1b7837", "#7fbf7b", "#dfc27d", "#c2a5cf", "#999999"];

  function chartFor(figure) {
    var table = document.getElementById(figure.getAttribute("data-table"));
    var rows = cellsOf(table);
    if (!rows.length || !window.Chart) return;
    var stacked = figure.getAttribute("data-chart") === "stacked";
    var labels = rows.map(function (row) { return row.cells[0].textContent.trim(); });
    var datasets, links;
    if (stacked) {
      var series = Array.from(table.tHead.rows[0].querySelectorAll("[data-series]"));
      links = series.map(function (_s, index) {
        return rows.map(function (row) { return link(row.cells[index + 1]); });
      });
      datasets = series.map(function (heading, index) {
        return {
          label: heading.textContent.trim(),
          data: rows.map(function (row) { return count(row.cells[index + 1]); }),
          backgroundColor: OUTCOME_COLOURS[index % OUTCOME_COLOURS.length],
        };
      });
    } else {
      links = [rows.map(function (row) { return link(row.cells[1]); })];
      datasets = [{
        label: table.tHead.rows[0].cells[1].textContent.trim(),
        data: rows.map(function (row) { return count(row.cells[1]); }),
        backgroundColor: "#2b5c8a",
      }];
    }
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", figure.querySelector("figcaption").textContent.trim());
    var box = document.createElement("div");
    box.className = "chart-box";
    box.appendChild(canvas);
    figure.insertBefore(box, figure.querySelector("details"));
    figure.querySelector("details").removeAttribute("open");
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: stacked ? "x" : "y",
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: stacked }, y: { stacked: stacked } },
        plugins: { legend: { display: stacked } },
        onClick: function (_event, elements) {
          if (!elements.length) return;
          var target = links[elements[0].datasetIndex][elements[0].index];
          if (target) window.location.href = target;
        },
      },
    });
  }

  function drawMap(element) {
    var table = document.getElementById(element.getAttribute("data-table"));
    if (!window.L || !table) return;
    element.hidden = false;
    var map = window.L.map(element, { scrollWheelZoom: false, attributionControl: false });
    map.setView([50, 10], 4);
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      window.L.tileLayer(tiles, { attribution: element.getAttribute("data-tile-attribution") || "" }).addTo(map);
      window.L.control.attribution().addTo(map);
    } else if (window.topojson) {
      fetch(element.getAttribute("data-outlines"))
        .then(function (response) {
          if (!response.ok) throw new Error("outlines: " + response.status);
          return response.json();
        })
        .then(function (world) {
          var outlines = window.topojson.feature(world, world.objects.countries);
          window.L.geoJSON(outlines, {
            style: { color: "#8a99a8", weight: 1, fillColor: "#eef1f4", fillOpacity: 1 },
            interactive: false,
          }).addTo(map).bringToBack();
        })
        .catch(function () { /* no outlines: the circles and the table still say it all */ });
    }
    var points = [];
    // Areas in proportion to the counts, the largest city 24 px across its radius whatever the
    // catalogue's size (a fixed scale drew circles wider than Europe at 100,000 initiatives).
    var largest = Math.max.apply(null, cellsOf(table).map(function (row) {
      return count(row.querySelector("[data-count]"));
    }).concat([1]));
    cellsOf(table).forEach(function (row) {
      var latitude = row.getAttribute("data-latitude");
      var longitude = row.getAttribute("data-longitude");
      if (latitude === null || longitude === null) return;
      var cell = row.querySelector("[data-count]");
      var place = [Number(latitude), Number(longitude)];
      points.push(place);
      var circle = window.L.circleMarker(place, {
        radius: 4 + 20 * Math.sqrt(count(cell) / largest),
        color: "#1d4466",
        fillColor: "#2b5c8a",
        fillOpacity: 0.6,
        weight: 1,
      }).addTo(map);
      // A node, not a string: Leaflet writes a string tooltip as HTML, and a city's name is
      // an editor's text.
      var tip = document.createElement("span");
      tip.textContent = row.cells[0].textContent.trim() + ": " + count(cell);
      circle.bindTooltip(tip);
      circle.on("click", function () { window.location.href = link(cell); });
    });
    if (points.length) map.fitBounds(points, { padding: [30, 30], maxZoom: 8 });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure[data-chart]").forEach(chartFor);
    var map = document.getElementById("map");
    if (map) drawMap(map);
  });
})();
