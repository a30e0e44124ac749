-- Section 1: Transparency reports.
--
-- A section plugin reads the workbooks, works out the section's figures and writes its text.
-- actionplan runs every .lua file in plugins/ (in file-name order), each as one section of the
-- report. Lines starting with -- are comments, like this one: they are not run.

-- Load the treaty's rules, shared by the sections, from plugins/lib/treaty.lua.
local treaty = require("treaty")

-- The plugin ends by giving back its section: a table of number, title, the sheets it reads,
-- and the function that writes it.
return {
  -- The section's number and title: the heading "1. Transparency reports" in the report.
  number = 1,
  title = "Transparency reports",
  -- Every sheet the section (or a helper it calls) reads. `actionplan check` makes sure
  -- they exist, and a section cannot read a sheet it did not list here.
  reads = { "States", "Meetings", "Reports" },

  -- What the section does, run once when the report is built.
  run = function()
    -- setting("Next meeting") is the Value beside "Next meeting" in the Settings sheet
    -- (workbooks/settings.xlsx); treaty.meeting finds that meeting's row in the Meetings sheet.
    local meeting = treaty.meeting(setting("Next meeting"))

    -- The States Parties on the meeting's first day (a list of rows of the States sheet).
    local parties = treaty.parties_at(meeting.Start)

    -- The annual reports received before the meeting opened: sheet("Reports") is every row
    -- of the Reports sheet, and each :where keeps only the rows that match.
    local received = sheet("Reports")
      :where("Kind", "annual")
      :where("Received", "<", meeting.Start)

    -- A State that sent two reports counts once: :distinct gives each State's name once.
    local reporting = received:distinct("State")

    -- The States Parties that have not reported: keep the parties not in that list.
    local reported = {}
    for _, name in ipairs(reporting) do
      reported[name] = true
    end
    local not_reporting = parties:filter(function(state)
      return not reported[state.State]
    end)

    -- A figure is a number the report gives, with the rows it was counted from. Figures are
    -- listed in the Summary sheet of out/consolidated.xlsx with the rows behind them in the
    -- Audit sheet, and `actionplan explain parties` shows where one comes from.
    -- #parties is the number of rows in the list.
    figure{ name = "parties", value = #parties, rows = parties, as_of = meeting.Start,
            label = "States Parties at the opening of the " .. meeting.Meeting }
    figure{ name = "states_reporting", value = #reporting, rows = received, as_of = meeting.Start,
            label = "States Parties that submitted an annual report before the " .. meeting.Meeting }
    figure{ name = "states_not_reporting", value = #not_reporting, rows = not_reporting, as_of = meeting.Start,
            label = "States Parties that had not submitted an annual report by the " .. meeting.Meeting }

    -- paragraph() adds a paragraph to the report. Each %s is replaced by the next value after
    -- the text. count(8, "State") writes "eight States"; percent(1, 4) writes "25%";
    -- agree() chooses the word for one or for many.
    paragraph("At the opening of the %s, %s had joined the treaty; %s (%s) had submitted an annual report.",
              meeting.Name, count(#parties, "State"),
              count(#reporting, "State Party"), percent(#reporting, #parties))
    if #not_reporting > 0 then
      paragraph("%s %s yet to submit an annual report.",
                count(#not_reporting, "State Party"), agree(#not_reporting, "is", "are"))
    end

    -- A question for the meeting, listed at the end of the section.
    question("How can States Parties that have not yet reported be supported in doing so?")

    -- A table for this section's sheet of out/consolidated.xlsx: the reports received, oldest first.
    -- It names States: for the workbook only, not for the circulated report.
    add_table{ title = "Annual reports received before the " .. meeting.Meeting,
               columns = { "State", "Year", "Received" }, from = received:sort("Received"),
               workbook_only = true }
  end,
}
