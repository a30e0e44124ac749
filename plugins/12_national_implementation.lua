-- Section 12: National implementation measures (Vientiane Action Plan actions 63 and 65).
-- How many States Parties should implement action 63 (those that had not reported national
-- implementation measures in place before the action plan was adopted), how many of these have
-- reported measures since, and how many States Parties reported implementing action 65. Counts
-- only: the report names no State (the names are in the Audit sheet).

local scope = require("scope")
local steps = require("steps")
local wording = require("wording")

-- Measures that count as having national implementation measures in place.
local IN_PLACE = { "specific legislation adopted", "existing legislation considered sufficient" }

-- How each kind of measure reads after a number of States Parties ("three adopted ..."), for
-- one and for more than one.
local PHRASES = {
  ["specific legislation adopted"] = { "adopted specific legislation",
                                       "adopted specific legislation" },
  ["legislation in preparation"] = { "has legislation in preparation",
                                     "have legislation in preparation" },
  ["existing legislation considered sufficient"] = {
    "considered its existing legislation sufficient",
    "considered their existing legislation sufficient" },
  ["administrative or other measures"] = { "took administrative or other measures",
                                           "took administrative or other measures" },
}

-- The States Parties that should implement action 63, as the sentences name one of them.
local CONCERNED = "State Party concerned"

return {
  number = 12,
  title = "National implementation measures",
  sheet = "National implementation",
  reads = { "States", "Meetings", "National measures", "Reported steps", "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(12)

    local since = scope.adoption_words()
    local parties = scope.parties()
    local measures = scope.from_parties(sheet("National measures"))
    scope.parties_figure(parties)

    -- The States Parties with measures in place before the action plan was adopted, and the
    -- others, which should implement action 63.
    local before = measures:where("Measure", IN_PLACE):where("Date", "<", scope.adopted())
    local in_place = parties:where("State", before:column("State"))
    local should = steps.without(parties, before:column("State"))
    figure{ name = "in_place_before_1msp", value = #in_place, rows = before,
            label = "States Parties that had reported national implementation measures in "
              .. "place before " .. since }
    figure{ name = "should_implement_63", value = #should, rows = should, as_of = scope.day(),
            label = "States Parties that should implement action 63 (no measures reported in "
              .. "place before " .. since .. ")" }
    local in_place_words = "national implementation measures in place before " .. since
    local _, n_should = numbers(#in_place, #should)
    if #parties == 0 then
      paragraph("As of %s, there was no State Party to implement action 63.", scope.day_words())
    elseif #should == 0 then
      paragraph("As of %s, %s reported %s.", scope.day_words(),
                wording.of(#in_place, #parties, "State Party", "had"), in_place_words)
    elseif #in_place == 0 then
      paragraph("As of %s, no State Party had reported %s, so all %s should implement action 63.",
                scope.day_words(), in_place_words, count(#should, "State Party"))
    else
      paragraph("As of %s, %s reported %s; the other %s should implement action 63.",
                scope.day_words(), wording.of(#in_place, #parties, "State Party", "had"),
                in_place_words, n_should)
    end

    -- Of those that should, the States Parties that reported measures since, by kind.
    local since_then = measures:where("State", should:column("State")):filter(function(r)
      return r.Date == nil or r.Date >= scope.adopted()
    end)
    local reporting = since_then:distinct("State")
    figure{ name = "reported_63", value = #reporting, rows = since_then,
            label = "Of these, States Parties that have reported national implementation "
              .. "measures since " .. since }
    if #should > 0 then
      -- The kinds of measure, the most frequent first, with how many States Parties reported each.
      local groups = since_then:group("Measure")
      for _, group in ipairs(groups) do
        group.states = #group.rows:distinct("State")
      end
      table.sort(groups, function(a, b)
        return a.states > b.states or (a.states == b.states and a.key < b.key)
      end)
      local values = {}
      for i, group in ipairs(groups) do
        values[i] = group.states
      end
      local shown = { numbers(table.unpack(values)) }
      local kinds = {}
      for i, group in ipairs(groups) do
        local forms = PHRASES[group.key] or { group.key, group.key }
        kinds[i] = string.format("%s %s", shown[i], group.states == 1 and forms[1] or forms[2])
      end
      local reported = string.format("Since %s, %s national implementation measures", since,
                                     wording.of(#reporting, #should, CONCERNED, "has reported"))
      if #kinds > 1 then
        paragraph("%s: %s.", reported, list(kinds))
      else
        paragraph("%s.", reported)
      end
    end

    -- Action 65, by any State Party.
    local on65 = scope.steps_on({ 65 })
    local n65 = #on65:distinct("State")
    figure{ name = "reported_65", value = n65, rows = on65,
            label = "States Parties that reported implementation of action 65 since " .. since }
    paragraph("%s implementation of action 65 since %s.",
              subject(n65, "State Party", "has reported"), since)
    -- The key finding, for section 2.
    local summary = string.format("As of %s, %s should implement action 63; since %s, %s "
                                  .. "national implementation measures.", scope.day(),
                                  count(#should, "State Party"), since,
                                  wording.of(#reporting, #should, CONCERNED, "has reported"))
    figure{ name = "summary", value = summary, rows = since_then,
            label = "Key finding of section 12, repeated in section 2" }
  end,
}
