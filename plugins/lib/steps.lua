-- Helpers for the Reported steps sheet that every coordinator keeps, and for the small lists
-- that sections build from it. Sections using these list "Reported steps" in their reads;
-- steps.timebound and steps.track_timebound also need "Actions" and "States" (through ccm).

local ccm = require("ccm")

local steps = {}

-- { 10, 11, 12, 13 } from steps.range(10, 13).
function steps.range(first, last)
  local list = {}
  for n = first, last do
    list[#list + 1] = n
  end
  return list
end

-- A set (name -> true) from a list of names.
function steps.set(list)
  local set = {}
  for _, value in ipairs(list) do
    set[value] = true
  end
  return set
end

-- The number of keys in a set.
function steps.size(set)
  local n = 0
  for _ in pairs(set) do
    n = n + 1
  end
  return n
end

-- The steps reported on some actions, optionally only by the States of a set.
function steps.on(actions, states)
  local view = sheet("Reported steps"):where("Action", actions)
  if states ~= nil then
    view = view:filter(function(row) return states[row.State] end)
  end
  return view
end

-- The rows of a view whose State is (or, with keep = false, is not) in a set.
function steps.of_states(view, states, keep)
  if keep == nil then keep = true end
  return view:filter(function(row) return (states[row.State] == true) == keep end)
end

-- Steps dated in a calendar year.
function steps.in_year(view, year)
  return view:filter(function(row) return row.Date ~= nil and row.Date.year == year end)
end

-- "actions 10 to 13", "action 8", "actions 24, 25 and 27 to 29".
function steps.actions_text(actions)
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
  return (#actions == 1 and "action " or "actions ") .. list(parts)
end

-- Where each State of `holders` (rows with a State column) stands on a time-bound action on a
-- date: its deadline is computed by ccm.action_deadline from its own entry into force.
-- Returns lists of rows: due (deadline on or before the date), met (a step dated by the
-- deadline), late (first dated step after it), undated (only undated steps), missing (no step),
-- early (deadline still ahead, step already reported) and ahead (deadline still ahead, no step).
-- met, late and undated hold the step rows; missing and ahead the holders' rows.
function steps.timebound(action, holders, day)
  local result = { due = {}, met = {}, late = {}, undated = {}, missing = {}, early = {}, ahead = {} }
  local reported = sheet("Reported steps"):where("Action", action)
  for holder in holders:rows() do
    local deadline = ccm.action_deadline(action, holder.State)
    local own = reported:where("State", holder.State):sort("Date")
    local first = own:first()
    if deadline ~= nil and deadline <= day then
      result.due[#result.due + 1] = holder
      if first == nil then
        result.missing[#result.missing + 1] = holder
      elseif first.Date == nil then
        result.undated[#result.undated + 1] = first
      elseif first.Date <= deadline then
        result.met[#result.met + 1] = first
      else
        result.late[#result.late + 1] = first
      end
    elseif first ~= nil then
      result.early[#result.early + 1] = first
    else
      result.ahead[#result.ahead + 1] = holder
    end
  end
  return result
end

-- The States sheet of consolidated.xlsx: for each State of `holders` (rows with a State column),
-- the time limit of a time-bound action and whether the step came by it, worked out by
-- steps.timebound above; the States Parties of `others` get "not applicable". The report's text
-- never names a State.
function steps.track_timebound(action, holders, others, day)
  local result = steps.timebound(action, holders, day)
  -- Each State's status and the rows behind it, from the lists of steps.timebound.
  local status, behind = {}, {}
  local function mark(list, word)
    for _, row in ipairs(list) do
      status[row.State], behind[row.State] = word, row
    end
  end
  mark(result.met, "on time")
  mark(result.early, "on time")
  mark(result.late, "late")
  mark(result.undated, "missing")
  mark(result.missing, "overdue")
  local name, heading = "action" .. action, "Action " .. action
  for holder in holders:rows() do
    local deadline = ccm.action_deadline(action, holder.State)
    local own = { ccm.state(holder.State), ccm.action(action), holder }
    -- The time limit, from the State's own entry into force and the Actions sheet.
    track{ state = holder.State, name = name .. "_limit", label = heading .. ": time limit", value = deadline, rows = own }
    if status[holder.State] == nil and deadline ~= nil then
      status[holder.State], behind[holder.State] = ccm.pending(deadline, day), holder
    end
    -- Whether the step was reported by the time limit (the first dated step counts).
    track{ state = holder.State, name = name, label = heading, status = status[holder.State] or "missing",
           rows = { own[1], own[2], behind[holder.State] or holder } }
  end
  for other in others:rows() do
    -- A State Party without the obligation that the action is about.
    track{ state = other.State, name = name, label = heading, status = "not applicable", rows = other }
  end
end

return steps
