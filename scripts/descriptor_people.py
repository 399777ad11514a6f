"""Descriptors of the people chapter's hand-curated tables (issue 13), kept apart from descriptor.py.

Each table is hand-transcribed from the pages named in its rows' ``source_id``; the resources are appended to
``descriptor.RESOURCES`` by a hook at the end of that module.
"""

from __future__ import annotations

DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
COUNTRIES = ["kazakhstan", "russia", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"]


def resources(f, sid, note, curated):
    """The people tables, built with descriptor.py's helpers (passed in to avoid a circular import)."""
    return [
        curated(
            "un_votes", "Later votes at the UN General Assembly on Ukraine, from press reports",
            "How Kazakhstan, Russia and the other Central Asian states voted on the General Assembly's votes on "
            "Ukraine after the UN voting records reachable here end (July 2024, February 2026), as press reports "
            "give them; one row per vote, country and source. The resolutions of 2014-2025 are in "
            "un_votes_records, from the UN's records.",
            [f("vote_id", "string", "Key of the vote", required=True, pattern=r"\d{4}-[a-z0-9-]+"),
             f("date", "string", "Date of the vote", required=True, pattern=r"\d{4}-\d{2}-\d{2}"),
             f("symbol", "string", "Resolution symbol where the sources give it"),
             f("title", "string", "Title of the resolution", required=True),
             f("country", "string", "Member state", required=True, enum=COUNTRIES),
             f("vote", "string", "Vote as recorded", required=True, enum=["yes", "no", "abstain", "absent"]),
             sid(), note()],
            ["vote_id", "country", "source_id"],
            "Press reports, not the UN's records: every vote comes from a report that lists it. A vote no source "
            "lists is left out, not guessed."),
        curated(
            "arrivals_2022", "Russian citizens arriving in Kazakhstan in 2022: official figures",
            "Entries, departures, identification numbers (IIN), residence permits and applications of Russian "
            "citizens as stated by Kazakh ministers and ministries in 2022.",
            [f("period_start", "string", "Start of the period counted", required=True, pattern=DATE),
             f("period_end", "string", "End of the period (empty where the statement gives none)", pattern=DATE),
             f("stated", "string", "When the figure was stated", required=True, pattern=DATE),
             f("measure", "string", "What is counted", required=True,
               enum=["entered", "left", "stayed", "iin_issued", "iin_applications", "residence_permits",
                     "pr_applications", "residing"]),
             f("qualifier", "string", "exact, about or more_than, as the source words it", required=True,
               enum=["exact", "about", "more_than"]),
             f("value", "integer", "Number of Russian citizens", "persons", required=True, minimum=0),
             f("counted_by", "string", "The ministry whose figure it is", required=True),
             sid(), note()],
            ["period_start", "measure", "source_id"],
            "Ministers' statements relayed by the press, not a statistical series: entries count border "
            "crossings, IINs count registrations, and 'stayed' is a minister's estimate."),
        curated(
            "opinion_polls", "Opinion polls: Kazakhs on the war, Russians on Kazakhstan",
            "Survey results with pollster, fieldwork dates, sample size and method, one row per answer.",
            [f("poll_id", "string", "Key of the survey wave", required=True),
             f("pollster", "string", "Pollster", required=True),
             f("country_surveyed", "string", "Where the respondents live", required=True,
               enum=["kazakhstan", "russia"]),
             f("fieldwork_start", "string", "Start of fieldwork", required=True, pattern=DATE),
             f("fieldwork_end", "string", "End of fieldwork", required=True, pattern=DATE),
             f("respondents", "integer", "Sample size", "persons", minimum=0),
             f("method", "string", "Method as described by the source", required=True),
             f("question", "string", "Question key", required=True,
               enum=["side_supported", "russian_attack_possible", "war_framing", "kazakhstan_friendly",
                     "russia_role_very_positive", "russia_priority_partner"]),
             f("answer", "string", "Answer key", required=True),
             f("value_pct", "number", "Share of respondents", "percent", required=True, minimum=0, maximum=100),
             sid(), note()],
            ["poll_id", "question", "answer", "source_id"],
            "Telephone polls with response rates of about 15 %; waves of one pollster share a method, "
            "different pollsters do not."),
        curated(
            "statements", "Kazakh official statements: non-recognition, sanctions, residence, alphabet",
            "Dated statements and decisions of Kazakh officials, summarised in the report's words.",
            [f("date", "string", "Date", required=True, pattern=DATE),
             f("actor", "string", "Who", required=True),
             f("kind", "string", "Topic", required=True,
               enum=["non_recognition", "sanctions", "residence", "alphabet"]),
             f("summary", "string", "What was said or decided", required=True),
             sid(), note()],
            ["date", "kind", "source_id"],
            "Summaries, not quotations; the sources are news reports of the statements."),
        curated(
            "language", "Language of schooling",
            "Shares and counts of first-graders by language of instruction, as stated by education officials.",
            [f("year", "integer", "School year starting", required=True, minimum=1989, maximum=2026),
             f("area", "string", "Country or region", required=True, enum=["kazakhstan", "north_kazakhstan"]),
             f("measure", "string", "What is measured", required=True,
               enum=["first_graders_kazakh_classes", "first_grade_applications",
                     "first_grade_applications_russian"]),
             f("value", "number", "Value", required=True, minimum=0),
             f("unit", "string", "Unit", required=True, enum=["percent", "applications"]),
             sid(), note()],
            ["year", "area", "measure", "source_id"],
            "Enrolment statements before the school year began; the national school statistics were not "
            "reached."),
        curated(
            "census_places", "Kazakh share of the population in selected cities, 1989 and 1999",
            "Shares of Kazakhs in cities named by the sources, at the 1989 census (as recalculated by Kazakhstan) "
            "and the 1999 census.",
            [f("place", "string", "City (former name)", required=True),
             f("census_year", "integer", "Census year", required=True, enum=[1989, 1999, 2009, 2021]),
             f("group", "string", "Ethnic group", required=True, enum=["kazakh", "russian"]),
             f("share_pct", "number", "Share of the population", "percent", required=True, minimum=0,
               maximum=100),
             sid(), note()],
            ["place", "census_year", "group", "source_id"],
            "Only the cities the state history portal names; the bureau's tables by region could not be reached."),
    ]
