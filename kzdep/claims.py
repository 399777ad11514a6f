"""The claims register: the two articles' claims, with verdicts computed from the data where the data settle them.

Every claim in ``data/claims.csv`` carries a verdict read from the cited sources. For the claims marked
``computable == "yes"`` the report's own data can settle the claim, and the verdict shown is *computed* here, when the
book is built, by one small function per claim. Each function takes the tables it needs and returns
``(verdict, reference value)``; :data:`REGISTRY` maps claim id to function and :data:`RULES` states each function's
rule and tolerance in words. :func:`register` returns the whole register with the computed verdicts in place of the
typed ones and a column ``basis`` saying which is which. A computed verdict that differs from the typed one is shown
as computed (the data win); the test suite checks that the two agree for the current data.

Tolerances. A figure the article gives as approximate ("about", "roughly", a round number) is *supported* when it
lies within a stated percentage of the reference value, *partly supported* when it is within a wider band (the right
order of magnitude but out of date or generously rounded), and *contradicted* beyond that. A figure given to the
unit (7,591 km) is supported only when a source gives that figure.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kzdep import data, indicators, people, trade

VERDICT_LABELS = {
    "supported": "Supported",
    "partly_supported": "Partly supported",
    "contradicted": "Contradicted",
    "could_not_verify": "Could not verify",
    "not_checkable": "Not checkable",
}
# how far a source is from the facts (data/sources.csv, column tier), for the register's 'tier' column
TIERS = ["official", "company", "intergovernmental", "research", "news-agency", "press", "relay", "partisan"]
ARTICLE_LABELS = {"olivium-2022": "Olivium", "defencetoday-2023": "Defence Today"}
CHAPTER_TITLES = {"pipelines": "Pipelines", "trade": "Trade", "security": "Security", "people": "People",
                  "none": "Register only"}

# the tables the computed verdicts read (the chapter loads them by these literal names)
TABLES = ["claims", "people", "census_ethnic", "population", "facilities", "oil_official", "cpc_loadings",
          "milex_share_gdp", "milex_sipri_2024", "arms_imports_tiv", "trade_dots", "trade_bns", "eu_exports_monthly",
          "eur_usd_annual", "oil_export_routes", "sources"]


def load_frames() -> dict[str, pd.DataFrame]:
    """Every table the register needs, freshly loaded (the tests use this; the chapter loads them literally)."""
    return {name: data.load(name) for name in TABLES}


def grade(claimed: float, reference: float, supported_within_pct: float,
          partly_within_pct: float | None = None) -> str:
    """Verdict for an approximate figure: its distance from ``reference`` in percent of ``reference``.

    Within ``supported_within_pct``: supported; within ``partly_within_pct`` (if given): partly supported;
    otherwise contradicted.
    """
    if reference <= 0:
        raise ValueError(f"reference value must be positive, got {reference}")
    gap = abs(claimed - reference) / reference * 100.0
    if gap <= supported_within_pct:
        return "supported"
    if partly_within_pct is not None and gap <= partly_within_pct:
        return "partly_supported"
    return "contradicted"


def gap_pct(claimed: float, reference: float) -> float:
    """How far the claim lies from the reference, in percent of the reference (positive: the claim is higher)."""
    return (claimed - reference) / reference * 100.0


def _km(x: float) -> str:
    return f"{x:,.1f}".rstrip("0").rstrip(".") + " km"


def _versus(claimed: float, reference: float) -> str:
    """'0.7 % above' or '1.0 % below': where the claim lies relative to the reference."""
    gap = gap_pct(claimed, reference)
    return f"{abs(gap):.1f} % {'above' if gap >= 0 else 'below'}"


# ---------------------------------------------------------------------------------------------------------------
# border length (C02, C38)

# The preferred border length (see kzdep.people, where it is defined with the border lengths it picks from): the
# CIA World Factbook's 7,644 km, the one figure given to the km by a publisher of the first tier.
BORDER_PREFERRED_SOURCE = people.BORDER_PREFERRED_SOURCE


def border_reference(people: pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """The preferred border length and all published lengths."""
    rows = people[people["topic"] == "border_length_km"]
    preferred = rows.loc[rows["source_id"] == BORDER_PREFERRED_SOURCE, "value"]
    if preferred.empty:
        raise data.DataError(f"people: no border length from the preferred source {BORDER_PREFERRED_SOURCE}")
    return float(preferred.iloc[0]), rows


def _border_range(rows: pd.DataFrame) -> str:
    return f"published figures {_km(rows['value'].min())} to {_km(rows['value'].max())} ({len(rows)} sources)"


def c02_border_about_7600(people: pd.DataFrame) -> tuple[str, str]:
    """'About 7,600 km': supported within 2 % of the preferred length, partly within 10 %."""
    claimed = 7600.0
    ref, rows = border_reference(people)
    verdict = grade(claimed, ref, 2.0, 10.0)
    return verdict, (f"{_km(ref)} (preferred figure; the claim is {_versus(claimed, ref)} it); "
                     f"{_border_range(rows)}")


def c38_border_7591(people: pd.DataFrame) -> tuple[str, str]:
    """'7,591 km', a figure to the km: supported only if a source gives it (to 0.5 km); partly supported within
    2 % of the preferred length; otherwise contradicted."""
    claimed = 7591.0
    ref, rows = border_reference(people)
    matches = rows[(rows["value"] - claimed).abs() <= 0.5]
    if len(matches):
        verdict = "supported"
    else:
        verdict = grade(claimed, ref, -1.0, 2.0)  # never 'supported' on closeness alone
    found = "a source gives 7,591 km" if len(matches) else "no source in the data gives 7,591 km"
    return verdict, (f"{found}; preferred figure {_km(ref)} (the claim is {_versus(claimed, ref)} it); {_border_range(rows)}")


# ---------------------------------------------------------------------------------------------------------------
# Baikonur rent (C16)

def c16_baikonur_rent(facilities: pd.DataFrame) -> tuple[str, str]:
    """US$115 m a year: supported if it is the rent most sources give, partly supported if at least one source
    gives it, contradicted if none does."""
    claimed = 115.0
    rents = facilities.loc[(facilities["facility_id"] == "baikonur") & facilities["annual_rent_usd_m"].notna(),
                           "annual_rent_usd_m"]
    if rents.empty:
        raise data.DataError("facilities: no Baikonur rent")
    counts = rents.value_counts()
    agreeing = int(((rents - claimed).abs() <= 0.005 * claimed).sum())
    if agreeing == 0:
        verdict = "contradicted"
    elif agreeing > len(rents) / 2:
        verdict = "supported"
    else:
        verdict = "partly_supported"
    others = ", ".join(f"US${v:,.0f} m ({n})" for v, n in counts.items() if abs(v - claimed) > 0.005 * claimed)
    text = f"US${claimed:,.0f} m a year in {agreeing} of {len(rents)} sources"
    return verdict, text + (f"; other figures: {others}" if others else "")


# ---------------------------------------------------------------------------------------------------------------
# the rent in euros (C74)

C74_RATE_YEAR = 2021  # the year before the article (January 2022): the latest full year of ECB rates it could use


def c74_rent_in_euros(eur_usd_annual: pd.DataFrame) -> tuple[str, str]:
    """US$115 m 'about EUR 101 million': the dollar figure at the ECB's annual mean rate of :data:`C74_RATE_YEAR`;
    supported within 5 %, partly within 10 %."""
    claimed_eur, usd = 101.0, 115.0
    rates = eur_usd_annual.set_index("year")["usd_per_eur"]
    if C74_RATE_YEAR not in rates.index:
        raise data.DataError(f"eur_usd_annual: no ECB mean rate for {C74_RATE_YEAR}")
    rate = float(rates.loc[C74_RATE_YEAR])
    euros = usd / rate
    return grade(claimed_eur, euros, 5.0, 10.0), (f"US${usd:,.0f} m at the ECB's {C74_RATE_YEAR} mean of {rate:.4f} "
                                                 f"US$ per euro is EUR {euros:.1f} m (the claim is "
                                                 f"{_versus(claimed_eur, euros)} it)")


# ---------------------------------------------------------------------------------------------------------------
# population and ethnic Russians (C24, C25)

def census_2021_total(census: pd.DataFrame, sources: pd.DataFrame) -> tuple[int, str]:
    """The preferred 2021 census total (latest-published count; see :mod:`kzdep.people`)."""
    from kzdep import people

    totals = people.census_totals(census, sources).set_index("census_year")
    return int(totals.loc[2021, "persons"]), str(totals.loc[2021, "source_id"])


# the best source the census table holds for the Russians of 2021: the bureau's census volume on national
# composition as summarised by the press (the shares with one decimal come from an encyclopedia page)
CENSUS_2021_ETHNIC_SOURCE = "aqparat-2023-census-ethnic"


def c24_russians_3_5m(census_ethnic: pd.DataFrame, sources: pd.DataFrame) -> tuple[str, str]:
    """'About 3.5 million' ethnic Russians against the 2021 census: supported within 5 %, partly supported within
    20 % (right size but out of date or generously rounded), otherwise contradicted. The number of Russians is the
    published count where the census table has one, else the preferred share times the preferred total
    (:func:`kzdep.people.russians_by_census`)."""
    from kzdep import people

    claimed = 3_500_000.0
    rus = people.russians_by_census(census_ethnic, sources).set_index("census_year")
    if 2021 not in rus.index:
        raise data.DataError("census_ethnic: no share or count of Russians at the 2021 census")
    row = rus.loc[2021]
    count, total = int(row["persons"]), int(row["total"])
    verdict = grade(claimed, count, 5.0, 20.0)
    how = (f"about {count:,} Russians at the 2021 census ({row['share_pct']:.1f} % of {total:,})" if row["derived"]
           else f"{count:,} Russians at the 2021 census, {indicators.share_pct(count, total):.1f} % of {total:,}")
    text = f"{how}; the claim is {_versus(claimed, count)} the count"
    if row["derived"]:
        # say where the share and the total come from, with the share's tier: the census table may hold the share
        # only from a relay of the bureau's volume (no stored report of the bureau gives it)
        register = sources.set_index("source_id")
        text += (f" (share: {register.loc[row['share_source'], 'publisher']}, "
                 f"{register.loc[row['share_source'], 'tier']}; total: {register.loc[row['total_source'], 'publisher']})")
    return verdict, text


def c25_population_19m(census_ethnic: pd.DataFrame, sources: pd.DataFrame,
                       population: pd.DataFrame) -> tuple[str, str]:
    """'Roughly 19 million' against the 2021 census total: supported within 5 %, partly within 20 %."""
    claimed = 19_000_000.0
    total, _ = census_2021_total(census_ethnic, sources)
    verdict = grade(claimed, total, 5.0, 20.0)
    est = population.set_index("year")["population"]
    extra = f"; OWID mid-year estimate for 2021: {int(est.loc[2021]):,}" if 2021 in est.index else ""
    return verdict, f"{total:,} at the 2021 census (the claim is {_versus(claimed, total)} it){extra}"


# ---------------------------------------------------------------------------------------------------------------
# oil exports and the CPC (C50, C51)

ARTICLE_OIL_YEARS = (2021, 2022)  # the years a 2023 article quoting late-2022 reporting can mean


# rows of a table with a ``basis`` column that are no outturn: a forecast, or a value derived from another figure
NOT_OUTTURN = ("forecast", "derived")


def _by_year(frame: pd.DataFrame, measure: str) -> dict[int, float]:
    """One value per year for ``measure`` (sources agree where the tables hold several; the first is used).

    Rows whose ``basis`` (where the table has that column, as ``cpc_loadings`` does) is a forecast or a derivation
    are left out: a verdict is never computed from a value that is not a stated outturn."""
    rows = frame[frame["measure"] == measure]
    if "basis" in rows.columns:
        rows = rows[~rows["basis"].isin(NOT_OUTTURN)]
    return {int(y): float(v) for y, v in rows.groupby("year")["value_mt"].first().items()}


def _best_year_grade(claimed: float, values: dict[int, float], supported: float, partly: float) -> str:
    order = ["supported", "partly_supported", "contradicted"]
    grades = [grade(claimed, values[y], supported, partly) for y in ARTICLE_OIL_YEARS if y in values]
    if not grades:
        return "could_not_verify"
    return min(grades, key=order.index)


def c50_oil_exports_68mt(oil_official: pd.DataFrame) -> tuple[str, str]:
    """68 Mt of exports a year: supported within 5 % of the official figure for 2021 or 2022, partly within 20 %."""
    claimed = 68.0
    exports = _by_year(oil_official, "exports")
    verdict = _best_year_grade(claimed, exports, 5.0, 20.0)
    parts = [f"{exports[y]:.1f} Mt in {y}" for y in ARTICLE_OIL_YEARS if y in exports]
    return verdict, "Crude exports (official): " + "; ".join(parts)


def c51_cpc_53mt(cpc_loadings: pd.DataFrame, oil_official: pd.DataFrame) -> tuple[str, str]:
    """53 Mt of Kazakh oil through the CPC: supported within 5 % of the CPC's figure for 2021 or 2022, partly
    within 20 %. The reference also gives the CPC's share of total exports."""
    claimed = 53.0
    cpc = _by_year(cpc_loadings, "kazakh_oil")
    exports = _by_year(oil_official, "exports")
    verdict = _best_year_grade(claimed, cpc, 5.0, 20.0)
    parts = []
    for y in ARTICLE_OIL_YEARS:
        if y in cpc:
            part = f"{cpc[y]:.1f} Mt in {y}"
            if y in exports:
                part += f" ({indicators.share_pct(cpc[y], exports[y]):.1f} % of {exports[y]:.1f} Mt exported)"
            parts.append(part)
    return verdict, "Kazakh oil through the CPC: " + "; ".join(parts)


# ---------------------------------------------------------------------------------------------------------------
# oil across the Caspian, avoiding Russia (C102)

# the route of oil_export_routes that crosses the Caspian without touching Russia: tankers from Aktau to Baku, then the
# Baku-Tbilisi-Ceyhan pipeline (the other Aktau run, to Makhachkala, ends in Russia)
WEST_ROUTE, WEST_BASE_YEAR = "aktau_btc", 2022


def c102_oil_west_across_caspian(oil_export_routes: pd.DataFrame) -> tuple[str, str]:
    """'Has sought to increase its exports of oil west across the Caspian Sea, avoiding Russia': the full-year stated
    volumes from Aktau towards Baku-Tbilisi-Ceyhan after :data:`WEST_BASE_YEAR` against that year. Where sources give
    a year two figures, the cautious one counts (the higher in the base year, the lower in a later year). Above the base in every later year: supported; in some: partly
    supported; in none: contradicted; no later year: could not verify."""
    rows = oil_export_routes[(oil_export_routes["route"] == WEST_ROUTE)
                             & (oil_export_routes["period"] == "full_year")
                             & (oil_export_routes["basis"] == "stated")]
    low = rows.groupby("year")["volume_mt"].min()
    high = rows.groupby("year")["volume_mt"].max()
    if WEST_BASE_YEAR not in low.index:
        raise data.DataError(f"oil_export_routes: no full-year stated volume of route {WEST_ROUTE} "
                             f"for {WEST_BASE_YEAR}")
    base = float(high.loc[WEST_BASE_YEAR])
    later = [int(y) for y in low.index if y > WEST_BASE_YEAR]
    if not later:
        return "could_not_verify", f"no full year after {WEST_BASE_YEAR} in the data"
    above = [y for y in later if float(low.loc[y]) > base]
    verdict = ("supported" if len(above) == len(later) else "partly_supported" if above else "contradicted")

    def mt(y: int) -> str:
        lo, hi = float(low.loc[y]), float(high.loc[y])
        return f"{lo:g} Mt in {y}" if lo == hi else f"{lo:g} to {hi:g} Mt in {y}"

    return verdict, ("Kazakh oil from Aktau towards Baku-Tbilisi-Ceyhan: "
                     + "; ".join(mt(y) for y in [WEST_BASE_YEAR, *later]))


# ---------------------------------------------------------------------------------------------------------------
# defence spending (C64) and arms imports (C65)

MILEX_BASE_YEAR, MILEX_AFTER_YEARS = 2021, (2022, 2023)


def c64_defence_spending_up(milex_share_gdp: pd.DataFrame, milex_sipri_2024: pd.DataFrame | None = None
                            ) -> tuple[str, str]:
    """'Kazakhstan has increased its defence spending': SIPRI's share of GDP and, where given, its spending in
    constant 2022 US$ in 2022 and 2023 against 2021.

    Higher in both years on both measures: supported. Otherwise partly supported, not contradicted: a rise of the
    2022 budget in tenge is reported in the press, and the article does not say against which year or measure.
    """
    kz = milex_share_gdp[milex_share_gdp["country"] == "Kazakhstan"].set_index("year")["milex_pct_gdp"]
    years = [MILEX_BASE_YEAR, *MILEX_AFTER_YEARS]
    if any(y not in kz.index for y in years):
        return "could_not_verify", "SIPRI share of GDP missing for " + ", ".join(str(y) for y in years)
    base = float(kz.loc[MILEX_BASE_YEAR])
    rose = all(float(kz.loc[y]) > base for y in MILEX_AFTER_YEARS)
    shown = [y for y in sorted(kz.index) if y >= MILEX_BASE_YEAR]
    series = ", ".join(f"{float(kz.loc[y]):.2f} % in {y}" for y in shown)
    text = f"SIPRI military spending as a share of GDP {'rose' if rose else 'did not rise'} after {MILEX_BASE_YEAR}: "
    text += series
    if milex_sipri_2024 is not None:
        real = milex_sipri_2024[(milex_sipri_2024["country"] == "Kazakhstan")
                                & (milex_sipri_2024["measure"] == "constant_2022_usd_m")].set_index("year")["value"]
        if all(y in real.index for y in years):
            real_rose = all(float(real.loc[y]) > float(real.loc[MILEX_BASE_YEAR]) for y in MILEX_AFTER_YEARS)
            rose = rose and real_rose
            text += ("; in constant 2022 US$ it " + ("rose" if real_rose else "did not rise") + ": "
                     + ", ".join(f"{float(real.loc[y]):,.0f} m in {y}" for y in years))
    return ("supported" if rose else "partly_supported"), text


WESTERN_SUPPLIERS = ("France", "Germany", "Turkey")
ARMS_WINDOW = (1992, 2021)


def c65_western_arms(arms_imports_tiv: pd.DataFrame) -> tuple[str, str]:
    """New equipment from France, Germany and Turkey: their combined share of Kazakhstan's arms imports (SIPRI
    TIV, 1992-2021). At least 10 %: supported; above zero: partly supported (deliveries exist but are marginal);
    zero: contradicted."""
    from kzdep import security

    start, end = ARMS_WINDOW
    by_supplier = security.supplier_totals(arms_imports_tiv, start, end)
    total = float(by_supplier.sum())
    named = float(sum(by_supplier.get(s, 0.0) for s in WESTERN_SUPPLIERS))
    share = security.group_share_pct(arms_imports_tiv, WESTERN_SUPPLIERS, start, end)
    verdict = "supported" if share >= 10 else ("partly_supported" if named > 0 else "contradicted")
    each = ", ".join(f"{s} {by_supplier.get(s, 0.0):,.0f}" for s in WESTERN_SUPPLIERS)
    russia = float(by_supplier.get("Russia", 0.0))
    return verdict, (f"SIPRI TIV {start}-{end}: {each}, together {share:.1f} % of {total:,.0f}; "
                     f"Russia {russia:,.0f} ({indicators.share_pct(russia, total):.1f} %)")


# ---------------------------------------------------------------------------------------------------------------
# trade (C12, C60, C67): computed in kzdep.trade from the bureau's 2018-2023 series, IMF DOTS and Eurostat


# ---------------------------------------------------------------------------------------------------------------
# the registry and the register

REGISTRY: dict[str, Callable[[dict[str, pd.DataFrame]], tuple[str, str]]] = {
    "C02": lambda f: c02_border_about_7600(f["people"]),
    "C16": lambda f: c16_baikonur_rent(f["facilities"]),
    "C24": lambda f: c24_russians_3_5m(f["census_ethnic"], f["sources"]),
    "C25": lambda f: c25_population_19m(f["census_ethnic"], f["sources"], f["population"]),
    "C38": lambda f: c38_border_7591(f["people"]),
    "C50": lambda f: c50_oil_exports_68mt(f["oil_official"]),
    "C51": lambda f: c51_cpc_53mt(f["cpc_loadings"], f["oil_official"]),
    "C64": lambda f: c64_defence_spending_up(f["milex_share_gdp"], f.get("milex_sipri_2024")),
    "C65": lambda f: c65_western_arms(f["arms_imports_tiv"]),
    "C74": lambda f: c74_rent_in_euros(f["eur_usd_annual"]),
    "C102": lambda f: c102_oil_west_across_caspian(f["oil_export_routes"]),
    # the trade verdicts are computed from the bureau's 2018-2023 series (kzdep.trade), IMF DOTS before that
    "C12": lambda f: trade.claim_c12_record_2021(f["trade_dots"], f["trade_bns"]),
    "C60": lambda f: trade.claim_c60_transit(f["trade_bns"], f["eu_exports_monthly"]),
    "C67": lambda f: trade.claim_c67_russia_major_partner(f["trade_bns"]),
}

# the rule of each computed verdict, in words (shown in the chapter)
RULES = {
    "C02": "About 7,600 km: supported within 2 % of the preferred length (the one given to 0.1 km), partly within 10 %",
    "C16": "Supported if US$115 m is the rent most sources give; partly if some do",
    "C24": "About 3.5 m against the 2021 census count: supported within 5 %, partly within 20 %",
    "C25": "Roughly 19 m against the 2021 census total: supported within 5 %, partly within 20 %",
    "C38": "A figure to the km: supported only if a source gives it; partly within 2 % of the preferred length",
    "C50": "68 Mt: supported within 5 % of the official export figure for 2021 or 2022, partly within 20 %",
    "C51": "53 Mt: supported within 5 % of the CPC's Kazakh volume for 2021 or 2022, partly within 20 %",
    "C64": "Supported if SIPRI's share of GDP and its spending in constant US$ are above 2021 in 2022 and 2023; "
           "otherwise partly (a 2022 budget rise in tenge is reported)",
    "C65": "Supported if France, Germany and Turkey reach 10 % of TIV 1992-2021; partly if above zero",
    "C74": "EUR 101 m against US$115 m at the ECB's 2021 mean rate: supported within 5 %, partly within 10 %",
    "C102": "Supported if the oil sent from Aktau towards Baku-Tbilisi-Ceyhan exceeds its 2022 volume in every later "
            "full year (where sources differ, the higher base and the lower later figure); partly if in some",
    "C12": "Supported if the bureau's 2021 turnover with Russia exceeds every earlier year (IMF DOTS and the bureau)",
    "C60": "Partly supported if exports to Russia rose in 2022 and EU exports to Kazakhstan exceed their pre-invasion "
           "trend (95 % interval above zero); total goods cannot show sanctioned goods, so never more",
    "C67": "Supported if Russia ranks in the top three partners in turnover (the bureau's latest year); partly in "
           "the top ten",
}


# the main source of each computed verdict: the data table it reads and the source of the row it relies on
# (shown as the claim's source instead of the source of the typed verdict, which is kept as typed_source_id)
COMPUTED_SOURCES = {
    "C02": ("people", BORDER_PREFERRED_SOURCE),
    "C16": ("facilities", "tengrinews-2011-baikonur-rent"),
    "C24": ("census_ethnic", CENSUS_2021_ETHNIC_SOURCE),
    "C25": ("census_ethnic", "astanatimes-2023-census-final"),
    "C38": ("people", BORDER_PREFERRED_SOURCE),
    "C50": ("oil_official", "kursiv-2021-production-2021"),
    "C51": ("cpc_loadings", "inform-2022-pm-cpc-2021"),
    "C64": ("milex_share_gdp", "sipri-milex-2025"),
    "C65": ("arms_imports_tiv", "sipri-at-2022"),
    "C74": ("eur_usd_annual", "ecb-eurofxref-2024"),
    "C102": ("oil_export_routes", "menafn-trend-2024-aktau-2023"),
    "C12": ("trade_bns", "bns-foreign-trade-2023"),
    "C60": ("trade_bns", "bns-foreign-trade-2023"),
    "C67": ("trade_bns", "bns-foreign-trade-2023"),
}


def computed_verdicts(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per computed claim: id, verdict, reference_value, rule, source_id (of the data row relied on)."""
    rows = []
    for claim_id, function in REGISTRY.items():
        verdict, reference = function(frames)
        if verdict not in VERDICT_LABELS:
            raise ValueError(f"{claim_id}: unknown verdict {verdict!r}")
        table, source_id = COMPUTED_SOURCES[claim_id]
        if source_id not in set(frames[table]["source_id"]):
            raise data.DataError(f"{claim_id}: source {source_id!r} is no longer in table {table!r}")
        rows.append({"id": claim_id, "verdict": verdict, "reference_value": reference, "rule": RULES[claim_id],
                     "source_id": source_id})
    return pd.DataFrame(rows)


def register(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The claims register with computed verdicts in place of the typed ones.

    Added columns: ``typed_verdict`` and ``typed_source_id`` (as in claims.csv), ``basis`` ('computed' or 'read from sources'), ``rule``
    (empty for verdicts read from sources). A claim marked computable without a function, or a function for a
    claim not marked computable, is an error.
    """
    reg = frames["claims"].copy()
    marked = set(reg.loc[reg["computable"] == "yes", "id"])
    missing, extra = marked - set(REGISTRY), set(REGISTRY) - marked
    if missing or extra:
        raise data.DataError(f"claims: computable claims without a function {sorted(missing)}; functions for "
                             f"claims not marked computable {sorted(extra)}")
    reg["typed_verdict"] = reg["verdict"]
    reg["typed_source_id"] = reg["source_id"]
    reg["basis"] = "read from sources"
    reg["rule"] = ""
    computed = computed_verdicts(frames).set_index("id")
    hit = reg["id"].isin(computed.index)
    for col in ("verdict", "reference_value", "rule", "source_id"):
        reg.loc[hit, col] = reg.loc[hit, "id"].map(computed[col])
    reg.loc[hit, "basis"] = "computed"
    tiers = frames["sources"].set_index("source_id")["tier"]
    reg["tier"] = reg["source_id"].map(tiers)
    for row in reg.itertuples():
        cell = row.other_source_ids if isinstance(row.other_source_ids, str) else ""
        others = [s.strip() for s in cell.split(";") if s.strip()]
        for sid in [row.source_id, *others]:
            if sid not in tiers.index:
                raise data.DataError(f"data/claims.csv, claim {row.id}: unknown source {sid!r}")
            if tiers[sid] == "partisan":
                raise data.DataError(f"data/claims.csv, claim {row.id}: rests on {sid!r}, which "
                                     "data/sources.csv marks 'partisan'")
    return reg


def tier_counts(reg: pd.DataFrame, by: str | None = None) -> pd.DataFrame | pd.Series:
    """How many claims rest (their main source) on each tier of source, optionally by a column."""
    if by is None:
        return reg["tier"].value_counts().reindex(TIERS, fill_value=0)
    return pd.crosstab(reg[by], reg["tier"]).reindex(columns=TIERS, fill_value=0)


def verdict_counts(reg: pd.DataFrame, by: str | None = None) -> pd.DataFrame | pd.Series:
    """How many claims have each verdict (in the order of :data:`VERDICT_LABELS`), optionally by a column."""
    order = list(VERDICT_LABELS)
    if by is None:
        return reg["verdict"].value_counts().reindex(order, fill_value=0)
    return pd.crosstab(reg[by], reg["verdict"]).reindex(columns=order, fill_value=0)


# ---------------------------------------------------------------------------------------------------------------
# presentation helpers (Markdown cells for the chapter's tables)

def chapter_exists(name: str) -> bool:
    """True when ``book/<name>.md`` exists and is listed in ``_toc.yml`` (so a {doc} link to it resolves)."""
    from kzdep import buildcache

    book = data.ROOT / "book"
    listed = {p.stem for p in buildcache.chapters(data.ROOT / "_toc.yml", book)}
    return (book / f"{name}.md").is_file() and name in listed


def chapter_link(name: str) -> str:
    """A {doc} link to the chapter that examines a claim, or its plain title while that chapter does not exist."""
    title = CHAPTER_TITLES.get(name, name)
    if name != "none" and chapter_exists(name):
        return f"{{doc}}`{title} <{name}>`"
    return title


def cite(source_id: str) -> str:
    """A MyST citation role for a source of the register."""
    data.source(source_id)  # raises on an unknown key
    return f"{{cite:p}}`{source_id}`"


def _cell(text: str) -> str:
    """Data text safe inside a Markdown table cell: one line, and '$' and '*' escaped (with the dollarmath
    extension 'US$115 m ... US$150 m' would otherwise become inline maths)."""
    text = str(text).replace("|", "/").replace("\n", " ").strip()
    return text.replace("$", "\\$").replace("*", "\\*")


def claim_cell(row: pd.Series, with_chapter: bool = False) -> str:
    """'**C24** claim (Article)', optionally with '; examined in: <chapter link>'."""
    where = f"; examined in: {chapter_link(row['chapter'])}" if with_chapter else ""
    return f"**{row['id']}** {_cell(row['claim'])} ({ARTICLE_LABELS[row['article']]}{where})"


def verdict_cell(row: pd.Series) -> str:
    label = VERDICT_LABELS[row["verdict"]]
    return f"{label} (computed)" if row["basis"] == "computed" else label


def display_frame(reg: pd.DataFrame, with_chapter: bool = True) -> pd.DataFrame:
    """The register as the chapter shows it: claim, verdict, reference value, source (cited), where examined."""
    out = pd.DataFrame({
        "Claim": reg.apply(claim_cell, axis=1),
        "Verdict": reg.apply(verdict_cell, axis=1),
        "What the sources or data say": reg["reference_value"].fillna("").map(_cell),
        "Source": reg["source_id"].map(cite) + " (" + reg["tier"].fillna("") + ")",
    })
    if with_chapter:
        out["Examined in"] = reg["chapter"].map(chapter_link)
    return out.reset_index(drop=True)


def download_sources(frame: pd.DataFrame, articles: list[str]) -> list[str]:
    """Every source a register download names: the articles, then each row's main, typed and further sources."""
    ids = list(articles)
    for col in ("source_id", "typed_source_id", "other_source_ids"):
        if col in frame.columns:
            for cell in frame[col].dropna():
                ids += [part.strip() for part in str(cell).split(";") if part.strip()]
    return list(dict.fromkeys(ids))


def download_frame(reg: pd.DataFrame) -> pd.DataFrame:
    """The register as downloaded: plain columns, no Markdown."""
    cols = ["id", "article", "claim", "quote_fragment", "topic", "chapter", "verdict", "typed_verdict", "basis",
            "rule", "reference_value", "source_id", "tier", "typed_source_id", "other_source_ids", "note"]
    return reg[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# the chapter's numbers, figure and tables (book/claims.md calls these, one per section)

ARTICLES = ["olivium-2022", "defencetoday-2023"]
PRIMARY = ["official", "company", "intergovernmental", "research"]
# the extracts whose sources a computed verdict's table names in its caption (the curated rows are cited row by row)
EXTRACT_TABLES = ("population", "milex_share_gdp", "arms_imports_tiv", "trade_dots", "trade_bns",
                  "eu_exports_monthly", "eur_usd_annual")
VERDICT_COLOURS = {"supported": "#2e7d32", "partly_supported": "#e0a100", "contradicted": None,
                   "could_not_verify": None, "not_checkable": "#bbbbbb"}


def findings(reg: pd.DataFrame) -> dict[str, str]:
    """The chapter's numbers, formatted for prose: counts of verdicts (all, by article), of computed verdicts and
    of the tiers of the verdicts' main sources."""
    from kzdep import text

    counts, by_article = verdict_counts(reg), verdict_counts(reg, "article")
    computed = reg[reg["basis"] == "computed"]
    tiers = tier_counts(reg)
    out = {"claims_n": text.integer(len(reg)),
           "claims_computed_n": text.integer(len(computed)),
           "claims_computed_agree": text.integer(int((computed["verdict"] == computed["typed_verdict"]).sum())),
           "claims_supported_share": text.percent(100 * counts["supported"] / len(reg), 0),
           "claims_checkable_n": text.integer(int((reg["verdict"] != "not_checkable").sum())),
           "claims_tier_primary": text.integer(int(tiers[PRIMARY].sum()))}
    out |= {f"claims_{v}": text.integer(int(counts[v])) for v in VERDICT_LABELS}
    out |= {f"claims_tier_{k}": text.integer(int(tiers[t])) for k, t in
            (("agency", "news-agency"), ("press", "press"), ("relay", "relay"), ("partisan", "partisan"))}
    for article in ARTICLES:
        key, row = article.split("-")[0], by_article.loc[article]
        out |= {f"claims_{key}_n": text.integer(int(row.sum())),
                f"claims_{key}_supported": text.integer(int(row["supported"])),
                f"claims_{key}_problem": text.integer(int(row["partly_supported"] + row["contradicted"])),
                f"claims_{key}_contradicted": text.integer(int(row["contradicted"]))}
    return out


def verdict_figure(reg: pd.DataFrame):
    """The stacked bars of verdicts by article: ``(figure, the plotted counts)``."""
    from kzdep import style

    by_article = verdict_counts(reg, "article")
    colours = {v: c or style.colour("Russia" if v == "contradicted" else "Other") for v, c in VERDICT_COLOURS.items()}
    fig, ax = style.figure(figsize=(7.0, 2.6))
    labels = [ARTICLE_LABELS[a] for a in ARTICLES]
    left = pd.Series(0.0, index=ARTICLES)
    for verdict, label in VERDICT_LABELS.items():
        values = by_article.loc[ARTICLES, verdict]
        ax.barh(labels, values, left=left.values, color=colours[verdict], label=label, height=0.55)
        for y, (v, start) in enumerate(zip(values, left)):
            if v:
                ax.text(start + v / 2, y, str(int(v)), ha="center", va="center", fontsize=8, color="white")
        left += values
    ax.invert_yaxis()
    ax.set_xlabel("Number of claims")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    ax.legend(ncol=5, loc="lower left", bbox_to_anchor=(0.0, 1.0), fontsize=7)
    fig.subplots_adjust(bottom=0.3, top=0.8)
    return fig, by_article.loc[ARTICLES].reset_index()


def table_args(shown: pd.DataFrame, download: pd.DataFrame, widths: list[int]) -> dict:
    """The arguments of ``style.long_table`` for a table of register rows (the chapter adds the name and caption):
    the caption names the articles; each row's reference source is cited in the row and listed in the download."""
    return {"shown": shown, "download": download, "source_ids": download_sources(download, ARTICLES),
            "caption_sources": ARTICLES, "note": "Reference sources are cited row by row", "widths": widths}


def correction_table(reg: pd.DataFrame, verdict: str) -> dict:
    """The claims with ``verdict``: claim, what the sources say, why this verdict (for a computed one its rule),
    source (arguments of ``style.long_table``)."""
    rows = reg[reg["verdict"] == verdict]
    why = [r["rule"] if r["basis"] == "computed" else (r["note"] or "") for _, r in rows.iterrows()]
    shown = pd.DataFrame({
        "Claim": rows.apply(claim_cell, axis=1, with_chapter=True).values,
        "What the sources or data say": rows["reference_value"].map(_cell).values,
        "Why this verdict": [_cell(w) for w in why],
        "Source": rows["source_id"].map(cite).values,
    })
    return table_args(shown, download_frame(rows), [27, 29, 26, 18])


def tier_table(reg: pd.DataFrame) -> pd.DataFrame:
    """Verdicts by the tier of their main source (the four primary tiers together)."""
    by_tier = tier_counts(reg, "verdict").reindex(list(VERDICT_LABELS), fill_value=0)
    return pd.DataFrame({"Verdict": [VERDICT_LABELS[v] for v in by_tier.index],
                         "Primary": by_tier[PRIMARY].sum(axis=1).values, "News agency": by_tier["news-agency"].values,
                         "Press": by_tier["press"].values, "Relay": by_tier["relay"].values,
                         "Claims": by_tier.sum(axis=1).values})


def computed_table(reg: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> dict:
    """The computed verdicts with their rules, what the data say and the source of the row relied on (arguments of
    ``style.long_table``; the caption names the articles and the extracts read)."""
    computed = reg[reg["basis"] == "computed"]
    shown = pd.DataFrame({
        "Claim": computed.apply(claim_cell, axis=1).values,
        "Rule": computed["rule"].map(_cell).values,
        "What the data say": computed["reference_value"].map(_cell).values,
        "Verdict": computed["verdict"].map(VERDICT_LABELS).values,
        "Source": computed["source_id"].map(cite).values,
    })
    data_ids = sorted({sid for name in EXTRACT_TABLES for sid in frames[name]["source_id"].unique()})
    download = download_frame(computed)
    return {"shown": shown, "download": download, "caption_sources": ARTICLES + data_ids,
            "source_ids": download_sources(download, ARTICLES + data_ids),
            "note": "Other reference rows are cited in the chapters", "widths": [20, 22, 28, 12, 18]}


def chapter_section(reg: pd.DataFrame, chapter: str) -> dict:
    """A section of the whole register: says where the chapter examines the claims, and returns their table
    (arguments of ``style.long_table``)."""
    from IPython.display import Markdown, display

    if chapter != "none":
        link = chapter_link(chapter)
        display(Markdown(f"Examined in the chapter {link}." if link.startswith("{doc}") else
                         f"The {CHAPTER_TITLES[chapter].lower()} chapter is not part of this build."))
    rows = reg[reg["chapter"] == chapter]
    return table_args(display_frame(rows, with_chapter=False), download_frame(rows), [30, 12, 40, 18])


# ---------------------------------------------------------------------------------------------------------------
# the articles sentence by sentence: every sentence with a checkable claim has its row

def _plain(text: str) -> str:
    """Lower case, one space between words, straight apostrophes (how a quote is matched to its sentence)."""
    import re

    return re.sub(r"\s+", " ", str(text).replace("\u2019", "'")).strip().lower()


def sentence_map_problems(sentences: pd.DataFrame, claims_table: pd.DataFrame) -> list[str]:
    """What is wrong with a list of the articles' sentences (columns ``article, sentence, claim_ids,
    no_claim_reason``) against the claims register: a sentence with neither rows nor a reason, a row id that is not
    in the register or belongs to the other article, a row whose quote is not in the sentence that names it, and a
    row of the register that no sentence names. An empty list means every sentence maps to its rows."""
    problems = []
    rows = claims_table.set_index("id")
    named: set[str] = set()
    for number, item in enumerate(sentences.itertuples(index=False), start=2):
        ids = [i for i in str(item.claim_ids).split(";") if i and i != "nan"]
        where = f"sentence list, row {number} ({item.article})"
        reason = item.no_claim_reason if isinstance(item.no_claim_reason, str) else ""
        if not ids and not reason.strip():
            problems.append(f"{where}: no claim row and no reason why: {item.sentence[:60]!r}")
        for claim_id in ids:
            named.add(claim_id)
            if claim_id not in rows.index:
                problems.append(f"{where}: claim {claim_id} is not in the register")
                continue
            row = rows.loc[claim_id]
            if row["article"] != item.article:
                problems.append(f"{where}: claim {claim_id} belongs to {row['article']}")
            if _plain(row["quote_fragment"]) not in _plain(item.sentence):
                problems.append(f"{where}: the quote of {claim_id} is not in the sentence")
    for claim_id in rows.index.difference(sorted(named)):
        problems.append(f"claim {claim_id}: no sentence of the list names it")
    return problems
