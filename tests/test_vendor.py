"""The overview's libraries are served from static/vendor/, copied there by `make vendor` at the
versions package.json pins (no CDN, and no npm on a server)."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
PINNED = json.loads((ROOT / "package.json").read_text())["dependencies"]

# Each library's file and how its banner names its version.
BANNERS = {
    "chart.js": ("chart.js/chart.umd.min.js", r"Chart\.js v([\d.]+)"),
    "leaflet": ("leaflet/leaflet.js", r"Leaflet ([\d.]+)"),
    "topojson-client": ("topojson-client/topojson-client.min.js", r"topojson-client v([\d.]+)"),
    "world-atlas": ("world-atlas/VERSION", r"world-atlas ([\d.]+)"),
}


@pytest.mark.parametrize("library", sorted(BANNERS))
def test_the_served_copy_is_the_pinned_version(library):
    path, banner = BANNERS[library]
    found = re.search(banner, (VENDOR / path).read_text()[:500])
    assert found and found.group(1) == PINNED[library]
    assert list((VENDOR / library).glob("LICENSE*")), "each library ships with its licence"


def test_every_pinned_library_is_served():
    assert set(PINNED) == set(BANNERS)


def test_no_served_file_names_a_source_map_it_lacks():
    """collectstatic's manifest (production) refuses a reference to a missing file."""
    for path in (path for path in VENDOR.rglob("*.js") if path.is_file()):
        assert "sourceMappingURL" not in path.read_text(), path
