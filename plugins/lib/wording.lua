-- The Challenges and Questions of each section come from the Wording sheet of
-- workbooks/settings.xlsx, so that coordinators change the wording in Excel, not here.
-- A section using this must list "Wording" and "Settings" in its reads... "Settings" is read
-- through setting(), which needs nothing.

local wording = {}

-- Adds the section's challenges and questions, in the order of the Wording sheet, and the
-- sentence that introduces the questions ("States Parties at the 2MSP could discuss ...").
function wording.add(section_number)
  local rows = sheet("Wording"):where("Section", section_number)
  for row in rows:where("Kind", "challenge"):rows() do
    challenge(row.Text)
  end
  local meeting = setting("Next meeting")
  questions_intro("Under this item, States Parties at the " .. meeting .. " could discuss the following questions:")
  for row in rows:where("Kind", "question"):rows() do
    question(row.Text)
  end
end

return wording
