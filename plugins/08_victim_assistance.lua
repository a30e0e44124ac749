-- Section 8: Victim assistance (Vientiane Action Plan actions 20-32).
-- How many States Parties had cluster munition victims at the 2MSP (Article 5), how many of
-- them implemented actions 20, 21, 22, 23 and 26 (increased capacities in 2011 and the
-- time-bound parts, each time limit counted from the State's own entry into force), the trends
-- in actions 24, 25 and 27-29, and how States Parties implemented actions 30-32. Counts only:
-- the report names no State (the names are in the Audit sheet). For the States sheet of
-- consolidated.xlsx it also records, State by State, the Article 5 obligations and the time
-- limits of actions 21 to 23, and where each State stands on them.

local ccm = require("ccm")
local scope = require("scope")
local steps = require("steps")
local wording = require("wording")

-- One holder, as the sentences name it.
local HOLDER = "State Party with victims"

-- The time-bound actions with a limit counted from entry into force, and what each asks for.
local TIME_BOUND = {
  { action = 21, asks = "designate a government focal point for victim assistance" },
  { action = 22, asks = "collect data on victims and assess their needs" },
  { action = 23, asks = "integrate victim assistance into a coordination mechanism" },
}

-- Where a State stands on a time-bound action, in the workbook's table, by list of
-- steps.timebound.
local STANDING = {
  { "in_time", "in time" }, { "late", "late" }, { "undated", "date not given" },
  { "missing", "not reported" }, { "early", "reported, time limit not yet reached" },
  { "ahead", "time limit not yet reached" },
}

-- How many States reported steps on each action of a view, as "action 24 (five)", the numbers
-- written as one series.
local function per_action(view)
  local values, actions = {}, {}
  for _, group in ipairs(view:group("Action")) do
    table.insert(values, #group.rows:distinct("State"))
    table.insert(actions, group.key)
  end
  local shown = { numbers(table.unpack(values)) }
  local parts = {}
  for i, action in ipairs(actions) do
    parts[i] = string.format("action %s (%s)", action, shown[i])
  end
  return parts
end

-- The killed and injured of some casualty rows.
local function people(view)
  return view:sum("Killed") + view:sum("Injured")
end

return {
  number = 8,
  title = "Victim assistance",
  reads = { "States", "Meetings", "Obligations", "Actions", "Reported steps", "Casualties",
            "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(8)

    local day = scope.day()
    local since = scope.adoption_words()

    -- States Parties (by deposit) with victims on the day, and those bound by Article 5.
    local holders, bound = scope.holding_figures(5)
    local holder_names = holders:column("State")
    local had = string.format("As of %s, %s %s in areas under %s jurisdiction or control",
                              scope.day_words(), subject(#holders, "State Party", "had"),
                              scope.HOLDING[5], agree(#holders, "its", "their"))
    if #holders == 0 then
      paragraph("%s.", had)
    else
      local obligations = "the obligations of Article 5 on victim assistance"
      paragraph("%s; %s.", had, wording.in_force(#bound, #holders, obligations))
    end

    -- Action 20: capacities increased in the year of the meeting.
    local capacity = scope.steps_on({ 20 }):where("State", holder_names):filter(function(step)
      return step.Date ~= nil and step.Date.year == day.year
    end)
    local capacity_states = capacity:distinct("State")
    figure{ name = "action20_states", value = #capacity_states, rows = capacity,
            label = "States Parties with victims that reported increased capacities to assist "
              .. "victims in " .. day.year .. " (action 20)" }
    local increased = wording.of(#capacity_states, #holders, HOLDER, "has reported")
    paragraph("%s increasing %s capacities to assist victims in %s (action 20).", increased,
              agree(#capacity_states, "its", "their"), day.year)

    -- Actions 21 to 23: their time limits, counted from each State's entry into force.
    local rows = {}
    for r in holders:sort("State"):rows() do
      rows[#rows + 1] = { r.State, ccm.entry_into_force(ccm.deposited(r.State)) }
    end
    for _, tb in ipairs(TIME_BOUND) do
      local status = steps.timebound({ tb.action }, holders, day)
      steps.timebound_figures("action" .. tb.action, status, "victims", { tb.action })
      steps.timebound_paragraph({ tb.action }, status, HOLDER, tb.asks)
      -- Each State's time limit and where it stands, for the workbook's table.
      local by_state = {}
      for _, standing in ipairs(STANDING) do
        for _, row in ipairs(status[standing[1]]) do
          by_state[row.State] = standing[2]
        end
      end
      for _, out in ipairs(rows) do
        table.insert(out, ccm.action_deadline(tb.action, out[1]))
        table.insert(out, by_state[out[1]])
      end
    end
    add_table{ title = "Time-bound actions 21 to 23 (deadlines computed from entry into force)",
               columns = { "State", "Entry into force", "Action 21 deadline", "Action 21",
                           "Action 22 deadline", "Action 22", "Action 23 deadline", "Action 23" },
               rows = rows, workbook_only = true }

    -- Action 26 (time-bound in the outline; its time limit is not in the Actions sheet).
    local on26 = scope.steps_on({ 26 }):where("State", holder_names)
    local n26 = #on26:distinct("State")
    figure{ name = "action26_states", value = n26, rows = on26,
            label = "States Parties with victims that reported steps on action 26 since "
              .. since }
    paragraph("%s steps on action 26 since %s.", wording.of(n26, #holders, HOLDER, "has reported"),
              since)

    -- Trends in actions 24, 25 and 27 to 29, by the States Parties with victims.
    local trend_actions = { 24, 25, 27, 28, 29 }
    local trend = scope.steps_on(trend_actions):where("State", holder_names)
    local trend_states = trend:distinct("State")
    figure{ name = "trend_actions_states", value = #trend_states, rows = trend,
            label = "States Parties with victims that reported steps on actions 24, 25 and 27 to "
              .. "29 since " .. since }
    for _, group in ipairs(trend:group("Action")) do
      figure{ name = "action" .. group.key .. "_states", value = #group.rows:distinct("State"),
              rows = group.rows,
              label = "States Parties with victims that reported steps on action " .. group.key
                .. " since " .. since }
    end
    local trends = string.format("%s steps on %s since %s",
                                 wording.of(#trend_states, #holders, HOLDER, "has reported"),
                                 wording.actions(trend_actions, true), since)
    if #trend_states > 0 then
      paragraph("%s. By number of States Parties reporting: %s.", trends, list(per_action(trend)))
    else
      paragraph("%s.", trends)
    end

    -- Actions 30 to 32, which concern every State Party, with or without victims.
    local general = scope.steps_on({ 30, 31, 32 })
    local general_states = general:distinct("State")
    figure{ name = "actions30_32_states", value = #general_states, rows = general,
            label = "States Parties that reported steps on actions 30 to 32 since " .. since }
    local concern = string.format("%s steps on %s, which concern all States Parties, with or "
                                  .. "without victims",
                                  subject(#general_states, "State Party", "has reported"),
                                  wording.actions({ 30, 31, 32 }, true))
    if #general_states > 0 then
      paragraph("%s: %s.", concern, list(per_action(general)))
    else
      paragraph("%s.", concern)
    end

    -- Casualties recorded in the States Parties with victims, incident by incident: in the year
    -- before the meeting, in its year up to the day, and children since the start of the first.
    local casualties = scope.from_parties(sheet("Casualties"))
    local year_before = day.year - 1
    local start = date(year_before, 1, 1)
    local last_year = casualties:where("Date", ">=", start)
      :where("Date", "<=", date(year_before, 12, 31))
    local this_year = casualties:where("Date", ">=", date(day.year, 1, 1)):where("Date", "<=", day)
    local since_start = casualties:where("Date", ">=", start):where("Date", "<=", day)
    local children = since_start:where("Age group", "child")
    figure{ name = "casualties_last_year", value = people(last_year), rows = last_year,
            label = "New cluster munition casualties recorded in " .. year_before
              .. " (killed and injured)" }
    figure{ name = "casualties_this_year", value = people(this_year), rows = this_year,
            as_of = day,
            label = "New cluster munition casualties recorded in " .. day.year
              .. " up to the opening day of the " .. scope.meeting().Meeting }
    figure{ name = "child_casualties", value = people(children), rows = children, as_of = day,
            label = "Of the casualties recorded since 1 January " .. year_before .. ", children" }
    if people(since_start) > 0 then
      -- One series: the casualties of each year, and the killed and injured of the first.
      local shown = counts({ { people(last_year), "new casualty" }, last_year:sum("Killed"),
                             last_year:sum("Injured"), people(this_year) })
      local recorded = string.format("States Parties with victims recorded %s in %s", shown[1],
                                     year_before)
      if people(last_year) > 0 then
        recorded = recorded .. string.format(" (%s killed and %s injured)", shown[2], shown[3])
      end
      recorded = recorded .. string.format(" and %s in %s up to %s.", shown[4], day.year, day)
      if people(children) == 0 then
        paragraph("%s None of the casualties recorded since the start of %s was a child.",
                  recorded, year_before)
      else
        paragraph("%s Children were %s of the casualties recorded since the start of %s.",
                  recorded, percent(people(children), people(since_start)), year_before)
      end
      -- The casualties of each year, charted.
      local by_year = {}
      for _, on_day in ipairs(casualties:where("Date", "<=", day):group("Date")) do
        by_year[on_day.key.year] = (by_year[on_day.key.year] or 0) + people(on_day.rows)
      end
      local years, totals = {}, {}
      for year = casualties:min("Date").year, day.year do
        table.insert(years, tostring(year))
        table.insert(totals, by_year[year] or 0)
      end
      -- The meeting's own year is counted only up to its opening day: its label says so.
      years[#years] = string.format("%d (to %d %s)", day.year, day.day, day:month_name())
      local partial = string.format("%d counts casualties recorded up to the opening day of the %s"
                                    .. " (%s), not the whole year.", day.year,
                                    scope.meeting().Meeting, day)
      add_chart{ title = "New casualties recorded each year", type = "column", categories = years,
                 x_title = "Year", y_title = "Casualties (killed and injured)", note = partial,
                 series = { { name = "Casualties (killed and injured)", values = totals } } }
    else
      -- No casualty in the period: said, rather than left out.
      paragraph("States Parties with victims recorded no new casualty in %s or in %s up to %s.",
                year_before, day.year, day)
    end

    -- Every State at a glance (the States sheet of consolidated.xlsx; the text names no State).
    local parties = scope.parties()
    local obligations = sheet("Obligations"):where("Article", 5):index("State")
    local holding = {}
    for _, name in ipairs(holder_names) do
      holding[name] = true
    end
    for party in parties:rows() do
      -- Whether the State Party has Article 5 obligations (victims in areas under its control).
      track{ state = party.State, name = "article5", label = "Article 5 (victims)",
             value = holding[party.State] == true, rows = { party, obligations[party.State] } }
    end
    local without = steps.without(parties, holder_names)
    for _, tb in ipairs(TIME_BOUND) do
      -- Actions 21 to 23: each time limit, from the State's entry into force, and whether it
      -- was met.
      steps.track_timebound(tb.action, holders, without, day)
    end
    -- The key finding, for section 2.
    local summary = string.format("As of %s, %s %s; %s increasing %s capacities to assist victims "
                                  .. "in %s.", day, subject(#holders, "State Party", "had"),
                                  scope.HOLDING[5], increased,
                                  agree(#capacity_states, "its", "their"), day.year)
    figure{ name = "summary", value = summary, rows = holders,
            label = "Key finding of section 8, repeated in section 2" }
  end,
}
