"""The dependence index's settings: the one place a reader edits them.

The summary chapter (which quotes the index in plain words) and the methods chapter ("How the index is built", which
shows the machinery) both read these values through :func:`kzdep.index.settings`; neither chapter repeats them. The
book's build re-executes every chapter that imports a changed kzdep module, so after an edit here ``make html``
runs both chapters again and their text follows. A value out of range stops the build with a message naming it.

The rules that are not a matter of taste (goalposts, which indicators are the same quantity, the sampling error of a
survey) are fixed in :mod:`kzdep.index` and explained in the methods chapter.
"""

# Weight of each indicator within its lever (an indicator not named here has weight 1). Only indicators the index
# counts may be named: the methods chapter lists them, e.g. {"imports_from_russia_share": 2.0}.
INDICATOR_WEIGHTS: dict[str, float] = {}

# Weight of each lever in the overall index.
LEVER_WEIGHTS: dict[str, float] = {"pipelines": 1.0, "trade": 1.0, "security": 1.0, "people": 1.0}

# How indicators (and levers) are averaged: "arithmetic" (a high value can make up for a low one) or "geometric"
# (little compensation).
AGGREGATION = "arithmetic"

# An indicator counts only with at least this many years of real observations (at least 3).
MIN_YEARS = 3

# A lever has a value in a year when at least this share of its counted indicators has one (above 0, at most 1).
MIN_SHARE = 0.5

# The overall index has a value in a year when at least this many levers have one.
MIN_LEVERS = 3

# Monte Carlo versions of the index (weights and average drawn around the settings above), and their seed.
DRAWS = 1000
SEED = 2014

# Base sample of the Sobol sensitivity analysis (a power of two; the model is run SOBOL_N x (factors + 2) times).
SOBOL_N = 4096
