-- Section 11: Transparency (Article 7).
-- How many States Parties had reporting deadlines up to the 2MSP (computed from each State's
-- entry into force by the rules in lib/ccm.lua), how many of these submitted their reports, on
-- time or late, and how complete the reports are. Counts only: the report names no State (the
-- names are in the Audit sheet).

local ccm = require("ccm")
local steps = require("steps")
local wording = require("wording")

local FORMS = 10  -- Forms A to J of the reporting format.

-- Number of distinct forms (letters A-J) in "A, B, F". Counted once for each different text:
-- most reports list the same forms.
local forms_counted = {}
local function forms_in(text)
  if text == nil then return nil end
  if forms_counted[text] ~= nil then return forms_counted[text] end
  local seen, n = {}, 0
  for letter in text:upper():gmatch("%f[%a](%a)%f[%A]") do
    if letter >= "A" and letter <= "J" and not seen[letter] then
      seen[letter] = true
      n = n + 1
    end
  end
  forms_counted[text] = n
  return n
end

-- Where the States that owed a report stand: on time, late, date not recorded, not submitted.
local function status(owing, reports, due_of)
  local result = { on_time = {}, late = {}, undated = {}, missing = {} }
  local by_state = reports:index("State")
  for state in owing:rows() do
    local report = by_state[state.State]
    local due = due_of(state)
    if report == nil then
      result.missing[#result.missing + 1] = state
    elseif report["Date submitted"] == nil then
      result.undated[#result.undated + 1] = report
    elseif report["Date submitted"] <= due then
      result.on_time[#result.on_time + 1] = report
    else
      result.late[#result.late + 1] = report
    end
  end
  return result
end

return {
  number = 11,
  title = "Transparency",
  reads = { "States", "Meetings", "Transparency reports", "Wording" },

  run = function()
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local day = ccm.setting_date("Cut-off date")
    local parties = ccm.parties_at(day)
    local reports = sheet("Transparency reports")

    -- Initial reports: due 180 days after entry into force.
    local owing_initial = parties:filter(function(s)
      local due = ccm.initial_report_due(s.Deposited)
      return due ~= nil and due <= day
    end)
    local initial = status(owing_initial, reports:where("Kind", "initial"),
                           function(s) return ccm.initial_report_due(s.Deposited) end)
    -- Annual reports: due 30 April of the report's year, by the States that owe one (lib/ccm.lua).
    local year = day.year
    local annual_due = ccm.annual_report_due(year)
    local owing_annual = parties:filter(function(s)
      return annual_due <= day and ccm.annual_report_owed(s.Deposited, year)
    end)
    local annual_reports = reports:where("Kind", "annual"):filter(function(r)
      return r["Period covered"]:find(tostring(year - 1), 1, true) ~= nil
    end)
    local annual = status(owing_annual, annual_reports, function() return annual_due end)

    local owing_any = parties:filter(function(s)
      local due = ccm.initial_report_due(s.Deposited)
      return due ~= nil and due <= day
    end)
    figure{ name = "states_with_deadlines", value = #owing_any, rows = owing_any, as_of = day,
            label = "States Parties with a reporting deadline up to the cut-off date" }
    for _, kind in ipairs({ { "initial", initial, owing_initial }, { "annual", annual, owing_annual } }) do
      local name, s, owing = kind[1], kind[2], kind[3]
      figure{ name = name .. "_due", value = #owing, rows = owing, as_of = day,
              label = "States Parties whose " .. name .. " report was due by the cut-off date" }
      figure{ name = name .. "_on_time", value = #s.on_time, rows = s.on_time, label = capitalize(name) .. " reports submitted on time" }
      figure{ name = name .. "_late", value = #s.late, rows = s.late, label = capitalize(name) .. " reports submitted late" }
      figure{ name = name .. "_undated", value = #s.undated, rows = s.undated,
              label = capitalize(name) .. " reports received without a recorded date" }
      figure{ name = name .. "_missing", value = #s.missing, rows = s.missing, as_of = day,
              label = capitalize(name) .. " reports due but not submitted by the cut-off date" }
    end
    local submitted_initial = #initial.on_time + #initial.late + #initial.undated
    paragraph("%s had a deadline for %s initial transparency report, 180 days after entry into force for that State, "
              .. "up to the %s (%s). %s of them submitted it: %s on time and %s late%s; %s had not submitted it.",
              count(#owing_initial, "State Party"), agree(#owing_initial, "its", "their"), next_meeting.Meeting, as_of(day),
              capitalize(number(submitted_initial)), number(#initial.on_time), number(#initial.late),
              #initial.undated > 0 and (", " .. number(#initial.undated) .. " without a recorded date") or "",
              count(#initial.missing, "State Party"))
    local submitted_annual = #annual.on_time + #annual.late + #annual.undated
    paragraph("%s owed an annual report by %s, covering the calendar year %s. %s of them submitted it: %s on time and %s late%s; %s had not submitted it.",
              count(#owing_annual, "State Party"), annual_due, year - 1, capitalize(number(submitted_annual)),
              number(#annual.on_time), number(#annual.late),
              #annual.undated > 0 and (", " .. number(#annual.undated) .. " without a recorded date") or "",
              count(#annual.missing, "State Party"))
    local early = reports:where("Kind", "initial"):filter(function(r)
      local due = ccm.initial_report_due(ccm.deposited(r.State))
      return due ~= nil and due > day
    end)
    figure{ name = "initial_before_deadline", value = #early, rows = early,
            label = "Initial reports submitted by States Parties whose deadline was still to come" }
    if #early > 0 then
      paragraph("In addition, %s submitted %s initial report before %s deadline.",
                count(#early, "State Party"), agree(#early, "its", "their"), agree(#early, "its", "their"))
    end
    add_chart{ title = "Transparency reports due by the cut-off date: on time, late or missing", type = "column",
               x_title = "Report", y_title = "States Parties",
               categories = { "Initial reports", "Annual reports" },
               series = {
                 { name = "On time", values = { #initial.on_time, #annual.on_time } },
                 { name = "Late", values = { #initial.late, #annual.late } },
                 { name = "Date not recorded", values = { #initial.undated, #annual.undated } },
                 { name = "Not submitted", values = { #initial.missing, #annual.missing } },
               } }

    -- Completeness: forms of the reporting format completed.
    local received = reports:filter(function(r) return r["Date submitted"] == nil or r["Date submitted"] <= day end)
    local complete = received:filter(function(r) return forms_in(r["Forms completed"]) == FORMS end)
    local partial = received:filter(function(r)
      local n = forms_in(r["Forms completed"])
      return n ~= nil and n < FORMS
    end)
    local unrecorded = received:filter(function(r) return forms_in(r["Forms completed"]) == nil end)
    figure{ name = "reports_received", value = #received, rows = received, as_of = day, label = "Transparency reports received" }
    figure{ name = "reports_complete", value = #complete, rows = complete, label = "Reports with all ten forms completed" }
    figure{ name = "reports_incomplete", value = #partial, rows = partial, label = "Reports with some forms not completed" }
    paragraph("Of the %s received, %s all ten forms of the reporting format completed and %s some forms left out%s.",
              count(#received, "report"), number(#complete) .. " had", number(#partial) .. " had",
              #unrecorded > 0 and ("; for " .. number(#unrecorded) .. " the forms completed were not recorded") or "")
    wording.add(11)
  end,
}
