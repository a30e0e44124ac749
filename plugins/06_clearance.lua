-- Section 6: Clearance (Vientiane Action Plan actions 10-16).
-- How many States Parties have Article 4 obligations at the 2MSP, how many took concrete steps
-- on actions 10-13 (increased capacities in 2011, progress within the first year of entry into
-- force), how those with clearance programmes implemented actions 14-16, and the clearance
-- reported in Form F. Counts only: the report names no State (the names are in the Audit sheet).

local ccm = require("ccm")
local steps = require("steps")
local wording = require("wording")

return {
  number = 6,
  title = "Clearance",
  reads = { "States", "Meetings", "Obligations", "Actions", "Reported steps", "Clearance", "Wording" },

  run = function()
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local day = next_meeting.Start

    local holders, in_force = ccm.obligation_figures(4, next_meeting, "contaminated areas")
    paragraph("%s had areas contaminated by cluster munition remnants under %s jurisdiction or control, and so obligations under "
              .. "Article 4, at the time of the %s (States Parties by deposit of their instrument, %s); the Convention was in force for %s of them.",
              count(#holders, "State Party"), agree(#holders, "its", "their"), next_meeting.Meeting, as_of(day),
              #in_force == #holders and "all" or number(#in_force))

    -- Actions 10-13: survey, plans, clearance and marking, first year of entry into force.
    local holder_set = steps.set(holders:column("State"))
    local first_actions = steps.range(10, 13)
    local on = steps.on(first_actions, holder_set)
    local reporting = on:distinct("State")
    figure{ name = "actions10_13_states", value = #reporting, rows = on,
            label = "States Parties with Article 4 obligations that reported steps on actions 10 to 13" }
    local within = on:filter(function(r)
      local deadline = ccm.action_deadline(r.Action, r.State)
      return r.Date ~= nil and deadline ~= nil and r.Date <= deadline
    end)
    local within_states = within:distinct("State")
    figure{ name = "actions10_13_within_first_year", value = #within_states, rows = within,
            label = "Of these, States Parties that reported a step dated within the first year after entry into force" }
    local capacity = steps.in_year(on:where("Kind", "increased capacity"), day.year)
    local capacity_states = capacity:distinct("State")
    figure{ name = "increased_capacity_" .. day.year, value = #capacity_states, rows = capacity,
            label = "States Parties with Article 4 obligations that reported increased clearance capacities in " .. day.year }
    local late = on:filter(function(r)
      local deadline = ccm.action_deadline(r.Action, r.State)
      return r.Date ~= nil and deadline ~= nil and r.Date > deadline
    end)
    local late_only = steps.of_states(late, steps.set(within_states), false):distinct("State")
    figure{ name = "actions10_13_only_after_first_year", value = #late_only, rows = steps.of_states(late, steps.set(within_states), false),
            label = "States Parties whose only dated steps on actions 10 to 13 came after the first year of entry into force" }
    paragraph("%s of them %s reported concrete steps on actions 10 to 13, %s of them within the first year after entry into force "
              .. "for that State; %s reported steps only after that year. %s reported increased clearance capacities in %s.",
              capitalize(number(#reporting)), agree(#reporting, "has", "have"), number(#within_states), count(#late_only, "State Party"),
              capitalize(count(#capacity_states, "State Party")), day.year)

    local undated = on:where("Date", nil)
    if #undated > 0 then
      paragraph("%s on these actions %s no date, so whether %s within the first year cannot be said.",
                count(#undated, "reported step"), agree(#undated, "carries", "carry"), agree(#undated, "it came", "they came"))
    end

    -- Actions 14-16: how States Parties with clearance programmes implement them.
    local programme = steps.on(steps.range(14, 16), holder_set)
    local programme_states = programme:distinct("State")
    figure{ name = "actions14_16_states", value = #programme_states, rows = programme,
            label = "States Parties with Article 4 obligations that reported steps on actions 14 to 16" }
    local per_action = {}
    for _, group in ipairs(programme:group("Action")) do
      per_action[#per_action + 1] = string.format("action %s (%s)", group.key, count(#group.rows:distinct("State"), "State Party"))
    end
    paragraph("%s with clearance programmes in place %s reported how %s implement actions 14 to 16: %s.",
              count(#programme_states, "State Party"), agree(#programme_states, "has", "have"),
              agree(#programme_states, "it", "they"), list(per_action))

    -- Clearance reported in Form F.
    local clearance = sheet("Clearance")
    local year = clearance:max("Year")
    if year ~= nil then
      local of_year = clearance:where("Year", year)
      local clearing = of_year:where("Area cleared (square metres)", ">", 0)
      local area = clearing:sum("Area cleared (square metres)")
      local subs = of_year:sum("Submunitions destroyed in clearance")
      local not_given = of_year:where("Area cleared (square metres)", nil)
      figure{ name = "states_clearing_in_year", value = #clearing, rows = clearing,
              label = "States Parties that reported clearing land in " .. year }
      figure{ name = "area_cleared_km2", value = math.floor(area / 100000 + 0.5) / 10, rows = clearing,
              label = "Area reported cleared in " .. year .. ", square kilometres (rounded to 0.1)" }
      figure{ name = "submunitions_destroyed_in_clearance", value = subs, rows = of_year,
              label = "Submunitions reported destroyed in clearance in " .. year }
      paragraph("In their reports covering %s, %s reported clearing a total of %s square kilometres and destroying %s in the process; "
                .. "%s did not give the area cleared.",
                year, count(#clearing, "State Party"), string.format("%.1f", area / 1e6), count(subs, "submunition"),
                count(#not_given, "report"))
    end

    local rows = {}
    for r in holders:sort("State"):rows() do
      rows[#rows + 1] = { r.State, ccm.entry_into_force(ccm.deposited(r.State)), ccm.action_deadline(10, r.State),
                          ccm.obligation_deadline(4, r.State), on:where("State", r.State):count() }
    end
    add_table{ title = "Article 4 obligations at the " .. next_meeting.Meeting .. " (deadlines computed from entry into force)",
               columns = { "State", "Entry into force", "First year ends", "Article 4 deadline", "Steps on actions 10 to 13" },
               rows = rows, workbook_only = true }

    wording.add(6)
  end,
}
