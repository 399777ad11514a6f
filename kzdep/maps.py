"""Maps drawn with matplotlib straight from the package's GeoJSON (no GIS stack): the one basemap of the book."""

from __future__ import annotations

import numpy as np

from kzdep import style

#: country fill opacity on the basemap (others: BASE_ALPHA), in each country's fixed colour
HIGHLIGHT_ALPHA = {"Kazakhstan": 0.16, "Russia": 0.10}
BASE_ALPHA = 0.07


def line_parts(feature: dict) -> list[list[list[float]]]:
    """The coordinate lists of a LineString or MultiLineString feature."""
    geom = feature["geometry"]
    if geom["type"] == "LineString":
        return [geom["coordinates"]]
    if geom["type"] == "MultiLineString":
        return list(geom["coordinates"])
    raise ValueError(f"not a line: {geom['type']}")


def polygon_rings(feature: dict) -> list[list[list[float]]]:
    """The outer rings of a Polygon or MultiPolygon feature."""
    geom = feature["geometry"]
    if geom["type"] == "Polygon":
        return [geom["coordinates"][0]]
    if geom["type"] == "MultiPolygon":
        return [poly[0] for poly in geom["coordinates"]]
    raise ValueError(f"not a polygon: {geom['type']}")


def draw_countries(ax, countries: dict) -> None:
    """Fill and outline every country of a GeoJSON FeatureCollection in the house colours."""
    for feat in countries["features"]:
        name = feat["properties"]["name"]
        for ring in polygon_rings(feat):
            xy = np.asarray(ring)
            ax.fill(xy[:, 0], xy[:, 1], facecolor=style.colour(name), alpha=HIGHLIGHT_ALPHA.get(name, BASE_ALPHA),
                    edgecolor="none", zorder=1)
            ax.plot(xy[:, 0], xy[:, 1], color=style.MUTED, lw=0.4, zorder=2)


def frame_map(ax, x0: float, x1: float, y0: float, y1: float) -> None:
    """Clip to a lon/lat box, keep shapes true at its middle latitude, and drop grid, ticks and frame."""
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / np.cos(np.deg2rad((y0 + y1) / 2)))
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
