-- Section 3: Partnerships (Vientiane Action Plan action 1).
-- Steps States Parties have taken in support of action 1, with the kinds of partners involved,
-- and the views of partners such as international organisations and civil society. Counts
-- only: the report names no State (the names are in the Audit sheet).

local ccm = require("ccm")
local steps = require("steps")
local wording = require("wording")

-- How each channel of the Reported steps sheet reads after "working with".
local PARTNERS = {
  ["civil society"] = "civil society", ["United Nations"] = "the United Nations", ["ICRC"] = "the ICRC",
  ["survivors' networks"] = "survivors' networks",
}

return {
  number = 3,
  title = "Partnerships",
  reads = { "States", "Meetings", "Reported steps", "Partner views", "Wording" },

  run = function()
    local on1 = steps.on({ 1 })
    local states = on1:distinct("State")
    figure{ name = "action1_states", value = #states, rows = on1,
            label = "States Parties that reported steps in support of action 1" }
    figure{ name = "action1_steps", value = #on1, rows = on1, label = "Steps reported in support of action 1" }
    local groups = on1:group("Channel")
    table.sort(groups, function(a, b) return a.count > b.count or (a.count == b.count and tostring(a.key) < tostring(b.key)) end)
    local with = {}
    for _, group in ipairs(groups) do
      if group.key ~= nil then
        with[#with + 1] = string.format("%s (%s)", PARTNERS[group.key] or group.key, count(group.count, "step"))
      end
    end
    paragraph("%s %s steps in support of action 1, working in partnership with %s.",
              count(#states, "State Party"), agree(#states, "has reported", "have reported"), list(with))
    local examples = {}
    for row in on1:sort("Date"):rows() do
      if #examples < 3 then examples[#examples + 1] = row.Step:sub(1, 1):lower() .. row.Step:sub(2) end
    end
    if #examples > 0 then
      paragraph("Examples include %s.", list(examples))
    end

    local views = sheet("Partner views")
    local partners = views:distinct("Partner")
    figure{ name = "partners_with_views", value = #partners, rows = views,
            label = "Partners (international organisations and civil society) whose views were received" }
    local kinds = {}
    for _, group in ipairs(views:group("Kind of partner")) do
      local n = #group.rows:distinct("Partner")
      figure{ name = "partners_" .. group.key:gsub("[^%w]+", "_"):gsub("_$", ""), value = n, rows = group.rows,
              label = "Partners of the kind '" .. group.key .. "' whose views were received" }
      kinds[#kinds + 1] = count(n, group.key == "civil society" and "civil society organisation" or group.key)
    end
    local themes = views:group("Theme")
    table.sort(themes, function(a, b) return a.count > b.count or (a.count == b.count and a.key < b.key) end)
    local top = {}
    for i = 1, math.min(3, #themes) do
      top[#top + 1] = string.format("%s (%s)", themes[i].key, count(themes[i].count, "view"))
    end
    paragraph("%s shared %s with the thematic coordinators: %s. Their views concern above all %s.",
              count(#partners, "partner"), count(#views, "view"), list(kinds), list(top))
    wording.add(3)
  end,
}
