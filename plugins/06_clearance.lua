-- Section 6: Clearance (Vientiane Action Plan actions 10-16).
-- How many States Parties had contaminated areas at the 2MSP (and for how many of them the
-- obligation of Article 4 was in force), how many took concrete steps on actions 10-13
-- (increased capacities in 2011, progress within the first year of entry into force), how they
-- implemented actions 14-16, and the clearance reported in Form F. Counts only: the report names
-- no State (the names are in the Audit sheet). For the States sheet of consolidated.xlsx it also
-- records, State by State, the Article 4 deadline and the time limits of actions 10 to 13, and
-- where each State stands on them.

local ccm = require("ccm")
local scope = require("scope")
local steps = require("steps")
local wording = require("wording")

-- One holder, as the sentences name it.
local HOLDER = "State Party with contaminated areas"

return {
  number = 6,
  title = "Clearance",
  reads = { "States", "Meetings", "Obligations", "Actions", "Reported steps", "Clearance",
            "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(6)

    local day = scope.day()
    local since = scope.adoption_words()
    local years = count(rule("Clearance (years after entry into force)"), "year")

    -- States Parties (by deposit) with contaminated areas on the day, and those bound by
    -- Article 4.
    local holders, bound = scope.holding_figures(4)
    local had = string.format("As of %s, %s %s under %s jurisdiction or control",
                              scope.day_words(), subject(#holders, "State Party", "had"),
                              scope.HOLDING[4], agree(#holders, "its", "their"))
    local obligation = "the obligation under Article 4 to clear them within " .. years
                       .. " of its entry into force"
    if #holders == 0 then
      paragraph("%s.", had)
    else
      paragraph("%s; %s.", had, wording.in_force(#bound, #holders, obligation))
    end

    -- Actions 10 to 13 (survey, plans, clearance and marking): the steps reported since the
    -- plan was adopted, and the capacities increased in the year of the meeting.
    local holder_names = holders:column("State")
    local first_actions = steps.range(10, 13)
    local on = scope.steps_on(first_actions):where("State", holder_names)
    local reporting = on:distinct("State")
    figure{ name = "actions10_13_states", value = #reporting, rows = on,
            label = "States Parties with contaminated areas that reported steps on actions 10 "
              .. "to 13 since " .. since }
    local capacity = on:where("Kind", "increased capacity"):filter(function(step)
      return step.Date ~= nil and step.Date.year == day.year
    end)
    local capacity_states = capacity:distinct("State")
    figure{ name = "increased_capacity_" .. day.year, value = #capacity_states, rows = capacity,
            label = "States Parties with contaminated areas that reported increased clearance "
              .. "capacities in " .. day.year }
    local stepped = string.format("%s concrete steps on %s since %s.",
                                  wording.of(#reporting, #holders, HOLDER, "has reported"),
                                  wording.actions(first_actions, true), since)
    local increased = string.format("%s increased clearance capacities in %s.",
                                    wording.of(#capacity_states, #holders, HOLDER, "has reported"),
                                    day.year)
    paragraph("%s %s", stepped, increased)

    -- Their time limit, counted from each State's entry into force (one for the four actions).
    local status = steps.timebound(first_actions, holders, day)
    steps.timebound_figures("actions10_13", status, "contaminated areas", first_actions)
    steps.timebound_paragraph(first_actions, status, HOLDER,
                              "identify the contaminated areas, plan and begin clearance")

    -- Actions 14 to 16: how these States Parties run their clearance programmes.
    local programme_actions = steps.range(14, 16)
    local programme = scope.steps_on(programme_actions):where("State", holder_names)
    local programme_states = programme:distinct("State")
    figure{ name = "actions14_16_states", value = #programme_states, rows = programme,
            label = "States Parties with contaminated areas that reported steps on actions 14 "
              .. "to 16 since " .. since }
    -- How many reported on each action, the counts written as one series.
    local items, actions = {}, {}
    for _, group in ipairs(programme:group("Action")) do
      table.insert(items, { #group.rows:distinct("State"), "State Party" })
      table.insert(actions, group.key)
    end
    local per_action = counts(items)
    for i, action in ipairs(actions) do
      per_action[i] = string.format("action %s (%s)", action, per_action[i])
    end
    local programmes = string.format("%s on %s, which concern clearance programmes",
      wording.of(#programme_states, #holders, HOLDER, "has reported steps"),
      wording.actions(programme_actions, true))
    if #per_action > 1 then
      paragraph("%s: %s.", programmes, list(per_action))
    else
      paragraph("%s.", programmes)
    end

    -- Clearance reported in the annual reports (Form F), for the latest year reported.
    local clearance = scope.from_parties(sheet("Clearance"))
    local year = clearance:max("Year")
    if year ~= nil then
      local of_year = clearance:where("Year", year)
      local clearing = of_year:where("Area cleared (square metres)", ">", 0)
      local area = clearing:sum("Area cleared (square metres)")
      local subs = of_year:sum("Submunitions destroyed in clearance")
      local not_given = of_year:where("Area cleared (square metres)", nil)
      figure{ name = "states_clearing_in_year", value = #clearing, rows = clearing,
              label = "States Parties that reported clearing land in " .. year }
      figure{ name = "area_cleared_km2", value = math.floor(area / 100000 + 0.5) / 10,
              rows = clearing,
              label = "Area reported cleared in " .. year
                .. ", square kilometres (rounded to 0.1)" }
      figure{ name = "submunitions_destroyed_in_clearance", value = subs, rows = of_year,
              label = "Submunitions reported destroyed in clearance in " .. year }
      -- The area in square kilometres to one decimal, or in square metres under 0.1 km2.
      local surface = number(area) .. " square metres"
      if area >= 100000 then
        surface = string.format("%.1f", area / 1e6) .. " square kilometres"
      end
      local what = (#clearing > 1 and "a total of " or "") .. surface
      if subs > 0 then
        what = what .. " and destroying " .. count(subs, "submunition") .. " in the process"
      end
      local sentence = string.format("In the reports covering %s, %s clearing %s", year,
                                     subject(#clearing, "State Party", "reported"),
                                     #clearing > 0 and what or "land")
      if #not_given > 0 then
        sentence = sentence .. string.format("; %s the area cleared",
                                             subject(#not_given, "report", "did not give"))
      end
      paragraph("%s.", sentence)
    end

    -- Deadlines, computed from each State's entry into force, for the consolidated workbook.
    local rows = {}
    for r in holders:sort("State"):rows() do
      rows[#rows + 1] = { r.State, ccm.entry_into_force(ccm.deposited(r.State)),
                          ccm.action_deadline(10, r.State), ccm.obligation_deadline(4, r.State),
                          on:where("State", r.State):count() }
    end
    -- It names States: for the workbook, not for the circulated report.
    add_table{ title = "Article 4 obligations at the " .. scope.meeting().Meeting
                 .. " (deadlines computed from entry into force)",
               columns = { "State", "Entry into force", "First year ends", "Article 4 deadline",
                           "Steps on actions 10 to 13" },
               rows = rows, workbook_only = true }

    -- Every State at a glance (the States sheet of consolidated.xlsx; the text names no State).
    local parties = scope.parties()
    local without = steps.without(parties, holder_names)
    -- The Article 4 deadline of each State Party with contaminated areas, and whether
    -- clearance is done.
    ccm.track_obligation(4, parties, day, "clearance")
    for _, action in ipairs(first_actions) do
      -- Actions 10 to 13: survey, plans, clearance and marking within the first year.
      steps.track_timebound(action, holders, without, day)
    end
    -- The key finding, for section 2.
    local summary = string.format("As of %s, %s %s; %s steps on %s since %s.", day,
                                  subject(#holders, "State Party", "had"), scope.HOLDING[4],
                                  wording.of(#reporting, #holders, HOLDER, "has reported"),
                                  wording.actions(first_actions, true), since)
    figure{ name = "summary", value = summary, rows = holders,
            label = "Key finding of section 6, repeated in section 2" }
  end,
}
