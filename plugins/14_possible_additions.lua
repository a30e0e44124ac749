-- Section 14: Possible additions to the Vientiane Action Plan.
-- Based on the analysis above: the actions on which no step was reported in the period, the
-- actions whose wording is still to be confirmed, and the additions the secretariat proposes
-- (Wording sheet, kind "proposal"). Counts only: the report names no State.

local ccm = require("ccm")
local steps = require("steps")
local wording = require("wording")

return {
  number = 14,
  title = "Possible additions to the VAP",
  sheet = "Possible additions",
  reads = { "Meetings", "Actions", "Reported steps", "Cooperation", "National measures", "Wording" },

  run = function()
    local first = ccm.meeting(setting("Previous meeting"))
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local actions = sheet("Actions")
    local reported = steps.set(sheet("Reported steps"):column("Action"))
    -- Form I contributions implement actions 37-42; Form A measures implement action 63.
    for _, n in ipairs(sheet("Cooperation"):column("Action")) do reported[n] = true end
    if #sheet("National measures") > 0 then reported[63] = true end
    local silent, silent_rows = {}, {}
    for row in actions:sort("Action"):rows() do
      if not reported[row.Action] then
        silent[#silent + 1] = row.Action
        silent_rows[#silent_rows + 1] = row
      end
    end
    figure{ name = "actions", value = #actions, rows = actions, label = "Actions in the action plan" }
    figure{ name = "actions_without_steps", value = #silent, rows = silent_rows,
            label = "Actions on which no step was reported between the " .. first.Meeting .. " and the " .. next_meeting.Meeting }
    local untitled = actions:where("Title status", "to be filled by the coordinator")
    figure{ name = "actions_to_confirm", value = #untitled, rows = untitled,
            label = "Actions whose wording is still to be confirmed in the Actions sheet" }
    paragraph("Based on the analysis above, no step was reported on %s of the %s actions of the VAP between the %s and the %s (%s). "
              .. "Some of these actions may not yet be relevant to many States Parties; for others, progress may be hard to report "
              .. "in the present format.",
              number(#silent), number(#actions), first.Meeting, next_meeting.Meeting, steps.actions_text(silent))
    local proposals = sheet("Wording"):where("Section", 14):where("Kind", "proposal"):column("Text")
    figure{ name = "proposals", value = #proposals, label = "Additions proposed" }
    if #proposals > 0 then
      paragraph("To ensure the continued relevance of the VAP as a tool for States Parties in their implementation of the "
                .. "Convention and to monitor progress, the States Parties could consider adding:")
      bullets(proposals)
    end
    wording.add(14)
  end,
}
