"""Figures a reader can trust at a glance: shares and other non-negative series on axes from zero (a poll moving
from 13.0 % to 12.8 % must not look like a plunge), every small multiple with its unit, and a timeline that names
its key events without one label covering another."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kzdep import data, style, summary  # noqa: E402


def test_a_narrow_share_is_drawn_from_zero():
    fig, ax = style.figure()
    ax.plot([2021, 2022], [13.0, 12.8])
    summary.honest_axis(ax, [13.0, 12.8])
    low, high = ax.get_ylim()
    assert low == 0 and high >= 13.0
    # a balance that turns negative keeps zero in view
    fig, ax = style.figure()
    summary.honest_axis(ax, [-7000.0, -400.0])
    assert ax.get_ylim()[1] >= 0 > ax.get_ylim()[0]


def test_every_small_multiple_names_its_unit():
    panels = summary.dashboard_panels(summary.usable(summary.lever_indicators()))
    fig = summary.plot_dashboard(panels)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    assert len(titles) == panels["indicator"].nunique()
    for title in titles:
        assert title.rstrip().endswith(")"), f"no unit in the panel title {title!r}"
    assert len(titles) >= 15  # 21 panels today; never an empty loop
    # the narrowest share the dashboard holds starts at zero
    shares = 0
    for ax in fig.axes:
        if ax.get_visible() and "(%)" in ax.get_title(loc="left").replace("\n", " "):
            assert ax.get_ylim()[0] == 0, ax.get_title(loc="left")
            shares += 1
    assert shares >= 8, shares  # 11 share panels today (CPC share, imports from Russia, ...): the branch runs


def test_the_timeline_names_its_key_events_without_overlap():
    frame = summary.timeline(data.load("events"))
    fig = summary.plot_timeline(frame)
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].texts]
    assert sorted(t.get_text() for t in labels) == sorted(summary.KEY_EVENTS.values())
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two event labels overlap"
    figure_box = fig.get_tightbbox(renderer)
    assert all(box.x1 <= fig.bbox.x1 + 1 for box in boxes), "a label runs off the chart"
    assert figure_box is not None


def test_a_label_for_an_event_the_table_lacks_is_refused():
    frame = summary.timeline(data.load("events"))
    with pytest.raises(ValueError, match="no event dated 2099-01-01"):
        summary.key_events(frame, {"2099-01-01": "Made up"})
