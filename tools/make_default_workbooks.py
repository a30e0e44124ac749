#!/usr/bin/env python3
"""Writes the default project's workbooks (the CCM Beirut Progress Report, 2MSP 2011).

This is how the files in workbooks/ were first made; from then on they are kept in Excel like
any coordinator's workbook. Facts come from ../shared/domain (treaty rules, meeting dates,
States and their dates); everything else is an illustrative sample and says so in its Source
column. Run it from the repository root:

    pip install openpyxl==3.1.5
    python3 tools/make_default_workbooks.py ../shared/domain/ccm-states-2011.tsv
"""

import csv
import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

OUT = Path("workbooks")
ILLUSTRATIVE = "Illustrative sample (not an official record)"
MONITOR = "Cluster Munition Monitor 2011"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def d(s):
    return dt.date.fromisoformat(s) if s else None


def sheet(wb, name, columns, rows, widths=None, title=None, first=False):
    """A sheet as coordinators lay them out: an optional merged title, a bold frozen header."""
    ws = wb.active if first else wb.create_sheet()
    ws.title = name
    r = 1
    if title:
        ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        r = 3
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(row=r, column=c, value=col)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=r + 1, column=1)
    for i, row in enumerate(rows, start=r + 1):
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=i, column=c, value=v)
            if isinstance(v, dt.date):
                cell.number_format = "d mmm yyyy"
    for c, col in enumerate(columns, start=1):
        w = (widths or {}).get(col) or max(12, min(60, max([len(col)] + [len(str(row[c - 1] or "")) for row in rows]) + 2))
        ws.column_dimensions[get_column_letter(c)].width = w
    return ws


ALIASES = {
    "Lao People's Democratic Republic": "Lao PDR; Laos",
    "Macedonia, former Yugoslav Republic of": "Macedonia FYR; FYR Macedonia; The former Yugoslav Republic of Macedonia",
    "Moldova": "Republic of Moldova",
    "United Kingdom": "UK; United Kingdom of Great Britain and Northern Ireland",
    "Holy See": "Vatican",
    "Bosnia and Herzegovina": "BiH; Bosnia-Herzegovina",
    "Cape Verde": "Cabo Verde",
    "Czech Republic": "Czechia",
    "Swaziland": "Eswatini",
    "Democratic Republic of the Congo": "DR Congo; DRC",
    "United Republic of Tanzania": "Tanzania",
    "Côte d'Ivoire": "Ivory Coast",
    "Saint Vincent and the Grenadines": "St Vincent and the Grenadines",
}

SIGNATORIES = """Angola Africa; Australia Pacific; Benin Africa; Bolivia Americas; Cameroon Africa; Canada Americas;
Central African Republic Africa; Chad Africa; Colombia Americas; Congo Africa; Côte d'Ivoire Africa; Cyprus Europe;
Democratic Republic of the Congo Africa; Djibouti Africa; Gambia Africa; Guinea Africa; Honduras Americas;
Hungary Europe; Iceland Europe; Iraq Middle East; Kenya Africa; Liberia Africa; Madagascar Africa; Mauritania Africa;
Namibia Africa; Nigeria Africa; Rwanda Africa; Sao Tome and Principe Africa; Somalia Africa; South Africa Africa;
Togo Africa; Uganda Africa; United Republic of Tanzania Africa"""

REGIONS = ["Middle East", "Africa", "Americas", "Europe", "Pacific", "Asia"]


def signatories():
    out = []
    for item in SIGNATORIES.replace("\n", " ").split(";"):
        item = item.strip()
        for region in REGIONS:
            if item.endswith(" " + region):
                out.append((item[: -len(region) - 1], region))
    return out


def states(tsv):
    rows = list(csv.DictReader(open(tsv, encoding="utf-8"), delimiter="\t"))
    out = []
    for r in rows:
        note = r["note"]
        if not r["signed"] and r["kind"] != "accession":
            note = (note + "; " if note else "") + "signature date not given in the sources used"
        out.append([r["state"], r["region"], d(r["signed"]), d(r["deposited"]), r["kind"],
                    ALIASES.get(r["state"], None), note or None, "UN depositary records; " + MONITOR])
    for name, region in signatories():
        out.append([name, region, None, None, None, ALIASES.get(name), "signatory; signature date not given in the sources used",
                    MONITOR])
    # States not party that appear in the allegations of use.
    for name, region in [("Thailand", "Asia"), ("Libya", "Middle East")]:
        out.append([name, region, None, None, None, None, "not a signatory", MONITOR])
    out.sort(key=lambda r: r[0])
    return out


def main(tsv):
    OUT.mkdir(exist_ok=True)

    wb = Workbook()
    sheet(wb, "States", ["State", "Region", "Signed", "Deposited", "Instrument", "Aliases", "Note", "Source"], states(tsv),
          widths={"State": 38, "Aliases": 40, "Note": 50, "Source": 40}, first=True)
    wb.save(OUT / "states.xlsx")

    wb = Workbook()
    sheet(wb, "Settings", ["Setting", "Value", "Note"], [
        ["Title", "Beirut Progress Report", None],
        ["Subtitle", "Monitoring progress in implementing the Vientiane Action Plan", None],
        ["Period", "From the adoption of the Vientiane Action Plan at the First Meeting of States Parties "
                   "(Vientiane, 12 November 2010) to the Second Meeting of States Parties (Beirut, 12-16 September 2011)", None],
        ["Treaty", "Convention on Cluster Munitions", None],
        ["Treaty short name", "CCM", None],
        ["Previous meeting", "1MSP", "Code in the Meetings sheet"],
        ["Next meeting", "2MSP", "Code in the Meetings sheet: the meeting this report is prepared for"],
        ["Cut-off date", d("2011-09-12"), "Information received up to the opening of the 2MSP"],
        ["Report date", d("2011-09-12"), "Printed in the document properties"],
    ], widths={"Value": 70, "Note": 60}, first=True)
    sheet(wb, "Meetings", ["Meeting", "Name", "Place", "Start", "End", "Note"], [
        ["1MSP", "First Meeting of States Parties", "Vientiane, Lao PDR", d("2010-11-09"), d("2010-11-12"),
         "Vientiane Action Plan adopted on 12 November 2010"],
        ["Intersessional", "Intersessional meetings", "Geneva", d("2011-06-27"), d("2011-06-30"), None],
        ["2MSP", "Second Meeting of States Parties", "Beirut, Lebanon", d("2011-09-12"), d("2011-09-16"),
         "Some sources give 13-16 September (formal sessions)"],
    ], widths={"Name": 34, "Note": 50})
    sheet(wb, "Wording", ["Section", "Kind", "Text"], WORDING, widths={"Text": 110})
    wb.save(OUT / "settings.xlsx")

    wb = Workbook()
    sheet(wb, "Reported steps", STEP_COLUMNS, UNIVERSALIZATION_STEPS,
          widths={"State": 30, "Step": 60, "Source": 40}, title="Universalization: steps reported by States Parties, 1MSP to 2MSP",
          first=True)
    sheet(wb, "Allegations of use", ["Allegation", "Date reported", "Alleged user", "Place", "Note", "Source"], ALLEGATIONS,
          widths={"Note": 50, "Source": 30})
    sheet(wb, "Reactions to use", ["State", "Allegation", "Reaction", "Date", "Source"], REACTIONS,
          widths={"State": 30, "Source": 40})
    wb.save(OUT / "universalization.xlsx")

    wb = Workbook()
    sheet(wb, "Sheets", ["Sheet", "Role", "Header row", "One row per", "Description"], DICT_SHEETS,
          widths={"Description": 80}, first=True)
    sheet(wb, "Columns", ["Sheet", "Column", "Type", "Required", "Values", "Description"], DICT_COLUMNS,
          widths={"Values": 50, "Description": 80})
    wb.save(OUT / "dictionary.xlsx")


STEP_COLUMNS = ["State", "Action", "Kind", "Step", "Date", "Channel", "Source"]

WORDING = [
    [4, "challenge", "The key challenge for the States Parties is to end use of cluster munitions by States not party, "
                     "and to reinforce the norm by reacting uniformly and robustly to any reported use."],
    [4, "challenge", "A second challenge is to ensure that signatories ratify the Convention as soon as possible."],
    [4, "challenge", "A third challenge is to ensure accessions to the Convention by other States."],
    [4, "question", "How should the CCM States Parties as a community, represented by the President, best respond to "
                    "allegations of use by a State not party to the CCM?"],
    [4, "question", "How can States Parties best cooperate with civil society and the UN in situations of reported use?"],
    [4, "question", "What steps can be taken to encourage more signatories to ratify the Convention as soon as possible?"],
    [4, "question", "What steps can be taken to encourage other States to accede to the Convention?"],
]

ALLEGATIONS = [
    ["U-2011-1", d("2011-02-15"), "Thailand", "Border area with Cambodia", "Use reported in February 2011", MONITOR],
    ["U-2011-2", d("2011-04-15"), "Libya", "Misrata", "Use reported in April 2011; day of month illustrative", MONITOR],
]

# Illustrative: who reacted to the reported use, how.
REACTION_KINDS = ["individual démarche", "joint démarche", "public statement", "support for fact-finding"]
REACTING = ["Austria", "Belgium", "Croatia", "Denmark", "France", "Germany", "Ireland", "Italy", "Japan", "Lao People's Democratic Republic",
            "Lebanon", "Luxembourg", "Malta", "Mexico", "Netherlands", "New Zealand", "Norway", "Portugal", "Slovenia",
            "Spain", "United Kingdom", "Uruguay", "Chile", "Ghana", "Zambia"]
REACTIONS = []
for i, s in enumerate(REACTING):
    a = "U-2011-1" if i % 3 == 0 else "U-2011-2"
    REACTIONS.append([s, a, REACTION_KINDS[i % 4], d("2011-02-20") if a == "U-2011-1" else d("2011-04-20") + dt.timedelta(days=i), ILLUSTRATIVE])
    if i % 5 == 0:
        REACTIONS.append([s, "U-2011-2", "public statement", d("2011-05-02"), ILLUSTRATIVE])

SUPPORTERS = ["Norway", "Ireland", "Mexico", "New Zealand", "Austria", "Lao People's Democratic Republic", "Lebanon", "Zambia",
              "Chile", "Ghana", "Malawi", "Burkina Faso", "Belgium", "Germany", "Netherlands"]
DISCOURAGERS = ["Norway", "Denmark", "Belgium", "Netherlands", "Italy", "Spain", "United Kingdom", "France", "Portugal", "Bulgaria"]
PROMOTERS = ["Lao People's Democratic Republic", "Lebanon", "Mexico", "Ireland", "Norway", "New Zealand", "Chile", "Zambia", "Ghana", "Japan",
             "Croatia", "Austria"]
UNIVERSALIZATION_STEPS = []
for i, s in enumerate(PROMOTERS):
    UNIVERSALIZATION_STEPS.append([s, 2 + i % 2, "promoted adherence", "Raised ratification or accession with States not party",
                                   d("2011-01-10") + dt.timedelta(days=13 * i), "bilateral" if i % 2 else "regional meeting",
                                   ILLUSTRATIVE])
for i, s in enumerate(SUPPORTERS):
    UNIVERSALIZATION_STEPS.append([s, 4, "supported civil society or international organisations",
                                   "Funded or hosted a thematic meeting to promote the Convention in States not party",
                                   d("2010-12-01") + dt.timedelta(days=17 * i), "civil society" if i % 3 else "United Nations",
                                   ILLUSTRATIVE])
for i, s in enumerate(DISCOURAGERS):
    UNIVERSALIZATION_STEPS.append([s, 6, "discouraged use", "Took steps to ensure cluster munitions were excluded from joint "
                                   "military operations" if i < 6 else "Raised the norm against use with a State not party",
                                   d("2011-03-25") + dt.timedelta(days=7 * i), "bilateral", ILLUSTRATIVE])

DICT_SHEETS = [
    ["States", "States list", None, "State", "Master list of States: every State Party and signatory, and the States not party named elsewhere"],
    ["Settings", "settings", None, "Setting", "Report settings: title, period, meetings, cut-off date"],
    ["Meetings", None, None, "Meeting", "Meetings of States Parties and intersessional meetings"],
    ["Wording", None, None, None, "Challenges and questions per section, as agreed with the coordinators"],
    ["Reported steps", None, None, None, "Steps reported by States Parties on Vientiane Action Plan actions (one row per step)"],
    ["Allegations of use", None, None, "Allegation", "Reported use of cluster munitions since entry into force"],
    ["Reactions to use", None, None, None, "Reactions of States Parties to reported use (one row per reaction)"],
]

DICT_COLUMNS = [
    ["States", "State", "text", "yes", None, "Name of the State as it should appear in reports"],
    ["States", "Region", "one of a list", "yes", "Africa; Americas; Asia; Europe; Middle East; Pacific", "Regional group"],
    ["States", "Signed", "date", "no", None, "Date of signature of the Convention"],
    ["States", "Deposited", "date", "no", None, "Date of deposit of the instrument of ratification, acceptance or accession"],
    ["States", "Instrument", "one of a list", "no", "ratification; acceptance; accession", "Kind of instrument deposited"],
    ["States", "Aliases", "text", "no", None, "Other spellings used in workbooks, separated by semicolons"],
    ["States", "Note", "text", "no", None, "Remarks, e.g. on uncertain dates"],
    ["States", "Source", "text", "no", None, "Where the dates come from"],
    ["Settings", "Setting", "text", "yes", None, "Name of the setting"],
    ["Settings", "Value", "text", "no", None, "Its value (text, a number or a date)"],
    ["Settings", "Note", "text", "no", None, "Explanation"],
    ["Meetings", "Meeting", "text", "yes", None, "Short code used in plugins and settings, e.g. 2MSP"],
    ["Meetings", "Name", "text", "yes", None, "Full name of the meeting"],
    ["Meetings", "Place", "text", "no", None, "City and country"],
    ["Meetings", "Start", "date", "yes", None, "First day"],
    ["Meetings", "End", "date", "yes", None, "Last day"],
    ["Meetings", "Note", "text", "no", None, "Remarks"],
    ["Wording", "Section", "whole number", "yes", None, "Report section the text belongs to"],
    ["Wording", "Kind", "one of a list", "yes", "challenge; question", "A challenge paragraph or a question for the meeting"],
    ["Wording", "Text", "text", "yes", None, "The text, as it should appear in the report"],
    ["Reported steps", "State", "State", "yes", None, "State Party that reported the step"],
    ["Reported steps", "Action", "whole number", "yes", None, "Vientiane Action Plan action number (1-66)"],
    ["Reported steps", "Kind", "one of a list", "yes",
     "promoted adherence; supported civil society or international organisations; discouraged use",
     "Kind of step"],
    ["Reported steps", "Step", "text", "yes", None, "What was done, in a few words"],
    ["Reported steps", "Date", "date", "no", None, "When it was done or reported"],
    ["Reported steps", "Channel", "text", "no", None, "Forum or channel used (bilateral, regional meeting, United Nations, civil society...)"],
    ["Reported steps", "Source", "text", "yes", None, "Where the information comes from"],
    ["Allegations of use", "Allegation", "text", "yes", None, "Reference of the allegation"],
    ["Allegations of use", "Date reported", "date", "yes", None, "When the use was reported"],
    ["Allegations of use", "Alleged user", "State", "yes", None, "State alleged to have used cluster munitions"],
    ["Allegations of use", "Place", "text", "no", None, "Where"],
    ["Allegations of use", "Note", "text", "no", None, "Remarks"],
    ["Allegations of use", "Source", "text", "yes", None, "Where the information comes from"],
    ["Reactions to use", "State", "State", "yes", None, "State Party that reacted"],
    ["Reactions to use", "Allegation", "text", "yes", None, "Reference in the Allegations of use sheet"],
    ["Reactions to use", "Reaction", "one of a list", "yes", "; ".join(REACTION_KINDS), "How it reacted"],
    ["Reactions to use", "Date", "date", "no", None, "When"],
    ["Reactions to use", "Source", "text", "yes", None, "Where the information comes from"],
]

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/domain/ccm-states-2011.tsv")
