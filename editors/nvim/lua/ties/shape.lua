-- The server's answers turned into what Neovim shows: quickfix items, picker entries, the
-- statusline text. Plain functions over decoded JSON (no requests, no UI), so the tests can feed
-- them replies. The shapes are documented in docs/commands.md (the CLI's `--json` with `file:`
-- URIs and one-based lines for ties.plan / ties.intro / ties.graph; ties.contacts with LSP ranges).
local M = {}

local function str(v)
  return type(v) == 'string' and v or nil
end

local function num(v)
  return type(v) == 'number' and v >= 0 and v or nil
end

--- 1-based line and column of an LSP range's start (0, 0 when the range is missing).
local function start_of(range)
  local s = type(range) == 'table' and type(range.start) == 'table' and range.start or {}
  return (num(s.line) or 0) + 1, (num(s.character) or 0) + 1
end

local function location(v)
  local lnum, col = start_of(v.range)
  return { filename = vim.uri_to_fname(v.uri), lnum = lnum, col = col }
end

--- Whether a request error means "the server has no such command" (older server).
function M.is_unknown_command(err)
  if type(err) ~= 'table' then
    return false
  end
  local message = str(err.message) or ''
  return err.code == -32601 or message:lower():find('unknown command', 1, true) ~= nil
end

--- Whether the server listed `command` at initialization (true when it sent no list).
function M.advertises(capabilities, command)
  local provider = type(capabilities) == 'table' and capabilities.executeCommandProvider or nil
  local list = type(provider) == 'table' and provider.commands or nil
  if type(list) ~= 'table' then
    return true
  end
  return vim.tbl_contains(list, command)
end

--- The statusline text for a `ties.followUps` answer: "3 overdue", or "" when nothing is.
function M.status_text(follow_ups)
  local n = 0
  for _, f in ipairs(type(follow_ups) == 'table' and follow_ups or {}) do
    if type(f) == 'table' and f.overdue == true then
      n = n + 1
    end
  end
  return n == 0 and '' or (n .. ' overdue')
end

--- A `file:` URI and a one-based line -> a quickfix location.
local function at_line(uri, line)
  return { filename = vim.uri_to_fname(uri), lnum = (num(line) or 1) >= 1 and (num(line) or 1) or 1, col = 1 }
end

--- `ties.plan` ({items = {...}}) -> quickfix items at the line behind each reason:
--- "Marcus Lee: you promised a follow-up: 12 days overdue (due 2026-11-14)".
function M.plan_items(result)
  local items = {}
  local list = type(result) == 'table' and type(result.items) == 'table' and result.items or {}
  for _, p in ipairs(list) do
    local uri = type(p) == 'table' and (str(p.path) or str(p.contact_path)) or nil
    if uri and str(p.name) then
      local item = at_line(uri, str(p.path) and p.line or 1)
      local reason = str(p.reason) or ''
      item.text = reason == '' and p.name or (p.name .. ': ' .. reason)
      table.insert(items, item)
    end
  end
  return items
end

--- `ties.intro` ({paths = {...}}) -> quickfix items at the note of the person to write to:
--- "you -> Bob Lee -> Jane Doe: Ask @bob-lee to introduce you to @jane-doe (Acme Corp); ...".
function M.intro_items(result)
  local items = {}
  local list = type(result) == 'table' and type(result.paths) == 'table' and result.paths or {}
  for _, p in ipairs(list) do
    local target = type(p) == 'table' and type(p.target) == 'table' and p.target or nil
    if target and str(target.name) then
      local chain = { 'you' }
      local via = type(p.via) == 'table' and p.via or nil
      if via and str(via.name) then
        table.insert(chain, via.name)
      end
      table.insert(chain, target.name)
      local first = type(p.first) == 'table' and str(p.first.path) and p.first or target
      if str(first.path) then
        local item = at_line(first.path, 1)
        local step = str(p.step) or ''
        item.text = table.concat(chain, ' -> ') .. (step == '' and '' or (': ' .. step))
        table.insert(items, item)
      end
    end
  end
  return items
end

--- "12d", "today", "never".
function M.since(days)
  if days == nil then
    return 'never'
  end
  return days == 0 and 'today' or (days .. 'd')
end

--- `ties.contacts` -> picker entries, going cold first (longest silent first), then by company,
--- then those without one; each `{ label, filename, lnum, col, contact }`.
function M.contact_entries(result)
  local list = {}
  for _, c in ipairs(type(result) == 'table' and result or {}) do
    if type(c) == 'table' and str(c.uri) and str(c.name) then
      table.insert(list, c)
    end
  end
  local function rank(c)
    if c.goingCold == true then
      return 0
    end
    return (str(c.company) and c.company ~= '') and 1 or 2
  end
  table.sort(list, function(a, b)
    local ra, rb = rank(a), rank(b)
    if ra ~= rb then
      return ra < rb
    end
    if ra == 0 then
      local da, db = num(a.lastExchangeDays) or math.huge, num(b.lastExchangeDays) or math.huge
      if da ~= db then
        return da > db
      end
    elseif ra == 1 and a.company ~= b.company then
      return a.company < b.company
    end
    return a.name < b.name
  end)
  local out = {}
  for _, c in ipairs(list) do
    local parts = { M.since(num(c.lastExchangeDays)) }
    if str(c.company) and c.company ~= '' then
      table.insert(parts, c.company)
    end
    if c.goingCold == true then
      table.insert(parts, 'going cold')
    end
    local entry = location(c)
    entry.label = c.name .. '  ' .. table.concat(parts, ' · ')
    entry.contact = c
    table.insert(out, entry)
  end
  return out
end

return M
