-- The treaty's rules, shared by the sections. A section loads this file with
--   local treaty = require("treaty")
-- and then calls treaty.meeting("2MSP") or treaty.entry_into_force(state.Deposited). Keep the
-- treaty's rules here, in one place, so that coordinators can read them.
--
-- The numbers of the rules (6 months, 180 days, 30 April) are not written here: they are in the
-- Rules sheet of workbooks/settings.xlsx, where a coordinator changes them in Excel.
-- rule("Initial report (days after entry into force)") gives the Value of that row, typed by its
-- Unit: a number of days, a date, or for a day of the year a table { month = 4, day = 30 }.
--
-- A helper that reads a sheet needs the calling section to list that sheet in its reads:
-- treaty.meeting needs "Meetings"; treaty.parties_at and treaty.in_force_at need "States".

local treaty = {}

-- The date the treaty entered into force, for the States that had deposited by then. Like
-- sheets, rules are read inside functions, when a section runs, not when this file is loaded.
function treaty.in_force()
  return rule("Treaty in force")
end

-- For a State that deposits later, the treaty enters into force on the first day of the sixth
-- month after the month of its deposit (6 is in the Rules sheet). Empty deposit: nil.
function treaty.entry_into_force(deposited)
  if deposited == nil then
    return nil
  end
  local eif = deposited:start_of_month():add_months(rule("Entry into force (months after the month of deposit)"))
  if eif < treaty.in_force() then
    return treaty.in_force()
  end
  return eif
end

-- The initial report is due 180 days (the Rules sheet) after entry into force; nil without one.
function treaty.initial_report_due(deposited)
  local eif = treaty.entry_into_force(deposited)
  return eif and eif:add_days(rule("Initial report (days after entry into force)"))
end

-- Annual reports are due on 30 April (the Rules sheet) of each year.
function treaty.annual_report_due(year)
  local due = rule("Annual report due (day of the year)")
  return date(year, due.month, due.day)
end

-- The row of a meeting in the Meetings sheet, by its code ("2MSP"). Its columns are then
-- read by name: treaty.meeting("2MSP").Start is the meeting's first day.
function treaty.meeting(code)
  local row = sheet("Meetings"):find("Meeting", code)
  if row == nil then
    -- error(...) stops the section with this message; the 2 points at the caller's line.
    error("the Meetings sheet has no meeting \"" .. tostring(code) .. "\"", 2)
  end
  return row
end

-- The States Parties on a day: those whose Deposited date is on or before it. A State with no
-- date there is not a Party. (A State is commonly counted as a Party from its deposit; the
-- treaty is in force for it only from its entry into force: see treaty.in_force_at.)
function treaty.parties_at(day)
  return sheet("States"):where("Deposited", "<=", day)
end

-- The States for which the treaty was in force on a day.
function treaty.in_force_at(day)
  return sheet("States"):filter(function(s)
    local eif = treaty.entry_into_force(s.Deposited)
    return eif ~= nil and eif <= day
  end)
end

return treaty
