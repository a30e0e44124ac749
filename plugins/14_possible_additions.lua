-- Section 14: Possible additions to the Vientiane Action Plan.
-- Based on the analysis above: the actions on which no step was reported in the period, the
-- actions whose wording is still to be confirmed, and the additions the secretariat proposes
-- (Wording sheet, kind "proposal"). Counts only: the report names no State.

local scope = require("scope")
local wording = require("wording")

-- How the sentences end about the actions without a step, by how many there are.
local WHY_ONE = "This action may not yet be relevant to many States Parties, or progress on it "
                .. "may be hard to report in the present format."
local WHY_MANY = "Some of these actions may not yet be relevant to many States Parties; for "
                 .. "others, progress may be hard to report in the present format."

return {
  number = 14,
  title = "Possible additions to the VAP",
  sheet = "Possible additions",
  reads = { "States", "Meetings", "Actions", "Reported steps", "Cooperation", "National measures",
            "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(14)

    local actions = sheet("Actions"):sort("Action")

    -- The actions with a step: those States Parties reported steps on since the plan was
    -- adopted, those their Form I contributions implement (37 to 42), and action 63 when they
    -- reported national implementation measures (Form A).
    local reported = {}
    for _, n in ipairs(scope.steps_on(actions:column("Action")):distinct("Action")) do
      reported[n] = true
    end
    for _, n in ipairs(scope.from_parties(sheet("Cooperation"), "Donor"):distinct("Action")) do
      reported[n] = true
    end
    if #scope.from_parties(sheet("National measures")) > 0 then
      reported[63] = true
    end
    local silent = actions:filter(function(row) return not reported[row.Action] end)
    figure{ name = "actions", value = #actions, rows = actions,
            label = "Actions in the action plan" }
    figure{ name = "actions_without_steps", value = #silent, rows = silent,
            label = "Actions on which no step was reported since " .. scope.adoption_words() }
    local untitled = actions:where("Title status", "to be filled by the coordinator")
    figure{ name = "actions_to_confirm", value = #untitled, rows = untitled,
            label = "Actions whose wording is still to be confirmed in the Actions sheet" }

    -- The actions without a step, and what that may mean. The plan is named just before, so
    -- the period reads "since it was adopted".
    local n_silent, n_actions = numbers(#silent, #actions)
    local plan = setting("Action plan short name")
    local base = "Based on the analysis above,"
    if #silent == 0 then
      paragraph("%s steps were reported on every one of the %s actions of the %s since it was "
                .. "adopted.", base, n_actions, plan)
    elseif #silent == #actions then
      paragraph("%s no step was reported on any of the %s actions of the %s since it was adopted.",
                base, n_actions, plan)
    else
      local which = wording.actions(silent:column("Action"))
      paragraph("%s no step was reported on %s of the %s actions of the %s since it was adopted "
                .. "(%s). %s", base, n_silent, n_actions, plan, which,
                #silent == 1 and WHY_ONE or WHY_MANY)
    end

    -- The additions proposed in the Wording sheet.
    local proposals = sheet("Wording"):where("Section", 14):where("Kind", "proposal")
      :column("Text")
    figure{ name = "proposals", value = #proposals, label = "Additions proposed" }
    if #proposals > 0 then
      paragraph("To ensure the continued relevance of the %s as a tool for States Parties in "
                .. "their implementation of the Convention and to monitor progress, the States "
                .. "Parties could consider adding:", plan)
      bullets(proposals)
    end
  end,
}
