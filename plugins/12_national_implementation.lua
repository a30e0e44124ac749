-- Section 12: National implementation measures (Vientiane Action Plan actions 63 and 65).
-- How many States Parties should implement action 63 (those that had not reported national
-- implementation measures before the 1MSP) and how many of these have reported doing so since,
-- and how many States Parties reported implementing action 65. Counts only: the report names
-- no State (the names are in the Audit sheet).

local ccm = require("ccm")
local steps = require("steps")
local wording = require("wording")

-- Measures that count as having national implementation measures in place.
local IN_PLACE = { "specific legislation adopted", "existing legislation considered sufficient" }

-- How each kind of measure reads after a number of States Parties ("three adopted ...").
local PHRASES = {
  ["specific legislation adopted"] = "adopted specific legislation",
  ["legislation in preparation"] = "have legislation in preparation",
  ["existing legislation considered sufficient"] = "considered their existing legislation sufficient",
  ["administrative or other measures"] = "took administrative or other measures",
}

return {
  number = 12,
  title = "National implementation measures",
  sheet = "National implementation",
  reads = { "States", "Meetings", "National measures", "Reported steps", "Wording" },

  run = function()
    local first = ccm.meeting(setting("Previous meeting"))
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local day = next_meeting.Start
    local parties = ccm.parties_at(day)
    local measures = sheet("National measures")

    local before = measures:where("Measure", IN_PLACE):where("Date", "<", first.Start)
    local had = steps.set(before:column("State"))
    local should = steps.of_states(parties, had, false)
    figure{ name = "parties", value = #parties, rows = parties, as_of = day,
            label = "States Parties (by deposit) at the opening of the " .. next_meeting.Meeting }
    figure{ name = "in_place_before_1msp", value = #parties - #should, rows = before,
            label = "States Parties that had reported national implementation measures in place before the " .. first.Meeting }
    figure{ name = "should_implement_63", value = #should, rows = should, as_of = day,
            label = "States Parties that should implement action 63 (no measures reported in place before the " .. first.Meeting .. ")" }

    local should_set = steps.set(should:column("State"))
    local since = steps.of_states(measures, should_set):filter(function(r) return r.Date == nil or r.Date >= first.Start end)
    local reporting = since:distinct("State")
    figure{ name = "reported_63", value = #reporting, rows = since,
            label = "Of these, States Parties that have reported national implementation measures since the " .. first.Meeting }
    local kinds = {}
    for _, group in ipairs(since:group("Measure")) do
      local n = #group.rows:distinct("State")
      kinds[#kinds + 1] = { group.key, n }
    end
    table.sort(kinds, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
    local phrases = {}
    for _, k in ipairs(kinds) do
      phrases[#phrases + 1] = string.format("%s %s", number(k[2]), PHRASES[k[1]] or k[1])
    end
    paragraph("Of the %s at the time of the %s (States Parties by deposit of their instrument, %s), %s had not reported national "
              .. "implementation measures in place before the %s and so should implement action 63.",
              count(#parties, "State Party"), next_meeting.Meeting, as_of(day), number(#should), first.Meeting)
    paragraph("%s of these %s reported doing so since: %s.", capitalize(number(#reporting)),
              agree(#reporting, "has", "have"), list(phrases))

    local on65 = steps.on({ 65 })
    local n65 = #on65:distinct("State")
    figure{ name = "reported_65", value = n65, rows = on65, label = "States Parties that reported implementation of action 65" }
    paragraph("%s %s implementation of action 65.", count(n65, "State Party"), agree(n65, "has reported", "have reported"))
    wording.add(12)
  end,
}
