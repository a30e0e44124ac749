-- Section 1: Introduction.
-- The period covered, the sources used (how many initial and annual transparency reports and
-- statements at the intersessional meetings) and the aggregate-only disclaimer, which is kept
-- in the Settings sheet. It also says how many records of the workbooks are illustrative
-- samples, as actionplan counts them from the dictionary's Provenance column (provenance()).

local ccm = require("ccm")
local scope = require("scope")

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
    -- column counted by actionplan. The count reads no row, so it is made before the section
    -- reads any (what a section writes after it reads illustrative rows is marked).
    local sample = provenance()
    figure{ name = "records", value = sample.records,
            label = "Records in the workbooks that give their source" }
    figure{ name = "illustrative_records", value = sample.illustrative,
            label = "Of these, records marked in their Source column as an illustrative sample" }

    local first = scope.previous_meeting()
    local next_meeting = scope.meeting()
    local talks = ccm.meeting(setting("Statements meeting"))
    local cutoff = date(setting("Cut-off date"))
    local plan = setting("Action plan")

    -- What the report covers, from the adoption of the action plan up to the meeting, and what
    -- it is for (the words of the report outline).
    local covers = string.format("This report presents an aggregate analysis of trends and "
                                 .. "figures in the implementation of the %s from its adoption at "
                                 .. "the %s in %s on %s up to the %s in %s in %s %s.", plan,
                                 first.Meeting, city(first), scope.adopted(), next_meeting.Meeting,
                                 city(next_meeting), next_meeting.Start:month_name(),
                                 next_meeting.Start.year)
    local purpose = string.format("This document is intended to facilitate discussions at the %s "
                                  .. "by monitoring progress and identifying key questions to be "
                                  .. "addressed, and does not replace any formal reporting from "
                                  .. "the %s.", next_meeting.Meeting, next_meeting.Meeting)
    paragraph("%s %s", covers, purpose)

    -- The aggregate-only disclaimer of the Settings sheet, and where the States are named.
    paragraph("%s The States behind each figure are listed in the Audit sheet of the consolidated "
              .. "workbook.", setting("Disclaimer"))

    -- How much of the data is an illustrative sample, and what that means for the reader. Said
    -- before the sources are counted: those are illustrative rows, and what the section writes
    -- after reading them is marked.
    if sample.illustrative > 0 then
      -- The columns that say where records come from ("Source"), as the dictionary names them.
      local columns, seen = {}, {}
      for _, s in ipairs(sample.sheets) do
        if not seen[s.column] then
          seen[s.column] = true
          columns[#columns + 1] = s.column
        end
      end
      local records, illustrative = numbers(sample.records, sample.illustrative)
      local them = agree(sample.illustrative, "it", "them")
      paragraph("Of the %s %s in the workbooks that give their source, %s %s marked in %s %s "
                .. "column as an illustrative sample rather than an official record: figures "
                .. "drawn from %s show the method, not findings, and every passage of this report "
                .. "that draws, or may draw, on %s is marked with a dagger (†).", records,
                agree(sample.records, "record", "records"), illustrative,
                agree(sample.illustrative, "is", "are"),
                agree(sample.illustrative, "its", "their"), list(columns, "or"), them, them)
    end

    -- The transparency reports received up to the cut-off date (a report without a date counts).
    local received = sheet("Transparency reports"):filter(function(r)
      return r["Date submitted"] == nil or r["Date submitted"] <= cutoff
    end)
    local initial = received:where("Kind", "initial")
    local annual = received:where("Kind", "annual")
    -- The statements made at the intersessional meetings, and the States that made them.
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

    -- The sources, each named only when there is some: "42 initial and 27 annual transparency
    -- reports received up to ...", "53 statements made by 28 States during ...".
    local sources = {}
    local n_initial, n_annual = numbers(#initial, #annual)
    if #initial > 0 and #annual > 0 then
      table.insert(sources, string.format("%s initial and %s annual transparency reports "
                                          .. "received up to %s", n_initial, n_annual, cutoff))
    elseif #received > 0 then
      local kind = (#initial > 0 and "initial" or "annual") .. " transparency report"
      table.insert(sources, string.format("%s received up to %s", count(#received, kind), cutoff))
    end
    if #statements > 0 then
      local shown = counts({ { #statements, "statement" }, { #speakers, "State" } })
      table.insert(sources, string.format("%s made by %s during the %s in %s in %s %s", shown[1],
                                          shown[2], talks.Name, city(talks),
                                          talks.Start:month_name(), talks.Start.year))
    end
    table.insert(sources, "other open sources such as information provided by civil society")
    -- Joined by semicolons, the last with "; and", as the items hold commas of their own.
    local joined = sources[1]
    if #sources > 1 then
      joined = table.concat(sources, "; ", 1, #sources - 1) .. "; and " .. sources[#sources]
    end
    paragraph("The content of the report is based on publicly available information including "
              .. "%s. The thematic Friends of the President have provided additional information "
              .. "based on their own consultations and analyses.", joined)
  end,
}
