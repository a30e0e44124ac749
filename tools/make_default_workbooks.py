#!/usr/bin/env python3
"""Writes the default project's workbooks (the CCM Beirut Progress Report, 2MSP 2011).

This is how the files in workbooks/ were first made; from then on they are kept in Excel like
any coordinator's workbook. Facts come from ../shared/domain (treaty rules, meeting dates,
States and their dates, who had which obligations, the action plan's structure and the titles
that could be verified); everything else is an illustrative sample and says so in its Source
column. Deadlines are never typed in: the plugins compute them from each State's entry into
force (plugins/lib/ccm.lua). Run it from the repository root:

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


# ---------------------------------------------------------------------------------------------
# Dates the illustrative data is built around (the facts are in ../shared/domain).

DEPOSITED = {}  # filled by main() from the TSV


def eif(state):
    """Entry into force for a State (Art. 17(2)); only used to place illustrative dates sensibly."""
    dep = DEPOSITED[state]
    m = dep.month + 6
    y = dep.year + (m - 1) // 12
    m = (m - 1) % 12 + 1
    return max(dt.date(y, m, 1), dt.date(2010, 8, 1))


LAO = "Lao People's Democratic Republic"
MKD = "Macedonia, former Yugoslav Republic of"
BIH = "Bosnia and Herzegovina"
GNB = "Guinea-Bissau"
OBLIGATIONS_SOURCE = MONITOR + " (obligations around August 2011)"


def main(tsv):
    OUT.mkdir(exist_ok=True)
    for r in csv.DictReader(open(tsv, encoding="utf-8"), delimiter="\t"):
        DEPOSITED[r["state"]] = d(r["deposited"])

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
        ["Action plan", "Vientiane Action Plan", None],
        ["Action plan short name", "VAP", None],
        ["Previous meeting", "1MSP", "Code in the Meetings sheet"],
        ["Next meeting", "2MSP", "Code in the Meetings sheet: the meeting this report is prepared for"],
        ["Statements meeting", "Intersessional", "Code in the Meetings sheet of the meeting whose statements are a source"],
        ["Cut-off date", d("2011-09-12"), "Information received up to the opening of the 2MSP"],
        ["Report date", d("2011-09-12"), "Printed in the document properties"],
        ["Disclaimer", "The Beirut Progress Report does not make reference to individual States, but incorporates all "
                       "available information on individual States into an aggregate analysis.",
         "Printed in section 1; the States behind each figure are listed in the Audit sheet of consolidated.xlsx"],
    ], widths={"Value": 70, "Note": 60}, first=True)
    sheet(wb, "Meetings", ["Meeting", "Name", "Place", "Start", "End", "Note"], [
        ["1MSP", "First Meeting of States Parties", "Vientiane, Lao PDR", d("2010-11-09"), d("2010-11-12"),
         "Vientiane Action Plan adopted on 12 November 2010"],
        ["Intersessional", "Intersessional Meetings", "Geneva", d("2011-06-27"), d("2011-06-30"), None],
        ["2MSP", "Second Meeting of States Parties", "Beirut, Lebanon", d("2011-09-12"), d("2011-09-16"),
         "Some sources give 13-16 September (formal sessions)"],
    ], widths={"Name": 34, "Note": 50})
    sheet(wb, "Wording", ["Section", "Kind", "Key", "Text"], WORDING, widths={"Text": 110})
    wb.save(OUT / "settings.xlsx")

    wb = Workbook()
    sheet(wb, "Actions", ACTION_COLUMNS, actions(), widths={"Title": 70, "Note": 60, "Source": 40},
          title="Vientiane Action Plan: the 66 actions", first=True)
    wb.save(OUT / "action_plan.xlsx")

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
    sheet(wb, "Obligations", OBLIGATION_COLUMNS, ARTICLE3, widths={"Note": 70, "Source": 45},
          title="Article 3: States that have or had stockpiles of cluster munitions", first=True)
    sheet(wb, "Reported steps", STEP_COLUMNS, steps(STOCKPILE_STEPS), widths={"State": 30, "Step": 60, "Source": 40},
          title="Stockpile destruction: steps reported on actions 8 and 9")
    sheet(wb, "Stockpiles", STOCKPILE_COLUMNS, STOCKPILES, widths={"Source": 40},
          title="Form B: stockpiles and destruction, as reported for each calendar year")
    sheet(wb, "Retention", RETENTION_COLUMNS, RETENTION, widths={"Source": 40},
          title="Form D: cluster munitions retained under Article 3(6)")
    wb.save(OUT / "stockpile_destruction.xlsx")

    wb = Workbook()
    sheet(wb, "Obligations", OBLIGATION_COLUMNS, ARTICLE4, widths={"Note": 70, "Source": 45},
          title="Article 4: States Parties with areas contaminated by cluster munition remnants", first=True)
    sheet(wb, "Reported steps", STEP_COLUMNS, steps(CLEARANCE_STEPS), widths={"State": 30, "Step": 60, "Source": 40},
          title="Clearance and risk reduction: steps reported on actions 10-17")
    sheet(wb, "Clearance", CLEARANCE_COLUMNS, CLEARANCE, widths={"Source": 40},
          title="Form F: contaminated areas and clearance, as reported for each calendar year")
    wb.save(OUT / "clearance.xlsx")

    wb = Workbook()
    sheet(wb, "Obligations", OBLIGATION_COLUMNS, ARTICLE5, widths={"Note": 70, "Source": 45},
          title="Article 5: States Parties with cluster munition victims", first=True)
    sheet(wb, "Reported steps", STEP_COLUMNS, steps(VA_STEPS), widths={"State": 30, "Step": 60, "Source": 40},
          title="Victim assistance: steps reported on actions 20-32")
    sheet(wb, "Casualties", CASUALTY_COLUMNS, casualties(), widths={"State": 34, "Source": 40},
          title="Cluster munition casualties recorded by States Parties with victims (one row per incident)")
    wb.save(OUT / "victim_assistance.xlsx")

    wb = Workbook()
    sheet(wb, "Reported steps", STEP_COLUMNS, steps(COOPERATION_STEPS), widths={"State": 30, "Step": 60, "Source": 40},
          title="Cooperation and assistance: steps reported on actions 33-42", first=True)
    sheet(wb, "Cooperation", COOPERATION_COLUMNS, COOPERATION, widths={"Donor": 26, "Recipient": 30, "Source": 40},
          title="Form I: cooperation and assistance provided (who supported whom, through which channel)")
    wb.save(OUT / "cooperation.xlsx")

    wb = Workbook()
    sheet(wb, "Transparency reports", REPORT_COLUMNS, transparency_reports(), widths={"State": 34, "Forms completed": 34, "Source": 40},
          title="Article 7 transparency reports received", first=True)
    wb.save(OUT / "transparency.xlsx")

    wb = Workbook()
    sheet(wb, "National measures", MEASURE_COLUMNS, MEASURES, widths={"State": 34, "Note": 50, "Source": 40},
          title="Form A: national implementation measures (Article 9)", first=True)
    sheet(wb, "Reported steps", STEP_COLUMNS, steps(NIM_STEPS), widths={"State": 30, "Step": 60, "Source": 40},
          title="National implementation measures: steps reported on action 65")
    wb.save(OUT / "national_measures.xlsx")

    wb = Workbook()
    sheet(wb, "Reported steps", STEP_COLUMNS, steps(SUPPORT_STEPS), widths={"State": 30, "Step": 60, "Source": 40},
          title="Partnerships and implementation support: steps reported on actions 1 and 51-57", first=True)
    sheet(wb, "Partner views", PARTNER_COLUMNS, PARTNER_VIEWS, widths={"Partner": 40, "View": 70, "Source": 40})
    sheet(wb, "Statements", STATEMENT_COLUMNS, STATEMENTS, widths={"State": 34, "Source": 40})
    wb.save(OUT / "compliance_and_support.xlsx")

    wb = Workbook()
    sheet(wb, "Sheets", ["Sheet", "Role", "Header row", "One row per", "Workbook", "Description"], DICT_SHEETS,
          widths={"Description": 80}, first=True)
    sheet(wb, "Columns", ["Sheet", "Column", "Type", "Required", "Values", "Description"], DICT_COLUMNS,
          widths={"Values": 50, "Description": 80})
    wb.save(OUT / "dictionary.xlsx")


# ---------------------------------------------------------------------------------------------
# The action plan catalogue. Section, who it applies to and the time limits follow FACTS.md;
# titles only where verified; everything assumed says so in the Note column.

ACTION_COLUMNS = ["Action", "VAP section", "Report section", "Applies to", "Title", "Title status",
                  "Time limit (months after entry into force)", "Time limit (date)", "Note", "Source"]
APPLIES = ["all States Parties", "States with Article 3 obligations", "States with Article 4 obligations",
           "States with Article 5 obligations", "States with Article 3, 4 or 5 obligations",
           "States in a position to do so", "to be confirmed"]
VERIFIED_TITLES = {
    20: "Increase in 2011 the capacities to assist cluster munition victims",
    21: "Designate a government focal point for victim assistance within 6 months of entry into force",
    22: "Collect data disaggregated by sex and age and assess the needs of victims within 1 year of entry into force",
    23: "Integrate victim assistance into existing coordination mechanisms, or create one, within 1 year of entry into force",
    24: "Ensure that existing victim assistance and disability plans cover the Convention's obligations",
}
VAP_TEXT = "Vientiane Action Plan (1MSP final report)"


def actions():
    rows = []
    for n in range(1, 67):
        note = None
        limit_months = None
        limit_date = None
        if n == 1:
            vap, report, applies = "II Partnerships", 3, APPLIES[0]
        elif n <= 7:
            vap, report, applies = "III Universalisation", 4, APPLIES[0]
        elif n <= 9:
            vap, report, applies = "IV Stockpile destruction", 5, APPLIES[1]
        elif n <= 19:
            vap, applies = "V Clearance and risk reduction", APPLIES[2]
            report = 7 if n == 17 else (6 if n <= 16 else None)
            if n >= 18:
                applies = APPLIES[6]
                note = "Wording not available in the sources used; who it applies to is to be confirmed"
        elif n <= 32:
            vap, report = "VI Victim assistance", 8
            applies = APPLIES[3] if n <= 29 else APPLIES[0]
            if n >= 30:
                note = "Assumed from the report outline ('how States Parties have implemented actions 30-32'); to be confirmed"
        elif n <= 42:
            vap, report = "VII International cooperation and assistance", 9
            applies = APPLIES[4] if n <= 36 else APPLIES[5]
        elif n <= 50:
            vap, report, applies = "VII or VIII (to be confirmed)", None, APPLIES[6]
            note = "Wording and section not available in the sources used"
        else:
            vap, applies = "VIII Actions in support of implementation", APPLIES[0]
            report = 10 if n <= 57 else (12 if n in (63, 65) else None)
            if report is None:
                note = "Not covered by a section of the report outline; who it applies to is assumed"
        if n == 8:
            limit_months = 12
            note = "Reported time-bound commitment: States with stockpiles have one year to set a destruction timeline and budget"
        if 10 <= n <= 13:
            limit_months = 12
            note = ("Reported time-bound commitment: States with contaminated areas have one year to identify areas, plan and "
                    "begin clearance; the limit is reported for actions 10-13 as a group (assumed for each of them)")
        if n == 20:
            limit_date = d("2011-12-31")
            note = "Time-bound: 2011"
        if n == 21:
            limit_months = 6
        if n in (22, 23):
            limit_months = 12
        if n == 26:
            note = "Time-bound according to the report outline; its time limit is not given in the sources used: to be filled"
        title = VERIFIED_TITLES.get(n)
        rows.append([n, vap, report, applies, title, "verified" if title else "to be filled by the coordinator",
                     limit_months, limit_date, note, VAP_TEXT + ("; wording as summarised in " + MONITOR if title else "")])
    return rows


# ---------------------------------------------------------------------------------------------
# Obligations: one row per State and Article; facts from the Monitor. Deadlines are computed.

OBLIGATION_COLUMNS = ["State", "Article", "Completed", "Note", "Source"]
ARTICLE5 = [[s, 5, None, None, OBLIGATIONS_SOURCE] for s in
            ["Albania", BIH, "Croatia", GNB, LAO, "Lebanon", "Montenegro", "Mozambique", "Sierra Leone"]]
ARTICLE4 = [[s, 4, None, None, OBLIGATIONS_SOURCE] for s in
            [BIH, "Croatia", "Germany", GNB, LAO, "Lebanon", "Montenegro", "Norway"]]
ANNOUNCED_AT_1MSP = "Completion announced at the 1MSP (9-12 November 2010); the date of completion is not given in the sources used: the opening day of the 1MSP is assumed"
ARTICLE3 = []
for s in ["Austria", "Belgium", BIH, "Botswana", "Bulgaria", "Chile", "Croatia", "Czech Republic", "Denmark", "Ecuador", "France",
          "Germany", GNB, "Italy", "Japan", MKD, "Moldova", "Montenegro", "Mozambique", "Netherlands", "Norway", "Portugal",
          "Slovenia", "Spain", "United Kingdom"]:
    completed, note = None, None
    if s == "Spain":
        completed, note = d("2009-12-31"), "Destruction completed in 2009; only the year is given in the sources used: 31 December assumed"
    elif s in ("Austria", "Belgium", "Moldova", "Montenegro", "Norway"):
        completed, note = d("2010-11-09"), ANNOUNCED_AT_1MSP
    elif s == "Portugal":
        completed, note = d("2010-07-31"), "Destruction completed in July 2010, before its instrument was deposited; only the month is given: last day assumed"
    elif s in ("Czech Republic", "Italy"):
        note = "Instrument deposited in September 2011, after the opening of the 2MSP: a signatory with stockpiles at the time of the meeting"
    ARTICLE3.append([s, 3, completed, note, MONITOR + " (States Parties that ever stockpiled)"])


# ---------------------------------------------------------------------------------------------
# Reported steps. Same columns in every coordinator's workbook, so they merge into one table.

STEP_COLUMNS = ["State", "Action", "Kind", "Stage", "Step", "Date", "Channel", "Source"]
STEP_KINDS = ["promoted adherence", "supported civil society or international organisations", "discouraged use",
              "worked with partners", "planned or carried out destruction", "disclosed obstacles", "surveyed or cleared areas",
              "increased capacity", "managed a clearance programme", "reduced risk", "assisted victims", "made needs known",
              "coordinated national efforts", "provided assistance", "supported implementation", "took implementation measures"]
STAGES = ["plan", "budget", "implementation", "completed"]


def steps(spec):
    """(State, action, kind, stage, step, date or None, channel) -> rows with the illustrative Source."""
    out = []
    for state, action, kind, stage, text, date, channel in spec:
        assert kind in STEP_KINDS, kind
        assert stage is None or stage in STAGES, stage
        out.append([state, action, kind, stage, text, d(date) if date else None, channel, ILLUSTRATIVE])
    return out


DESTROY = "planned or carried out destruction"
STOCKPILE_STEPS = [
    ["Germany", 8, DESTROY, "plan", "Destruction plan with timeline adopted", "2010-09-15", "national"],
    ["Germany", 8, DESTROY, "budget", "Destruction budget approved", "2010-12-10", "national"],
    ["Germany", 8, DESTROY, "implementation", "Destruction under way at a commercial facility", "2011-03-01", "national"],
    ["United Kingdom", 8, DESTROY, "plan", "Destruction plan with timeline adopted", "2010-11-30", "national"],
    ["United Kingdom", 8, DESTROY, "budget", "Destruction budget allocated", "2011-02-14", "national"],
    ["United Kingdom", 8, DESTROY, "implementation", "Destruction contracts under way", "2011-05-20", "national"],
    ["France", 8, DESTROY, "plan", "Destruction programme announced", "2010-10-05", "national"],
    ["France", 8, DESTROY, "implementation", "Destruction started", "2011-04-12", "national"],
    ["Denmark", 8, DESTROY, "plan", "Destruction plan adopted", "2010-11-20", "national"],
    ["Denmark", 8, DESTROY, "budget", "Funds set aside for destruction", "2011-01-25", "national"],
    ["Denmark", 8, DESTROY, "implementation", "Destruction contract signed", "2011-06-30", "national"],
    ["Netherlands", 8, DESTROY, "plan", "Destruction plan presented", "2011-04-18", "national"],
    ["Netherlands", 8, DESTROY, "budget", "Destruction budget approved", "2011-07-05", "national"],
    ["Japan", 8, DESTROY, "plan", "Destruction plan drawn up", "2010-12-01", "national"],
    ["Japan", 8, DESTROY, "budget", "Budget for destruction requested", "2011-03-31", "national"],
    ["Croatia", 8, DESTROY, "plan", "Destruction plan prepared", "2011-02-20", "national"],
    ["Slovenia", 8, DESTROY, "plan", "Destruction plan mentioned in a statement; date not given", None, "statement"],
    [MKD, 8, DESTROY, "plan", "Destruction plan reported", "2011-08-20", "national"],
    ["Chile", 8, DESTROY, "plan", "Destruction plan with timeline adopted", "2011-06-15", "national"],
    ["Bulgaria", 8, DESTROY, "plan", "Destruction plan under preparation", "2011-07-08", "national"],
    [BIH, 8, DESTROY, "plan", "Destruction plan prepared with international support", "2011-05-10", "international organisation"],
    ["Italy", 8, DESTROY, "plan", "Signatory: destruction plan presented before ratification", "2011-06-29", "statement"],
    [GNB, 9, "disclosed obstacles", None, "Reported lack of destruction capacity and funding", "2011-06-28", "statement"],
    ["Mozambique", 9, "disclosed obstacles", None, "Reported the need for technical assistance to destroy stockpiles", "2011-06-29", "statement"],
    [BIH, 9, "disclosed obstacles", None, "Reported funding constraints for destruction", "2011-06-28", "statement"],
]

CLEAR = "surveyed or cleared areas"
CAPACITY = "increased capacity"
PROGRAMME = "managed a clearance programme"
RISK = "reduced risk"
CLEARANCE_STEPS = [
    [LAO, 10, CLEAR, "implementation", "Survey of contaminated villages extended", "2010-12-10", "national"],
    [LAO, 11, CLEAR, "plan", "Clearance plan with priorities adopted", "2011-02-15", "national"],
    [LAO, 12, CAPACITY, "implementation", "Additional clearance teams deployed", "2011-03-20", "international organisation"],
    [LAO, 14, PROGRAMME, None, "Clearance results recorded in the national database", "2011-04-05", "national"],
    [LAO, 15, PROGRAMME, None, "Land release standards updated", "2011-05-12", "national"],
    [LAO, 17, RISK, None, "Risk education in schools of contaminated districts", "2011-05-25", "civil society"],
    ["Lebanon", 10, CLEAR, "implementation", "Survey of remaining contaminated land", "2011-01-18", "national"],
    ["Lebanon", 12, CAPACITY, "implementation", "New clearance teams trained", "2011-06-08", "international organisation"],
    ["Lebanon", 13, CLEAR, "implementation", "Marking of contaminated areas", "2011-07-14", "national"],
    ["Lebanon", 14, PROGRAMME, None, "Annual clearance work plan published", "2011-02-28", "national"],
    ["Lebanon", 16, PROGRAMME, None, "Quality management of clearance operators", "2011-05-03", "national"],
    ["Lebanon", 17, RISK, None, "Risk education campaign in affected communities", "2011-04-11", "civil society"],
    [BIH, 10, CLEAR, "plan", "Survey of suspected areas planned", "2011-05-16", "national"],
    [BIH, 11, CLEAR, "plan", "Clearance plan mentioned in a statement; date not given", None, "statement"],
    ["Croatia", 10, CLEAR, "implementation", "Technical survey of suspected areas", "2010-10-20", "national"],
    ["Croatia", 11, CLEAR, "plan", "Clearance plan adopted", "2011-03-09", "national"],
    ["Croatia", 12, CAPACITY, "implementation", "Clearance capacity increased with national funds", "2011-04-26", "national"],
    ["Croatia", 14, PROGRAMME, None, "Clearance programme integrated into the national mine action plan", "2011-01-31", "national"],
    ["Croatia", 17, RISK, None, "Warning signs and risk education", "2011-03-15", "national"],
    ["Germany", 10, CLEAR, "implementation", "Survey of a former military training area", "2011-02-22", "national"],
    ["Germany", 13, CLEAR, "implementation", "Contaminated area fenced and marked", "2011-06-16", "national"],
    [GNB, 10, CLEAR, "plan", "Survey of contaminated areas requested", "2011-08-10", "international organisation"],
    [GNB, 17, RISK, None, "Risk education by a non-governmental organisation", "2011-07-20", "civil society"],
    ["Montenegro", 10, CLEAR, "implementation", "Survey of contaminated areas", "2011-09-01", "national"],
    ["Norway", 10, CLEAR, "implementation", "Survey of a former firing range", "2010-09-28", "national"],
]

VA = "assisted victims"
VA_STEPS = [
    ["Albania", 21, VA, None, "Government focal point for victim assistance designated", "2010-12-14", "national"],
    [LAO, 21, VA, None, "Government focal point for victim assistance designated", "2010-10-21", "national"],
    ["Croatia", 21, VA, None, "Government focal point for victim assistance designated", "2011-01-20", "national"],
    [BIH, 21, VA, None, "Government focal point for victim assistance designated", "2011-07-04", "national"],
    ["Montenegro", 21, VA, None, "Government focal point for victim assistance designated", "2011-04-07", "national"],
    ["Lebanon", 21, VA, None, "Government focal point for victim assistance designated", "2011-06-21", "national"],
    [LAO, 22, VA, None, "Survey of victims with data by sex and age", "2011-05-30", "national"],
    ["Albania", 22, VA, None, "Needs assessment of victims completed", "2011-07-18", "international organisation"],
    ["Croatia", 22, VA, None, "Data collection on victims completed", "2011-08-25", "national"],
    ["Albania", 23, VA, None, "Victim assistance included in the disability coordination mechanism", "2011-03-02", "national"],
    [LAO, 23, VA, None, "Victim assistance working group established", "2011-02-10", "national"],
    ["Montenegro", 23, VA, None, "Victim assistance included in the national disability council", "2011-06-14", "national"],
    ["Croatia", 23, VA, None, "Coordination mechanism mentioned in a statement; date not given", None, "statement"],
    [LAO, 20, CAPACITY, None, "Rehabilitation services extended to more provinces", "2011-04-14", "national"],
    ["Lebanon", 20, CAPACITY, None, "Additional prosthetic services funded", "2011-05-09", "international organisation"],
    ["Albania", 20, CAPACITY, None, "Physiotherapy capacity increased in the north", "2011-06-01", "national"],
    [BIH, 20, CAPACITY, None, "Psychosocial support programme extended", "2011-08-19", "civil society"],
    ["Mozambique", 20, CAPACITY, None, "Rehabilitation centre staff trained", "2011-07-26", "international organisation"],
    ["Albania", 26, VA, None, "Victims involved in the national coordination mechanism", "2011-04-20", "civil society"],
    [LAO, 26, VA, None, "Survivors' network consulted on the national plan", "2011-05-17", "civil society"],
    ["Lebanon", 26, VA, None, "Survivors involved in planning of services", "2011-08-02", "civil society"],
    ["Albania", 24, VA, None, "National disability plan reviewed to cover cluster munition victims", "2011-02-24", "national"],
    [BIH, 24, VA, None, "Victim assistance included in the disability strategy", "2011-06-06", "national"],
    ["Croatia", 24, VA, None, "Disability legislation reviewed", "2011-05-05", "national"],
    [LAO, 24, VA, None, "National victim assistance plan drafted", "2011-03-28", "national"],
    ["Lebanon", 24, VA, None, "Disability plan reviewed", "2011-07-12", "national"],
    [LAO, 25, VA, None, "Budget for victim assistance identified", "2011-06-20", "national"],
    ["Sierra Leone", 25, VA, None, "Victim assistance needs included in the health budget request", "2011-08-08", "national"],
    ["Lebanon", 27, VA, None, "Access to services in remote areas improved", "2011-06-27", "national"],
    [LAO, 27, VA, None, "Mobile outreach for victims in rural areas", "2011-04-29", "international organisation"],
    ["Croatia", 27, VA, None, "Access to employment programmes for survivors", "2011-07-19", "national"],
    ["Albania", 28, VA, None, "Awareness of victims' rights raised among officials", "2011-05-23", "civil society"],
    [LAO, 29, VA, None, "Progress in victim assistance reported in the annual report", "2011-04-29", "national"],
    ["Mozambique", 29, VA, None, "Victim assistance reported in a statement", "2011-06-30", "statement"],
    [GNB, 29, VA, None, "Victim assistance needs reported in a statement", "2011-06-30", "statement"],
    ["Austria", 30, VA, None, "Victim assistance promoted in international disability forums", "2011-03-03", "United Nations"],
    ["Norway", 30, VA, None, "Victim assistance included in development cooperation policy", "2011-02-09", "bilateral"],
    ["Mexico", 30, VA, None, "Rights of persons with disabilities raised in regional forums", "2011-05-19", "regional meeting"],
    [LAO, 31, VA, None, "Victim assistance experience shared with other affected States", "2011-06-29", "statement"],
    ["Ireland", 32, VA, None, "Funding for victim assistance through non-governmental organisations", "2011-01-17", "civil society"],
    ["Norway", 32, VA, None, "Multi-year funding for victim assistance", "2011-03-22", "bilateral"],
    ["Austria", 32, VA, None, "Funding for rehabilitation services", "2011-05-31", "United Nations"],
    ["Belgium", 32, VA, None, "Funding for physical rehabilitation", "2011-07-07", "ICRC"],
]

COOPERATION_STEPS = [
    [LAO, 33, "made needs known", None, "Needs for clearance and victim assistance presented to partners", "2011-02-16", "national"],
    ["Lebanon", 33, "made needs known", None, "Resource mobilisation meeting with partners", "2011-04-06", "national"],
    [GNB, 33, "made needs known", None, "Needs for stockpile destruction and clearance presented", "2011-06-28", "statement"],
    [BIH, 33, "made needs known", None, "Assistance requested for destruction and clearance", "2011-06-28", "statement"],
    ["Mozambique", 33, "made needs known", None, "Request for technical assistance for stockpile destruction", "2011-06-29", "statement"],
    ["Albania", 33, "made needs known", None, "Victim assistance needs presented to partners", "2011-05-11", "bilateral"],
    [LAO, 34, "coordinated national efforts", None, "National coordination meeting with donors and operators", "2011-03-10", "national"],
    [BIH, 34, "coordinated national efforts", None, "Coordination of international assistance through the national authority", "2011-07-21", "national"],
    ["Lebanon", 35, "coordinated national efforts", None, "Partnership with a donor for clearance", "2011-05-26", "bilateral"],
    ["Croatia", 36, "coordinated national efforts", None, "Regional cooperation on clearance techniques", "2011-04-14", "regional meeting"],
    ["Norway", 37, "provided assistance", None, "Multi-year support for clearance", "2011-01-12", "bilateral"],
    ["Ireland", 38, "provided assistance", None, "Support for victim assistance and clearance", "2011-02-07", "civil society"],
    ["Germany", 37, "provided assistance", None, "Support for clearance and risk education", "2011-03-14", "United Nations"],
    ["Netherlands", 39, "provided assistance", None, "Support for clearance through a trust fund", "2011-04-19", "trust fund"],
    ["Austria", 40, "provided assistance", None, "Support for victim assistance", "2011-05-04", "United Nations"],
    ["Japan", 37, "provided assistance", None, "Support for clearance equipment", "2011-05-30", "bilateral"],
    ["United Kingdom", 41, "provided assistance", None, "Support for clearance operators", "2011-06-15", "civil society"],
    ["New Zealand", 42, "provided assistance", None, "Technical advisers seconded to a clearance programme", "2011-03-29", "bilateral"],
    ["Belgium", 40, "provided assistance", None, "Support for physical rehabilitation", "2011-07-07", "ICRC"],
]

SUPPORT = "supported implementation"
PARTNERS = "worked with partners"
SUPPORT_STEPS = [
    ["Mexico", 1, PARTNERS, None, "Civil society included in the national delegation", "2010-11-09", "civil society"],
    ["Norway", 1, PARTNERS, None, "Funding for civil society participation in meetings", "2011-01-20", "civil society"],
    [LAO, 1, PARTNERS, None, "National workshop with the United Nations and civil society", "2011-03-08", "United Nations"],
    ["Lebanon", 1, PARTNERS, None, "Joint planning with the United Nations for the 2MSP", "2011-04-15", "United Nations"],
    ["Ireland", 1, PARTNERS, None, "Regular consultations with civil society", "2011-02-02", "civil society"],
    ["New Zealand", 1, PARTNERS, None, "Regional workshop organised with civil society", "2011-05-24", "civil society"],
    ["Austria", 1, PARTNERS, None, "Support for the participation of survivors", "2011-06-27", "survivors' networks"],
    ["Zambia", 1, PARTNERS, None, "Regional seminar with the ICRC", "2011-03-30", "ICRC"],
    ["Chile", 1, PARTNERS, None, "Cooperation with civil society on universalization", "2011-04-27", "civil society"],
    ["Mexico", 51, SUPPORT, None, "Proposal on the meeting programme presented", "2011-06-27", "meeting"],
    ["Lebanon", 51, SUPPORT, None, "Preparations as host of the 2MSP", "2011-03-01", "meeting"],
    [LAO, 52, SUPPORT, None, "Presidency reports on the implementation of the action plan", "2011-06-27", "meeting"],
    ["Norway", 53, SUPPORT, None, "Coordination of the thematic Friends of the President", "2011-01-31", "meeting"],
    ["Ireland", 53, SUPPORT, None, "Served as Friend of the President", "2011-02-15", "meeting"],
    ["Germany", 54, SUPPORT, None, "Contribution to the interim implementation support", "2011-04-04", "trust fund"],
    ["Norway", 54, SUPPORT, None, "Contribution to the interim implementation support", "2011-02-21", "trust fund"],
    ["Netherlands", 55, SUPPORT, None, "Sponsorship programme funded", "2011-05-16", "trust fund"],
    ["Austria", 55, SUPPORT, None, "Sponsorship of delegates from affected States", "2011-06-01", "trust fund"],
    ["Belgium", 56, SUPPORT, None, "Views on a permanent implementation support unit submitted", "2011-06-29", "meeting"],
    ["Mexico", 57, SUPPORT, None, "Participation in the coordinating committee", "2011-03-16", "meeting"],
]

NIM_STEPS = [
    ["Norway", 65, "took implementation measures", None, "Armed forces instructions updated", "2011-03-04", "national"],
    ["Germany", 65, "took implementation measures", None, "Guidance on the interpretation of Article 21 issued", "2011-05-12", "national"],
    ["New Zealand", 65, "took implementation measures", None, "Training of officials on the national law", "2011-02-17", "national"],
    ["Ireland", 65, "took implementation measures", None, "Implementation reviewed with civil society", "2011-06-09", "civil society"],
    ["Mexico", 65, "took implementation measures", None, "Interministerial review of implementation", None, "national"],
]

UNIVERSALIZATION_STEPS = []


# ---------------------------------------------------------------------------------------------
# Article 7 forms and figures (illustrative).

STOCKPILE_COLUMNS = ["State", "Year", "Cluster munitions held", "Submunitions held", "Cluster munitions destroyed",
                     "Submunitions destroyed", "Source"]
STOCKPILES = [
    ["Germany", 2010, 48000, 51000000, 9500, 8200000, ILLUSTRATIVE],
    ["United Kingdom", 2010, 32000, 31000000, 6100, 4500000, ILLUSTRATIVE],
    ["France", 2010, 25000, 14000000, 2300, 1500000, ILLUSTRATIVE],
    ["Denmark", 2010, 2800, 1200000, 0, 0, ILLUSTRATIVE],
    ["Japan", 2010, 14000, None, 0, None, ILLUSTRATIVE],
    ["Croatia", 2010, 2100, 190000, 0, 0, ILLUSTRATIVE],
    ["Slovenia", 2010, 1100, 360000, None, None, ILLUSTRATIVE],
    [MKD, 2010, 900, 60000, 0, 0, ILLUSTRATIVE],
    ["Ecuador", 2010, 120, 8000, 0, 0, ILLUSTRATIVE],
    [BIH, 2010, 1700, 480000, 150, 12000, ILLUSTRATIVE],
]
RETENTION_COLUMNS = ["State", "Year", "Cluster munitions retained", "Submunitions retained", "Purpose", "Source"]
RETENTION_PURPOSES = ["training", "development of countermeasures", "training and development"]
RETENTION = [
    ["Germany", 2010, 800, 45000, "training", ILLUSTRATIVE],
    ["France", 2010, 400, 20000, "development of countermeasures", ILLUSTRATIVE],
    ["United Kingdom", 2010, 250, 11000, "training", ILLUSTRATIVE],
    ["Denmark", 2010, 60, None, "training", ILLUSTRATIVE],
    ["Croatia", 2010, 20, 1500, "training", ILLUSTRATIVE],
    ["Slovenia", 2010, 0, 0, None, ILLUSTRATIVE],
    ["Japan", 2010, 100, 6000, "development of countermeasures", ILLUSTRATIVE],
]
CLEARANCE_COLUMNS = ["State", "Year", "Area cleared (square metres)", "Area still suspected (square metres)",
                     "Submunitions destroyed in clearance", "Source"]
CLEARANCE = [
    [LAO, 2010, 4100000, None, 38000, ILLUSTRATIVE],
    ["Lebanon", 2010, 3200000, 17500000, 6200, ILLUSTRATIVE],
    ["Croatia", 2010, 1200000, 6000000, 900, ILLUSTRATIVE],
    [BIH, 2010, 450000, 2900000, 210, ILLUSTRATIVE],
    ["Germany", 2010, None, 11000000, None, ILLUSTRATIVE],
    ["Montenegro", 2010, 150000, 1700000, 60, ILLUSTRATIVE],
    ["Norway", 2010, 0, 2400000, 0, ILLUSTRATIVE],
]

COOPERATION_COLUMNS = ["Donor", "Recipient", "Action", "Channel", "Purpose", "Amount (USD)", "Year", "Source"]
CHANNELS = ["bilateral", "United Nations", "non-governmental organisation", "ICRC", "trust fund", "regional organisation"]
PURPOSES = ["stockpile destruction", "clearance", "risk reduction", "victim assistance", "general support"]
COOPERATION = [[donor, recipient, action, channel, purpose, amount, 2011 if i % 3 else 2010, ILLUSTRATIVE]
               for i, (donor, recipient, action, channel, purpose, amount) in enumerate([
                   ("Norway", LAO, 37, "bilateral", "clearance", 2500000),
                   ("Norway", "Lebanon", 37, "non-governmental organisation", "clearance", 1800000),
                   ("Norway", GNB, 38, "non-governmental organisation", "stockpile destruction", 350000),
                   ("Germany", LAO, 37, "United Nations", "clearance", 1200000),
                   ("Germany", BIH, 39, "trust fund", "clearance", 400000),
                   ("Netherlands", "Lebanon", 39, "trust fund", "clearance", 900000),
                   ("Netherlands", None, 42, "United Nations", "general support", 250000),
                   ("Ireland", LAO, 38, "non-governmental organisation", "victim assistance", 600000),
                   ("Ireland", "Lebanon", 38, "non-governmental organisation", "risk reduction", None),
                   ("Japan", LAO, 37, "bilateral", "clearance", 3100000),
                   ("Japan", "Lebanon", 37, "bilateral", "clearance", 1500000),
                   ("United Kingdom", LAO, 41, "non-governmental organisation", "clearance", 1400000),
                   ("Austria", "Albania", 40, "United Nations", "victim assistance", 300000),
                   ("Austria", "Lebanon", 40, "ICRC", "victim assistance", 150000),
                   ("Belgium", LAO, 40, "ICRC", "victim assistance", 200000),
                   ("New Zealand", LAO, 42, "bilateral", "clearance", 700000),
                   ("Denmark", "Mozambique", 39, "regional organisation", "stockpile destruction", None),
                   ("France", "Lebanon", 37, "bilateral", "clearance", 450000),
                   ("Luxembourg", LAO, 38, "United Nations", "victim assistance", 180000),
                   ("Norway", None, 42, "trust fund", "general support", 500000),
               ])]

REPORT_COLUMNS = ["State", "Kind", "Period covered", "Date submitted", "Forms completed", "Source"]
ALL_FORMS = "A, B, C, D, E, F, G, H, I, J"


def transparency_reports():
    """Illustrative: who submitted which Article 7 report when. On time, late, missing, incomplete."""
    import random
    rng = random.Random(2011)
    cutoff = dt.date(2011, 9, 12)
    rows = []
    parties = sorted(s for s, dep in DEPOSITED.items() if dep <= cutoff)
    for i, s in enumerate(parties):
        e = eif(s)
        due = e + dt.timedelta(days=180)
        forms = ALL_FORMS if rng.random() < 0.75 else ", ".join(rng.sample("ABCDEFGHIJ", rng.randint(4, 9)))
        if due <= cutoff:
            roll = rng.random()
            if roll < 0.10:
                continue                                    # not submitted
            if roll < 0.30:
                submitted = due + dt.timedelta(days=rng.randint(3, 120))   # late
                if submitted > cutoff:
                    submitted = cutoff - dt.timedelta(days=2)
            else:
                submitted = due - dt.timedelta(days=rng.randint(0, 40))    # on time
        elif rng.random() < 0.12:
            submitted = min(cutoff, e + dt.timedelta(days=rng.randint(30, 90)))  # early, before its deadline
            if submitted < e:
                continue
        else:
            continue
        rows.append([s, "initial", "from entry into force", submitted,
                     ", ".join(sorted(f.strip() for f in forms.split(","))), ILLUSTRATIVE])
        # The annual report of 2011 (covering 2010), due 30 April 2011, for the first States only.
        if due < dt.date(2011, 4, 30):
            roll = rng.random()
            if roll < 0.15:
                continue
            if roll < 0.35:
                submitted = dt.date(2011, 4, 30) + dt.timedelta(days=rng.randint(5, 100))
            else:
                submitted = dt.date(2011, 4, 30) - dt.timedelta(days=rng.randint(0, 25))
            forms = ALL_FORMS if rng.random() < 0.7 else ", ".join(sorted(rng.sample("ABCDEFGHIJ", rng.randint(3, 9))))
            rows.append([s, "annual", "calendar year 2010", submitted, forms, ILLUSTRATIVE])
    # Two States whose deadline was still to come reported early.
    rows.append(["Lebanon", "initial", "from entry into force", d("2011-08-30"), ALL_FORMS, ILLUSTRATIVE])
    rows.append([GNB, "initial", "from entry into force", d("2011-09-05"), "A, B, F, H, I", ILLUSTRATIVE])
    # A report with the date not recorded, and one whose forms were not recorded.
    for r in rows:
        if r[0] == "Malta" and r[1] == "annual":
            r[3] = None
        if r[0] == "Zambia" and r[1] == "initial":
            r[4] = None
    rows.sort(key=lambda r: (r[1] != "initial", r[0]))
    return rows


MEASURE_COLUMNS = ["State", "Measure", "Date", "Note", "Source"]
MEASURE_KINDS = ["specific legislation adopted", "legislation in preparation", "existing legislation considered sufficient",
                 "administrative or other measures"]
MEASURES = [[s, m, d(date) if date else None, note, ILLUSTRATIVE] for s, m, date, note in [
    ["Norway", "specific legislation adopted", "2008-06-20", None],
    ["Ireland", "specific legislation adopted", "2008-10-28", None],
    ["New Zealand", "specific legislation adopted", "2009-12-17", None],
    ["Austria", "specific legislation adopted", "2008-03-01", None],
    ["Belgium", "specific legislation adopted", "2006-06-09", None],
    ["Luxembourg", "specific legislation adopted", "2009-06-04", None],
    ["Germany", "existing legislation considered sufficient", "2009-06-01", None],
    ["Japan", "specific legislation adopted", "2009-04-17", None],
    ["France", "specific legislation adopted", "2010-07-20", None],
    ["United Kingdom", "specific legislation adopted", "2010-03-25", None],
    ["Mexico", "existing legislation considered sufficient", "2010-08-01", None],
    ["Malta", "specific legislation adopted", "2011-01-27", None],
    ["Netherlands", "specific legislation adopted", "2011-02-17", None],
    ["Spain", "specific legislation adopted", "2010-12-30", "Amendment of an earlier law"],
    ["Samoa", "legislation in preparation", "2011-06-29", "Reported in a statement"],
    [LAO, "legislation in preparation", "2011-04-29", None],
    ["Lebanon", "legislation in preparation", "2011-06-28", None],
    ["Burkina Faso", "legislation in preparation", "2011-03-18", None],
    ["Zambia", "legislation in preparation", None, "Date not given"],
    ["Ghana", "administrative or other measures", "2011-05-06", None],
    ["Croatia", "existing legislation considered sufficient", "2011-01-25", None],
    ["Albania", "existing legislation considered sufficient", "2011-04-14", None],
    ["Denmark", "existing legislation considered sufficient", "2010-11-30", None],
    ["Seychelles", "administrative or other measures", "2011-08-15", None],
    ["Portugal", "legislation in preparation", "2011-07-12", None],
]]

PARTNER_COLUMNS = ["Partner", "Kind of partner", "Theme", "View", "Date", "Source"]
PARTNER_KINDS = ["international organisation", "civil society", "survivors' network"]
THEMES = ["universalization", "stockpile destruction", "clearance and risk reduction", "victim assistance",
          "cooperation and assistance", "transparency", "national implementation measures", "implementation support"]
PARTNER_VIEWS = [[p, k, t, v, d(date), ILLUSTRATIVE] for p, k, t, v, date in [
    ["United Nations agency A", "international organisation", "clearance and risk reduction",
     "Land release methods can speed up clearance", "2011-06-28"],
    ["United Nations agency B", "international organisation", "victim assistance",
     "Victim assistance should be part of broader disability and development plans", "2011-06-29"],
    ["International humanitarian organisation", "international organisation", "universalization",
     "Reported use shows the need for more ratifications", "2011-06-27"],
    ["International civil society coalition", "civil society", "universalization",
     "States Parties should condemn any use promptly", "2011-06-27"],
    ["International civil society coalition", "civil society", "transparency",
     "Reports should be submitted on time and be complete", "2011-06-30"],
    ["Non-governmental clearance operator", "civil society", "clearance and risk reduction",
     "Funding must be predictable over several years", "2011-06-28"],
    ["Disability rights organisation", "civil society", "victim assistance",
     "Survivors must take part in decisions that affect them", "2011-06-29"],
    ["Survivors' network", "survivors' network", "victim assistance",
     "Services in rural areas remain hard to reach", "2011-06-29"],
    ["Research centre", "international organisation", "cooperation and assistance",
     "Cooperation should follow national plans", "2011-06-30"],
]]

STATEMENT_COLUMNS = ["State", "Meeting", "Theme", "Date", "Source"]


def statements():
    import random
    rng = random.Random(627)
    speakers = ["Albania", "Austria", "Belgium", BIH, "Burkina Faso", "Chile", "Croatia", "Denmark", "France", "Germany", "Ghana",
                GNB, "Ireland", "Japan", LAO, "Lebanon", "Malawi", "Mexico", "Montenegro", "Mozambique", "Netherlands",
                "New Zealand", "Norway", "Samoa", "Sierra Leone", "Spain", "United Kingdom", "Zambia"]
    out = []
    for s in speakers:
        for theme in rng.sample(THEMES, rng.choice([1, 1, 2, 3])):
            out.append([s, "Intersessional", theme, dt.date(2011, 6, 27) + dt.timedelta(days=THEMES.index(theme) // 2),
                        ILLUSTRATIVE])
    return out


STATEMENTS = statements()


# ---------------------------------------------------------------------------------------------
# Universalization (section 4), as before.

ALLEGATIONS = [
    ["U-2011-1", d("2011-02-15"), "Thailand", "Border area with Cambodia", "Use reported in February 2011; day of month illustrative", MONITOR],
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
for i, s in enumerate(PROMOTERS):
    UNIVERSALIZATION_STEPS.append([s, 2 + i % 2, "promoted adherence", None, "Raised ratification or accession with States not party",
                                   d("2011-01-10") + dt.timedelta(days=13 * i), "bilateral" if i % 2 else "regional meeting",
                                   ILLUSTRATIVE])
for i, s in enumerate(SUPPORTERS):
    UNIVERSALIZATION_STEPS.append([s, 4, "supported civil society or international organisations", None,
                                   "Funded or hosted a thematic meeting to promote the Convention in States not party",
                                   d("2010-12-01") + dt.timedelta(days=17 * i), "civil society" if i % 3 else "United Nations",
                                   ILLUSTRATIVE])
for i, s in enumerate(DISCOURAGERS):
    UNIVERSALIZATION_STEPS.append([s, 6, "discouraged use", None, "Took steps to ensure cluster munitions were excluded from joint "
                                   "military operations" if i < 6 else "Raised the norm against use with a State not party",
                                   d("2011-03-25") + dt.timedelta(days=7 * i), "bilateral", ILLUSTRATIVE])


# ---------------------------------------------------------------------------------------------
# Challenges, questions and proposals per section, as the secretariat agreed them with the
# coordinators. "Key" marks the questions that section 2 (General trends) draws together.

def w(section, kind, text, key=None):
    return [section, kind, key if kind == "question" else None, text]


Y = "yes"
WORDING = [
    w(3, "challenge", "The key challenge is to make partnerships with international organisations, civil society and survivors a "
                      "regular part of national implementation, not only of meetings."),
    w(3, "challenge", "A second challenge is to draw on the expertise of partners in every thematic area of the action plan."),
    w(3, "question", "How can States Parties involve civil society and survivors more systematically in national implementation?", Y),
    w(3, "question", "How can the views of international organisations and civil society be reflected in the work of the "
                     "thematic coordinators?"),
    w(4, "challenge", "The key challenge for the States Parties is to end use of cluster munitions by States not party, "
                      "and to reinforce the norm by reacting uniformly and robustly to any reported use."),
    w(4, "challenge", "A second challenge is to ensure that signatories ratify the Convention as soon as possible."),
    w(4, "challenge", "A third challenge is to ensure accessions to the Convention by other States."),
    w(4, "question", "How should the CCM States Parties as a community, represented by the President, best respond to "
                     "allegations of use by a State not party to the CCM?", Y),
    w(4, "question", "How can States Parties best cooperate with civil society and the UN in situations of reported use?"),
    w(4, "question", "What steps can be taken to encourage more signatories to ratify the Convention as soon as possible?", Y),
    w(4, "question", "What steps can be taken to encourage other States to accede to the Convention?"),
    w(5, "challenge", "The key challenge is for every State Party with stockpiles to move from a plan to a budget and to the "
                      "destruction itself well within the eight years that Article 3 allows."),
    w(5, "challenge", "A second challenge is to disclose early, as action 9 asks, any problem that may stand in the way of "
                      "destruction, so that cooperation and assistance can address it."),
    w(5, "challenge", "A third challenge is to keep the number of cluster munitions retained to the minimum absolutely "
                      "necessary, and to report on their use."),
    w(5, "question", "What support do States Parties with stockpiles need to adopt a destruction plan and budget within the "
                     "first year of entry into force?", Y),
    w(5, "question", "How can States Parties best disclose obstacles to destruction, and how should others respond?"),
    w(5, "question", "How can States Parties that retain cluster munitions demonstrate that the numbers retained are the minimum "
                     "absolutely necessary?"),
    w(6, "challenge", "The key challenge is to identify the precise extent of contaminated areas within the first year of entry "
                      "into force, and to base clearance plans on it."),
    w(6, "challenge", "A second challenge is to increase national clearance capacities in 2011 and to sustain them until "
                      "clearance is completed."),
    w(6, "question", "What prevents States Parties with contaminated areas from completing surveys within the first year, and "
                     "how can this be overcome?", Y),
    w(6, "question", "How can land release methods help States Parties meet their clearance deadlines?"),
    w(7, "challenge", "The key challenge is to reach the communities most at risk with risk reduction activities while clearance "
                      "is still under way."),
    w(7, "question", "How can risk reduction be better integrated with clearance and with the needs of affected communities?", Y),
    w(8, "challenge", "The key challenge is to meet the time-bound parts of the action plan: a focal point within six months, "
                      "and data collection and a coordination mechanism within one year of entry into force."),
    w(8, "challenge", "A second challenge is to translate increased capacities in 2011 into services that victims can reach, "
                      "including in remote areas."),
    w(8, "question", "What support do States Parties with victims need to meet the time-bound actions 21 to 23?", Y),
    w(8, "question", "How can victims and their representative organisations be involved in all stages of planning and "
                     "implementation?"),
    w(8, "question", "How can victim assistance be integrated into broader disability, health and development frameworks?"),
    w(9, "challenge", "The key challenge is for States Parties with obligations under Articles 3, 4 and 5 to make their needs "
                      "known, and for States Parties in a position to do so to respond to them in a predictable way."),
    w(9, "challenge", "A second challenge is to use the full range of channels of cooperation, including cooperation among "
                      "affected States."),
    w(9, "question", "How can States Parties with obligations best make their needs for assistance known?", Y),
    w(9, "question", "How can States Parties in a position to do so make their assistance more predictable over several years?"),
    w(10, "challenge", "The key challenge is to agree on sustainable implementation support that serves all States Parties."),
    w(10, "question", "What kind of implementation support should the States Parties establish, and how should it be financed?", Y),
    w(10, "question", "How can the programme of meetings best serve the monitoring of the action plan?"),
    w(11, "challenge", "The key challenge is for every State Party to submit its initial and annual transparency reports on "
                       "time, as they are the main source for monitoring progress."),
    w(11, "challenge", "A second challenge is to complete every form of the reporting format, marking as not applicable those "
                       "that do not apply."),
    w(11, "question", "What assistance could help States Parties submit their transparency reports on time?", Y),
    w(11, "question", "How can the reporting format be made easier to complete fully?"),
    w(12, "challenge", "The key challenge is for every State Party that has not yet done so to adopt national implementation "
                       "measures, including penal sanctions, as soon as possible."),
    w(12, "question", "What model legislation or assistance could help States Parties adopt national implementation measures?", Y),
    w(12, "question", "How can States Parties share their experience of implementing action 65?"),
    w(13, "challenge", "The key challenge is to be ready to respond collectively and promptly to any allegation of "
                       "non-compliance, should one arise."),
    w(13, "question", "What procedures should the States Parties follow if an allegation of non-compliance by a State Party "
                      "arises?", Y),
    w(14, "proposal", "an action on reporting obstacles to the fulfilment of time-bound actions, in every thematic area"),
    w(14, "proposal", "an indicator for each time-bound action, so that progress can be monitored from transparency reports"),
    w(14, "proposal", "an action on the completeness of transparency reports"),
    w(14, "question", "Which additions would make the Vientiane Action Plan a better tool to monitor progress?"),
]


# ---------------------------------------------------------------------------------------------
# Casualties: per-incident records kept by the victim assistance coordinator. Illustrative.

CASUALTY_COLUMNS = ["Incident", "State", "Date", "Killed", "Injured", "Sex", "Age group", "Activity", "Source"]
CASUALTY_STATES = ["Albania", BIH, "Croatia", GNB, LAO, "Lebanon", "Montenegro", "Mozambique", "Sierra Leone"]
# Relative weight of each State in the sample: most incidents in the most contaminated States.
CASUALTY_WEIGHTS = [1, 2, 1, 1, 8, 5, 1, 1, 1]
ACTIVITIES = ["farming", "collecting scrap metal", "travelling", "playing", "herding animals", "clearance", "unknown"]


def casualties():
    import random
    rng = random.Random(5)
    rows = []
    day = dt.date(2009, 1, 3)
    n = 0
    while day < dt.date(2011, 9, 1):
        n += 1
        state = rng.choices(CASUALTY_STATES, CASUALTY_WEIGHTS)[0]
        killed = rng.choice([0, 0, 0, 1, 1, 2])
        injured = rng.choice([1, 1, 1, 2, 3]) if killed < 2 else rng.choice([0, 1])
        age = rng.choice(["adult", "adult", "child", "child", "unknown"])
        sex = rng.choice(["male", "male", "male", "female", "unknown"])
        rows.append([f"C-{day.year}-{n:03d}", state, day, killed, injured, sex, age, rng.choice(ACTIVITIES), ILLUSTRATIVE])
        day += dt.timedelta(days=rng.randint(3, 16))
    return rows


# ---------------------------------------------------------------------------------------------
# The data dictionary.

DICT_SHEETS = [
    ["States", "States list", None, "State", "states.xlsx", "Master list of States: every State Party and signatory, and the States not party named elsewhere"],
    ["Settings", "settings", None, "Setting", "settings.xlsx", "Report settings: title, period, meetings, cut-off date"],
    ["Meetings", None, None, "Meeting", "settings.xlsx", "Meetings of States Parties and intersessional meetings"],
    ["Wording", None, None, None, "settings.xlsx", "Challenges, questions and proposals per section, as agreed with the coordinators"],
    ["Actions", None, None, "Action", "action_plan.xlsx", "The 66 actions of the Vientiane Action Plan: section, who they apply to, time limits"],
    ["Obligations", None, None, "State, Article", None, "States with obligations under Article 3, 4 or 5 (one row per State and Article); "
                                                  "each thematic coordinator keeps the rows of their Article"],
    ["Reported steps", None, None, None, None, "Steps reported by States on Vientiane Action Plan actions (one row per step); every "
                                         "coordinator keeps this sheet for their actions"],
    ["Allegations of use", None, None, "Allegation", "universalization.xlsx", "Reported use of cluster munitions since entry into force"],
    ["Reactions to use", None, None, None, "universalization.xlsx", "Reactions of States Parties to reported use (one row per reaction)"],
    ["Stockpiles", None, None, "State, Year", "stockpile_destruction.xlsx", "Article 7 Form B: stockpiles and destruction per calendar year"],
    ["Retention", None, None, "State, Year", "stockpile_destruction.xlsx", "Article 7 Form D: cluster munitions retained per calendar year"],
    ["Clearance", None, None, "State, Year", "clearance.xlsx", "Article 7 Form F: contaminated areas and clearance per calendar year"],
    ["Cooperation", None, None, None, "cooperation.xlsx", "Article 7 Form I: assistance provided (one row per contribution)"],
    ["Transparency reports", None, None, "State, Kind, Period covered", "transparency.xlsx", "Article 7 reports received (one row per report)"],
    ["National measures", None, None, None, "national_measures.xlsx", "Article 7 Form A: national implementation measures (one row per measure)"],
    ["Partner views", None, None, None, "compliance_and_support.xlsx", "Views of international organisations and civil society (one row per view)"],
    ["Statements", None, None, None, "compliance_and_support.xlsx", "Statements made by States at meetings (one row per statement and theme)"],
    ["Casualties", None, None, "Incident", "victim_assistance.xlsx", "Cluster munition casualties recorded by States Parties with victims (one row per incident)"],
]

SOURCE_COL = "Where the information comes from; 'Illustrative sample' for data that is not an official record"
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
    ["Settings", "Value", "any", "no", None, "Its value (text, a number or a date), kept as typed"],
    ["Settings", "Note", "text", "no", None, "Explanation"],
    ["Meetings", "Meeting", "text", "yes", None, "Short code used in plugins and settings, e.g. 2MSP"],
    ["Meetings", "Name", "text", "yes", None, "Full name of the meeting"],
    ["Meetings", "Place", "text", "no", None, "City and country"],
    ["Meetings", "Start", "date", "yes", None, "First day"],
    ["Meetings", "End", "date", "yes", None, "Last day"],
    ["Meetings", "Note", "text", "no", None, "Remarks"],
    ["Wording", "Section", "whole number", "yes", None, "Report section the text belongs to"],
    ["Wording", "Kind", "one of a list", "yes", "challenge; question; proposal",
     "A challenge paragraph, a question for the meeting, or a proposed addition to the action plan (section 14)"],
    ["Wording", "Key", "yes/no", "no", None, "For questions: yes if section 2 (General trends) should list it among the key questions"],
    ["Wording", "Text", "text", "yes", None, "The text, as it should appear in the report; it must not name a State"],
    ["Actions", "Action", "whole number", "yes", None, "Action number (1-66)"],
    ["Actions", "VAP section", "text", "yes", None, "Section of the action plan"],
    ["Actions", "Report section", "whole number", "no", None, "Section of this report that covers the action, if any"],
    ["Actions", "Applies to", "one of a list", "yes", "; ".join(APPLIES), "Which States the action applies to"],
    ["Actions", "Title", "text", "no", None, "Short wording of the action, where verified"],
    ["Actions", "Title status", "one of a list", "yes", "verified; to be filled by the coordinator", "Whether the title has been checked"],
    ["Actions", "Time limit (months after entry into force)", "whole number", "no", None,
     "For time-bound actions: months after entry into force for each State (the deadline itself is computed per State)"],
    ["Actions", "Time limit (date)", "date", "no", None, "For actions bound to a calendar date rather than to entry into force"],
    ["Actions", "Note", "text", "no", None, "Remarks, including what is assumed"],
    ["Actions", "Source", "text", "yes", None, "Where the information comes from"],
    ["Obligations", "State", "State", "yes", None, "State that has or had the obligation"],
    ["Obligations", "Article", "whole number", "yes", None, "3 stockpiles, 4 contaminated areas, 5 victims"],
    ["Obligations", "Completed", "date", "no", None, "When the obligation was fulfilled (destruction or clearance completed), if it was"],
    ["Obligations", "Note", "text", "no", None, "Remarks, including what is assumed; the deadline is computed, not typed"],
    ["Obligations", "Source", "text", "yes", None, SOURCE_COL],
    ["Reported steps", "State", "State", "yes", None, "State that reported the step"],
    ["Reported steps", "Action", "whole number", "yes", None, "Vientiane Action Plan action number (1-66)"],
    ["Reported steps", "Kind", "one of a list", "yes", "; ".join(STEP_KINDS), "Kind of step"],
    ["Reported steps", "Stage", "one of a list", "no", "; ".join(STAGES), "For steps towards a goal (destruction, clearance): the stage reached"],
    ["Reported steps", "Step", "text", "yes", None, "What was done, in a few words"],
    ["Reported steps", "Date", "date", "no", None, "When it was done or reported"],
    ["Reported steps", "Channel", "text", "no", None, "Forum or channel used (national, bilateral, regional meeting, United Nations, civil society...)"],
    ["Reported steps", "Source", "text", "yes", None, SOURCE_COL],
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
    ["Stockpiles", "State", "State", "yes", None, "State Party reporting"],
    ["Stockpiles", "Year", "whole number", "yes", None, "Calendar year covered"],
    ["Stockpiles", "Cluster munitions held", "whole number", "no", None, "At the end of the year"],
    ["Stockpiles", "Submunitions held", "whole number", "no", None, "At the end of the year"],
    ["Stockpiles", "Cluster munitions destroyed", "whole number", "no", None, "During the year"],
    ["Stockpiles", "Submunitions destroyed", "whole number", "no", None, "During the year"],
    ["Stockpiles", "Source", "text", "yes", None, SOURCE_COL],
    ["Retention", "State", "State", "yes", None, "State Party reporting"],
    ["Retention", "Year", "whole number", "yes", None, "Calendar year covered"],
    ["Retention", "Cluster munitions retained", "whole number", "no", None, "At the end of the year (0: none retained)"],
    ["Retention", "Submunitions retained", "whole number", "no", None, "At the end of the year"],
    ["Retention", "Purpose", "one of a list", "no", "; ".join(RETENTION_PURPOSES), "Purpose given under Article 3(6)"],
    ["Retention", "Source", "text", "yes", None, SOURCE_COL],
    ["Clearance", "State", "State", "yes", None, "State Party reporting"],
    ["Clearance", "Year", "whole number", "yes", None, "Calendar year covered"],
    ["Clearance", "Area cleared (square metres)", "number", "no", None, "During the year"],
    ["Clearance", "Area still suspected (square metres)", "number", "no", None, "At the end of the year"],
    ["Clearance", "Submunitions destroyed in clearance", "whole number", "no", None, "During the year"],
    ["Clearance", "Source", "text", "yes", None, SOURCE_COL],
    ["Cooperation", "Donor", "State", "yes", None, "State Party that provided the assistance"],
    ["Cooperation", "Recipient", "State", "no", None, "State that received it; empty for global or multi-country support"],
    ["Cooperation", "Action", "whole number", "yes", None, "Action of the plan it implements (37-42)"],
    ["Cooperation", "Channel", "one of a list", "yes", "; ".join(CHANNELS), "Through whom the assistance was given"],
    ["Cooperation", "Purpose", "one of a list", "yes", "; ".join(PURPOSES), "What it was for"],
    ["Cooperation", "Amount (USD)", "number", "no", None, "Amount in US dollars, if given"],
    ["Cooperation", "Year", "whole number", "yes", None, "Year of the contribution"],
    ["Cooperation", "Source", "text", "yes", None, SOURCE_COL],
    ["Transparency reports", "State", "State", "yes", None, "State Party that submitted the report"],
    ["Transparency reports", "Kind", "one of a list", "yes", "initial; annual", "Initial report (Art. 7(1)) or annual update (Art. 7(2))"],
    ["Transparency reports", "Period covered", "text", "yes", None, "e.g. 'calendar year 2010'"],
    ["Transparency reports", "Date submitted", "date", "no", None, "Date the report was received; empty if not recorded"],
    ["Transparency reports", "Forms completed", "text", "no", None, "Letters of the forms completed (A to J), separated by commas"],
    ["Transparency reports", "Source", "text", "yes", None, SOURCE_COL],
    ["National measures", "State", "State", "yes", None, "State Party reporting"],
    ["National measures", "Measure", "one of a list", "yes", "; ".join(MEASURE_KINDS), "Kind of measure"],
    ["National measures", "Date", "date", "no", None, "Date adopted or reported"],
    ["National measures", "Note", "text", "no", None, "Remarks"],
    ["National measures", "Source", "text", "yes", None, SOURCE_COL],
    ["Partner views", "Partner", "text", "yes", None, "Organisation that expressed the view"],
    ["Partner views", "Kind of partner", "one of a list", "yes", "; ".join(PARTNER_KINDS), "Kind of organisation"],
    ["Partner views", "Theme", "one of a list", "yes", "; ".join(THEMES), "Theme of the view"],
    ["Partner views", "View", "text", "yes", None, "The view, in a few words"],
    ["Partner views", "Date", "date", "no", None, "When it was expressed"],
    ["Partner views", "Source", "text", "yes", None, SOURCE_COL],
    ["Statements", "State", "State", "yes", None, "State that made the statement"],
    ["Statements", "Meeting", "text", "yes", None, "Code of the meeting in the Meetings sheet"],
    ["Statements", "Theme", "one of a list", "yes", "; ".join(THEMES), "Theme of the statement"],
    ["Statements", "Date", "date", "no", None, "When"],
    ["Statements", "Source", "text", "yes", None, SOURCE_COL],
    ["Casualties", "Incident", "text", "yes", None, "Reference of the incident"],
    ["Casualties", "State", "State", "yes", None, "State Party where the incident happened"],
    ["Casualties", "Date", "date", "yes", None, "Date of the incident"],
    ["Casualties", "Killed", "whole number", "yes", None, "People killed"],
    ["Casualties", "Injured", "whole number", "yes", None, "People injured"],
    ["Casualties", "Sex", "one of a list", "no", "female; male; unknown", "Sex of the casualties, where recorded"],
    ["Casualties", "Age group", "one of a list", "no", "child; adult; unknown", "Age group of the casualties (child: under 18)"],
    ["Casualties", "Activity", "text", "no", None, "What the casualties were doing"],
    ["Casualties", "Source", "text", "yes", None, SOURCE_COL],
]

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/domain/ccm-states-2011.tsv")
