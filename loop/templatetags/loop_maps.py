"""A tile-grid map of the 18 régions sociosanitaires, drawn on the server as inline SVG (no
remote tiles, no JavaScript, no inline style: SVG presentation attributes only).

    {% load loop_maps %}
    {% rss_tile_map tiles caption=caption map_id="signal-map" %}

Each region is one square of the same size, placed by hand in a rough geographic layout
(``LAYOUT``), so that no region looks bigger than another: the map is a way to find a region,
not a ranking. A tile shows the region's code, its short name and its figure in words ("< 5"
when suppressed), links to ``tile.url`` and is named for assistive technologies."""

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class MapTile:
    """One region on the map: its code and name, its figure already in words, where it links,
    and whether it is the region the page is about."""

    code: str
    name: str
    figure: str
    url: str
    selected: bool = False


# code → (column, row, short name in lines). Place names are the same in French and English.
LAYOUT: dict[str, tuple[int, int, tuple[str, ...]]] = {
    "01": (5, 3, ("Bas-Saint-", "Laurent")),
    "02": (3, 2, ("Saguenay–", "Lac-Saint-Jean")),
    "03": (4, 3, ("Capitale-", "Nationale")),
    "04": (3, 3, ("Mauricie et", "Centre-du-Québec")),
    "05": (3, 5, ("Estrie",)),
    "06": (2, 4, ("Montréal",)),
    "07": (0, 3, ("Outaouais",)),
    "08": (0, 2, ("Abitibi-", "Témiscamingue")),
    "09": (5, 2, ("Côte-Nord",)),
    "10": (2, 1, ("Nord-du-Québec",)),
    "11": (6, 3, ("Gaspésie–Îles-", "de-la-Madeleine")),
    "12": (4, 4, ("Chaudière-", "Appalaches")),
    "13": (1, 4, ("Laval",)),
    "14": (2, 3, ("Lanaudière",)),
    "15": (1, 3, ("Laurentides",)),
    "16": (3, 4, ("Montérégie",)),
    "17": (2, 0, ("Nunavik",)),
    "18": (1, 1, ("Terres-cries-de-", "la-Baie-James")),
}

_TILE_WIDTH = 128
_TILE_HEIGHT = 96
_GAP = 6
_LINE_HEIGHT = 15
_MARGIN = 4  # room for the chosen tile's thicker border


@register.inclusion_tag("loop/signals/_tile_map.html")
def rss_tile_map(tiles, *, caption: str, map_id: str = "tile-map", figure_label: str = ""):
    """Draw ``tiles`` (``MapTile``s, in official code order: the order in which they are read
    and tabbed through). A region missing from ``LAYOUT`` is left out of the drawing, never
    misplaced. ``figure_label`` names the figure in each tile's accessible name ("signals")."""
    columns = 1 + max(column for column, _row, _name in LAYOUT.values())
    rows = 1 + max(row for _column, row, _name in LAYOUT.values())
    drawn = []
    for tile in tiles:
        if tile.code not in LAYOUT:
            continue
        column, row, lines = LAYOUT[tile.code]
        x = _MARGIN + column * (_TILE_WIDTH + _GAP)
        y = _MARGIN + row * (_TILE_HEIGHT + _GAP)
        center = x + _TILE_WIDTH / 2
        name_top = y + 38 if len(lines) > 1 else y + 46
        label = _("%(code)s %(name)s: %(figure)s") % {"code": tile.code, "name": tile.name, "figure": tile.figure}
        if figure_label:
            label = f"{label} {figure_label}"
        drawn.append(
            {
                "tile": tile,
                "label": label,
                "x": x,
                "y": y,
                "center": center,
                "code_y": y + 20,
                "lines": [(line, name_top + index * _LINE_HEIGHT) for index, line in enumerate(lines)],
                "figure_y": y + _TILE_HEIGHT - 12,
            }
        )
    return {
        "map_id": map_id,
        "caption": caption,
        "tiles": drawn,
        "width": columns * (_TILE_WIDTH + _GAP) - _GAP + 2 * _MARGIN,
        "height": rows * (_TILE_HEIGHT + _GAP) - _GAP + 2 * _MARGIN,
        "tile_width": _TILE_WIDTH,
        "tile_height": _TILE_HEIGHT,
    }
