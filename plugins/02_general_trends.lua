-- Section 2: General trends in implementation of the Vientiane Action Plan: a summary of the
-- key questions to be discussed at the 2MSP. For each thematic section (3 to 13) it gives the
-- section's key finding, which the section itself writes as its figure "summary" (a sentence
-- that sums up the section rather than repeats its first paragraph), and the questions marked
-- Key in the Wording sheet. The findings are quoted, not read: each keeps its own mark when
-- it draws on illustrative rows, and the rest of this section is not marked for it.

local THEMATIC_SECTIONS = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 }

return {
  number = 2,
  title = "General trends in implementation of the VAP",
  sheet = "General trends",
  reads = { "Wording" },
  uses = THEMATIC_SECTIONS,

  run = function()
    local meeting = setting("Next meeting")
    paragraph("This section summarises the general trends in implementation of the VAP and "
              .. "the key questions to be discussed at the %s: for each thematic section of this "
              .. "report, its key finding and the key questions that States Parties could "
              .. "discuss. The full analysis, challenges and questions are in the sections "
              .. "themselves.", meeting)

    -- The questions marked Key in the Wording sheet.
    local key = sheet("Wording"):where("Kind", "question"):where("Key", true)
    local summarised, questions = 0, 0
    for _, n in ipairs(THEMATIC_SECTIONS) do
      local result = section_result(n)
      if result == nil then
        -- A section that failed is missing here too; the build has reported why.
        warn("section " .. n .. " was not produced, so it is missing from the general trends")
      else
        summarised = summarised + 1
        heading("%s (section %s)", result.title, n)
        -- The section's key finding, as it wrote it.
        if not quote(n, "summary") then
          warn("section " .. n .. " gives no figure \"summary\", so its key finding is missing "
               .. "from the general trends")
        end
        -- Its key questions.
        local these = key:where("Section", n):column("Text")
        questions = questions + #these
        if #these > 0 then
          bullets(these)
        end
      end
    end
    figure{ name = "sections_summarised", value = summarised,
            label = "Thematic sections summarised" }
    figure{ name = "key_questions", value = questions, rows = key,
            label = "Key questions drawn from the thematic sections" }
  end,
}
