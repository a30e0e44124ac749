-- Section 11: Transparency (Article 7).
-- How many States Parties had reporting deadlines up to the 2MSP (computed from each State's
-- entry into force by the rules in lib/ccm.lua), how many of these submitted their reports, on
-- time or late, and how complete the reports are. Counts only: the report names no State (the
-- names are in the Audit sheet); State by State values go to the States sheet (at the end).

local ccm = require("ccm")
local scope = require("scope")
local wording = require("wording")

-- The number of different forms (letters A to J: as many as the Rules sheet says) in a
-- "Forms completed" cell such as "A, B, F"; nil when the cell is empty.
local function forms_in(text)
  if text == nil then return nil end
  local seen, n = {}, 0
  local last = string.char(string.byte("A") + ccm.report_forms() - 1)
  for letter in text:upper():gmatch("%f[%a](%a)%f[%A]") do
    if letter >= "A" and letter <= last and not seen[letter] then
      seen[letter] = true
      n = n + 1
    end
  end
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
    elseif ccm.on_time(report["Date submitted"], due) then
      result.on_time[#result.on_time + 1] = report
    else
      result.late[#result.late + 1] = report
    end
  end
  return result
end

-- How the States that owed a report stand, as the end of a sentence: "32 submitted it on time,
-- 8 submitted it late and 2 had not submitted it".
local function outcomes(s)
  local owing = #s.on_time + #s.late + #s.undated + #s.missing
  return wording.outcomes(owing, {
    { #s.on_time, "submitted it on time" },
    { #s.late, "submitted it late" },
    { #s.undated, "submitted it without a recorded date" },
    { #s.missing, "had not submitted it", negated = "had submitted it" },
  })
end

return {
  number = 11,
  title = "Transparency",
  reads = { "States", "Meetings", "Transparency reports", "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(11)

    local day = scope.day()
    local cutoff = date(setting("Cut-off date"))
    local FORMS = ccm.report_forms()  -- Forms A to J of the reporting format (the Rules sheet).
    local parties = scope.parties()
    -- The reports received by the cut-off date (a report without a recorded date counts).
    local reports = sheet("Transparency reports"):filter(function(r)
      return r["Date submitted"] == nil or r["Date submitted"] <= cutoff
    end)

    -- Initial reports: due 180 days after entry into force (the Rules sheet).
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

    local meeting = scope.meeting().Meeting
    figure{ name = "states_with_deadlines", value = #owing_initial, rows = owing_initial,
            as_of = day,
            label = "States Parties with a reporting deadline up to the opening day of the "
              .. meeting }
    for _, kind in ipairs({ { "initial", initial, owing_initial },
                            { "annual", annual, owing_annual } }) do
      local name, s, owing = kind[1], kind[2], kind[3]
      local Name = capitalize(name)
      figure{ name = name .. "_due", value = #owing, rows = owing, as_of = day,
              label = "States Parties whose " .. name .. " report was due by the opening day of "
                .. "the " .. meeting }
      figure{ name = name .. "_on_time", value = #s.on_time, rows = s.on_time,
              label = Name .. " reports submitted on time" }
      figure{ name = name .. "_late", value = #s.late, rows = s.late,
              label = Name .. " reports submitted late" }
      figure{ name = name .. "_undated", value = #s.undated, rows = s.undated,
              label = Name .. " reports received without a recorded date" }
      figure{ name = name .. "_missing", value = #s.missing, rows = s.missing, as_of = cutoff,
              label = Name .. " reports due but not submitted by the cut-off date" }
    end

    -- The initial reports due, and where the States Parties that owed one stand.
    local days = count(ccm.initial_report_days(), "day")
    if #owing_initial == 0 then
      paragraph("No initial transparency report, due %s after entry into force for each State, "
                .. "had fallen due by %s.", days, day)
    else
      paragraph("The initial transparency report, due %s after entry into force for each State, "
                .. "had fallen due by %s for %s: %s.", days, day,
                count(#owing_initial, "State Party"), outcomes(initial))
    end
    -- The annual reports due on 30 April, covering the previous calendar year.
    if #owing_annual == 0 then
      paragraph("No annual transparency report had fallen due by %s.", day)
    else
      paragraph("The annual transparency report due by %s, covering the calendar year %s, was "
                .. "owed by %s: %s.", annual_due, year - 1, count(#owing_annual, "State Party"),
                outcomes(annual))
    end
    if ccm.report_grace_days() > 0 then
      paragraph("Reports received within %s after their deadline are counted as on time.",
                count(ccm.report_grace_days(), "day"))
    end

    -- Initial reports that came before they were due.
    local early = reports:where("Kind", "initial"):filter(function(r)
      local due = ccm.initial_report_due(ccm.deposited(r.State))
      return due ~= nil and due > day
    end)
    figure{ name = "initial_before_deadline", value = #early, rows = early,
            label = "Initial reports submitted by States Parties whose deadline was still to "
              .. "come" }
    if #early > 0 then
      paragraph("In addition, %s %s before %s due.", subject(#early, "State Party", "submitted"),
                agree(#early, "its initial report", "their initial reports"),
                agree(#early, "it was", "they were"))
    end
    add_chart{ title = "Transparency reports due by the cut-off date: on time, late or missing",
               type = "column", categories = { "Initial reports", "Annual reports" },
               x_title = "Report", y_title = "States Parties",
               series = {
                 { name = "On time", values = { #initial.on_time, #annual.on_time } },
                 { name = "Late", values = { #initial.late, #annual.late } },
                 { name = "Date not recorded", values = { #initial.undated, #annual.undated } },
                 { name = "Not submitted", values = { #initial.missing, #annual.missing } },
               } }

    -- Completeness: the forms of the reporting format completed in each report received.
    local complete = reports:filter(function(r) return forms_in(r["Forms completed"]) == FORMS end)
    local partial = reports:filter(function(r)
      local n = forms_in(r["Forms completed"])
      return n ~= nil and n < FORMS
    end)
    local unrecorded = reports:where("Forms completed", nil)
    figure{ name = "reports_received", value = #reports, rows = reports, as_of = cutoff,
            label = "Transparency reports received" }
    figure{ name = "reports_complete", value = #complete, rows = complete,
            label = "Reports with all " .. number(FORMS) .. " forms completed" }
    figure{ name = "reports_incomplete", value = #partial, rows = partial,
            label = "Reports with some forms not completed" }
    if #reports > 0 then
      local forms = wording.outcomes(#reports, {
        { #complete, "had all " .. number(FORMS) .. " forms of the reporting format completed" },
        { #partial, "had some forms left out" },
        { #unrecorded, "did not record which forms were completed" },
      })
      paragraph("%s received by %s: %s.", subject(#reports, "transparency report", "was"), cutoff,
                forms)
    end

    -- Every State at a glance (the States sheet of consolidated.xlsx; the text names no State):
    -- each deadline, the report received and its status, taken from the lists worked out above,
    -- so that "on time" means the same here as in the text.
    local function by_state(s)
      local word, row = {}, {}
      for _, kind in ipairs({ { s.on_time, "on time" }, { s.late, "late" },
                              { s.undated, "missing" }, { s.missing, "overdue" } }) do
        for _, r in ipairs(kind[1]) do
          word[r.State], row[r.State] = kind[2], r
        end
      end
      return word, row
    end
    local initial_word, initial_row = by_state(initial)
    local annual_word, annual_row = by_state(annual)
    local initial_reports = reports:where("Kind", "initial"):index("State")
    local annual_covering = annual_reports:index("State")
    for s in sheet("States"):where("Deposited", "~=", nil):rows() do
      local due = ccm.initial_report_due(s.Deposited)
      local report = initial_reports[s.State]
      -- Article 7(1): the initial report is due 180 days after entry into force.
      track{ state = s.State, name = "initial_due", label = "Initial report due", value = due,
             rows = s }
      -- The date the initial report was received, if it was.
      track{ state = s.State, name = "initial_received", label = "Initial report received",
             value = report and report["Date submitted"], rows = { s, report } }
      -- Owed by the day: as counted above; otherwise on time if received, else due soon or not
      -- yet due.
      local status = initial_word[s.State] or (report and ccm.done(report["Date submitted"], due))
                     or ccm.pending(due, day)
      -- Where the State stands on its initial report.
      track{ state = s.State, name = "initial", label = "Initial report", status = status,
             rows = { s, initial_row[s.State] or report } }
    end
    local owing = parties:filter(function(s) return annual_word[s.State] ~= nil end)
    for s in owing:rows() do
      local report = annual_covering[s.State]
      -- Article 7(2): the annual report covering the previous year is due by 30 April.
      track{ state = s.State, name = "annual_due", label = "Annual report due",
             value = annual_due, rows = s }
      -- The date the annual report was received, if it was.
      track{ state = s.State, name = "annual_received", label = "Annual report received",
             value = report and report["Date submitted"], rows = { s, report } }
    end
    for s in parties:rows() do
      -- A State whose initial report was due after 30 April owes no annual report this year
      -- (lib/ccm.lua).
      track{ state = s.State, name = "annual", label = "Annual report",
             status = annual_word[s.State] or "not applicable", rows = { s, annual_row[s.State] } }
    end
    -- The key finding, for section 2: how many of the reports due had been submitted.
    local function submitted(kind, s, owing)
      if #owing == 0 then
        return string.format("no %s report had fallen due", kind)
      end
      return wording.of(#owing - #s.missing, #owing, kind .. " report due", "had been submitted",
                        kind .. " reports due")
    end
    local summary = string.format("By %s, %s, and %s.", day,
                                  submitted("initial", initial, owing_initial),
                                  submitted("annual", annual, owing_annual))
    figure{ name = "summary", value = summary, rows = { owing_initial, owing_annual },
            label = "Key finding of section 11, repeated in section 2" }
  end,
}
