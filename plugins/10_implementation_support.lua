-- Section 10: Implementation support (Vientiane Action Plan actions 51-57).
-- How States Parties developed the Convention's meeting programme and implementation support
-- systems. Counts only: the report names no State (the names are in the Audit sheet).

local scope = require("scope")
local steps = require("steps")
local wording = require("wording")

-- What actions 51 to 57 are about, as a sentence says it after their numbers.
local TOPIC = "which concern the Convention's meeting programme and implementation support systems"

return {
  number = 10,
  title = "Implementation support",
  reads = { "States", "Meetings", "Reported steps", "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(10)

    local since = scope.adoption_words()

    -- The steps States Parties reported on actions 51 to 57 since the action plan was adopted.
    local actions = steps.range(51, 57)
    local on = scope.steps_on(actions)
    local states = on:distinct("State")
    figure{ name = "actions51_57_states", value = #states, rows = on,
            label = "States Parties that reported steps on actions 51 to 57 since " .. since }
    figure{ name = "actions51_57_steps", value = #on, rows = on,
            label = "Steps reported on actions 51 to 57 since " .. since }

    -- How many States Parties reported on each action, and which actions have a step.
    local values, covered = {}, {}
    for _, n in ipairs(actions) do
      local these = on:where("Action", n)
      local k = #these:distinct("State")
      figure{ name = "action" .. n .. "_states", value = k, rows = these,
              label = "States Parties that reported steps on action " .. n .. " since " .. since }
      if k > 0 then
        table.insert(values, k)
        table.insert(covered, n)
      end
    end
    local shown = { numbers(table.unpack(values)) }
    local per_action = {}
    for i, n in ipairs(covered) do
      per_action[i] = string.format("action %s (%s)", n, shown[i])
    end

    -- How many reported how many steps, and on which actions.
    local n_covered, n_actions = numbers(#covered, #actions)
    local reach = #covered == #actions and ("all " .. n_actions .. " actions")
                  or string.format("%s of the %s actions", n_covered, n_actions)
    if #on == 0 then
      paragraph("No State Party has reported a step on actions 51 to 57, %s, since %s.", TOPIC,
                since)
    else
      local shown_counts = counts({ { #states, "State Party" }, { #on, "step" } })
      local n_states, n_steps = shown_counts[1], shown_counts[2]
      local reported = string.format("%s %s %s on actions 51 to 57, %s, since %s.", n_states,
                                     agree(#states, "has reported"), n_steps, TOPIC, since)
      paragraph("%s %s %s: %s.", reported, agree(#states, "Its steps cover", "Their steps cover"),
                reach, list(per_action))
    end

    -- Financial contributions to implementation support, ahead of the meeting's decisions.
    local funded = on:where("Channel", "trust fund")
    local funders = funded:distinct("State")
    figure{ name = "states_funding_support", value = #funders, rows = funded,
            label = "States Parties that reported financial contributions to implementation "
              .. "support or sponsorship" }
    paragraph("%s financial contributions, to the interim implementation support or to the "
              .. "sponsorship of delegates, ahead of the decisions on implementation support "
              .. "expected at the %s.", subject(#funders, "State Party", "has reported"),
              scope.meeting().Meeting)
    -- The key finding, for section 2.
    local summary = string.format("No State Party has reported a step on actions 51 to 57 "
                                  .. "since %s.", since)
    if #on > 0 then
      summary = string.format("%s steps on actions 51 to 57 since %s, covering %s.",
                              subject(#states, "State Party", "has reported"), since, reach)
    end
    figure{ name = "summary", value = summary, rows = on,
            label = "Key finding of section 10, repeated in section 2" }
  end,
}
