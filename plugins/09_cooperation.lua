-- Section 9: International cooperation and assistance (Vientiane Action Plan actions 33-42).
-- How many States Parties have obligations under Articles 3, 4 and/or 5, how many of those
-- implemented action 33 and actions 34-36, how many States Parties in a position to do so
-- implemented actions 37-42, and the ways and channels used. Counts only: the report names no
-- State (the names are in the Audit sheet).

local ccm = require("ccm")
local steps = require("steps")
local wording = require("wording")

return {
  number = 9,
  title = "International cooperation and assistance",
  sheet = "Cooperation and assistance",
  reads = { "States", "Meetings", "Obligations", "Reported steps", "Cooperation", "Wording" },

  run = function()
    local next_meeting = ccm.meeting(setting("Next meeting"))
    local day = next_meeting.Start

    -- States Parties with obligations under Article 3, 4 or 5 (one row per State and Article).
    local obligations = sheet("Obligations"):filter(function(r)
      return ccm.is_party(r.State, day) and (r.Completed == nil or day < r.Completed)
    end)
    local affected = obligations:distinct("State")
    local affected_set = steps.set(affected)
    figure{ name = "states_with_obligations", value = #affected, rows = obligations, as_of = day,
            label = "States Parties (by deposit) with obligations under Article 3, 4 and/or 5 at the opening of the " .. next_meeting.Meeting }
    local multiple = 0
    for _, state in ipairs(affected) do
      if obligations:where("State", state):count() > 1 then multiple = multiple + 1 end
    end
    figure{ name = "states_with_several_obligations", value = multiple, rows = obligations, as_of = day,
            label = "Of these, States Parties with obligations under more than one of these Articles" }

    local on33 = steps.on({ 33 }, affected_set)
    local n33 = #on33:distinct("State")
    figure{ name = "action33_states", value = n33, rows = on33,
            label = "States Parties with obligations under Article 3, 4 or 5 that made their needs known (action 33)" }
    local on34 = steps.on(steps.range(34, 36), affected_set)
    local n34 = #on34:distinct("State")
    figure{ name = "actions34_36_states", value = n34, rows = on34,
            label = "States Parties with obligations under Article 3, 4 or 5 that reported steps on actions 34 to 36" }
    paragraph("%s had obligations under Article 3, 4 and/or 5 at the time of the %s (States Parties by deposit of their instrument, %s), "
              .. "%s of them under more than one Article. Of these, %s %s needs for assistance known, as action 33 asks, "
              .. "and %s reported steps on actions 34 to 36.",
              count(#affected, "State Party"), next_meeting.Meeting, as_of(day), number(multiple),
              number(n33), agree(n33, "has made its", "have made their"), number(n34))

    -- States Parties in a position to do so: actions 37-42.
    local cooperation = sheet("Cooperation")
    local on37 = steps.on(steps.range(37, 42))
    local providers = steps.set(on37:column("State"))
    for _, donor in ipairs(cooperation:column("Donor")) do providers[donor] = true end
    local provider_rows = {}
    for row in on37:rows() do provider_rows[#provider_rows + 1] = row end
    for row in cooperation:rows() do provider_rows[#provider_rows + 1] = row end
    local n_providers = steps.size(providers)
    figure{ name = "states_providing_assistance", value = n_providers, rows = provider_rows,
            label = "States Parties in a position to do so that reported providing cooperation and assistance (actions 37 to 42)" }
    local recipients = cooperation:distinct("Recipient")
    figure{ name = "states_receiving_assistance", value = #recipients, rows = cooperation:where("Recipient", "~=", nil),
            label = "States that received the assistance reported (excluding global contributions)" }
    local total = cooperation:sum("Amount (USD)")
    local no_amount = cooperation:where("Amount (USD)", nil)
    figure{ name = "contributions", value = #cooperation, rows = cooperation, label = "Contributions reported (Form I)" }
    figure{ name = "amount_usd", value = total, rows = cooperation, label = "Total amount of the contributions that give one, US dollars" }
    paragraph("%s in a position to do so %s providing cooperation and assistance under actions 37 to 42, through %s to %s "
              .. "and to global funds. The contributions that give an amount total %s US dollars; %s did not give one.",
              count(n_providers, "State Party"), agree(n_providers, "has reported", "have reported"),
              count(#cooperation, "contribution"), count(#recipients, "State"), number(total), count(#no_amount, "contribution"))

    -- Ways and channels, the most used first.
    local CHANNEL_PHRASES = {
      ["bilateral"] = "bilateral cooperation", ["United Nations"] = "the United Nations", ["ICRC"] = "the ICRC",
      ["non-governmental organisation"] = "non-governmental organisations", ["trust fund"] = "trust funds",
      ["regional organisation"] = "regional organisations",
    }
    local groups = cooperation:group("Channel")
    table.sort(groups, function(a, b) return a.count > b.count or (a.count == b.count and a.key < b.key) end)
    local categories, counts, amounts, phrases = {}, {}, {}, {}
    for _, group in ipairs(groups) do
      categories[#categories + 1] = group.key
      counts[#counts + 1] = group.count
      -- A channel whose contributions give no amount has none (nil), not an amount of 0.
      local with_amount = group.rows:where("Amount (USD)", "~=", nil)
      amounts[#categories] = #with_amount > 0 and with_amount:sum("Amount (USD)") or nil
      phrases[#phrases + 1] = string.format("%s (%s)", CHANNEL_PHRASES[group.key] or group.key, count(group.count, "contribution"))
    end
    paragraph("The channels used were %s.", list(phrases))
    add_chart{ title = "Contributions by channel", type = "bar", categories = categories,
               x_title = "Channel", y_title = "Contributions reported",
               series = { { name = "Contributions", values = counts } } }
    local purposes = {}
    for _, group in ipairs(cooperation:group("Purpose")) do
      purposes[#purposes + 1] = { group.key, group.count, group.rows:sum("Amount (USD)") }
    end
    table.sort(purposes, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
    local purpose_phrases = {}
    for _, p in ipairs(purposes) do
      purpose_phrases[#purpose_phrases + 1] = string.format("%s (%s)", p[1], count(p[2], "contribution"))
    end
    paragraph("By purpose, the contributions supported %s.", list(purpose_phrases))
    add_table{ title = "Amounts reported by channel", columns = { "Channel", "Contributions", "Amount (USD)" },
               formats = { ["Amount (USD)"] = "currency" },
               rows = (function()
                 local out = {}
                 for i, c in ipairs(categories) do out[#out + 1] = { c, counts[i], amounts[i] } end
                 return out
               end)() }

    wording.add(9)
  end,
}
