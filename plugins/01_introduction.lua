-- Section 1: Introduction.
-- The period covered, the sources used (how many initial and annual transparency reports and
-- statements at the intersessional meetings) and the aggregate-only disclaimer, which is kept
-- in the Settings sheet. It also says how many records of the workbooks are illustrative
-- samples, as actionplan counts them from the dictionary's Provenance column (provenance()).

local ccm = require("ccm")

-- The city of a meeting: "Vientiane" from "Vientiane, Lao PDR".
local function city(meeting)
  return meeting.Place and meeting.Place:match("^[^,]+") or meeting.Name
end

return {
  number = 1,
  title = "Introduction",
  reads = { "States", "Meetings", "Transparency reports", "Statements" },

  run = function()
    -- How many records of the workbooks are illustrative samples, every sheet with a Source
    -- column counted by actionplan. The count reads no row, so these figures are made before
    -- the section reads any (what a section writes after it reads illustrative rows is marked).
    local sample = provenance()
    figure{ name = "records", value = sample.records,
            label = "Records in the workbooks that give their source (every sheet with a Source column)" }
    figure{ name = "illustrative_records", value = sample.illustrative,
            label = "Of these, records marked in their Source column as an illustrative sample" }

    local first = ccm.meeting(setting("Previous meeting"))
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local talks = ccm.meeting(setting("Statements meeting"))
    local cutoff = ccm.setting_date("Cut-off date")
    local plan = setting("Action plan")

    paragraph("This report presents an aggregate analysis of trends and figures in the implementation of the %s from its "
              .. "adoption at the %s in %s on %s up to the %s in %s in %s %s. This document is intended to facilitate "
              .. "discussions at the %s by monitoring progress and identifying key questions to be addressed, and does not "
              .. "replace any formal reporting from the %s.",
              plan, first.Meeting, city(first), first.End, next_meeting.Meeting, city(next_meeting),
              next_meeting.Start:month_name(), next_meeting.Start.year, next_meeting.Meeting, next_meeting.Meeting)

    local received = sheet("Transparency reports"):filter(function(r)
      return r["Date submitted"] == nil or r["Date submitted"] <= cutoff
    end)
    local initial = received:where("Kind", "initial")
    local annual = received:where("Kind", "annual")
    local statements = sheet("Statements"):where("Meeting", talks.Meeting)
    local speakers = statements:distinct("State")
    figure{ name = "initial_reports", value = #initial, rows = initial, as_of = cutoff,
            label = "Initial transparency reports received by the cut-off date" }
    figure{ name = "annual_reports", value = #annual, rows = annual, as_of = cutoff,
            label = "Annual transparency reports received by the cut-off date" }
    figure{ name = "statements", value = #statements, rows = statements,
            label = "Statements (by theme) made at the " .. talks.Name }
    figure{ name = "states_making_statements", value = #speakers, rows = statements,
            label = "States that made statements at the " .. talks.Name }
    paragraph("The content of the report is based on publicly available information including %s initial and %s annual "
              .. "transparency reports received up to %s; %s made by %s during the %s in %s in %s %s; and other open "
              .. "sources such as information provided by civil society. The thematic Friends of the President have "
              .. "provided additional information based on their own consultations and analyses.",
              number(#initial), number(#annual), cutoff, count(#statements, "statement"), count(#speakers, "State"),
              talks.Name, city(talks), talks.Start:month_name(), talks.Start.year)

    paragraph("%s The States behind each figure are listed in the Audit sheet of the consolidated workbook.", setting("Disclaimer"))

    if sample.illustrative > 0 then
      -- The columns that say where records come from ("Source"), named as the dictionary names them.
      local columns, seen = {}, {}
      for _, s in ipairs(sample.sheets) do
        if not seen[s.column] then
          seen[s.column] = true
          columns[#columns + 1] = s.column
        end
      end
      paragraph("Of the %s in the workbooks that give their source, %s marked in %s %s column as an illustrative sample "
                .. "rather than an official record: figures drawn from %s show the method, not findings, and every "
                .. "passage of this report that draws, or may draw, on %s is marked as such.",
                count(sample.records, "record"), agree(sample.illustrative, "one is", number(sample.illustrative) .. " are"),
                agree(sample.illustrative, "its", "their"), list(columns, "or"),
                agree(sample.illustrative, "it", "them"), agree(sample.illustrative, "it", "them"))
    end
  end,
}
