"""Numbers for prose: formatted once, glued into the page, so text, tables and charts cannot disagree.

myst-nb's ``{glue:text}`` role takes the plain-text repr of a glued value and passes it through ``literal_eval``.
numpy scalars do not survive that (``np.float64(...)``), and an unquoted ``1,720`` would become the tuple
``(1, 720)``; so every number is formatted here first and glued as an ordinary ``str``, whose repr is a quoted
literal that evaluates back to exactly the formatted text.
"""

from __future__ import annotations

import math
import re


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


def glue(name: str, text: str) -> str:
    """Glue pre-formatted ``text`` under ``name`` (shown nowhere, pasted with ``{glue:text}`name```)."""
    from ast import literal_eval

    from myst_nb import glue as _glue

    value = str(text)
    doubled = doubled_words(value)
    if doubled:
        raise ValueError(f"glue {name!r}: {value!r} repeats a word ({doubled[0]!r})")
    if literal_eval(repr(value)) != value:  # what the page will show must be exactly what was formatted
        raise ValueError(f"glue {name!r}: {value!r} would not survive myst-nb's text rendering")
    _glue(name, value, display=False)
    return value


def glue_all(findings: dict[str, str]) -> dict[str, str]:
    """Glue every pre-formatted number of a module's ``findings()`` under its name, in one call."""
    return {name: glue(name, value) for name, value in findings.items()}


# ------------------------------------------------------------------------------------------------ sentences

_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.I)
#: doubled words that English allows ("that that", "had had"); any other doubled word is a slip
ALLOWED_DOUBLES = {"that", "had"}


def doubled_words(text: str) -> list[str]:
    """Words written twice in a row ("The The answer"), case ignored, apart from :data:`ALLOWED_DOUBLES`."""
    return [m.group(0) for m in _DOUBLED.finditer(text) if m.group(1).lower() not in ALLOWED_DOUBLES]


def counted_parts(total: int, parts: list[tuple[int, str]], whole: str = "") -> str:
    """A count split into parts, in words, that must add up: ``counted_parts(10, [(1, "voted yes"), (8,
    "abstained"), (1, "voted no")])`` gives 'voted yes on 1, abstained on 8 and voted no on 1'; parts that do not
    add up to ``total`` raise ValueError naming the parts, so a generated sentence never miscounts."""
    if sum(n for n, _ in parts) != total:
        listed = ", ".join(f"{label} {n}" for n, label in parts)
        raise ValueError(f"{whole or 'a count'}: parts {listed} add up to {sum(n for n, _ in parts)}, not {total}")
    shown = [f"{label} on {integer(n)}" for n, label in parts if n]
    if not shown:
        return ""
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
