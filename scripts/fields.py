"""Building blocks of the data package's table schemas, shared by ``descriptor.py`` and the extraction modules."""

from __future__ import annotations

SOURCE_FK = [{"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}]


def f(name, type_, description, unit=None, **constraints):
    """One schema field."""
    field = {"name": name, "type": type_, "description": description}
    if unit:
        field["unit"] = unit
    if constraints:
        field["constraints"] = constraints
    return field


def sid(description="Key of the row's source in sources.csv"):
    """The ``source_id`` field every curated row carries."""
    return f("source_id", "string", description, required=True)
