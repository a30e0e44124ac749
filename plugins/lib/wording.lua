-- Wording shared by the sections: the challenges and questions of the Wording sheet, and the
-- few phrases whose grammar depends on two counts at once ("4 of the 12 States Parties",
-- "all of them", "neither"), so that each section writes them the same way and they stay true
-- for any count, including none and one.
--
-- wording.add needs "Wording" in the section's reads (the settings need nothing).

local wording = {}

-- Adds the section's challenges and questions, in the order of the Wording sheet, and the
-- sentence that introduces the questions ("States Parties at the 2MSP could discuss ...").
function wording.add(section_number)
  local rows = sheet("Wording"):where("Section", section_number)
  for row in rows:where("Kind", "challenge"):rows() do
    challenge(row.Text)
  end
  local meeting = setting("Next meeting")
  questions_intro("Under this item, States Parties at the " .. meeting
                  .. " could discuss the following questions:")
  for row in rows:where("Kind", "question"):rows() do
    question(row.Text)
  end
end

-- `k` of `n` things already counted, with the verb agreeing, as the subject of a sentence:
--   wording.of(4, 12, "State Party with victims", "has reported")
--     -> "4 of the 12 States Parties with victims have reported"
--   k = 0 -> "none of the 12 States Parties with victims has reported" ("neither of the two")
--   k = n -> "all 12 States Parties with victims have reported" ("both ..." for two)
--   n = 1 -> "one State Party with victims has reported" or "no State Party with victims has
--            reported", since there is only one to speak of.
-- The verb is given as for one, as subject() takes it; `plural` is the noun's plural when the
-- rules do not know it.
function wording.of(k, n, noun, verb, plural_noun)
  if n <= 1 then
    return subject(k, noun, verb, plural_noun)
  end
  local many = plural_noun or plural(noun)
  local k_text, n_text = numbers(k, n)
  if k == n then
    return string.format("%s %s %s", n == 2 and "both" or "all " .. n_text, many, agree(n, verb))
  end
  -- Of two, none is "neither".
  local some = (k == 0 and n == 2) and "neither" or k_text
  return string.format("%s of the %s %s %s", some, n_text, many, agree(k, verb))
end

-- The clause on the Convention's entry into force for `k` of `n` States Parties already
-- counted, with the obligation it brings:
--   wording.in_force(12, 14, "the obligation under Article 3 to destroy them")
--     -> "the Convention, and with it the obligation under Article 3 to destroy them, was in
--         force for 12 of them"
--   k = n -> "... was in force for all of them" ("both of them", "it")
--   k = 0 -> "... was not yet in force for any of them" ("for it")
-- Without `obligation`: "the Convention was in force for 12 of them".
function wording.in_force(k, n, obligation)
  local whom
  if k == 0 then
    whom = n == 1 and "not yet in force for it" or "not yet in force for any of them"
  elseif k == n then
    whom = "in force for " .. (n == 1 and "it" or n == 2 and "both of them" or "all of them")
  else
    local k_text = numbers(k, n)
    whom = "in force for " .. k_text .. " of them"
  end
  if obligation == nil then
    return "the Convention was " .. whom
  end
  return string.format("the Convention, and with it %s, was %s", obligation, whom)
end

-- How `n` States Parties (or reports) that had to do something stand, as the end of a sentence:
--   wording.outcomes(6, { { 4, "submitted it on time" }, { 1, "submitted it late" },
--                         { 1, "had not submitted it", negated = "had submitted it" } })
--     -> "four submitted it on time, one submitted it late and one had not submitted it"
-- Outcomes of none are left out. When all of them had the same outcome it says so: "all of
-- them submitted it on time" ("both submitted it", "it submitted it"); for a negative outcome,
-- whose `negated` gives the words without "not", "none of them had submitted it" ("neither
-- had ...", "it had not ..."). The numbers are written as one series.
function wording.outcomes(n, outcomes)
  for _, outcome in ipairs(outcomes) do
    if outcome[1] == n and n > 0 then
      if outcome.negated ~= nil and n > 1 then
        return (n == 2 and "neither " or "none of them ") .. outcome.negated
      end
      return (n == 1 and "it " or n == 2 and "both " or "all of them ") .. outcome[2]
    end
  end
  local values = {}
  for i, outcome in ipairs(outcomes) do
    values[i] = outcome[1]
  end
  local shown = { numbers(n, table.unpack(values)) }
  local parts = {}
  for i, outcome in ipairs(outcomes) do
    if outcome[1] > 0 then
      parts[#parts + 1] = shown[i + 1] .. " " .. outcome[2]
    end
  end
  return list(parts)
end

-- "action 8", "actions 10 to 13", "actions 24, 25 and 27 to 29" (runs of three or more as
-- ranges). With `any` true, several actions read as a choice, for a count of States that
-- reported on at least one of them: "action 14 or action 17", "at least one of actions 24,
-- 25 and 27 to 29".
function wording.actions(actions, any)
  local parts, i = {}, 1
  while i <= #actions do
    local j = i
    while j < #actions and actions[j + 1] == actions[j] + 1 do
      j = j + 1
    end
    if j >= i + 2 then
      parts[#parts + 1] = actions[i] .. " to " .. actions[j]
    else
      for k = i, j do
        parts[#parts + 1] = tostring(actions[k])
      end
    end
    i = j + 1
  end
  if #actions == 1 then
    return "action " .. parts[1]
  elseif any and #actions == 2 then
    return "action " .. actions[1] .. " or action " .. actions[2]
  elseif any then
    return "at least one of actions " .. list(parts)
  end
  return "actions " .. list(parts)
end

return wording
