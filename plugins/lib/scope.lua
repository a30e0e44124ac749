-- The report's scope, named once so that every section counts alike:
--
--   * the day of its counts: the opening day of the meeting the report is prepared for;
--   * the period it covers: from the adoption of the action plan up to that day;
--   * what "State Party" means: a State that has deposited its instrument (by deposit), and,
--     where a figure is about binding obligations, a State for which the Convention is in force.
--
-- A section that counts States Parties, their steps or their obligations asks here. Two
-- sections then never count the same thing in two ways, and a figure's label says which notion
-- it uses (the labels come from here too).
--
-- Sections using it list "Meetings" and "States" in their reads, "Reported steps" for
-- scope.steps_on, "Obligations" for scope.holding and "Allegations of use" for
-- scope.allegations.

local ccm = require("ccm")

local scope = {}

-- The meetings ---------------------------------------------------------------------------------

-- The meeting the report is prepared for (the setting "Next meeting"), as its row of the
-- Meetings sheet.
function scope.meeting()
  return ccm.meeting(setting("Next meeting"))
end

-- The meeting before it (the setting "Previous meeting"), where the action plan was adopted.
function scope.previous_meeting()
  return ccm.meeting(setting("Previous meeting"))
end

-- The day -------------------------------------------------------------------------------------

-- The day the report counts on: the opening day of the meeting (its Start in the Meetings
-- sheet, whose Note says why that day). What happened on that day counts: a State that
-- deposited its instrument on the opening day is a State Party at the meeting.
function scope.day()
  return scope.meeting().Start
end

-- The same day in words for a sentence: "13 September 2011, the opening day of the 2MSP".
function scope.day_words()
  return string.format("%s, the opening day of the %s", scope.day(), scope.meeting().Meeting)
end

-- The period ----------------------------------------------------------------------------------

-- The day the action plan was adopted: the last day of the previous meeting.
function scope.adopted()
  return scope.previous_meeting().End
end

-- Whether a date falls in the period the report covers: from the adoption of the action plan up
-- to the day of the report, both included.
function scope.in_period(day)
  return day ~= nil and day >= scope.adopted() and day <= scope.day()
end

-- The period in words, after "since" or "before": "the VAP was adopted".
function scope.adoption_words()
  return "the " .. setting("Action plan short name") .. " was adopted"
end

-- States Parties and signatories ----------------------------------------------------------------

-- The States Parties on a day (by default the day of the report): the States that had deposited
-- their instrument of ratification, acceptance or accession by then, as the depositary counts
-- them. A sentence about them says "States Parties".
function scope.parties(day)
  return sheet("States"):where("Deposited", "<=", day or scope.day())
end

-- The States for which the Convention was in force on a day (Article 17): the obligations of
-- Articles 3 to 5 bind a State from then. A sentence about them says "in force".
function scope.in_force(day)
  day = day or scope.day()
  return sheet("States"):filter(function(state)
    return ccm.in_force_on(state.Deposited, day)
  end)
end

-- Of some rows with a State column, those whose State the Convention was in force for.
function scope.bound(rows, day)
  day = day or scope.day()
  return rows:filter(function(row)
    return ccm.in_force_on(ccm.deposited(row.State), day)
  end)
end

-- The signatories on a day: States that had signed and not yet deposited an instrument.
function scope.signatories(day)
  day = day or scope.day()
  return sheet("States"):where("Signed", "~=", nil):filter(function(state)
    return state.Deposited == nil or state.Deposited > day
  end)
end

-- The rows of a view whose State (or another column naming a State) was a State Party on the
-- day: what a signatory or a State not party did is not a State Party's step.
function scope.from_parties(view, column)
  return view:where(column or "State", scope.parties():column("State"))
end

-- Steps and events of the period ----------------------------------------------------------------

-- The steps that States Parties reported on some actions (a list of numbers) in the period. A
-- step without a date counts: the Reported steps sheet holds what was reported for the period,
-- and only a date can place a step outside it.
function scope.steps_on(actions)
  local reported = scope.from_parties(sheet("Reported steps"):where("Action", actions))
  return reported:filter(function(step)
    return step.Date == nil or scope.in_period(step.Date)
  end)
end

-- The allegations of use reported in the period (the Allegations of use sheet).
function scope.allegations()
  return sheet("Allegations of use"):filter(function(row)
    return scope.in_period(row["Date reported"])
  end)
end

-- Of the allegations of use, those concerning a State Party (by deposit, on the day the use was
-- reported) and those concerning States not party.
function scope.allegations_by_party(allegations)
  local against_parties = allegations:filter(function(row)
    return ccm.is_party(row["Alleged user"], row["Date reported"])
  end)
  local against_others = allegations:filter(function(row)
    return not ccm.is_party(row["Alleged user"], row["Date reported"])
  end)
  return against_parties, against_others
end

-- Obligations under Articles 3, 4 and 5 ---------------------------------------------------------

-- What each Article is about, as a sentence says it after "held" or "had".
scope.HOLDING = {
  [3] = "stockpiles of cluster munitions",
  [4] = "areas contaminated by cluster munition remnants",
  [5] = "cluster munition victims",
}

-- The rows of the Obligations sheet for an Article (3 stockpiles, 4 contaminated areas, 5
-- victims) that hold on the day: the State is a State Party (by deposit) and had not fulfilled
-- the obligation by then (destroyed its stockpiles, cleared its areas: the Completed date).
-- Holding stockpiles is a fact about the State; the obligation of the Article binds it from
-- the Convention's entry into force: scope.bound(rows) gives those.
function scope.holding(article, day)
  day = day or scope.day()
  local rows = sheet("Obligations"):where("Article", article)
  return scope.from_parties(rows):filter(function(row)
    return row.Completed == nil or row.Completed > day
  end)
end

-- The two figures that every thematic section starts from: the States Parties (by deposit)
-- that held stockpiles, had contaminated areas or had victims on the day, and those of them for
-- which the Convention was in force. Their labels are the same in every section that gives
-- them, so that the Summary sheet shows (and a test checks) that the sections agree.
function scope.holding_figures(article)
  local holders = scope.holding(article)
  local bound = scope.bound(holders)
  local meeting = scope.meeting()
  figure{ name = "article" .. article .. "_states", value = #holders, rows = holders,
          as_of = scope.day(),
          label = "States Parties (by deposit) with " .. scope.HOLDING[article]
            .. " (Article " .. article .. ") on the opening day of the " .. meeting.Meeting }
  figure{ name = "article" .. article .. "_in_force", value = #bound, rows = bound,
          as_of = scope.day(),
          label = "Of these, States Parties for which the Convention (and Article " .. article
            .. ") was in force on the opening day of the " .. meeting.Meeting }
  return holders, bound
end

-- The figure of the States Parties on the day, with the same label in every section.
function scope.parties_figure(parties)
  figure{ name = "parties", value = #parties, rows = parties, as_of = scope.day(),
          label = "States Parties (by deposit) on the opening day of the "
            .. scope.meeting().Meeting }
end

return scope
