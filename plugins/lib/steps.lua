-- The time-bound actions of the Vientiane Action Plan: where each State stands on a time limit
-- counted from its own entry into force, for the report's text and for the States sheet of
-- consolidated.xlsx. Sections using these list "Reported steps", "Actions", "States" and
-- "Meetings" in their reads.

local ccm = require("ccm")
local scope = require("scope")
local wording = require("wording")

local steps = {}

-- { 10, 11, 12, 13 } from steps.range(10, 13).
function steps.range(first, last)
  local list = {}
  for n = first, last do
    list[#list + 1] = n
  end
  return list
end

-- Of the rows of a view, those whose State is not among `states` (a list of names).
function steps.without(view, states)
  local listed = {}
  for _, name in ipairs(states) do
    listed[name] = true
  end
  return view:filter(function(row) return not listed[row.State] end)
end

-- The time limit of a group of actions for one State: the time limit of the Actions sheet
-- (months after the State's entry into force, or a date). The actions of a group share one
-- time limit (actions 10 to 13: one year), which is checked.
function steps.time_limit(actions, state)
  local deadline = ccm.action_deadline(actions[1], state)
  for _, action in ipairs(actions) do
    if ccm.action_deadline(action, state) ~= deadline then
      error(string.format("actions %s and %s have different time limits in the Actions sheet",
                          actions[1], action), 2)
    end
  end
  return deadline
end

-- Where each State of `holders` (rows with a State column) stands on a time-bound action (or a
-- group of actions sharing a time limit) on the day of the report. Every step it reported on
-- them up to that day counts, even one taken before the action plan was adopted: a focal
-- point designated in October 2010 was designated in time. Returns lists of rows:
--   due      the holders whose time limit had passed (on or before the day);
--   in_time  of these, the first dated step, when it came by the time limit;
--   late     of these, the first dated step, when it came after it;
--   undated  of these, a step without a date, for those with no dated step;
--   missing  of these, the holders that reported no step;
--   early    the holders whose time limit was still to come but who reported a step;
--   ahead    the holders whose time limit was still to come and who reported none.
function steps.timebound(actions, holders, day)
  local result = { due = {}, in_time = {}, late = {}, undated = {}, missing = {}, early = {},
                   ahead = {} }
  local reported = scope.from_parties(sheet("Reported steps"):where("Action", actions))
  for holder in holders:rows() do
    local deadline = steps.time_limit(actions, holder.State)
    local own = reported:where("State", holder.State):filter(function(step)
      return step.Date == nil or step.Date <= day
    end)
    -- The first dated step (a sort puts empty dates last).
    local first = own:sort("Date"):first()
    if deadline ~= nil and deadline <= day then
      table.insert(result.due, holder)
      if first == nil then
        table.insert(result.missing, holder)
      elseif first.Date == nil then
        table.insert(result.undated, first)
      elseif first.Date <= deadline then
        table.insert(result.in_time, first)
      else
        table.insert(result.late, first)
      end
    elseif first ~= nil then
      table.insert(result.early, first)
    else
      table.insert(result.ahead, holder)
    end
  end
  return result
end

-- The figures of a time-bound action (or group of `actions`), under names that start with
-- `name` ("action21"): how many holders had passed the time limit, and how each of them stands.
function steps.timebound_figures(name, status, what, actions)
  local day = scope.day()
  local which = " (" .. wording.actions(actions) .. ")"
  figure{ name = name .. "_due", value = #status.due, rows = status.due, as_of = day,
          label = "States Parties with " .. what .. " whose time limit had passed" .. which }
  figure{ name = name .. "_met", value = #status.in_time, rows = status.in_time,
          label = "Of these, States Parties that reported the step by the time limit" .. which }
  figure{ name = name .. "_late", value = #status.late, rows = status.late,
          label = "Of these, States Parties whose first dated step came after the time limit"
            .. which }
  figure{ name = name .. "_undated", value = #status.undated, rows = status.undated,
          label = "Of these, States Parties that reported the step without a date" .. which }
  figure{ name = name .. "_missing", value = #status.missing, rows = status.missing, as_of = day,
          label = "Of these, States Parties that reported no step" .. which }
  figure{ name = name .. "_early", value = #status.early, rows = status.early,
          label = "States Parties that reported the step before their time limit" .. which }
end

-- The paragraph on a time-bound action (or group), true for any count:
--   "Action 21 asks States Parties with victims to designate a government focal point within
--    six months of entry into force. For six States Parties with victims this time limit had
--    passed by 13 September 2011: four reported a step on it in time, one reported a first
--    step only after the time limit and one had not reported a step on it. In addition, one
--    State Party with victims has already reported a step before its time limit."
-- `holder` names one holder ("State Party with victims"); `asks` is what the action asks for,
-- as a verb ("designate a government focal point"). A time limit that the Actions sheet does
-- not give as verified is given as reported, not as the plan's own words.
function steps.timebound_paragraph(actions, status, holder, asks)
  local months = ccm.action(actions[1])["Time limit (months after entry into force)"]
  local limit = count(months, "month")
  local sentences = {}
  -- What the action asks, and within which time limit.
  if ccm.time_limit_confirmed(actions[1]) then
    table.insert(sentences, string.format("%s %s %s to %s within %s of entry into force.",
      capitalize(wording.actions(actions)), agree(#actions, "asks"), plural(holder), asks, limit))
  else
    table.insert(sentences, string.format("%s are reported to have %s from entry into force to %s "
      .. "(%s; a time limit still to be confirmed against the text of the action plan).",
      capitalize(plural(holder)), limit, asks, wording.actions(actions)))
  end
  -- Where the holders whose time limit had passed stand.
  local due = #status.due
  if due == 0 then
    table.insert(sentences, string.format("%s reached this time limit by %s.",
      capitalize(subject(0, holder, "had")), scope.day()))
  else
    local outcomes = wording.outcomes(due, {
      { #status.in_time, "reported a step on it in time" },
      { #status.late, "reported a first step only after the time limit" },
      { #status.undated, "reported a step without giving its date" },
      { #status.missing, "had not reported a step on it", negated = "had reported a step on it" },
    })
    table.insert(sentences, string.format("For %s this time limit had passed by %s: %s.",
      count(due, holder), scope.day(), outcomes))
  end
  -- Those that did it before their time limit came.
  local early = #status.early
  if early > 0 then
    table.insert(sentences, string.format("In addition, %s a step before %s.",
      subject(early, holder, "has already reported"),
      agree(early, "its time limit", "their time limits")))
  end
  paragraph(table.concat(sentences, " "))
end

-- The States sheet of consolidated.xlsx: for each State of `holders` (rows with a State column),
-- the time limit of a time-bound action and whether the step came by it, worked out by
-- steps.timebound above; the States Parties of `others` get "not applicable". The report's text
-- never names a State.
function steps.track_timebound(action, holders, others, day)
  local result = steps.timebound({ action }, holders, day)
  -- Each State's status and the rows behind it, from the lists of steps.timebound.
  local status, behind = {}, {}
  local function mark(list, word)
    for _, row in ipairs(list) do
      status[row.State], behind[row.State] = word, row
    end
  end
  mark(result.in_time, "on time")
  mark(result.early, "on time")
  mark(result.late, "late")
  mark(result.undated, "missing")
  mark(result.missing, "overdue")
  local name, heading = "action" .. action, "Action " .. action
  for holder in holders:rows() do
    local deadline = ccm.action_deadline(action, holder.State)
    local own = { ccm.state(holder.State), ccm.action(action), holder }
    -- The time limit, from the State's own entry into force and the Actions sheet.
    track{ state = holder.State, name = name .. "_limit", label = heading .. ": time limit",
           value = deadline, rows = own }
    if status[holder.State] == nil and deadline ~= nil then
      status[holder.State], behind[holder.State] = ccm.pending(deadline, day), holder
    end
    -- Whether the step was reported by the time limit (the first dated step counts).
    track{ state = holder.State, name = name, label = heading,
           status = status[holder.State] or "missing",
           rows = { own[1], own[2], behind[holder.State] or holder } }
  end
  for other in others:rows() do
    -- A State Party without the obligation that the action is about.
    track{ state = other.State, name = name, label = heading, status = "not applicable",
           rows = other }
  end
end

return steps
