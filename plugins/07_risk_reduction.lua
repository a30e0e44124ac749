-- Section 7: Risk reduction (Vientiane Action Plan actions 14 and 17).
-- How States Parties with contaminated areas (Article 4) implemented actions 14 and 17. Counts
-- only: the report names no State (the names are in the Audit sheet).

local scope = require("scope")
local steps = require("steps")
local wording = require("wording")

-- One holder, as the sentences name it.
local HOLDER = "State Party with contaminated areas"

-- How each channel of a risk reduction activity reads after "through".
local CHANNELS = { ["national"] = "national authorities" }

return {
  number = 7,
  title = "Risk reduction",
  reads = { "States", "Meetings", "Obligations", "Reported steps", "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(7)

    local since = scope.adoption_words()

    -- The States Parties with contaminated areas, as section 6 counts them.
    local holders = scope.holding_figures(4)
    local holder_names = holders:column("State")

    -- Their steps on action 17 (risk reduction) and action 14, since the plan was adopted.
    local on17 = scope.steps_on({ 17 }):where("State", holder_names)
    local on14 = scope.steps_on({ 14 }):where("State", holder_names)
    local either = scope.steps_on({ 14, 17 }):where("State", holder_names)
    local n17, n14 = #on17:distinct("State"), #on14:distinct("State")
    local n = #either:distinct("State")
    figure{ name = "action14_or_17_states", value = n, rows = either,
            label = "Of these, States Parties that reported steps on action 14 or 17 since "
              .. since }
    figure{ name = "action17_states", value = n17, rows = on17,
            label = "States Parties with contaminated areas that reported risk reduction "
              .. "activities (action 17)" }
    figure{ name = "action14_states", value = n14, rows = on14,
            label = "States Parties with contaminated areas that reported steps on action 14" }
    local reported = wording.of(n, #holders, HOLDER, "has reported")
    if n17 > 0 and n14 > 0 then
      -- Both actions: how many reported on each (a State may have reported on both).
      local shown17, shown14 = numbers(n17, n14)
      paragraph("%s steps on action 14 or action 17 since %s: %s reported risk reduction "
                .. "activities under action 17 and %s steps on action 14.", reported, since,
                shown17, shown14)
    elseif n17 > 0 then
      paragraph("%s risk reduction activities under action 17 since %s; no step on action 14 "
                .. "was reported.", reported, since)
    elseif n14 > 0 then
      paragraph("%s steps on action 14 since %s; no risk reduction activity under action 17 was "
                .. "reported.", reported, since)
    else
      paragraph("%s steps on action 14 or action 17 since %s.", reported, since)
    end

    -- The channels of the risk reduction activities, the most used first.
    local groups = on17:where("Channel", "~=", nil):group("Channel")
    table.sort(groups, function(a, b)
      return a.count > b.count or (a.count == b.count and a.key < b.key)
    end)
    local items = {}
    for _, group in ipairs(groups) do
      table.insert(items, { group.count, "activity", "activities" })
    end
    local channels = counts(items)
    for i, group in ipairs(groups) do
      channels[i] = string.format("%s (%s)", CHANNELS[group.key] or group.key, channels[i])
    end
    if #channels > 0 then
      paragraph("The risk reduction %s carried out through %s.",
                agree(#on17, "activity reported was", "activities reported were"), list(channels))
    end

    -- The States Parties with contaminated areas that reported no step on either action.
    local none = steps.without(holders, either:column("State"))
    figure{ name = "no_risk_reduction_step", value = #none, rows = none, as_of = scope.day(),
            label = "States Parties with contaminated areas that reported no step on action 14 "
              .. "or 17 since " .. since }
    -- The key finding, for section 2.
    local summary = string.format("%s risk reduction activities under action 17 since %s.",
                                  wording.of(n17, #holders, HOLDER, "has reported"), since)
    figure{ name = "summary", value = summary, rows = either,
            label = "Key finding of section 7, repeated in section 2" }
  end,
}
