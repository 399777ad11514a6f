"""kzdep: the shared code of the report *Kazakhstan's dependence on Russia*.

The notebooks in ``book/`` tell the story; this package does the work they share:

- :mod:`kzdep.data`: the one way to read the data package in ``data/`` (validated on load);
- :mod:`kzdep.indicators`: shares, concentration, moving averages and the stoppage scenario;
- :mod:`kzdep.style`: the house plot style, colours, source notes and data downloads;
- :mod:`kzdep.text`: numbers formatted for prose and glued into the page;
- :mod:`kzdep.buildcache`: re-executes a notebook when the data it reads have changed.
"""

from kzdep.data import DataError, load, source, cite  # noqa: F401

__version__ = "0.3.0"  # the report's release (CITATION.cff); a test holds the two together
