-- Drives a real Neovim against the real `ties lsp`, through the plugin as a user loads it.
-- Run by tests/nvim.rs: nvim --headless --clean -l tests/nvim/test.lua PLUGIN_DIR VAULT
local plugin, vault = _G.arg[1], _G.arg[2]
vim.opt.rtp:prepend(plugin)
-- Code lenses on: a contact note's lens is checked in step 12.
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

-- 9. :TiesPlan, :TiesIntro and :TiesContacts against the real server (docs/commands.md shapes).
local shape = require('ties.shape')
for _, command in ipairs({ 'ties.plan', 'ties.intro', 'ties.contacts' }) do
  assert(shape.advertises(client.server_capabilities, command), command .. ' not advertised')
end
local notes = {}
local notify = vim.notify
vim.notify = function(msg, level) table.insert(notes, { msg = msg, level = level }) end
local function qf_lines()
  local out = {}
  for _, i in ipairs(vim.fn.getqflist()) do
    local name = vim.api.nvim_buf_get_name(i.bufnr)
    if name:sub(1, #vault + 1) == vault .. '/' then name = name:sub(#vault + 2) end
    table.insert(out, name .. ':' .. i.lnum .. ': ' .. i.text)
  end
  return table.concat(out, '\n')
end

vim.fn.setqflist({}, ' ', { title = 'before' })
vim.cmd('TiesPlan')
wait(':TiesPlan', function() return vim.fn.getqflist({ title = 1 }).title == 'ties: this week' end)
local want_plan = 'journal/2026-11-20.md:3: Bob Lee: you promised a follow-up: due in 2 days (due 2026-11-28)'
assert(qf_lines() == want_plan, ':TiesPlan gave\n' .. qf_lines())
log('TiesPlan ok')

vim.fn.setqflist({}, ' ', { title = 'before' })
vim.cmd('TiesIntro Acme Corp')
wait(':TiesIntro', function() return vim.fn.getqflist({ title = 1 }).title == 'ties: ways into Acme Corp' end)
local want_intro = table.concat({
  'people/jane-doe.md:1: you -> Jane Doe: Write to @jane-doe (Staff Engineer at Acme Corp); last exchange 2026-11-26 (today).',
  'people/bob-lee.md:1: you -> Bob Lee -> Jane Doe: Ask @bob-lee to introduce you to @jane-doe (Acme Corp); your notes mention them together on 2026-11-14.',
}, '\n')
assert(qf_lines() == want_intro, ':TiesIntro gave\n' .. qf_lines())
log('TiesIntro ok')

local picked
local select = vim.ui.select
vim.ui.select = function(items, opts, on_choice) picked = { items = items, opts = opts }; on_choice(nil) end
vim.cmd('TiesContacts')
wait(':TiesContacts', function() return picked ~= nil end)
local labels = {}
for _, e in ipairs(picked.items) do table.insert(labels, picked.opts.format_item(e)) end
local want_contacts = 'Jane Doe  today · Acme Corp\nAcme Corp  never\nBob Lee  12d'
assert(table.concat(labels, '\n') == want_contacts, ':TiesContacts gave\n' .. table.concat(labels, '\n'))
assert(picked.opts.kind == 'ties.contact')
log('TiesContacts ok')
assert(#notes == 0, vim.inspect(notes))
vim.notify = notify

-- 10. Shapes: bad entries are skipped, the status text counts the overdue ones.
assert(#shape.plan_items({ items = { { name = 'no path' }, 'x' } }) == 0)
assert(#shape.plan_items({ { name = 'a bare list', path = 'file:///x.md' } }) == 0)
assert(#shape.intro_items({ paths = { { target = { name = 'No Path' } } } }) == 0)
assert(shape.status_text({ { overdue = true }, { overdue = false }, { overdue = true } }) == '2 overdue')
assert(shape.is_unknown_command({ code = -32602, message = 'unknown command ties.plan: ties knows ties.followUps' }))
assert(not shape.is_unknown_command({ code = -32602, message = 'ties.logCatchUp takes a document URI and a position' }))
log('shapes ok')

-- 11. The contacts picker goes through vim.ui.select, and the choice opens the note at the name.
vim.ui.select = function(items, opts, on_choice)
  picked = { items = items, opts = opts }
  on_choice(items[1])
end
vim.cmd('TiesContacts')
wait('the contact note', function() return vim.api.nvim_buf_get_name(0) == vault .. '/people/jane-doe.md' end)
assert(vim.api.nvim_win_get_cursor(0)[1] == 3, 'cursor on the name line')
vim.ui.select = select
log('contacts picker ok')

-- 12. Code lenses: a person's numbers (display only), a company's ways in, whose command runs
-- :TiesIntro through vim.lsp.commands['ties.showIntro'].
local function lens_titles(buf)
  local out = {}
  for _, l in ipairs(vim.lsp.codelens.get(buf)) do
    if l.command then table.insert(out, l.command.title) end
  end
  return table.concat(out, ' | ')
end
local jane = vim.api.nvim_get_current_buf()
vim.lsp.codelens.refresh({ bufnr = jane })
-- The lens of this buffer was asked for before Mark done (step 8): wait for the new one.
local jane_lens = 'last exchange today · 0 open follow-ups · gave 1 / asked 0'
wait('the lens on jane-doe.md: ' .. jane_lens, function() return lens_titles(jane) == jane_lens end, 5000)
local acme = edit('companies/acme.md')
vim.lsp.codelens.refresh({ bufnr = acme })
local acme_lens = '2 ways in · best: Jane Doe (today)'
wait('the lens on acme.md: ' .. acme_lens, function() return lens_titles(acme) == acme_lens end, 5000)
vim.fn.setqflist({}, ' ', { title = 'before' })
vim.api.nvim_win_set_cursor(0, { 1, 0 })
vim.lsp.codelens.run()
wait('the lens command', function() return vim.fn.getqflist({ title = 1 }).title == 'ties: ways into acme' end)
assert(qf_lines() == want_intro, 'the lens gave\n' .. qf_lines())
log('code lens ok')

-- No error on the way (an autocommand's error, such as one in the code lens set-up, lands here).
assert(vim.v.errmsg == '', 'error message: ' .. vim.v.errmsg)
log('ALL OK')
vim.cmd('qa!')
