-- Section 10: Implementation support (Vientiane Action Plan actions 51-57).
-- How States Parties developed the Convention's meeting programme and implementation support
-- systems. Counts only: the report names no State (the names are in the Audit sheet).

local ccm = require("ccm")
local steps = require("steps")
local wording = require("wording")

return {
  number = 10,
  title = "Implementation support",
  reads = { "States", "Meetings", "Reported steps", "Wording" },

  run = function()
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local actions = steps.range(51, 57)
    local on = steps.on(actions)
    local states = on:distinct("State")
    figure{ name = "actions51_57_states", value = #states, rows = on,
            label = "States Parties that reported steps on actions 51 to 57" }
    figure{ name = "actions51_57_steps", value = #on, rows = on, label = "Steps reported on actions 51 to 57" }
    local covered, per_action = 0, {}
    for _, n in ipairs(actions) do
      local these = on:where("Action", n)
      local k = #these:distinct("State")
      figure{ name = "action" .. n .. "_states", value = k, rows = these,
              label = "States Parties that reported steps on action " .. n }
      if k > 0 then covered = covered + 1 end
      per_action[#per_action + 1] = string.format("action %s (%s)", n, k == 0 and "none" or number(k))
    end
    paragraph("%s %s %s on actions 51 to 57 to develop the Convention's meeting programme and implementation support "
              .. "systems, covering %s actions. By number of States Parties reporting: %s.",
              count(#states, "State Party"), agree(#states, "has reported", "have reported"), count(#on, "step"),
              covered == #actions and ("all " .. number(#actions)) or (number(covered) .. " of the " .. number(#actions)), list(per_action))
    local funded = on:where("Channel", "trust fund")
    local funders = funded:distinct("State")
    figure{ name = "states_funding_support", value = #funders, rows = funded,
            label = "States Parties that reported financial contributions to implementation support or sponsorship" }
    paragraph("%s %s financial contributions, to the interim implementation support or to the sponsorship of delegates, "
              .. "ahead of the decisions on implementation support expected at the %s.",
              count(#funders, "State Party"), agree(#funders, "has reported", "have reported"), next_meeting.Meeting)
    wording.add(10)
  end,
}
