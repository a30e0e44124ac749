-- Section 4: Universalization (Vientiane Action Plan actions 2-7).
-- Membership growth from the 1MSP to the 2MSP, reported use by States not party and the
-- reactions to it, support to civil society and international organisations, and steps to
-- discourage use. Counts only: the report names no State (the names are in the Audit sheet).

local ccm = require("ccm")
local wording = require("wording")

return {
  number = 4,
  title = "Universalization",
  reads = { "States", "Meetings", "Reported steps", "Allegations of use", "Reactions to use", "Wording" },

  run = function()
    local first = ccm.meeting(setting("Previous meeting"))
    local next_meeting = ccm.meeting(setting("Next meeting"))

    -- Membership: States Parties by deposit of their instrument.
    local at_first = ccm.parties_at(first.Start)
    local joined = sheet("States")
      :where("Deposited", ">", first.Start)
      :where("Deposited", "<", next_meeting.Start)
    figure{ name = "parties_at_1msp", value = #at_first, rows = at_first, as_of = first.Start,
            label = "States Parties (by deposit of their instrument) at the opening of the " .. first.Meeting }
    figure{ name = "joined_since_1msp", value = #joined, rows = joined, as_of = next_meeting.Start,
            label = "States that ratified, accepted or acceded between the " .. first.Meeting .. " and the " .. next_meeting.Meeting }
    figure{ name = "parties_at_2msp", value = #at_first + #joined, as_of = next_meeting.Start,
            rows = ccm.parties_at(next_meeting.Start:add_days(-1)),
            label = "States Parties (by deposit) at the opening of the " .. next_meeting.Meeting }
    local in_force = ccm.in_force_at(next_meeting.Start)
    figure{ name = "in_force_at_2msp", value = #in_force, rows = in_force, as_of = next_meeting.Start,
            label = "States for which the Convention was in force at the opening of the " .. next_meeting.Meeting }

    paragraph("%s %s to the CCM at the time of the %s. Since then %s %s ratified or acceded to the CCM, "
              .. "bringing the number of States Parties to %s %s; the Convention was then in force for %s of them.",
              count(#at_first, "State"), agree(#at_first, "was a Party", "were Parties"), first.Meeting,
              count(#joined, "new State"), agree(#joined, "has", "have"),
              number(#at_first + #joined), as_of(next_meeting.Start), number(#in_force))

    -- Reported use by States not party, and the reactions of States Parties.
    local uses = sheet("Allegations of use")
      :where("Date reported", ">", first.End)
      :where("Date reported", "<", next_meeting.Start)
    figure{ name = "instances_of_use", value = #uses, rows = uses,
            label = "Instances of use by States not party reported since the " .. first.Meeting }
    if #uses == 0 then
      paragraph("No use of cluster munitions by States not party has been reported since the %s.", first.Meeting)
    else
      paragraph("There %s been %s of use by States not party to the CCM since the %s.",
                agree(#uses, "has", "have"), count(#uses, "instance"), first.Meeting)
    end

    -- What States Parties did: steps reported by signatories are left out.
    local reactions = ccm.from_parties(sheet("Reactions to use"), next_meeting.Start)
    local reacting = reactions:distinct("State")
    figure{ name = "states_reacting_to_use", value = #reacting, rows = reactions,
            label = "States Parties that reacted to reported use by States not party" }
    if #reacting > 0 then
      -- How each kind of reaction reads in a sentence.
      local phrases = {
        ["individual démarche"] = "individual démarches to the States in question",
        ["joint démarche"] = "joint démarches",
        ["public statement"] = "condemnation of the use in public statements",
        ["support for fact-finding"] = "support for fact-finding missions",
      }
      local kinds = {}
      for _, group in ipairs(reactions:group("Reaction")) do
        kinds[#kinds + 1] = phrases[group.key] or group.key
      end
      paragraph("%s %s taken action to react to the use by States not party. These include %s.",
                count(#reacting, "State Party"), agree(#reacting, "has", "have"), list(kinds))
    end

    local steps = ccm.from_parties(sheet("Reported steps"), next_meeting.Start)
    local supporting = steps:where("Kind", "supported civil society or international organisations")
    local supporters = supporting:distinct("State")
    figure{ name = "states_supporting_partners", value = #supporters, rows = supporting,
            label = "States Parties that supported action by civil society and international organisations to promote the CCM" }
    if #supporters > 0 then
      paragraph("%s %s supported actions by civil society and international organisations to promote the CCM and its norms.",
                count(#supporters, "State Party"), agree(#supporters, "has", "have"))
    end

    local discouraging = steps:where("Kind", "discouraged use")
    local discouragers = discouraging:distinct("State")
    figure{ name = "states_discouraging_use", value = #discouragers, rows = discouraging,
            label = "States Parties that took steps to discourage use of cluster munitions" }
    if #discouragers > 0 then
      paragraph("%s %s taken steps to discourage use.", count(#discouragers, "State Party"), agree(#discouragers, "has", "have"))
    end

    -- Membership growth, month by month, for the consolidated workbook.
    local months, totals = {}, {}
    local day = first.Start:start_of_month()
    while day <= next_meeting.Start do
      local month_end = day:end_of_month()
      months[#months + 1] = day:month_name():sub(1, 3) .. " " .. day.year
      totals[#totals + 1] = #ccm.parties_at(month_end)
      day = day:add_months(1)
    end
    add_chart{ title = "States Parties at the end of each month", type = "line", categories = months,
               x_title = "Month", y_title = "States Parties",
               series = { { name = "States Parties", values = totals } } }
    -- It names States: for the workbook, not for the circulated report.
    add_table{ title = "States that joined since the " .. first.Meeting, columns = { "State", "Region", "Deposited", "Instrument" },
               from = joined:sort("Deposited"), workbook_only = true }

    wording.add(4)
  end,
}
