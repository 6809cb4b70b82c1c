-- Drives a real Neovim against the real `ties lsp`, through the plugin as a user loads it.
-- Run by tests/nvim.rs: nvim --headless --clean -l tests/nvim/test.lua PLUGIN_DIR VAULT
local plugin, vault = _G.arg[1], _G.arg[2]
vim.opt.rtp:prepend(plugin)
-- Code lenses on: this server has none yet, so this checks that asking does no harm.
vim.g.ties_codelens = true
vim.cmd('runtime plugin/ties.lua')
vim.lsp.config('ties', { settings = { ties = { today = '2026-11-26' } }, init_options = { today = '2026-11-26' } })
vim.lsp.enable('ties')

local function log(...)
  io.stdout:write(table.concat({ ... }, ' ') .. '\n')
end

local function wait(what, cond, ms)
  if not vim.wait(ms or 15000, cond, 20) then
    error('timed out waiting for ' .. what)
  end
end

local function edit(rel)
  vim.cmd.edit(vault .. '/' .. rel)
  return vim.api.nvim_get_current_buf()
end

local function ties_client(buf)
  return vim.lsp.get_clients({ name = 'ties', bufnr = buf })[1]
end

-- 1. The client attaches and negotiates UTF-8.
local buf = edit('journal/2026-11-25.md')
wait('the client to attach', function() return ties_client(buf) ~= nil and ties_client(buf).initialized end)
local client = ties_client(buf)
assert(client.offset_encoding == 'utf-8', 'offset encoding ' .. tostring(client.offset_encoding))
log('attached', client.offset_encoding)

local function request(method, params, b)
  local res = client:request_sync(method, params, 5000, b or buf)
  assert(res and not res.err, method .. ' failed: ' .. vim.inspect(res))
  return res.result
end

local function pos(b, line, col)
  return { textDocument = { uri = vim.uri_from_bufnr(b) }, position = { line = line, character = col } }
end

-- Wait until the vault is indexed: the hover on @jane-doe shows her card, no longer marked as
-- built while indexing.
local hover_text
wait('the index', function()
  local r = client:request_sync('textDocument/hover', pos(buf, 0, 12), 2000, buf)
  hover_text = r and r.result and r.result.contents.value
  return hover_text ~= nil
    and hover_text:find('Last exchange', 1, true) ~= nil
    and hover_text:find('Indexing the vault', 1, true) == nil
end)

-- 2. Hover shows the last exchange date and the open follow-up.
assert(hover_text:find('**Jane Doe**', 1, true), hover_text)
assert(hover_text:find('2026-11-25', 1, true), 'last exchange date missing: ' .. hover_text)
assert(hover_text:find('6 days overdue', 1, true), 'open follow-up missing: ' .. hover_text)
log('hover ok')

-- 3. Completion after @ offers Jane with her detail; accepting it inserts the handle.
vim.api.nvim_buf_set_lines(buf, 1, 1, false, { 'Ping @ja' })
local result = request('textDocument/completion', pos(buf, 1, 8))
local items = result.items or result
local jane
for _, item in ipairs(items) do
  if item.label == 'Jane Doe' then jane = item end
end
assert(jane, 'no Jane Doe in ' .. vim.inspect(items))
assert(jane.detail == 'Staff Engineer · Acme Corp', 'detail: ' .. tostring(jane.detail))
vim.lsp.util.apply_text_edits({ jane.textEdit }, buf, client.offset_encoding)
local line = vim.api.nvim_buf_get_lines(buf, 1, 2, false)[1]
assert(line == 'Ping @jane-doe', 'after accepting: ' .. line)
log('completion ok')

-- 4. Definition opens the contact note.
vim.api.nvim_win_set_cursor(0, { 1, 12 })
vim.lsp.buf.definition()
wait('the contact note', function() return vim.api.nvim_buf_get_name(0):find('people/jane%-doe%.md$') ~= nil end)
log('definition ok')
vim.cmd.buffer(buf)

-- 5. References: every exchange, newest first.
local refs = request('textDocument/references', {
  textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 0, character = 12 },
  context = { includeDeclaration = false },
})
local files = {}
for _, r in ipairs(refs) do table.insert(files, vim.fn.fnamemodify(vim.uri_to_fname(r.uri), ':t')) end
local got = table.concat(files, ' ')
assert(got:find('^2026%-11%-25%.md 2026%-11%-25%.md 2026%-11%-14%.md 2026%-11%-01%.md'), 'references: ' .. got)
log('references ok', got)

-- 6. The overdue follow-up's diagnostic is there in a note opened after indexing, on its line.
local note = edit('journal/2026-11-01.md')
local function overdue()
  for _, d in ipairs(vim.diagnostic.get(note)) do
    if d.code == 'overdue' then return d end
  end
end
wait('the overdue diagnostic', function() return overdue() ~= nil end)
assert(overdue().lnum == 1, 'overdue on line ' .. overdue().lnum)
log('diagnostic ok', overdue().message)

-- 7. :TiesFollowUps fills the quickfix list, overdue first.
vim.cmd('TiesFollowUps')
wait('the quickfix list', function() return #vim.fn.getqflist() > 0 end)
local qf = vim.fn.getqflist()
assert(qf[1].text:find('overdue', 1, true), 'first follow-up: ' .. qf[1].text)
log('followups ok', #qf)
vim.cmd('cclose')
vim.cmd.buffer(note)

-- 7b. The statusline component counts the overdue follow-ups (one in this vault).
local ties = require('ties')
wait('the status', function() return ties.status() == '1 overdue' end)
log('status ok', ties.status())

-- 8. "Mark done" on the follow-up, applied and saved: the diagnostic goes away.
local actions = request('textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(note) },
  range = { start = { line = 1, character = 3 }, ['end'] = { line = 1, character = 3 } },
  context = { diagnostics = {} },
}, note)
local done
for _, a in ipairs(actions) do
  if a.title == 'Mark done' then done = a end
end
assert(done, 'no Mark done in ' .. vim.inspect(actions))
vim.lsp.util.apply_workspace_edit(done.edit, client.offset_encoding)
vim.cmd('silent write')
wait('the diagnostic to go', function() return overdue() == nil end)
local task = vim.api.nvim_buf_get_lines(note, 1, 2, false)[1]
assert(task:find('^%- %[x%] .* ✅ 2026%-11%-26$'), 'task after Mark done: ' .. task)
log('mark done ok', task)

-- 8b. ... and the statusline follows the change, without being asked.
wait('the status to clear', function() return ties.status() == '' end)
log('status cleared ok')

-- 9. :TiesPlan, :TiesIntro and :TiesContacts against this server: the server's list when it has
-- the command, else one friendly warning and nothing else.
local shape = require('ties.shape')
local notes = {}
local notify = vim.notify
vim.notify = function(msg, level) table.insert(notes, { msg = msg, level = level }) end
local picked
local select = vim.ui.select
vim.ui.select = function(items, opts, on_choice) picked = { items = items, opts = opts }; on_choice(nil) end
for _, case in ipairs({
  { cmd = 'TiesPlan', command = 'ties.plan', title = 'ties: this week' },
  { cmd = 'TiesIntro Helio Energy', command = 'ties.intro', title = 'ties: ways into Helio Energy' },
  { cmd = 'TiesContacts', command = 'ties.contacts' },
}) do
  notes, picked = {}, nil
  vim.fn.setqflist({}, ' ', { title = 'before' })
  vim.cmd(case.cmd)
  if shape.advertises(client.server_capabilities, case.command) then
    if case.title then
      wait(case.cmd, function() return vim.fn.getqflist({ title = 1 }).title == case.title end)
    else
      wait(case.cmd, function() return picked ~= nil end)
    end
    log(case.cmd .. ' ok (server)')
  else
    wait(case.cmd .. ' warning', function() return #notes > 0 end)
    assert(#notes == 1, vim.inspect(notes))
    assert(notes[1].level == vim.log.levels.WARN, vim.inspect(notes))
    assert(notes[1].msg == 'ties: ' .. case.command .. ' is not available yet: this ties server does not know it. Update ties.', notes[1].msg)
    assert(vim.fn.getqflist({ title = 1 }).title == 'before', 'the quickfix list changed')
    assert(picked == nil, 'a picker opened')
    log(case.cmd .. ' ok (not available yet)')
  end
end
vim.notify, vim.ui.select = notify, select

-- 10. The replies in the documented shapes (the fixture the VS Code end-to-end test serves).
local fixture = vim.json.decode(table.concat(vim.fn.readfile(plugin .. '/../fixtures/server-commands.json'), '\n'))
local vault_uri = vim.uri_from_fname(vault)
local function localize(v) return vim.json.decode((vim.json.encode(v):gsub('{vault}', vault_uri))) end
local plan = shape.plan_items(localize(fixture['ties.plan']))
assert(#plan == 3, vim.inspect(plan))
assert(plan[1].text == 'Dana Whitfield: going cold: 64 days since the last exchange (cadence 30d)', plan[1].text)
assert(plan[1].filename == vault .. '/people/dana-whitfield.md' and plan[1].lnum == 3 and plan[1].col == 7, vim.inspect(plan[1]))
local intro = shape.intro_items(localize(fixture['ties.intro']['helio energy']))
assert(intro[1].text == 'you -> José Álvarez: works at Helio Energy', intro[1].text)
assert(intro[2].text == 'you -> José Álvarez -> Felix Wagner: works at Helio Energy', intro[2].text)
local entries = shape.contact_entries(localize(fixture['ties.contacts']))
local labels = {}
for _, e in ipairs(entries) do table.insert(labels, e.label) end
assert(labels[1] == 'Dana Whitfield  64d · Ledgerline · going cold', labels[1])
assert(labels[2] == 'Kevin Brandt  41d · Brightpath Recruiting · going cold', labels[2])
assert(labels[3] == 'José Álvarez  12d · Helio Energy', labels[3])
assert(labels[#labels] == 'Hiro Tanaka  2d', labels[#labels])
assert(shape.status_text({ { overdue = true }, { overdue = false }, { overdue = true } }) == '2 overdue')
assert(shape.is_unknown_command({ code = -32602, message = 'unknown command ties.plan: ties knows ties.followUps' }))
assert(not shape.is_unknown_command({ code = -32602, message = 'ties.logCatchUp takes a document URI and a position' }))
log('shapes ok')

-- 11. The contacts picker goes through vim.ui.select, and the choice opens the note.
vim.fn.mkdir(vault .. '/people', 'p')
vim.fn.writefile({ '---', 'kind: person', 'name: Dana Whitfield', '---' }, vault .. '/people/dana-whitfield.md')
vim.ui.select = function(items, opts, on_choice)
  picked = { items = items, opts = opts }
  on_choice(items[1])
end
ties.pick_contact(entries)
assert(picked.opts.format_item(picked.items[1]) == labels[1])
assert(picked.opts.kind == 'ties.contact')
wait('the contact note', function() return vim.api.nvim_buf_get_name(0) == vault .. '/people/dana-whitfield.md' end)
assert(vim.api.nvim_win_get_cursor(0)[1] == 3, 'cursor on the name line')
vim.ui.select = select
log('contacts picker ok')

-- No error on the way (an autocommand's error, such as one in the code lens set-up, lands here).
assert(vim.v.errmsg == '', 'error message: ' .. vim.v.errmsg)
log('ALL OK')
vim.cmd('qa!')
