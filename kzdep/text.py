"""Numbers for prose: formatted once, glued into the page, so text, tables and charts cannot disagree.

myst-nb's ``{glue:text}`` role shows the plain-text form of a glued value. numpy scalars and plain strings do not
survive that cleanly (a ``np.float64(...)`` repr, or quotes), so every number is formatted here first and glued as a
:class:`Plain` string whose plain-text form is exactly the formatted number.
"""

from __future__ import annotations

import math


class Plain(str):
    """A string whose repr is itself (no quotes), for glue."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))


def number(value: float, digits: int = 1) -> str:
    """``1234.56 -> '1,234.6'``."""
    _finite(value)
    return f"{float(value):,.{digits}f}"


def integer(value: float) -> str:
    """``19186015 -> '19,186,015'``."""
    _finite(value)
    return f"{round(float(value)):,d}"


def percent(value: float, digits: int = 1) -> str:
    """A share given in percent (0-100): ``34.87 -> '34.9 %'``."""
    _finite(value)
    return f"{float(value):.{digits}f} %"


def share(value: float, digits: int = 1) -> str:
    """A share given as a fraction (0-1): ``0.3487 -> '34.9 %'``."""
    _finite(value)
    return f"{100 * float(value):.{digits}f} %"


def money_bn(value_usd_m: float, digits: int = 1) -> str:
    """US$ millions shown in billions: ``13300.2 -> 'US$ 13.3 bn'``."""
    _finite(value_usd_m)
    return f"US$ {float(value_usd_m) / 1000:,.{digits}f} bn"


def _finite(value) -> None:
    if value is None or not math.isfinite(float(value)):
        raise ValueError(f"cannot put {value!r} into prose: not a finite number")


def glue(name: str, text: str) -> Plain:
    """Glue pre-formatted ``text`` under ``name`` (shown nowhere, pasted with ``{glue:text}`name```)."""
    from myst_nb import glue as _glue

    value = Plain(text)
    _glue(name, value, display=False)
    return value
