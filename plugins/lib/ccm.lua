-- The treaty's rules and the meeting calendar, in one place so that a coordinator can read
-- and change them. Every time limit in the report is computed from these functions.
--
-- Functions that read sheets need the calling section to list those sheets in its reads:
-- ccm.meeting needs "Meetings"; ccm.parties_at needs "States".

local ccm = {}

-- The Convention entered into force on 1 August 2010 for the first 30 States to ratify.
ccm.CONVENTION_IN_FORCE = date(2010, 8, 1)

-- Article 17(2): for a State that deposits later, the Convention enters into force on the
-- first day of the sixth month after the month in which it deposited its instrument
-- (deposit 29 November 2010 -> entry into force 1 May 2011).
function ccm.entry_into_force(deposited)
  if deposited == nil then return nil end
  local eif = deposited:start_of_month():add_months(6)
  if eif < ccm.CONVENTION_IN_FORCE then
    return ccm.CONVENTION_IN_FORCE
  end
  return eif
end

-- Article 7(1): the initial transparency report is due 180 days after entry into force.
function ccm.initial_report_due(deposited)
  local eif = ccm.entry_into_force(deposited)
  return eif and eif:add_days(180)
end

-- Article 7(2): annual reports are due by 30 April each year, covering the previous calendar year.
function ccm.annual_report_due(year)
  return date(year, 4, 30)
end

-- Article 3: stockpiles destroyed as soon as possible, at most 8 years after entry into force.
function ccm.stockpile_deadline(deposited)
  local eif = ccm.entry_into_force(deposited)
  return eif and eif:add_years(8)
end

-- Article 4: contaminated areas cleared at most 10 years after entry into force.
function ccm.clearance_deadline(deposited)
  local eif = ccm.entry_into_force(deposited)
  return eif and eif:add_years(10)
end

-- The row of a meeting in the Meetings sheet, by its code ("1MSP").
function ccm.meeting(code)
  local row = sheet("Meetings"):find("Meeting", code)
  if row == nil then
    error("the Meetings sheet has no meeting \"" .. tostring(code) .. "\"", 2)
  end
  return row
end

-- States Parties by deposit of their instrument on or before a date.
-- (A State is commonly counted as a Party from its deposit; the Convention is in force for it
-- only from its entry into force: see ccm.in_force_at.)
function ccm.parties_at(day)
  return sheet("States"):where("Deposited", "<=", day)
end

-- States for which the Convention was in force on a date.
function ccm.in_force_at(day)
  return sheet("States"):filter(function(s)
    local eif = ccm.entry_into_force(s.Deposited)
    return eif ~= nil and eif <= day
  end)
end

return ccm
