-- Helpers that several sections share. A section loads this file with
--   local treaty = require("treaty")
-- and then calls treaty.meeting("2MSP") or treaty.parties_at(day). Keep the treaty's rules
-- here, in one place, so that coordinators can read and change them.
--
-- A helper that reads a sheet needs the calling section to list that sheet in its reads:
-- treaty.meeting needs "Meetings"; treaty.parties_at needs "States".

local treaty = {}

-- The row of a meeting in the Meetings sheet, by its code ("2MSP"). Its columns are then
-- read by name: treaty.meeting("2MSP").Start is the meeting's first day.
function treaty.meeting(code)
  local row = sheet("Meetings"):find("Meeting", code)
  if row == nil then
    -- error(...) stops the section with this message; the 2 points at the caller's line.
    error("the Meetings sheet has no meeting \"" .. tostring(code) .. "\"", 2)
  end
  return row
end

-- The States that were Parties on a day: those whose "Party since" date is on or before it.
-- A State with no date there is not a Party.
function treaty.parties_at(day)
  return sheet("States"):where("Party since", "<=", day)
end

return treaty
