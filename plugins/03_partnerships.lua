-- Section 3: Partnerships (Vientiane Action Plan action 1).
-- Steps States Parties have taken in support of action 1, with the kinds of partners involved,
-- and the views of partners such as international organisations and civil society. Counts
-- only: the report names no State (the names are in the Audit sheet).

local scope = require("scope")
local wording = require("wording")

-- How each channel of the Reported steps sheet reads after "working in partnership with".
local PARTNERS = {
  ["civil society"] = "civil society",
  ["United Nations"] = "the United Nations",
  ["ICRC"] = "the ICRC",
  ["survivors' networks"] = "survivors' networks",
}

-- How a kind of partner of the Partner views sheet is counted ("three civil society
-- organisations").
local KINDS = { ["civil society"] = "civil society organisation" }

-- Groups sorted by their count, the largest first, then by name.
local function largest_first(groups)
  table.sort(groups, function(a, b)
    return a.count > b.count or (a.count == b.count and tostring(a.key) < tostring(b.key))
  end)
  return groups
end

-- Each group as "key (n nouns)", the counts written as one series.
local function with_counts(groups, phrase_of, noun)
  local items = {}
  for i, group in ipairs(groups) do
    items[i] = { group.count, noun }
  end
  local shown = counts(items)
  local phrases = {}
  for i, group in ipairs(groups) do
    phrases[i] = string.format("%s (%s)", phrase_of(group.key), shown[i])
  end
  return phrases
end

return {
  number = 3,
  title = "Partnerships",
  reads = { "States", "Meetings", "Reported steps", "Partner views", "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(3)

    local since = scope.adoption_words()

    -- Steps reported by States Parties in support of action 1, since the action plan was adopted.
    local on1 = scope.steps_on({ 1 })
    local states = on1:distinct("State")
    figure{ name = "action1_states", value = #states, rows = on1,
            label = "States Parties that reported steps in support of action 1 since " .. since }
    figure{ name = "action1_steps", value = #on1, rows = on1,
            label = "Steps reported in support of action 1 since " .. since }
    local reported = string.format("%s steps in support of action 1 since %s",
                                   subject(#states, "State Party", "has reported"), since)

    -- The partners they worked with, the most frequent first (a step naming none is left out).
    local named = largest_first(on1:where("Channel", "~=", nil):group("Channel"))
    local partners = with_counts(named, function(key) return PARTNERS[key] or key end, "step")
    if #partners > 0 then
      paragraph("%s, working in partnership with %s.", reported, list(partners))
    else
      paragraph("%s.", reported)
    end

    -- Up to three of the steps, the earliest first, as the coordinators described them.
    local examples = {}
    for step in on1:sort("Date"):rows() do
      if #examples < 3 then
        table.insert(examples, step.Step)
      end
    end
    if #examples > 0 then
      paragraph(#on1 == 1 and "The step reported was:" or "Examples of the steps reported:")
      bullets(examples)
    end

    -- Views of partners: how many partners, of which kinds, and on which themes.
    local views = sheet("Partner views")
    local partners_with_views = views:distinct("Partner")
    figure{ name = "partners_with_views", value = #partners_with_views, rows = views,
            label = "Partners (international organisations and civil society) whose views were "
              .. "received" }
    if #views == 0 then
      paragraph("No view of a partner was received by the thematic coordinators.")
    else
      -- Each kind of partner, counted once per partner.
      local kinds = {}
      local items = { { #partners_with_views, "partner" }, { #views, "view" } }
      for _, group in ipairs(views:group("Kind of partner")) do
        local n = #group.rows:distinct("Partner")
        local name = "partners_" .. group.key:gsub("[^%w]+", "_"):gsub("_$", "")
        figure{ name = name, value = n, rows = group.rows,
                label = "Partners of the kind '" .. group.key .. "' whose views were received" }
        table.insert(kinds, group.key)
        table.insert(items, { n, KINDS[group.key] or group.key })
      end
      -- One series: the partners, the views and the partners of each kind.
      local shown = counts(items)
      local shared = string.format("%s shared %s with the thematic coordinators: %s.", shown[1],
                                   shown[2], list({ table.unpack(shown, 3) }))
      -- The themes of the views, the three most frequent (all when there are three or fewer).
      local themes = largest_first(views:group("Theme"))
      local first_three = { table.unpack(themes, 1, math.min(3, #themes)) }
      local top = with_counts(first_three, function(key) return key end, "view")
      local concern = string.format("%s %s %s%s.", agree(#partners_with_views, "Its", "Their"),
                                    agree(#views, "view concerns", "views concern"),
                                    #themes > 3 and "above all " or "", list(top))
      paragraph("%s %s", shared, concern)
    end
    figure{ name = "summary", value = string.format("%s.", reported),
            label = "Key finding of section 3, repeated in section 2", rows = on1 }
  end,
}
