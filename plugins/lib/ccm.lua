-- The treaty's rules and the meeting calendar, in one place so that a coordinator can read
-- and change them. Every time limit in the report is computed from these functions, and the
-- numbers behind them (180 days, 8 and 10 years, 30 April...) are in the Rules sheet of
-- workbooks/settings.xlsx: change a number there, in Excel, not here. rule("...") gives the
-- value of a row of that sheet, typed by its Unit (a number of days, a date...). Like sheets,
-- rules are read inside functions, when a section runs, not when this file is loaded.
--
-- Who counts as a State Party on which day, and which period the report covers, are in
-- plugins/lib/scope.lua, which every section uses; this file holds the treaty's rules.
--
-- Functions that read sheets need the calling section to list those sheets in its reads:
-- ccm.meeting needs "Meetings"; ccm.deposited, ccm.is_party, ccm.in_force, ccm.state and
-- ccm.standing need "States"; ccm.track_obligation needs "Obligations" and "States";
-- ccm.action, ccm.action_deadline and ccm.time_limit_confirmed need "Actions" (and "States").

local ccm = {}

-- The Convention entered into force on 1 August 2010 for the first 30 States to ratify.
function ccm.convention_in_force()
  return rule("Convention in force")
end

-- Article 17(2): for a State that deposits later, the Convention enters into force on the
-- first day of the sixth month after the month in which it deposited its instrument
-- (deposit 29 November 2010 -> entry into force 1 May 2011).
function ccm.entry_into_force(deposited)
  if deposited == nil then return nil end
  local months = rule("Entry into force (months after the month of deposit)")
  local eif = deposited:start_of_month():add_months(months)
  if eif < ccm.convention_in_force() then
    return ccm.convention_in_force()
  end
  return eif
end

-- Whether the Convention was in force on a day for a State that deposited its instrument on
-- `deposited` (nil: not deposited, so not in force).
function ccm.in_force_on(deposited, day)
  local eif = ccm.entry_into_force(deposited)
  return eif ~= nil and eif <= day
end

-- Article 7(1): the initial transparency report is due 180 days after entry into force.
function ccm.initial_report_days()
  return rule("Initial report (days after entry into force)")
end

function ccm.initial_report_due(deposited)
  local eif = ccm.entry_into_force(deposited)
  return eif and eif:add_days(ccm.initial_report_days())
end

-- Article 7(2): annual reports are due by 30 April each year, covering the previous calendar year.
function ccm.annual_report_due(year)
  local due = rule("Annual report due (day of the year)")
  return date(year, due.month, due.day)
end

-- A report counts as on time when it arrives by its deadline, or within the days of grace that
-- the States Parties may agree on (the Rules sheet; 0: none).
function ccm.report_grace_days()
  return rule("Days of grace for reports")
end

function ccm.on_time(submitted, due)
  return submitted <= due:add_days(ccm.report_grace_days())
end

-- The forms of the Article 7 reporting format (A to J): a report with all of them is complete.
function ccm.report_forms()
  return rule("Forms of the reporting format")
end

-- Which States owe the annual report due on 30 April of a year: those whose initial report was
-- due before that date (a State whose initial report falls due later reports first through it).
-- This reading of Article 7(2) is the secretariat's; change it here if the States Parties agree
-- on another one.
function ccm.annual_report_owed(deposited, year)
  local initial = ccm.initial_report_due(deposited)
  return initial ~= nil and initial < ccm.annual_report_due(year)
end

-- Article 3: stockpiles destroyed as soon as possible, at most 8 years after entry into force.
function ccm.stockpile_deadline(deposited)
  local eif = ccm.entry_into_force(deposited)
  return eif and eif:add_years(rule("Stockpile destruction (years after entry into force)"))
end

-- Article 4: contaminated areas cleared at most 10 years after entry into force.
function ccm.clearance_deadline(deposited)
  local eif = ccm.entry_into_force(deposited)
  return eif and eif:add_years(rule("Clearance (years after entry into force)"))
end

-- Time-bound actions of the Vientiane Action Plan: the Actions sheet gives the time limit in
-- months after entry into force (action 21: 6 months), or a fixed date (action 20: 2011); the
-- deadline of each State is computed from its own entry into force.
function ccm.action(number)
  local row = sheet("Actions"):find("Action", number)
  if row == nil then
    error("the Actions sheet has no action " .. tostring(number), 2)
  end
  return row
end

function ccm.action_deadline(number, state)
  local action = ccm.action(number)
  local fixed = action["Time limit (date)"]
  if fixed ~= nil then
    return fixed
  end
  local months = action["Time limit (months after entry into force)"]
  if months == nil then
    return nil
  end
  local eif = ccm.entry_into_force(ccm.deposited(state))
  return eif and eif:add_months(months)
end

-- Whether the time limit of an action is confirmed against the text of the action plan: the
-- Actions sheet marks the wording of each action "verified" or "to be filled by the
-- coordinator" (Title status). A time limit not yet verified (actions 8 and 10 to 13: reported
-- in the sources as one year, for a group of actions) is given in the report as reported, not
-- as the plan's own words.
function ccm.time_limit_confirmed(number)
  return ccm.action(number)["Title status"] == "verified"
end

-- A date from the Settings sheet ("Cut-off date"). Its row says "date" in the Type column, so
-- the value is checked when the workbooks are read (a bad one is reported at its cell) and
-- arrives here as a date.
function ccm.setting_date(name)
  return date(setting(name))
end

-- The row of a meeting in the Meetings sheet, by its code ("1MSP").
function ccm.meeting(code)
  local row = sheet("Meetings"):find("Meeting", code)
  if row == nil then
    error("the Meetings sheet has no meeting \"" .. tostring(code) .. "\"", 2)
  end
  return row
end

-- The States sheet row of a State, by its name (every State column holds the list's spelling).
function ccm.state(name)
  return sheet("States"):find("State", name)
end

-- Date a State deposited its instrument, or nil (a signatory, or a State not party).
function ccm.deposited(state)
  local row = ccm.state(state)
  return row and row.Deposited
end

-- A State Party on a date, by deposit of its instrument.
function ccm.is_party(state, day)
  local deposited = ccm.deposited(state)
  return deposited ~= nil and deposited <= day
end

-- The Convention in force for a State on a date (Article 17).
function ccm.in_force(state, day)
  return ccm.in_force_on(ccm.deposited(state), day)
end

-- Deadlines of Articles 3 and 4 for one State (nil for Article 5, which has none).
function ccm.obligation_deadline(article, state)
  if article == 3 then
    return ccm.stockpile_deadline(ccm.deposited(state))
  elseif article == 4 then
    return ccm.clearance_deadline(ccm.deposited(state))
  end
  return nil
end

-- The States sheet of consolidated.xlsx (every State at a glance) -------------------------------
-- These rules give the per-State values that sections record with track{ ... }. They are for the
-- people who prepare the report: the report's text never names a State.

-- Where a State of the States list stands on a day, and where its row goes in the States sheet:
-- States Parties (by deposit) first, then signatories, then the other States of the list.
function ccm.standing(row, day)
  if row.Deposited ~= nil and row.Deposited <= day then
    return "State Party", 1
  end
  if row.Signed ~= nil then
    return "Signatory", 2
  end
  return "Not a signatory", 3
end

-- A deadline within this many days after the day of the report is "due soon" in the States sheet
-- (the secretariat's working rule, not a rule of the Convention).
ccm.DUE_SOON_DAYS = 90

-- Where something not yet done stands on a day: "overdue" once its deadline has passed, "due soon"
-- within ccm.DUE_SOON_DAYS of it, otherwise "not yet due".
function ccm.pending(deadline, day)
  if deadline <= day then
    return "overdue"
  elseif deadline <= day:add_days(ccm.DUE_SOON_DAYS) then
    return "due soon"
  end
  return "not yet due"
end

-- Something done on a date, against its deadline: "on time", "late", or "missing" when the date
-- is not recorded.
function ccm.done(on, deadline)
  if on == nil then
    return "missing"
  elseif on <= deadline then
    return "on time"
  end
  return "late"
end

-- The deadline of an Article (3 or 4) for every State Party of `parties` that has or had the
-- obligation, and where it stands on a day (completed on time or late, or still to do); the other
-- States Parties get "not applicable". `what` names the obligation in the column's heading.
-- (The columns of the States sheet come in the order of their first value: deadlines first.)
function ccm.track_obligation(article, parties, day, what)
  local obligations = sheet("Obligations"):where("Article", article):index("State")
  local holding = parties:filter(function(party) return obligations[party.State] ~= nil end)
  for party in holding:rows() do
    -- The deadline, from the State's entry into force (Article 3: 8 years; Article 4: 10).
    track{ state = party.State, name = "article" .. article .. "_deadline",
           label = "Article " .. article .. " deadline",
           value = ccm.obligation_deadline(article, party.State),
           rows = { party, obligations[party.State] } }
  end
  for party in parties:rows() do
    local obligation = obligations[party.State]
    local status = "not applicable"
    if obligation ~= nil and obligation.Completed ~= nil and obligation.Completed <= day then
      status = ccm.done(obligation.Completed, ccm.obligation_deadline(article, party.State))
    elseif obligation ~= nil then
      status = ccm.pending(ccm.obligation_deadline(article, party.State), day)
    end
    -- Completed by the deadline or after it, where it stands on the deadline, or "not applicable".
    track{ state = party.State, name = "article" .. article,
           label = "Article " .. article .. " (" .. what .. ")",
           status = status, rows = { party, obligation } }
  end
end

return ccm
