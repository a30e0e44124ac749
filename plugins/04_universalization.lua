-- Section 4: Universalization (Vientiane Action Plan actions 2-7).
-- Membership growth from the 1MSP to the 2MSP, reported use by States not party and the
-- reactions to it, support to civil society and international organisations, and steps to
-- discourage use. Counts only: the report names no State (the names are in the Audit sheet).
-- For the States sheet of consolidated.xlsx it also records, State by State, where each State
-- stands, when it deposited its instrument and when the Convention entered into force for it.

local ccm = require("ccm")
local scope = require("scope")
local wording = require("wording")

-- How each kind of reaction reads, for one reaction and for several; %s is "State" or
-- "States", by the number of States whose use was reacted to.
local REACTIONS = {
  ["individual démarche"] = { "an individual démarche to the %s in question",
                              "individual démarches to the %s in question" },
  ["joint démarche"] = { "a joint démarche", "joint démarches" },
  ["public statement"] = { "condemnation of the use in a public statement",
                           "condemnation of the use in public statements" },
  ["support for fact-finding"] = { "support for a fact-finding mission",
                                   "support for fact-finding missions" },
}

return {
  number = 4,
  title = "Universalization",
  reads = { "States", "Meetings", "Reported steps", "Allegations of use", "Reactions to use",
            "Wording" },

  run = function()
    -- The challenges and questions of the Wording sheet. They draw on no data: added
    -- first, before the section reads any illustrative row, they are not marked.
    wording.add(4)

    local first = scope.previous_meeting()
    local next_meeting = scope.meeting()
    local day = scope.day()
    local since = scope.adoption_words()

    -- Membership: States Parties by deposit of their instrument, on each meeting's opening day.
    local at_first = scope.parties(first.Start)
    local parties = scope.parties()
    local joined = parties:where("Deposited", ">", first.Start)
    local in_force = scope.in_force()
    figure{ name = "parties_at_1msp", value = #at_first, rows = at_first, as_of = first.Start,
            label = "States Parties (by deposit) on the opening day of the " .. first.Meeting }
    figure{ name = "joined_since_1msp", value = #joined, rows = joined, as_of = day,
            label = "States that ratified, accepted or acceded after the opening day of the "
              .. first.Meeting .. " and up to the opening day of the " .. next_meeting.Meeting }
    scope.parties_figure(parties)
    figure{ name = "in_force_at_2msp", value = #in_force, rows = in_force, as_of = day,
            label = "States for which the Convention was in force on the opening day of the "
              .. next_meeting.Meeting }

    -- The States Parties at each meeting and those that joined in between; the last sentence
    -- compares two numbers, written as one series.
    local membership = {
      string.format("%s %s to the CCM on %s, the opening day of the %s.",
                    count(#at_first, "State"), agree(#at_first, "was a Party", "were Parties"),
                    first.Start, first.Meeting),
      string.format("Since then %s %s ratified or acceded to the CCM.", count(#joined, "State"),
                    agree(#joined, "has")),
    }
    if #parties > 0 then
      local had = counts({ { #parties, "State Party" }, #in_force })[1]
      table.insert(membership, string.format("As of %s, the CCM had %s; %s.", scope.day_words(),
                                             had, wording.in_force(#in_force, #parties)))
    end
    paragraph(table.concat(membership, " "))

    -- Reported use of cluster munitions by States not party, since the action plan was adopted.
    local _, uses = scope.allegations_by_party(scope.allegations())
    figure{ name = "instances_of_use", value = #uses, rows = uses, as_of = day,
            label = "Instances of use by States not party reported since " .. since }
    local by_whom = agree(#uses, "a State not party", "States not party")
    paragraph("%s of use by %s to the CCM %s reported since %s.", count(#uses, "instance"),
              by_whom, agree(#uses, "has been"), since)

    -- What States Parties did about it: a signatory's reaction is not a State Party's.
    local reactions = scope.from_parties(sheet("Reactions to use")):filter(function(row)
      return row.Date == nil or scope.in_period(row.Date)
    end)
    local reacting = reactions:distinct("State")
    figure{ name = "states_reacting_to_use", value = #reacting, rows = reactions,
            label = "States Parties that reported reacting to use by States not party since "
              .. since }
    local reacted = {}
    if #uses > 0 or #reactions > 0 then
      table.insert(reacted, string.format("%s to the use of cluster munitions by %s.",
        subject(#reacting, "State Party", "has reported reacting"), by_whom))
    end
    if #reactions > 0 then
      -- The kinds of reaction, each in the singular or the plural by how many there were.
      local kinds = {}
      for _, group in ipairs(reactions:group("Reaction")) do
        local forms = REACTIONS[group.key] or { group.key, group.key }
        local phrase = group.count == 1 and forms[1] or forms[2]
        table.insert(kinds, string.format(phrase, #uses == 1 and "State" or "States"))
      end
      table.insert(reacted, string.format("The reactions reported include %s.", list(kinds)))
    end
    if #reacted > 0 then
      paragraph(table.concat(reacted, " "))
    end

    -- Support to civil society and international organisations, and steps to discourage use
    -- (the steps States Parties reported on actions 2 to 7 since the action plan was adopted).
    local reported = scope.steps_on({ 2, 3, 4, 5, 6, 7 })
    local supporting = reported:where("Kind",
                                      "supported civil society or international organisations")
    local supporters = supporting:distinct("State")
    figure{ name = "states_supporting_partners", value = #supporters, rows = supporting,
            label = "States Parties that reported supporting action by civil society and "
              .. "international organisations to promote the CCM since " .. since }
    paragraph("%s supporting actions by civil society and international organisations to promote "
              .. "the CCM and its norms.", subject(#supporters, "State Party", "has reported"))
    local discouraging = reported:where("Kind", "discouraged use")
    local discouragers = discouraging:distinct("State")
    figure{ name = "states_discouraging_use", value = #discouragers, rows = discouraging,
            label = "States Parties that reported steps to discourage use of cluster munitions "
              .. "since " .. since }
    paragraph("%s steps to discourage use.", subject(#discouragers, "State Party", "has reported"))

    -- Membership, charted: the opening day of the 1MSP, the end of each month after it, and the
    -- opening day of the 2MSP, so that the chart ends where the text does.
    local months, totals = { first.Start:format() }, { #at_first }
    local month_end = first.Start:end_of_month()
    while month_end < day do
      table.insert(months, month_end:month_name():sub(1, 3) .. " " .. month_end.year)
      table.insert(totals, #scope.parties(month_end))
      month_end = month_end:add_days(1):end_of_month()
    end
    table.insert(months, day:format())
    table.insert(totals, #parties)
    add_chart{ title = "States Parties (by deposit) from the opening of the " .. first.Meeting
                 .. " to the opening of the " .. next_meeting.Meeting,
               type = "line", categories = months,
               x_title = "Date", y_title = "States Parties",
               series = { { name = "States Parties", values = totals } } }
    -- It names States: for the workbook, not for the circulated report.
    add_table{ title = "States that joined since the " .. first.Meeting,
               columns = { "State", "Region", "Deposited", "Instrument" },
               from = joined:sort("Deposited"), workbook_only = true }

    -- Every State at a glance (the States sheet of consolidated.xlsx; the text names no State).
    for s in sheet("States"):rows() do
      local standing, order = ccm.standing(s, day)
      -- Its standing at the meeting; order puts States Parties first, then signatories.
      track{ state = s.State, name = "standing", value = standing, order = order, rows = s,
             label = "Standing at the " .. next_meeting.Meeting }
      if s.Deposited ~= nil then
        -- The date it deposited its instrument of ratification, acceptance or accession.
        track{ state = s.State, name = "deposited", label = "Instrument deposited",
               value = s.Deposited, rows = s }
        -- Article 17(2): the first day of the sixth month after the deposit, not before
        -- 1 August 2010.
        track{ state = s.State, name = "entry_into_force", label = "Entry into force",
               value = ccm.entry_into_force(s.Deposited), rows = s }
      end
    end
    -- The key finding, for section 2: the membership and the use reported.
    local n_parties, n_joined = numbers(#parties, #joined)
    local growth = #joined == 0 and "the same number as" or (n_joined .. " more than")
    local summary = string.format("As of %s, the CCM had %s %s, %s on the opening day of the %s.",
                                  day, n_parties, agree(#parties, "State Party", "States Parties"),
                                  growth, first.Meeting)
    local use = string.format("%s of use by %s %s reported since %s.", count(#uses, "instance"),
                              by_whom, agree(#uses, "has been"), since)
    figure{ name = "summary", value = summary .. " " .. use, rows = parties,
            label = "Key finding of section 4, repeated in section 2" }
  end,
}
