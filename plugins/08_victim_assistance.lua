-- Section 8: Victim assistance (Vientiane Action Plan actions 20-32).
-- How many States Parties have Article 5 obligations, how many of them implemented actions 20,
-- 21, 22, 23 and 26 (increased capacities in 2011 and the time-bound parts, each deadline
-- computed from the State's own entry into force), the trends in actions 24, 25 and 27-29, and
-- how States Parties implemented actions 30-32. Counts only: the report names no State (the
-- names are in the Audit sheet).

local ccm = require("ccm")
local steps = require("steps")
local wording = require("wording")

-- The time-bound actions with a limit counted from entry into force, and how each reads.
local TIME_BOUND = {
  { action = 21, phrase = "designating a government focal point for victim assistance" },
  { action = 22, phrase = "collecting data on victims and assessing their needs" },
  { action = 23, phrase = "integrating victim assistance into a coordination mechanism" },
}

return {
  number = 8,
  title = "Victim assistance",
  reads = { "States", "Meetings", "Obligations", "Actions", "Reported steps", "Casualties", "Wording" },

  run = function()
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local day = next_meeting.Start
    local holders, in_force = ccm.obligation_figures(5, next_meeting, "cluster munition victims")
    local holder_set = steps.set(holders:column("State"))
    paragraph("%s had cluster munition victims in areas under %s jurisdiction or control, and so obligations under Article 5, "
              .. "at the time of the %s (States Parties by deposit of their instrument, %s); the Convention was in force for %s of them.",
              count(#holders, "State Party"), agree(#holders, "its", "their"), next_meeting.Meeting, as_of(day),
              #in_force == #holders and "all" or number(#in_force))

    -- Action 20: increased capacities in the year of the report.
    local capacity = steps.in_year(steps.on({ 20 }, holder_set), day.year)
    local capacity_states = capacity:distinct("State")
    figure{ name = "action20_states", value = #capacity_states, rows = capacity,
            label = "States Parties with Article 5 obligations that reported increased capacities to assist victims in " .. day.year .. " (action 20)" }
    paragraph("%s %s increasing %s capacities to assist victims in %s (action 20).",
              count(#capacity_states, "State Party"), agree(#capacity_states, "has reported", "have reported"),
              agree(#capacity_states, "its", "their"), day.year)

    -- Actions 21-23: deadlines computed per State.
    local rows = {}
    for r in holders:sort("State"):rows() do
      rows[#rows + 1] = { r.State, ccm.entry_into_force(ccm.deposited(r.State)) }
    end
    for _, tb in ipairs(TIME_BOUND) do
      local n = tb.action
      local status = steps.timebound(n, holders, day)
      figure{ name = "action" .. n .. "_due", value = #status.due, rows = status.due, as_of = day,
              label = "States Parties with Article 5 obligations whose time limit for action " .. n .. " had passed" }
      figure{ name = "action" .. n .. "_met", value = #status.met, rows = status.met,
              label = "Of these, States Parties that reported the step by the time limit (action " .. n .. ")" }
      figure{ name = "action" .. n .. "_late", value = #status.late, rows = status.late,
              label = "Of these, States Parties that reported the step after the time limit (action " .. n .. ")" }
      figure{ name = "action" .. n .. "_undated", value = #status.undated, rows = status.undated,
              label = "Of these, States Parties that reported the step without a date (action " .. n .. ")" }
      figure{ name = "action" .. n .. "_missing", value = #status.missing, rows = status.missing,
              label = "Of these, States Parties that reported no step (action " .. n .. ")" }
      figure{ name = "action" .. n .. "_early", value = #status.early, rows = status.early,
              label = "States Parties that reported the step before their time limit had come (action " .. n .. ")" }
      local months = ccm.action(n)["Time limit (months after entry into force)"]
      local parts = { number(#status.met) .. " did so in time" }
      if #status.late > 0 then parts[#parts + 1] = number(#status.late) .. " after the time limit" end
      if #status.undated > 0 then parts[#parts + 1] = number(#status.undated) .. " without giving a date" end
      if #status.missing > 0 then parts[#parts + 1] = number(#status.missing) .. " had not reported doing so" end
      local sentence = string.format("Action %s asks for %s within %s of entry into force. For %s this time limit had passed by the opening of the %s: %s.",
                                     n, tb.phrase, count(months, "month"), count(#status.due, "State Party"), next_meeting.Meeting, list(parts))
      if #status.early > 0 then
        sentence = sentence .. string.format(" %s whose time limit had not yet come already reported doing so.",
                                             capitalize(count(#status.early, "further State Party", "further States Parties")))
      end
      paragraph(sentence)
      local by_state = {}
      for _, row in ipairs(status.met) do by_state[row.State] = "in time" end
      for _, row in ipairs(status.late) do by_state[row.State] = "late" end
      for _, row in ipairs(status.undated) do by_state[row.State] = "date not given" end
      for _, row in ipairs(status.missing) do by_state[row.State] = "not reported" end
      for _, row in ipairs(status.early) do by_state[row.State] = "reported, time limit not yet reached" end
      for _, row in ipairs(status.ahead) do by_state[row.State] = "time limit not yet reached" end
      for _, out in ipairs(rows) do
        out[#out + 1] = ccm.action_deadline(n, out[1])
        out[#out + 1] = by_state[out[1]]
      end
    end
    add_table{ title = "Time-bound actions 21 to 23 (deadlines computed from entry into force)",
               columns = { "State", "Entry into force", "Action 21 deadline", "Action 21", "Action 22 deadline", "Action 22",
                           "Action 23 deadline", "Action 23" },
               rows = rows, workbook_only = true }

    -- Action 26 (time-bound in the outline; its limit is not in the Actions sheet).
    local on26 = steps.on({ 26 }, holder_set)
    local n26 = #on26:distinct("State")
    figure{ name = "action26_states", value = n26, rows = on26,
            label = "States Parties with Article 5 obligations that reported steps on action 26" }
    paragraph("%s %s steps on action 26.", count(n26, "State Party"), agree(n26, "has reported", "have reported"))

    -- Trends in actions 24, 25 and 27-29.
    local trend_actions = { 24, 25, 27, 28, 29 }
    local trend = steps.on(trend_actions, holder_set)
    local trend_states = trend:distinct("State")
    figure{ name = "trend_actions_states", value = #trend_states, rows = trend,
            label = "States Parties with Article 5 obligations that reported steps on actions 24, 25 and 27 to 29" }
    local per_action = {}
    for _, group in ipairs(trend:group("Action")) do
      local n = #group.rows:distinct("State")
      figure{ name = "action" .. group.key .. "_states", value = n, rows = group.rows,
              label = "States Parties with Article 5 obligations that reported steps on action " .. group.key }
      per_action[#per_action + 1] = string.format("action %s (%s)", group.key, number(n))
    end
    paragraph("%s reported steps on %s. By number of States Parties reporting: %s.",
              count(#trend_states, "State Party"), steps.actions_text(trend_actions), list(per_action))

    -- Actions 30-32, by any State Party.
    local general = steps.on({ 30, 31, 32 })
    local general_states = general:distinct("State")
    figure{ name = "actions30_32_states", value = #general_states, rows = general,
            label = "States Parties that reported steps on actions 30 to 32" }
    local parts = {}
    for _, group in ipairs(general:group("Action")) do
      parts[#parts + 1] = string.format("action %s (%s)", group.key, number(#group.rows:distinct("State")))
    end
    paragraph("%s, with or without victims, %s how %s implemented actions 30 to 32: %s.",
              count(#general_states, "State Party"), agree(#general_states, "has reported", "have reported"),
              agree(#general_states, "it", "they"), list(parts))

    -- Casualties recorded by the States Parties with victims, incident by incident.
    local casualties = sheet("Casualties")
    local function people(view)
      return view:sum("Killed") + view:sum("Injured")
    end
    local year_before = day.year - 1
    local last_year = casualties:where("Date", ">=", date(year_before, 1, 1)):where("Date", "<=", date(year_before, 12, 31))
    local this_year = casualties:where("Date", ">=", date(day.year, 1, 1)):where("Date", "<", day)
    local since = casualties:where("Date", ">=", date(year_before, 1, 1)):where("Date", "<", day)
    local children = since:where("Age group", "child")
    figure{ name = "casualties_last_year", value = people(last_year), rows = last_year,
            label = "New cluster munition casualties recorded in " .. year_before .. " (killed and injured)" }
    figure{ name = "casualties_this_year", value = people(this_year), rows = this_year, as_of = day,
            label = "New cluster munition casualties recorded in " .. day.year .. " up to the opening of the " .. next_meeting.Meeting }
    figure{ name = "child_casualties", value = people(children), rows = children, as_of = day,
            label = "Of the casualties recorded since 1 January " .. year_before .. ", children" }
    if people(since) > 0 then
      paragraph("States Parties with victims recorded %s new casualties in %s (%s killed and %s injured) and %s in %s up to "
                .. "the opening of the %s. Children were %s of the casualties recorded since the start of %s.",
                number(people(last_year)), year_before, number(last_year:sum("Killed")), number(last_year:sum("Injured")),
                number(people(this_year)), day.year, next_meeting.Meeting,
                percent(people(children), people(since)), year_before)
      local years, totals = {}, {}
      local first_year = casualties:min("Date")
      if first_year ~= nil then
        -- One pass over the sheet (rows grouped by date), not one per year.
        local by_year = {}
        for _, on_day in ipairs(casualties:group("Date")) do
          if on_day.key ~= nil then
            local year = on_day.key.year
            by_year[year] = (by_year[year] or 0) + people(on_day.rows)
          end
        end
        for year = first_year.year, day.year do
          -- The meeting's own year is counted only up to its opening: its label says so.
          years[#years + 1] = year == day.year and string.format("%d (to %d %s)", year, day.day, day:month_name())
                              or tostring(year)
          totals[#totals + 1] = by_year[year] or 0
        end
        add_chart{ title = "New casualties recorded each year", type = "column", categories = years,
                   x_title = "Year", y_title = "Casualties (killed and injured)",
                   note = string.format("%d counts casualties recorded up to the opening of the %s (%s), not the whole year.",
                                        day.year, next_meeting.Meeting, day:format()),
                   series = { { name = "Casualties (killed and injured)", values = totals } } }
      end
    end

    wording.add(8)
  end,
}
