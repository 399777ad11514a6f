"""The brief: a short PDF (four to eight pages) beside the report, built by ``make book``.

It holds the summary's findings, the verdict table, three figures and how to cite, all computed from the same
functions the summary chapter glues (:func:`kzdep.summary.answer_findings`, :func:`kzdep.summary.verdict`), so the
brief and the book cannot disagree. It is a plain LaTeX document written from those values and the figures drawn
here, compiled with ``latexmk -xelatex`` (the engine the book uses): nothing is executed twice and no notebook is
read.

Run: ``python -m kzdep.brief --out _build/brief`` (writes ``brief.tex``, the figures and ``brief.pdf`` there).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

from kzdep import citation, data, summary

L = citation._latex  # noqa: E731  (escape LaTeX's special characters)


def findings_items(f: dict[str, str]) -> list[str]:
    """The five findings as LaTeX paragraphs, worded as in the summary chapter, from ``answer_findings()``."""
    return [
        (f"\\textbf{{Oil leaves through Russia, more than before.}} In {f['ans_oil_latest_year']} at least "
         f"{L(f['ans_oil_latest'])} of Kazakhstan's crude exports travelled on routes crossing Russia "
         f"{L(f['ans_oil_caveat'])}, against {L(f['ans_oil_before'])} in {f['ans_oil_before_year']} "
         f"{L(f['ans_oil_before_caveat'])}. In 2021, a year "
         f"without a full split by route, the Caspian Pipeline Consortium (CPC) alone carried {L(f['ans_cpc_2021'])}."),
        (f"\\textbf{{Trade is lopsided, and Russia's lead is shrinking.}} Russia supplied {L(f['ans_imp_latest'])} of "
         f"Kazakhstan's imports in {f['ans_imp_latest_year']} {L(f['ans_imp_caveat'])}, down from "
         f"{L(f['ans_imp_mid'])} in 2021 and {L(f['ans_imp_before'])} in {f['ans_imp_before_year']}, with China close "
         f"behind at {L(f['ans_cn_latest'])}; it took only {L(f['ans_exp_latest'])} of Kazakh exports, leaving "
         f"Kazakhstan a {f['ans_bal_word']} of {L(f['ans_bal'])} with Russia in {f['ans_bal_year']}."),
        (f"\\textbf{{Arms come from Russia, more than ever.}} Over {L(f['ans_arms_latest_window'])} Russia supplied "
         f"{L(f['ans_arms_latest'])} of Kazakhstan's arms imports, measured in SIPRI's trend-indicator values "
         f"{L(f['ans_arms_caveat'])}, against {L(f['ans_arms_low'])} over {L(f['ans_arms_low_window'])}, the lowest "
         "of any five-year window ending since 2000 in SIPRI's latest register."),
        (f"\\textbf{{The human and political tie thins.}} Ethnic Russians were {L(f['ans_rus_before'])} of the "
         f"population at the {f['ans_rus_before_year']} census {L(f['ans_rus_before_caveat'])} and "
         f"{L(f['ans_rus_latest'])} at the "
         f"{f['ans_rus_latest_year']} census {L(f['ans_rus_caveat'])}. In the UN General Assembly Kazakhstan "
         f"{f['ans_un_kz_yes_phrase']} of the {f['ans_un_n']} resolutions on Ukraine and Crimea adopted from "
         f"{f['ans_un_first_year']} to {f['ans_un_last_year']}, yet it voted as Russia did on {f['ans_un_same']} of "
         f"them, mostly on human rights in Crimea; after {f['ans_un_since_year']} it {f['ans_un_since']} every time."),
        (f"\\textbf{{Russia needs Kazakhstan too.}} Oil that is not Kazakh made up {L(f['ans_cpc_other_mt'])} million "
         f"tonnes ({L(f['ans_cpc_other_share'])}) of the CPC's loadings in {f['ans_cpc_other_year']}; Kazakhstan "
         f"carried {L(f['ans_transit_china'])} million tonnes of Russian oil to China in "
         f"{f['ans_transit_china_year']} and {L(f['ans_gas_uz'])} billion cubic metres of Russian gas to Uzbekistan in "
         f"{f['ans_gas_uz_year']}; Russia rents Baikonur for US\\$ {L(f['ans_baikonur_rent'])} million a year."),
    ]


def verdict_latex(table: pd.DataFrame) -> str:
    """The verdict table as a LaTeX ``tabularx`` (the same cells as the chapter's, without cross-references)."""
    shown = summary.verdict_shown(table)
    shown["Lever and measure"] = [f"\\textbf{{{L(lv)}}}: {L(m)}" for lv, m in zip(table["lever"], table["measure"])]
    cols = list(shown.columns)
    head = " & ".join(f"\\textbf{{{L(c)}}}" for c in cols) + " \\\\ \\hline"
    rows = [" & ".join(c if i == 0 else L(c) for i, c in enumerate(r)) + " \\\\" for r in shown.astype(str).values]
    spec = ">{\\raggedright\\arraybackslash}X" + ">{\\raggedright\\arraybackslash}p{2.0cm}" * 3 + \
        ">{\\raggedright\\arraybackslash}p{1.8cm}p{1.1cm}"
    return ("\\begin{tabularx}{\\textwidth}{" + spec + "}\n\\hline\n" + head + "\n" + "\n".join(rows)
            + "\n\\hline\n\\end{tabularx}")


def plot_verdict(table: pd.DataFrame):
    """Each verdict measure in 2014 or before, in 2021 and in its latest year, one row per measure."""
    from kzdep import style

    fig, ax = style.figure(figsize=(7.0, 2.9))
    rows = table.reset_index(drop=True)
    for i, r in rows.iterrows():
        y = len(rows) - 1 - i
        points = [(r["before_value"], "2014 or before", style.MUTED), (r["mid_value"], "2021", style.INK),
                  (r["latest_value"], "latest", style.colour("Russia"))]
        xs = [p[0] for p in points if p[0] is not None and not pd.isna(p[0])]
        if xs:
            ax.plot([min(xs), max(xs)], [y, y], color="#cccccc", linewidth=1.2, zorder=1)
        for value, label, colour in points:
            if value is not None and not pd.isna(value):
                ax.plot(value, y, marker="o", markersize=6, color=colour, linestyle="none",
                        label=label if i == 0 else None, zorder=2)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([summary._wrap(m, 34) for m in rows["measure"]][::-1], fontsize=7.5)
    ax.set_xlim(-3, 103)
    ax.set_xlabel("percent")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=7.5, frameon=False)
    fig.tight_layout()
    return fig


def document(f: dict[str, str], table: pd.DataFrame, figures: dict[str, str]) -> str:
    """The brief's LaTeX source."""
    notes = L(summary.VERDICT_NOTE)
    items = "\n".join(f"\\item {p}" for p in findings_items(f))
    return rf"""\documentclass[11pt,a4paper]{{article}}
\usepackage{{fontspec}}
\setmainfont{{FreeSerif}}
\setsansfont{{FreeSans}}
\usepackage[margin=2.2cm]{{geometry}}
\usepackage{{graphicx,tabularx,array,xcolor,caption}}
\usepackage[hidelinks]{{hyperref}}
\hypersetup{{pdftitle={{Kazakhstan's dependence on Russia: the brief}},
  pdfauthor={{{L(citation._apa_authors())}}},
  pdfsubject={{Version {citation.version()}, released {citation.release_date().isoformat()}, commit {citation.commit()}}}}}
\setlength{{\parskip}}{{0.5em}}\setlength{{\parindent}}{{0pt}}
\begin{{document}}
{{\sffamily\LARGE Kazakhstan's dependence on Russia: the brief\par}}
\vspace{{0.3em}}
{{\sffamily\large The levers that dependence gives Moscow, measured with public data\par}}
\vspace{{0.3em}}
{{\small {L(citation._apa_authors())} · Version {citation.version()}, released {citation.release_date_text()} ·
commit {citation.commit()}\par}}
\vspace{{0.8em}}
\textbf{{Kazakhstan depends on Russia most where geography and old habits decide: its oil reaches the sea mostly
through Russia, and its arms come almost all from Russia. In trade the tie is lopsided and loosening, China is
catching up, and the dependence runs both ways: Russia needs Kazakh territory for its own oil, gas and rockets.}}

This brief is drawn from the report of the same name, whose every number comes from a named public source and is
computed when the report is built. A number resting on a press report, on a copy of another source (a relay) or on a
year the report had to infer says so beside it.

\section*{{Five findings}}
\begin{{enumerate}}
{items}
\end{{enumerate}}

\section*{{The verdict, lever by lever}}
{{\small
{verdict_latex(table)}
}}

{{\footnotesize {notes}. How sure: high where the source is official, a company's, an intergovernmental body's or a
research institute's and the series covers at least ten years since 2000; medium for a news agency or four to nine
years; low for a press report, a relay or fewer years; one step lower where the year is inferred. Sources: as in the
report's summary chapter (Bureau of National Statistics of Kazakhstan, IMF, SIPRI, Kazakh ministers as reported by
news agencies and the press, census results, reports of UN votes).\par}}

Russia's other neighbours are the yardstick. {L(f['ans_yardstick'])}

\begin{{figure}}[!htbp]
\centering
\includegraphics[width=\textwidth]{{{figures['verdict']}}}
\caption*{{\small Each verdict measure in 2014 or before (grey), in 2021 (black) and in its latest year (red),
percent. The oil share in 2021 is the CPC's share alone, a lower bound. Source: the report's lever chapters
(Kazakh ministers as reported, Bureau of National Statistics, SIPRI, census results, reports of UN votes).}}
\end{{figure}}

\begin{{figure}}[!htbp]
\centering
\includegraphics[width=\textwidth]{{{figures['dashboard']}}}
\caption*{{\small Each lever's indicators from 1995; red series are read as higher = more dependent, grey ones are
context; dotted lines mark 2014 and 2022. Source: the report's lever chapters (IMF DOTS and the Bureau of National
Statistics, the Energy Institute and Kazakh ministers as reported, SIPRI, DEMOSCOPE, census results and reports of
UN votes).}}
\end{{figure}}

\begin{{figure}}[!htbp]
\centering
\includegraphics[width=\textwidth]{{{figures['timeline']}}}
\caption*{{\small Events across the levers, one lane per lever; dotted lines mark early 2014 and early 2022. Source:
the report's events register, each event with its own source (official sites, the CPC, news agencies and outlets).}}
\end{{figure}}

\section*{{What the report cannot yet say}}
The split of oil exports by route exists for a few years only, and the census is taken once a decade; the Kazakh
bureau's trade tables end in {f['ans_imp_latest_year']} and SIPRI's arms register in {f['ans_arms_latest_year']}.
After that the report relies on official statements, which differ between Kazakh and Russian reporters.

\section*{{How to cite}}
{citation.apa(fmt="latex")}

{{\small\begin{{verbatim}}
{citation.bibtex()}
\end{{verbatim}}}}

{L(citation.how_to_cite_copy(fmt="text"))}

Text and figures: CC BY 4.0. Code: MIT. Data: each source's own terms (listed in the report's \emph{{Data and
sources}} chapter).
\end{{document}}
"""


def build(out: Path) -> Path:
    """Write the brief's figures, its LaTeX source and ``brief.pdf`` under ``out``; returns the PDF's path.

    The source is written to a temporary file and renamed, and the PDF is compiled in a temporary folder and moved
    into place only when ``latexmk`` succeeds, so a failed build leaves no half-written brief."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from kzdep import style

    style.use()
    out.mkdir(parents=True, exist_ok=True)
    all_rows = summary.lever_indicators()
    ind = summary.usable(all_rows)
    table = summary.verdict(ind, data.load("sources"))
    f = summary.answer_findings(all_rows)
    figures = {
        "verdict": plot_verdict(table),
        "dashboard": summary.plot_dashboard(summary.dashboard_panels(ind, start=1995)),
        "timeline": summary.plot_timeline(summary.timeline(data.load("events"))),
    }
    names = {}
    for name, fig in figures.items():
        path = out / f"brief-{name}.png"
        fig.savefig(path, dpi=200, bbox_inches="tight")
        plt.close(fig)
        names[name] = path.name
    tex = document(f, table, names)
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        tmp = Path(tmp)
        (tmp / "brief.tex").write_text(tex, encoding="utf-8")
        for name in names.values():
            shutil.copy(out / name, tmp / name)
        run = subprocess.run(["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "brief.tex"],
                             cwd=tmp, capture_output=True, text=True, env={**os.environ})
        if run.returncode != 0 or not (tmp / "brief.pdf").exists():
            log = (tmp / "brief.log").read_text(errors="replace")[-3000:] if (tmp / "brief.log").exists() else ""
            raise RuntimeError(f"the brief did not compile (latexmk exit {run.returncode}):\n{log}")
        os.replace(tmp / "brief.tex", out / "brief.tex")
        os.replace(tmp / "brief.pdf", out / "brief.pdf")
    return out / "brief.pdf"


def pages(pdf: Path) -> int:
    """The number of pages of a PDF (read with pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=data.ROOT / "_build" / "brief")
    args = parser.parse_args(argv)
    pdf = build(args.out)
    n = pages(pdf)
    if not 4 <= n <= 8:
        raise SystemExit(f"the brief has {n} pages: it must have 4 to 8 ({pdf})")
    print(f"brief: {pdf} ({n} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
