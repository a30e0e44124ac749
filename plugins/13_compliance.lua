-- Section 13: Compliance.
-- How States Parties have reacted to allegations of non-compliance: allegations concerning
-- States Parties, reported use by States not party and the reactions to it, and whether any
-- deadline under Articles 3 and 4 (computed from entry into force) had passed unmet. Counts
-- only: the report names no State (the names are in the Audit sheet).

local ccm = require("ccm")
local wording = require("wording")

return {
  number = 13,
  title = "Compliance",
  reads = { "States", "Meetings", "Allegations of use", "Reactions to use", "Obligations", "Wording" },

  run = function()
    local first = ccm.meeting(setting("Previous meeting"))
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local day = next_meeting.Start

    local allegations = sheet("Allegations of use")
      :where("Date reported", ">", first.End)
      :where("Date reported", "<", day)
    local against_parties = allegations:filter(function(r) return ccm.is_party(r["Alleged user"], r["Date reported"]) end)
    local against_others = allegations:filter(function(r) return not ccm.is_party(r["Alleged user"], r["Date reported"]) end)
    figure{ name = "allegations", value = #allegations, rows = allegations,
            label = "Allegations of use reported between the " .. first.Meeting .. " and the " .. next_meeting.Meeting }
    figure{ name = "allegations_against_parties", value = #against_parties, rows = against_parties,
            label = "Of these, allegations concerning a State Party (by deposit at the date reported)" }
    if #against_parties == 0 then
      paragraph("No allegation of non-compliance by a State Party was reported between the %s and the %s. "
                .. "The %s of use reported in that period concerned States not party to the Convention (section 4).",
                first.Meeting, next_meeting.Meeting, count(#against_others, "instance"))
    else
      paragraph("%s of non-compliance by States Parties %s reported between the %s and the %s.",
                count(#against_parties, "allegation"), agree(#against_parties, "was", "were"), first.Meeting, next_meeting.Meeting)
    end

    local reactions = ccm.from_parties(sheet("Reactions to use"), next_meeting.Start)
    local reacting = reactions:distinct("State")
    figure{ name = "states_reacting", value = #reacting, rows = reactions,
            label = "States Parties that reacted to reported use" }
    figure{ name = "reactions", value = #reactions, rows = reactions, label = "Reactions to reported use" }
    local kinds = {}
    for _, group in ipairs(reactions:group("Reaction")) do
      local noun = group.key == "support for fact-finding" and "expression of support for fact-finding" or group.key
      kinds[#kinds + 1] = count(group.count, noun)
    end
    paragraph("%s reacted to reported use with %s in all: %s.", count(#reacting, "State Party"),
              count(#reactions, "reaction"), list(kinds))

    -- Deadlines under Articles 3 and 4, computed from each State's entry into force.
    local passed, earliest = {}, nil
    for _, article in ipairs({ 3, 4 }) do
      for row in ccm.obligations(article, day):rows() do
        local deadline = ccm.obligation_deadline(article, row.State)
        if deadline ~= nil then
          if deadline <= day then passed[#passed + 1] = row end
          if earliest == nil or deadline < earliest then earliest = deadline end
        end
      end
    end
    figure{ name = "deadlines_passed", value = #passed, rows = passed, as_of = day,
            label = "Article 3 and 4 deadlines passed without the obligation being fulfilled" }
    if earliest ~= nil then
      figure{ name = "earliest_deadline", value = earliest, as_of = day,
              label = "Earliest Article 3 or 4 deadline of a State Party with obligations" }
      if #passed == 0 then
        paragraph("No deadline under Article 3 or 4 had passed by the opening of the %s: the earliest falls on %s.",
                  next_meeting.Meeting, earliest)
      else
        paragraph("%s under Article 3 or 4 had passed unmet by the opening of the %s.", count(#passed, "deadline"),
                  next_meeting.Meeting)
      end
    end
    wording.add(13)
  end,
}
