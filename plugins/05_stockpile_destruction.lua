-- Section 5: Stockpile destruction and retention (Vientiane Action Plan actions 8 and 9).
-- How many States Parties held stockpiles at the 2MSP (and for how many of them the obligation
-- of Article 3 was in force), how many of them reported steps on action 8 and at which stage
-- (plan, budget, implementation), where they stand on its time limit, completions between the
-- meetings, signatories with stockpiles, obstacles disclosed under action 9, and the cluster
-- munitions destroyed and retained. Counts only: the report names no State (the names are in
-- the Audit sheet). For the States sheet of consolidated.xlsx it also records, State by State,
-- the Article 3 deadline and the time limit of action 8, and where each State stands on them.

local ccm = require("ccm")
local scope = require("scope")
local steps = require("steps")
local wording = require("wording")

-- The stages of action 8 in the order a State goes through them, and how each reads.
local STAGES = {
  { key = "plan", phrase = "a destruction plan" },
  { key = "budget", phrase = "a budget for destruction" },
  { key = "implementation", phrase = "that destruction was under way" },
}

-- One holder, as the sentences name it.
local HOLDER = "State Party with stockpiles"

return {
  number = 5,
  title = "Stockpile destruction",
  reads = { "States", "Meetings", "Obligations", "Actions", "Reported steps", "Stockpiles",
            "Retention", "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(5)

    local day = scope.day()
    local since = scope.adoption_words()
    local years = count(rule("Stockpile destruction (years after entry into force)"), "year")

    -- States Parties (by deposit) that held stockpiles on the day, and those bound by Article 3.
    local holders, bound = scope.holding_figures(3)
    local held = string.format("As of %s, %s %s", scope.day_words(),
                               subject(#holders, "State Party", "held"), scope.HOLDING[3])
    local obligation = "the obligation under Article 3 to destroy them within " .. years
                       .. " of its entry into force"
    if #holders == 0 then
      paragraph("%s.", held)
    else
      paragraph("%s; %s.", held, wording.in_force(#bound, #holders, obligation))
    end

    -- Action 8: the steps these States Parties reported since the action plan was adopted.
    local holder_names = holders:column("State")
    local on8 = scope.steps_on({ 8 }):where("State", holder_names)
    local reporting = on8:distinct("State")
    figure{ name = "action8_states", value = #reporting, rows = on8,
            label = "States Parties with stockpiles that reported steps on action 8 since "
              .. since }
    paragraph("%s concrete steps on action 8 since %s.",
              wording.of(#reporting, #holders, HOLDER, "has reported"), since)

    -- The stages they reported: a State counts at each stage it reported.
    local stage_names, stage_counts, items, phrases = {}, {}, {}, {}
    for _, stage in ipairs(STAGES) do
      local at = on8:where("Stage", stage.key)
      local n = #at:distinct("State")
      figure{ name = "action8_stage_" .. stage.key, value = n, rows = at,
              label = "States Parties with stockpiles that reported " .. stage.phrase
                .. " (action 8)" }
      table.insert(stage_names, capitalize(stage.key))
      table.insert(stage_counts, n)
      -- The stages reported, the first with the noun: "12 States Parties reported a plan, 5 a
      -- budget".
      if n > 0 then
        table.insert(items, #items == 0 and { n, "State Party" } or n)
        table.insert(phrases, (#phrases == 0 and "reported " or "") .. stage.phrase)
      end
    end
    local stages = counts(items)
    for i, phrase in ipairs(phrases) do
      stages[i] = stages[i] .. " " .. phrase
    end
    if #stages > 0 then
      paragraph("As to the stages of destruction, %s.", list(stages))
    end
    add_chart{ title = "States Parties by stage of stockpile destruction reported (action 8)",
               type = "column", categories = stage_names,
               x_title = "Stage reported", y_title = "States Parties",
               series = { { name = "States Parties", values = stage_counts } } }

    -- Action 8's time limit, counted from each State's entry into force.
    local status = steps.timebound({ 8 }, holders, day)
    steps.timebound_figures("action8", status, "stockpiles", { 8 })
    steps.timebound_paragraph({ 8 }, status, HOLDER,
                              "adopt a plan and a budget for the destruction of their stockpiles")

    -- States Parties that completed the destruction of their stockpiles in the period.
    local article3 = sheet("Obligations"):where("Article", 3)
    local completed = scope.from_parties(article3):filter(function(row)
      return scope.in_period(row.Completed)
    end)
    figure{ name = "completed_between_meetings", value = #completed, rows = completed,
            label = "States Parties that completed the destruction of their stockpiles since "
              .. since }
    paragraph("%s the destruction of %s stockpiles since %s.",
              subject(#completed, "State Party", "has completed"),
              agree(#completed, "its", "their"), since)

    -- Signatories: those known to hold stockpiles, and whether they said how they would
    -- destroy them (a step on action 8 in the period).
    local signatories = scope.signatories()
    local stockpiling = article3:where("State", signatories:column("State")):filter(function(row)
      return row.Completed == nil or row.Completed > day
    end)
    local signatory_plans = sheet("Reported steps"):where("Action", 8)
      :where("State", stockpiling:column("State"))
      :filter(function(step) return step.Date == nil or scope.in_period(step.Date) end)
    local planning = signatory_plans:distinct("State")
    figure{ name = "signatories", value = #signatories, rows = signatories, as_of = day,
            label = "Signatories that had not deposited an instrument by the opening day of the "
              .. scope.meeting().Meeting }
    figure{ name = "signatories_with_stockpiles", value = #stockpiling, rows = stockpiling,
            as_of = day,
            label = "Of these, signatories known to hold stockpiles of cluster munitions" }
    figure{ name = "signatories_with_plans", value = #planning, rows = signatory_plans,
            label = "Of these, signatories that provided information on their plans for "
              .. "destruction since " .. since }
    if #signatories > 0 then
      local known = string.format("As of %s, %s not yet ratified the Convention; %s known to "
                                  .. "hold %s", day, subject(#signatories, "signatory", "had"),
                                  subject(#stockpiling, "signatory", "was"), scope.HOLDING[3])
      if #stockpiling > 0 then
        local provided = wording.of(#planning, #stockpiling, "signatory with stockpiles",
                                    "has provided", "signatories with stockpiles")
        paragraph("%s, and %s information on %s plans for their destruction.", known, provided,
                  agree(#planning, "its", "their"))
      else
        paragraph("%s.", known)
      end
    end

    -- Action 9: problems that may stand in the way of destruction.
    local on9 = scope.steps_on({ 9 }):where("State", holder_names)
    local disclosing = on9:distinct("State")
    figure{ name = "action9_states", value = #disclosing, rows = on9,
            label = "States Parties with stockpiles that disclosed problems that may cause "
              .. "obstacles (action 9)" }
    paragraph("%s problems that may cause obstacles to destruction, as action 9 asks.",
              wording.of(#disclosing, #holders, HOLDER, "has disclosed"))

    -- Destruction reported in the annual reports (Form B), for the latest year reported.
    local stock = scope.from_parties(sheet("Stockpiles"))
    local year = stock:max("Year")
    if year ~= nil then
      local of_year = stock:where("Year", year)
      local destroying = of_year:where("Cluster munitions destroyed", ">", 0)
      local destroyed = destroying:sum("Cluster munitions destroyed")
      local sub_destroyed = destroying:sum("Submunitions destroyed")
      local not_given = of_year:where("Cluster munitions destroyed", nil)
      figure{ name = "states_destroying_in_year", value = #destroying, rows = destroying,
              label = "States Parties that reported destroying cluster munitions in " .. year }
      figure{ name = "munitions_destroyed_in_year", value = destroyed, rows = destroying,
              label = "Cluster munitions reported destroyed in " .. year }
      figure{ name = "submunitions_destroyed_in_year", value = sub_destroyed, rows = destroying,
              label = "Submunitions reported destroyed in " .. year }
      -- How many States destroyed how many cluster munitions, with their submunitions if given.
      local what = count(destroyed, "cluster munition")
      if sub_destroyed > 0 then
        what = what .. " containing " .. count(sub_destroyed, "submunition")
      end
      local sentence = string.format("In the reports covering %s, %s destroying %s", year,
                                     subject(#destroying, "State Party", "reported"),
                                     #destroying > 0 and what or "cluster munitions")
      if #not_given > 0 then
        sentence = sentence .. string.format("; %s the number destroyed",
                                             subject(#not_given, "report", "did not give"))
      end
      paragraph("%s.", sentence)
    end

    -- Cluster munitions retained under Article 3(6), for the latest year reported (Form D).
    local retention = scope.from_parties(sheet("Retention"))
    local ryear = retention:max("Year")
    if ryear ~= nil then
      local retaining = retention:where("Year", ryear):where("Cluster munitions retained", ">", 0)
      local retained = retaining:sum("Cluster munitions retained")
      local sub_retained = retaining:sum("Submunitions retained")
      local sub_missing = retaining:where("Submunitions retained", nil)
      figure{ name = "states_retaining", value = #retaining, rows = retaining,
              label = "States Parties that reported retaining cluster munitions at the end of "
                .. ryear }
      figure{ name = "munitions_retained", value = retained, rows = retaining,
              label = "Cluster munitions reported retained at the end of " .. ryear }
      figure{ name = "submunitions_retained", value = sub_retained, rows = retaining,
              label = "Submunitions reported retained at the end of " .. ryear
                .. " (where given)" }
      -- How many, for which purposes, with their submunitions where the reports give them.
      local what = count(retained, "cluster munition")
      local purposes = retaining:where("Purpose", "~=", nil):distinct("Purpose")
      if #purposes > 0 then
        what = what .. " for " .. list(purposes, "or")
      end
      if sub_retained > 0 then
        what = what .. ", containing " .. count(sub_retained, "submunition")
      end
      local sentence = string.format("At the end of %s, %s retaining %s", ryear,
                                     subject(#retaining, "State Party", "reported"),
                                     #retaining > 0 and what or "cluster munitions")
      if sub_retained > 0 and #sub_missing > 0 then
        sentence = sentence .. string.format("; %s the number of submunitions",
                                             subject(#sub_missing, "report", "did not give"))
      end
      paragraph("%s.", sentence)
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
      rows[#rows + 1] = { r.State, ccm.entry_into_force(ccm.deposited(r.State)),
                          ccm.action_deadline(8, r.State), ccm.obligation_deadline(3, r.State),
                          latest }
    end
    -- It names States: for the workbook, not for the circulated report.
    add_table{ title = "Article 3 obligations at the " .. scope.meeting().Meeting
                 .. " (deadlines computed from entry into force)",
               columns = { "State", "Entry into force", "Action 8: first year ends",
                           "Article 3 deadline", "Latest stage reported" },
               rows = rows, workbook_only = true }

    -- Every State at a glance (the States sheet of consolidated.xlsx; the text names no State).
    local parties = scope.parties()
    local without = steps.without(parties, holder_names)
    -- The Article 3 deadline of each State Party with stockpiles, and whether destruction is done.
    ccm.track_obligation(3, parties, day, "stockpiles")
    -- Action 8: a destruction plan within the first year after entry into force.
    steps.track_timebound(8, holders, without, day)
    -- The key finding, for section 2.
    local summary = string.format("As of %s, %s %s; %s steps on action 8 since %s, and %s the "
                                  .. "destruction of %s stockpiles in that period.", day,
                                  subject(#holders, "State Party", "held"), scope.HOLDING[3],
                                  wording.of(#reporting, #holders, HOLDER, "has reported"), since,
                                  subject(#completed, "State Party", "has completed"),
                                  agree(#completed, "its", "their"))
    figure{ name = "summary", value = summary, rows = holders,
            label = "Key finding of section 5, repeated in section 2" }
  end,
}
