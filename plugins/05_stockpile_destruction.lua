-- Section 5: Stockpile destruction and retention (Vientiane Action Plan actions 8 and 9).
-- How many States Parties have Article 3 obligations at the 2MSP, how many of them reported
-- steps on action 8 within the first year of entry into force and at which stage (plan,
-- budget, implementation), completions between the meetings, signatories with stockpiles,
-- obstacles disclosed under action 9, and the cluster munitions retained. Counts only: the
-- report names no State (the names are in the Audit sheet).

local ccm = require("ccm")
local steps = require("steps")
local wording = require("wording")

-- The stages of action 8 in the order a State goes through them, and how each reads.
local STAGES = {
  { key = "plan", phrase = "a destruction plan" },
  { key = "budget", phrase = "a budget for destruction" },
  { key = "implementation", phrase = "that destruction was under way" },
}

return {
  number = 5,
  title = "Stockpile destruction",
  reads = { "States", "Meetings", "Obligations", "Actions", "Reported steps", "Stockpiles", "Retention", "Wording" },

  run = function()
    local first = ccm.meeting(setting("Previous meeting"))
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local day = next_meeting.Start

    -- States Parties with stockpiles to destroy at the opening of the next meeting.
    local holders, in_force = ccm.obligation_figures(3, next_meeting, "stockpiles to destroy")
    paragraph("%s %s obligations under Article 3 to destroy stockpiled cluster munitions at the time of the %s "
              .. "(States Parties by deposit of their instrument, %s); the Convention was in force for %s of them.",
              count(#holders, "State Party"), "had", next_meeting.Meeting, as_of(day), number(#in_force))

    -- Action 8: steps reported by these States, within the first year of entry into force.
    local holder_set = steps.set(holders:column("State"))
    local on8 = steps.on({ 8 }, holder_set)
    local reporting = on8:distinct("State")
    local within = on8:filter(function(r)
      local deadline = ccm.action_deadline(8, r.State)
      return r.Date ~= nil and deadline ~= nil and r.Date <= deadline
    end)
    local within_states = within:distinct("State")
    figure{ name = "action8_states", value = #reporting, rows = on8,
            label = "States Parties with Article 3 obligations that reported steps on action 8" }
    figure{ name = "action8_within_first_year", value = #within_states, rows = within,
            label = "Of these, States Parties that reported a step dated within the first year after entry into force" }
    local overdue = holders:filter(function(r)
      local deadline = ccm.action_deadline(8, r.State)
      return deadline ~= nil and deadline <= day
        and on8:where("State", r.State):where("Date", "<=", deadline):count() == 0
    end)
    figure{ name = "action8_first_year_passed_without_step", value = #overdue, rows = overdue, as_of = day,
            label = "States Parties with Article 3 obligations whose first year after entry into force ended without a reported step on action 8" }
    paragraph("%s of these %s reported concrete steps on action 8, %s of them within the first year after entry into force "
              .. "for that State. For %s the first year ended before the %s without a dated step within it.",
              capitalize(number(#reporting)), agree(#holders, "State Party has", "States Parties have"), number(#within_states),
              count(#overdue, "State Party"), next_meeting.Meeting)

    -- Stages reached: a State counts at each stage it reported.
    local stage_names, stage_counts, phrases = {}, {}, {}
    for i, stage in ipairs(STAGES) do
      local at = on8:where("Stage", stage.key)
      local n = #at:distinct("State")
      figure{ name = "action8_stage_" .. stage.key, value = n, rows = at,
              label = "States Parties that reported " .. stage.phrase .. " (action 8)" }
      stage_names[#stage_names + 1] = capitalize(stage.key)
      stage_counts[#stage_counts + 1] = n
      if i == 1 then
        phrases[#phrases + 1] = count(n, "State Party") .. " reported " .. stage.phrase
      else
        phrases[#phrases + 1] = (n == 0 and "none" or number(n)) .. " " .. stage.phrase
      end
    end
    paragraph("As to the stages of destruction, %s.", list(phrases))
    add_chart{ title = "States Parties by stage of stockpile destruction reported (action 8)", type = "column",
               x_title = "Latest stage reported", y_title = "States Parties",
               categories = stage_names, series = { { name = "States Parties", values = stage_counts } } }

    -- Completions between the two meetings.
    local completed = sheet("Obligations"):where("Article", 3)
      :where("Completed", ">", first.End):where("Completed", "<", day)
    figure{ name = "completed_between_meetings", value = #completed, rows = completed,
            label = "States Parties that reported completing the destruction of their stockpiles between the " .. first.Meeting .. " and the " .. next_meeting.Meeting }
    if #completed == 0 then
      paragraph("No State Party reported completing the destruction of its stockpiles between the %s and the %s.",
                first.Meeting, next_meeting.Meeting)
    else
      paragraph("%s reported completing the destruction of %s stockpiles between the %s and the %s.",
                count(#completed, "State Party"), agree(#completed, "its", "their"), first.Meeting, next_meeting.Meeting)
    end

    -- Signatories with stockpiles, and whether they said how they would destroy them.
    local signatories = sheet("Obligations"):where("Article", 3):filter(function(r)
      return not ccm.is_party(r.State, day) and r.Completed == nil
    end)
    local signatory_plans = steps.on({ 8 }, steps.set(signatories:column("State")))
    local planning = signatory_plans:distinct("State")
    figure{ name = "signatories_with_stockpiles", value = #signatories, rows = signatories, as_of = day,
            label = "Signatories (not yet States Parties) with stockpiles of cluster munitions" }
    figure{ name = "signatories_with_plans", value = #planning, rows = signatory_plans,
            label = "Of these, signatories that provided information on their plans for destruction" }
    if #signatories > 0 then
      paragraph("%s with stockpiles had not yet deposited %s instrument at the opening of the %s; %s provided information on %s plans for destruction.",
                count(#signatories, "signatory"), agree(#signatories, "its", "their"), next_meeting.Meeting,
                #planning == 0 and "none of them has" or (number(#planning) .. " of them " .. agree(#planning, "has", "have")),
                agree(#planning, "its", "their"))
    end

    -- Action 9: problems that may stand in the way of destruction.
    local on9 = steps.on({ 9 }, holder_set)
    local disclosing = on9:distinct("State")
    figure{ name = "action9_states", value = #disclosing, rows = on9,
            label = "States Parties with Article 3 obligations that disclosed problems that may cause obstacles (action 9)" }
    paragraph("%s %s disclosed problems that may cause obstacles to destruction, as action 9 asks.",
              count(#disclosing, "State Party"), agree(#disclosing, "has", "have"))

    -- Destruction reported in the annual reports (Form B).
    local stock = sheet("Stockpiles")
    local year = stock:max("Year")
    if year ~= nil then
      local of_year = stock:where("Year", year)
      local destroying = of_year:where("Cluster munitions destroyed", ">", 0)
      local destroyed = destroying:sum("Cluster munitions destroyed")
      local sub_destroyed = destroying:sum("Submunitions destroyed")
      local not_given = of_year:filter(function(r) return r["Cluster munitions destroyed"] == nil end)
      figure{ name = "states_destroying_in_year", value = #destroying, rows = destroying,
              label = "States Parties that reported destroying cluster munitions in " .. year }
      figure{ name = "munitions_destroyed_in_year", value = destroyed, rows = destroying,
              label = "Cluster munitions reported destroyed in " .. year }
      figure{ name = "submunitions_destroyed_in_year", value = sub_destroyed, rows = destroying,
              label = "Submunitions reported destroyed in " .. year }
      paragraph("In their reports covering %s, %s reported destroying %s containing %s; %s did not give the number destroyed.",
                year, count(#destroying, "State Party"), count(destroyed, "cluster munition"), count(sub_destroyed, "submunition"),
                count(#not_given, "report"))
    end

    -- Retention (Article 3(6)).
    local retention = sheet("Retention")
    local ryear = retention:max("Year")
    if ryear ~= nil then
      local of_year = retention:where("Year", ryear)
      local retaining = of_year:where("Cluster munitions retained", ">", 0)
      local retained = retaining:sum("Cluster munitions retained")
      local sub_retained = retaining:sum("Submunitions retained")
      local sub_missing = retaining:filter(function(r) return r["Submunitions retained"] == nil end)
      figure{ name = "states_retaining", value = #retaining, rows = retaining,
              label = "States Parties that reported retaining cluster munitions at the end of " .. ryear }
      figure{ name = "munitions_retained", value = retained, rows = retaining,
              label = "Cluster munitions reported retained at the end of " .. ryear }
      figure{ name = "submunitions_retained", value = sub_retained, rows = retaining,
              label = "Submunitions reported retained at the end of " .. ryear .. " (where given)" }
      local purposes = {}
      for _, group in ipairs(retaining:group("Purpose")) do
        if group.key ~= nil then
          purposes[#purposes + 1] = group.key
        end
      end
      paragraph("%s reported retaining a total of %s for %s at the end of %s, with %s; %s did not give the number of submunitions.",
                count(#retaining, "State Party"), count(retained, "cluster munition"), list(purposes, "or"), ryear,
                count(sub_retained, "submunition"), count(#sub_missing, "report"))
    end

    -- Deadlines, computed from each State's entry into force, for the consolidated workbook.
    local rows = {}
    for r in holders:sort("State"):rows() do
      local latest = "none reported"
      for _, stage in ipairs(STAGES) do
        if on8:where("State", r.State):where("Stage", stage.key):count() > 0 then
          latest = stage.key
        end
      end
      rows[#rows + 1] = { r.State, ccm.entry_into_force(ccm.deposited(r.State)), ccm.action_deadline(8, r.State),
                          ccm.obligation_deadline(3, r.State), latest }
    end
    add_table{ title = "Article 3 obligations at the " .. next_meeting.Meeting .. " (deadlines computed from entry into force)",
               columns = { "State", "Entry into force", "Action 8: first year ends", "Article 3 deadline", "Latest stage reported" },
               rows = rows, workbook_only = true }

    wording.add(5)
  end,
}
