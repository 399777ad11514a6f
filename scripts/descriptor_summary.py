"""Descriptor of the summary chapter's own table (both directions of the dependence), hooked into descriptor.py."""

from __future__ import annotations


def resources() -> list[dict]:
    """The summary's resources, built with descriptor.py's helpers (called at the end of descriptor.py)."""
    import descriptor as d

    return [
        d.curated(
            "interdependence", "What Russia needs from Kazakhstan: transit and uranium",
            "Facts on Russia's side of the dependence that no other table holds: Russian oil carried through "
            "Kazakhstan to China and Uzbekistan, Russian gas through Kazakhstan to Uzbekistan, and Russian uranium "
            "output in Kazakhstan; one row per fact and source.",
            [d.f("direction", "string", "Whose need the row shows", required=True,
                 enum=["russia_needs", "kazakhstan_needs"]),
             d.f("item", "string", "What is measured", required=True,
                 enum=["oil_transit_to_china", "oil_transit_to_china_agreed", "oil_transit_to_uzbekistan",
                       "gas_transit_to_uzbekistan", "uranium_one_output_in_kazakhstan"]),
             d.year("Year the value refers to", 1991, 2026),
             d.f("period", "string", "Full year or the months covered", required=True,
                 enum=["full_year", "oct_dec"]),
             d.f("value", "number", "Value, in the row's unit", required=True, minimum=0),
             d.f("unit", "string", "Unit of the value", required=True),
             d.sid(), d.note()],
            ["item", "year", "period", "source_id"],
            "A handful of stated figures, not series; the 2023 gas figure covers October-December only. Other "
            "facts of the both-directions table come from the other tables (CPC loadings, facilities, trade)."),
    ]
