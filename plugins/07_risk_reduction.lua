-- Section 7: Risk reduction (Vientiane Action Plan actions 14 and 17).
-- How States Parties with Article 4 obligations implemented actions 14 and 17. Counts only: the
-- report names no State (the names are in the Audit sheet).

local ccm = require("ccm")
local steps = require("steps")
local wording = require("wording")

return {
  number = 7,
  title = "Risk reduction",
  reads = { "States", "Meetings", "Obligations", "Reported steps", "Wording" },

  run = function()
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local day = next_meeting.Start
    local holders = ccm.obligations(4, day)
    local holder_set = steps.set(holders:column("State"))

    local on17 = steps.on({ 17 }, holder_set)
    local on14 = steps.on({ 14 }, holder_set)
    local either = steps.on({ 14, 17 }, holder_set)
    local n17, n14, n = #on17:distinct("State"), #on14:distinct("State"), #either:distinct("State")
    figure{ name = "article4_states", value = #holders, rows = holders, as_of = day,
            label = "States Parties (by deposit) with Article 4 obligations at the opening of the " .. next_meeting.Meeting }
    figure{ name = "action14_or_17_states", value = n, rows = either,
            label = "Of these, States Parties that reported steps on action 14 or 17" }
    figure{ name = "action17_states", value = n17, rows = on17,
            label = "States Parties with Article 4 obligations that reported risk reduction activities (action 17)" }
    figure{ name = "action14_states", value = n14, rows = on14,
            label = "States Parties with Article 4 obligations that reported steps on action 14" }
    paragraph("Of the %s with Article 4 obligations at the time of the %s, %s reported steps on actions 14 and 17: "
              .. "%s reported risk reduction activities under action 17 and %s reported steps on action 14.",
              count(#holders, "State Party"), next_meeting.Meeting, number(n), number(n17), number(n14))

    local channels = {}
    for _, group in ipairs(on17:group("Channel")) do
      if group.key ~= nil then
        channels[#channels + 1] = string.format("%s (%s)", group.key == "national" and "national authorities" or group.key,
                                                count(group.count, "activity", "activities"))
      end
    end
    if #channels > 0 then
      paragraph("Risk reduction activities were carried out through %s.", list(channels))
    end
    local none = steps.of_states(holders, steps.set(either:column("State")), false)
    figure{ name = "no_risk_reduction_step", value = #none, rows = none, as_of = day,
            label = "States Parties with Article 4 obligations that reported no step on action 14 or 17" }
    if #none > 0 then
      paragraph("%s with Article 4 obligations %s not reported any step on these actions.", count(#none, "State Party"),
                agree(#none, "has", "have"))
    end

    wording.add(7)
  end,
}
