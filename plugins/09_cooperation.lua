-- Section 9: International cooperation and assistance (Vientiane Action Plan actions 33-42).
-- How many States Parties held stockpiles, had contaminated areas or had victims (Articles 3, 4
-- and 5), how many of those implemented action 33 and actions 34-36, how many States Parties in
-- a position to do so implemented actions 37-42, and the ways and channels used. Counts only: the
-- report names no State (the names are in the Audit sheet).

local scope = require("scope")
local wording = require("wording")

-- One of the States Parties with obligations under Articles 3, 4 or 5, as the sentences name
-- it ("6 of the 21 States Parties concerned").
local AFFECTED = "State Party concerned"

-- How each channel of the Cooperation sheet reads after "through".
local CHANNELS = {
  ["bilateral"] = "bilateral cooperation",
  ["United Nations"] = "the United Nations",
  ["ICRC"] = "the ICRC",
  ["non-governmental organisation"] = "non-governmental organisations",
  ["trust fund"] = "trust funds",
  ["regional organisation"] = "regional organisations",
}

-- Groups of the Cooperation sheet, the largest first, as "key (n contributions)", the counts
-- written as one series; `phrases` gives how a key reads.
local function by_count(groups, phrases)
  table.sort(groups, function(a, b)
    return a.count > b.count or (a.count == b.count and a.key < b.key)
  end)
  local items = {}
  for i, group in ipairs(groups) do
    items[i] = { group.count, "contribution" }
  end
  local shown = counts(items)
  for i, group in ipairs(groups) do
    shown[i] = string.format("%s (%s)", phrases[group.key] or group.key, shown[i])
  end
  return shown
end

return {
  number = 9,
  title = "International cooperation and assistance",
  sheet = "Cooperation and assistance",
  reads = { "States", "Meetings", "Obligations", "Reported steps", "Cooperation", "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(9)

    local day = scope.day()
    local since = scope.adoption_words()

    -- States Parties (by deposit) with stockpiles, contaminated areas or victims on the day: the
    -- States of sections 5, 6 and 8 together, each counted once.
    local obligations = { scope.holding(3), scope.holding(4), scope.holding(5) }
    local articles_of = {}
    for _, rows in ipairs(obligations) do
      for row in rows:rows() do
        articles_of[row.State] = (articles_of[row.State] or 0) + 1
      end
    end
    local affected, multiple = {}, 0
    for state, n in pairs(articles_of) do
      table.insert(affected, state)
      if n > 1 then multiple = multiple + 1 end
    end
    table.sort(affected)
    local bound = scope.bound(scope.parties():where("State", affected))
    figure{ name = "states_with_obligations", value = #affected, rows = obligations, as_of = day,
            label = "States Parties (by deposit) with stockpiles, contaminated areas or victims "
              .. "(Articles 3, 4 and 5) on the opening day of the " .. scope.meeting().Meeting }
    figure{ name = "states_with_several_obligations", value = multiple, rows = obligations,
            as_of = day,
            label = "Of these, States Parties with more than one of these obligations" }
    local had = string.format("As of %s, %s stockpiles, contaminated areas or cluster munition "
                              .. "victims (Articles 3, 4 and 5)", scope.day_words(),
                              subject(#affected, "State Party", "had"))
    if #affected == 0 then
      paragraph("%s.", had)
    else
      local in_force = wording.in_force(#bound, #affected, "the obligations of these Articles")
      if multiple > 0 and #affected > 1 then
        paragraph("%s; %s. %s more than one of these.", had, in_force,
                  wording.of(multiple, #affected, AFFECTED, "had"))
      else
        paragraph("%s; %s.", had, in_force)
      end
    end

    -- Action 33 (making needs known) and actions 34 to 36, by these States Parties.
    local on33 = scope.steps_on({ 33 }):where("State", affected)
    local n33 = #on33:distinct("State")
    figure{ name = "action33_states", value = n33, rows = on33,
            label = "States Parties with these obligations that made their needs known since "
              .. since .. " (action 33)" }
    local on34 = scope.steps_on({ 34, 35, 36 }):where("State", affected)
    local n34 = #on34:distinct("State")
    figure{ name = "actions34_36_states", value = n34, rows = on34,
            label = "States Parties with these obligations that reported steps on actions 34 to "
              .. "36 since " .. since }
    local made_known = string.format("%s %s needs for assistance known, as action 33 asks",
                                     wording.of(n33, #affected, AFFECTED, "has made"),
                                     agree(n33, "its", "their"))
    local reported = string.format("%s steps on %s",
                                   wording.of(n34, #affected, AFFECTED, "has reported"),
                                   wording.actions({ 34, 35, 36 }, true))
    paragraph("Since %s, %s, and %s.", since, made_known, reported)

    -- States Parties in a position to do so: their steps on actions 37 to 42, and the
    -- contributions they reported in Form I (by calendar year, which does not place a
    -- contribution before or after the adoption of the plan: all of them count).
    local on37 = scope.steps_on({ 37, 38, 39, 40, 41, 42 })
    local cooperation = scope.from_parties(sheet("Cooperation"), "Donor")
    local providers = on37:distinct("State")
    for _, donor in ipairs(cooperation:distinct("Donor")) do
      if not on37:find("State", donor) then
        table.insert(providers, donor)
      end
    end
    figure{ name = "states_providing_assistance", value = #providers, rows = { on37, cooperation },
            label = "States Parties in a position to do so that reported providing cooperation "
              .. "and assistance (actions 37 to 42)" }
    local recipients = cooperation:distinct("Recipient")
    local global = cooperation:where("Recipient", nil)
    figure{ name = "states_receiving_assistance", value = #recipients,
            rows = cooperation:where("Recipient", "~=", nil),
            label = "States that received the assistance reported (excluding global "
              .. "contributions)" }
    figure{ name = "contributions", value = #cooperation, rows = cooperation,
            label = "Contributions reported (Form I)" }
    local provided = string.format("%s providing cooperation and assistance under actions 37 "
                                   .. "to 42",
      subject(#providers, "State Party in a position to do so", "has reported",
              "States Parties in a position to do so"))
    if #cooperation == 0 then
      paragraph("%s.", provided)
    else
      -- To whom: the States that received it, and global funds.
      local to = {}
      if #recipients > 0 then
        table.insert(to, count(#recipients, "State"))
      end
      if #global > 0 then
        table.insert(to, "global funds")
      end
      local years = cooperation:distinct("Year")
      table.sort(years)
      paragraph("%s, through %s to %s in %s.", provided, count(#cooperation, "contribution"),
                list(to), list(years))
      -- The amounts, where the contributions give one.
      local with_amount = cooperation:where("Amount (USD)", "~=", nil)
      local total = with_amount:sum("Amount (USD)")
      figure{ name = "amount_usd", value = total, rows = with_amount,
              label = "Total amount of the contributions that give one, US dollars" }
      if #with_amount == 0 then
        paragraph("None of these contributions gives an amount.")
      elseif #with_amount == #cooperation then
        paragraph("%s %s US dollars.", agree(#cooperation, "The contribution gives an amount of",
                                             "The contributions total"), number(total))
      else
        local n_with, n_without = numbers(#with_amount, #cooperation - #with_amount)
        paragraph("The %s %s an amount total %s US dollars; %s did not give one.", n_with,
                  agree(#with_amount, "contribution that gives", "contributions that give"),
                  number(total), n_without)
      end
      -- The channels and the purposes, the most frequent first.
      local groups = cooperation:group("Channel")
      local channels = by_count(groups, CHANNELS)
      paragraph("The %s %s.", agree(#channels, "channel used was", "channels used were"),
                list(channels))
      local purposes = by_count(cooperation:group("Purpose"), {})
      paragraph("By purpose, the %s to %s.",
                agree(#cooperation, "contribution went", "contributions went"), list(purposes))
      -- The contributions by channel, charted; and the amounts by channel, tabled under another
      -- title than the chart's.
      local categories, contributions, rows = {}, {}, {}
      for _, group in ipairs(groups) do
        table.insert(categories, group.key)
        table.insert(contributions, group.count)
        -- A channel whose contributions give no amount has none (nil), not an amount of 0.
        local given = group.rows:where("Amount (USD)", "~=", nil)
        local amount = #given > 0 and given:sum("Amount (USD)") or nil
        table.insert(rows, { group.key, group.count, amount })
      end
      add_chart{ title = "Contributions by channel", type = "bar", categories = categories,
                 x_title = "Channel", y_title = "Contributions reported",
                 series = { { name = "Contributions", values = contributions } } }
      add_table{ title = "Amounts reported by channel",
                 columns = { "Channel", "Contributions", "Amount (USD)" }, rows = rows,
                 formats = { ["Amount (USD)"] = "currency" } }
    end
    -- The key finding, for section 2.
    local summary = string.format("As of %s, %s stockpiles, contaminated areas or cluster "
                                  .. "munition victims; since %s, %s %s needs for assistance "
                                  .. "known (action 33).", day,
                                  subject(#affected, "State Party", "had"), since,
                                  wording.of(n33, #affected, AFFECTED, "has made"),
                                  agree(n33, "its", "their"))
    figure{ name = "summary", value = summary, rows = obligations,
            label = "Key finding of section 9, repeated in section 2" }
  end,
}
