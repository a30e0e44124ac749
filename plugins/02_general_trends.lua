-- Section 2: General trends in implementation of the Vientiane Action Plan: a summary of the
-- key questions to be discussed at the 2MSP. For each thematic section (3 to 13) it repeats the
-- section's first paragraph and the questions marked Key in the Wording sheet.

local wording_sections = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 }

return {
  number = 2,
  title = "General trends in implementation of the VAP",
  sheet = "General trends",
  reads = { "Wording" },
  uses = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 },

  run = function()
    local meeting = setting("Next meeting")
    local key = sheet("Wording"):where("Kind", "question"):where("Key", true)
    paragraph("This section summarises the general trends in implementation of the VAP and the key questions to be discussed "
              .. "at the %s: for each thematic section of this report, its main figure and the key questions that States Parties "
              .. "could discuss. The full analysis, challenges and questions are in the sections themselves.", meeting)
    local summarised, questions = 0, 0
    for _, n in ipairs(wording_sections) do
      local result = section_result(n)
      if result == nil then
        warn("section " .. n .. " was not produced, so it is missing from the general trends")
      else
        summarised = summarised + 1
        heading("%s (section %s)", result.title, n)
        if result.paragraphs[1] ~= nil then
          paragraph(result.paragraphs[1])
        end
        local these = key:where("Section", n):column("Text")
        questions = questions + #these
        if #these > 0 then
          bullets(these)
        end
      end
    end
    figure{ name = "sections_summarised", value = summarised, label = "Thematic sections summarised" }
    figure{ name = "key_questions", value = questions, rows = key, label = "Key questions drawn from the thematic sections" }
  end,
}
