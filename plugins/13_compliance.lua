-- Section 13: Compliance.
-- How States Parties have reacted to allegations of non-compliance: allegations concerning
-- States Parties, reported use by States not party and the reactions to it, and whether any
-- deadline under Articles 3 and 4 (computed from entry into force) had passed unmet. Counts
-- only: the report names no State (the names are in the Audit sheet).

local ccm = require("ccm")
local scope = require("scope")
local wording = require("wording")

-- How each kind of reaction is counted ("five expressions of support for fact-finding").
local NOUNS = { ["support for fact-finding"] = "expression of support for fact-finding" }

return {
  number = 13,
  title = "Compliance",
  reads = { "States", "Meetings", "Allegations of use", "Reactions to use", "Obligations",
            "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(13)

    local day = scope.day()
    local since = scope.adoption_words()

    -- Allegations of use reported since the action plan was adopted, against States Parties
    -- or not (by deposit, on the day the use was reported).
    local allegations = scope.allegations()
    local against_parties, against_others = scope.allegations_by_party(allegations)
    figure{ name = "allegations", value = #allegations, rows = allegations,
            label = "Allegations of use reported since " .. since }
    figure{ name = "allegations_against_parties", value = #against_parties, rows = against_parties,
            label = "Of these, allegations concerning a State Party (by deposit at the date "
              .. "reported)" }
    figure{ name = "instances_of_use", value = #against_others, rows = against_others, as_of = day,
            label = "Instances of use by States not party reported since " .. since }
    local alleged = string.format("%s reported since %s.",
      subject(#against_parties, "allegation of non-compliance by a State Party", "has been",
              "allegations of non-compliance by States Parties"), since)
    if #against_others == 0 then
      paragraph(alleged)
    elseif #against_others == 1 then
      paragraph("%s The instance of use reported in that period concerned a State not party to "
                .. "the Convention (section 4).", alleged)
    else
      paragraph("%s The %s instances of use reported in that period concerned States not party to "
                .. "the Convention (section 4).", alleged, number(#against_others))
    end

    -- The reactions of States Parties to reported use, by kind.
    local reactions = scope.from_parties(sheet("Reactions to use")):filter(function(row)
      return row.Date == nil or scope.in_period(row.Date)
    end)
    local reacting = reactions:distinct("State")
    figure{ name = "states_reacting", value = #reacting, rows = reactions,
            label = "States Parties that reported reacting to use by States not party since "
              .. since }
    figure{ name = "reactions", value = #reactions, rows = reactions,
            label = "Reactions to reported use since " .. since }
    if #reactions == 0 then
      paragraph("No State Party has reported reacting to reported use since %s.", since)
    else
      -- One series: the States that reacted, their reactions and the reactions of each kind.
      local items = { { #reacting, "State Party" }, { #reactions, "reaction" } }
      for _, group in ipairs(reactions:group("Reaction")) do
        table.insert(items, { group.count, NOUNS[group.key] or group.key })
      end
      local shown = counts(items)
      local kinds = { table.unpack(shown, 3) }
      if #kinds > 1 then
        paragraph("%s reacted to reported use with %s in all: %s.", shown[1], shown[2],
                  list(kinds))
      else
        paragraph("%s reacted to reported use with %s.", shown[1], kinds[1])
      end
    end

    -- Deadlines under Articles 3 and 4, computed from each State's entry into force.
    local passed, earliest = {}, nil
    for _, article in ipairs({ 3, 4 }) do
      for row in scope.holding(article):rows() do
        local deadline = ccm.obligation_deadline(article, row.State)
        if deadline ~= nil and deadline <= day then
          table.insert(passed, row)
        end
        if deadline ~= nil and (earliest == nil or deadline < earliest) then
          earliest = deadline
        end
      end
    end
    figure{ name = "deadlines_passed", value = #passed, rows = passed, as_of = day,
            label = "Article 3 and 4 deadlines passed without the obligation being fulfilled" }
    if earliest == nil then
      paragraph("No State Party had a deadline under Article 3 or 4 as of %s.", day)
    else
      figure{ name = "earliest_deadline", value = earliest, as_of = day,
              label = "Earliest Article 3 or 4 deadline of a State Party with obligations" }
      if #passed == 0 then
        paragraph("No deadline under Article 3 or 4 had passed by %s: the earliest falls on %s.",
                  day, earliest)
      else
        local passed_words = subject(#passed, "deadline under Article 3 or 4", "had passed",
                                     "deadlines under Article 3 or 4")
        paragraph("%s unmet by %s.", passed_words, day)
      end
    end
    -- The key finding, for section 2.
    figure{ name = "summary", value = alleged, rows = allegations,
            label = "Key finding of section 13, repeated in section 2" }
  end,
}
