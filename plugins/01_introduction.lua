-- Section 1: Introduction.
-- The period covered, the sources used (how many initial and annual transparency reports and
-- statements at the intersessional meetings) and the aggregate-only disclaimer, which is kept
-- in the Settings sheet. It also says how many of the records used are illustrative samples.

local ccm = require("ccm")
local scope = require("scope")

-- The city of a meeting: "Vientiane" from "Vientiane, Lao PDR".
local function city(meeting)
  return meeting.Place and meeting.Place:match("^[^,]+") or meeting.Name
end

-- The data sheets whose Source column says where each record comes from.
local SOURCED = { "Obligations", "Reported steps", "Stockpiles", "Retention", "Clearance", "Cooperation", "Transparency reports",
                  "National measures", "Partner views", "Statements", "Reactions to use", "Allegations of use" }

return {
  number = 1,
  title = "Introduction",
  reads = { "States", "Meetings", "Transparency reports", "Statements", "Obligations",
            "Reported steps", "Stockpiles", "Retention", "Clearance", "Cooperation",
            "National measures", "Partner views", "Reactions to use", "Allegations of use" },

  run = function()
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

    -- The aggregate-only disclaimer of the Settings sheet, and where the States are named.
    paragraph("%s The States behind each figure are listed in the Audit sheet of the consolidated "
              .. "workbook.", setting("Disclaimer"))

    -- Whether a Source says "illustrative", worked out once for each different Source.
    local said = {}
    local function says_illustrative(source)
      if said[source] == nil then
        said[source] = source:lower():find("illustrative", 1, true) ~= nil
      end
      return said[source]
    end
    -- The illustrative records of each sheet, as views: a figure takes a list of them.
    local total, illustrative, n = 0, {}, 0
    for _, name in ipairs(SOURCED) do
      local rows = sheet(name)
      total = total + #rows
      local marked = rows:filter(function(r) return r.Source ~= nil and says_illustrative(r.Source) end)
      illustrative[#illustrative + 1] = marked
      n = n + #marked
    end
    figure{ name = "records", value = total, label = "Records in the data sheets used" }
    figure{ name = "illustrative_records", value = n, rows = illustrative,
            label = "Records marked in their Source column as an illustrative sample" }
    if n > 0 then
      paragraph("Of the %s in the data sheets used, %s marked in %s Source column as an illustrative sample rather than an "
                .. "official record: figures drawn from %s show the method, not findings.",
                count(total, "record"), agree(n, "one is", number(n) .. " are"),
                agree(n, "its", "their"), agree(n, "it", "them"))
    end
  end,
}
