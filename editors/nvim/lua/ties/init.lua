-- ties for Neovim: setup() for Neovim 0.10 and 0.11+, the :Ties* commands, the statusline
-- component and code lenses. The server does the work; this file only wires it in (the shapes of
-- its answers are read in ties/shape.lua).
local M = {}
local shape = require('ties.shape')

local defaults = {
  cmd = { 'ties', 'lsp' },
  filetypes = { 'markdown' },
  root_markers = { 'ties.toml', '.obsidian', '.git' },
  -- Server settings: today, unknownMentions, inlayHints, cadence, peopleDir, journalDir,
  -- staleAfterDays.
  settings = {},
  -- Show the server's code lenses (also `vim.g.ties_codelens = true`).
  codelens = false,
}

M.config = vim.deepcopy(defaults)

local function client(bufnr)
  local clients = vim.lsp.get_clients({ name = 'ties', bufnr = bufnr })
  if #clients == 0 then
    clients = vim.lsp.get_clients({ name = 'ties' })
  end
  return clients[1]
end

local function notify(msg, level)
  vim.notify('ties: ' .. msg, level or vim.log.levels.INFO)
end

--- The ties client of the current buffer, or a warning saying how to get one.
local function running()
  local c = client(0)
  if not c then
    notify('the ties server is not running for this buffer: open a Markdown note in your vault', vim.log.levels.WARN)
  end
  return c
end

--- Open follow-ups of every vault into the quickfix list, overdue first.
function M.follow_ups()
  local c = running()
  if not c then
    return
  end
  c:request('workspace/executeCommand', { command = 'ties.followUps', arguments = {} }, function(err, result)
    if err then
      return notify(err.message or tostring(err), vim.log.levels.ERROR)
    end
    local items = {}
    for _, f in ipairs(result or {}) do
      local with = table.concat(f.with or {}, ', ')
      table.insert(items, {
        filename = vim.uri_to_fname(f.uri),
        lnum = f.range.start.line + 1,
        col = f.range.start.character + 1,
        text = string.format('[%s] %s (%s)', f.status, f.text, with),
        type = f.overdue and 'W' or 'I',
      })
    end
    vim.fn.setqflist({}, ' ', { title = 'ties: open follow-ups', items = items })
    if #items == 0 then
      notify('no open follow-ups')
    else
      vim.cmd('copen')
    end
  end)
end

--- The history of the contact under the cursor (its references) into the location list.
function M.history()
  local win = vim.api.nvim_get_current_win()
  vim.lsp.buf.references({ includeDeclaration = false }, {
    on_list = function(options)
      vim.fn.setloclist(win, {}, ' ', { title = 'ties: history', items = options.items })
      vim.cmd('lopen')
    end,
  })
end

--- A line mentioning the contact under the cursor in today's journal note.
function M.log_catch_up()
  local c = running()
  if not c then
    return
  end
  local params = vim.lsp.util.make_position_params(0, c.offset_encoding)
  c:request('workspace/executeCommand', {
    command = 'ties.logCatchUp',
    arguments = { params.textDocument.uri, params.position },
  }, function(err)
    if err then
      notify(err.message or tostring(err), vim.log.levels.WARN)
    end
  end)
end

--- Runs a server command; `on_result(result)` on success. A server without the command (an older
--- ties) gets one friendly warning instead of an error.
local function run(command, arguments, on_result)
  local c = running()
  if not c then
    return
  end
  local unavailable = function()
    notify(command .. ' is not available yet: this ties server does not know it. Update ties.', vim.log.levels.WARN)
  end
  if not shape.advertises(c.server_capabilities, command) then
    return unavailable()
  end
  c:request('workspace/executeCommand', { command = command, arguments = arguments or {} }, function(err, result)
    if err then
      if shape.is_unknown_command(err) then
        return unavailable()
      end
      return notify(err.message or tostring(err), vim.log.levels.ERROR)
    end
    on_result(result)
  end)
end

local function to_quickfix(title, items, empty)
  vim.fn.setqflist({}, ' ', { title = title, items = items })
  if #items == 0 then
    notify(empty)
  else
    vim.cmd('copen')
  end
end

--- This week's plan (who to reach out to, and why) into the quickfix list.
function M.plan()
  run('ties.plan', {}, function(result)
    to_quickfix('ties: this week', shape.plan_items(result), 'nothing planned this week')
  end)
end

--- The ways into `company` (who you know there, and through whom) into the quickfix list.
function M.intro(company)
  if company == nil or vim.trim(company) == '' then
    return notify('which company? :TiesIntro {company}', vim.log.levels.WARN)
  end
  company = vim.trim(company)
  run('ties.intro', { company }, function(result)
    to_quickfix('ties: ways into ' .. company, shape.intro_items(result), 'no known way into ' .. company)
  end)
end

--- Picks a contact among `entries` (from shape.contact_entries) with vim.ui.select, so a picker
--- that overrides it (Telescope, fzf-lua, ...) shows them; opens the chosen contact's note.
function M.pick_contact(entries)
  if #entries == 0 then
    return notify('no contacts yet')
  end
  vim.ui.select(entries, {
    prompt = 'ties: contacts (going cold first)',
    format_item = function(e)
      return e.label
    end,
    kind = 'ties.contact',
  }, function(choice)
    if choice then
      vim.cmd.edit(vim.fn.fnameescape(choice.filename))
      pcall(vim.api.nvim_win_set_cursor, 0, { choice.lnum, choice.col - 1 })
    end
  end)
end

--- Contacts, going cold first, then by company, through vim.ui.select.
function M.contacts()
  run('ties.contacts', {}, function(result)
    M.pick_contact(shape.contact_entries(result))
  end)
end

-- The statusline component: kept up to date in the background (see refresh_status), read for free.
local status_cache = ''
local status_timer

--- Asks the server for the follow-ups and keeps the overdue count for status().
function M.refresh_status()
  local c = client(0)
  if not c then
    return
  end
  c:request('workspace/executeCommand', { command = 'ties.followUps', arguments = {} }, function(err, result)
    if err then
      return
    end
    local text = shape.status_text(result)
    if text ~= status_cache then
      status_cache = text
      vim.cmd('redrawstatus')
    end
  end)
end

--- "3 overdue", or "" (nothing overdue, or no server yet). Cheap: for a statusline, e.g.
---   vim.o.statusline = "%f %{v:lua.require'ties'.status()}"
function M.status()
  return status_cache
end

local function schedule_status(delay)
  if status_timer then
    status_timer:stop()
  else
    status_timer = vim.uv.new_timer()
  end
  status_timer:start(delay, 0, vim.schedule_wrap(M.refresh_status))
end

local function codelens_enabled()
  return M.config.codelens == true or vim.g.ties_codelens == true
end

--- Keeps the status fresh (on attach, diagnostics and writes: no polling) and shows code lenses
--- in ties buffers when enabled.
function M.create_autocmds()
  local group = vim.api.nvim_create_augroup('ties.plugin', { clear = true })
  vim.api.nvim_create_autocmd('LspAttach', {
    group = group,
    callback = function(args)
      local c = vim.lsp.get_client_by_id(args.data.client_id)
      if not c or c.name ~= 'ties' then
        return
      end
      schedule_status(0)
      -- Neovim 0.11 has client:supports_method(method, bufnr); 0.10 client.supports_method(method).
      local lenses
      if vim.fn.has('nvim-0.11') == 1 then
        lenses = c:supports_method('textDocument/codeLens', args.buf)
      else
        lenses = c.supports_method('textDocument/codeLens')
      end
      if codelens_enabled() and lenses then
        vim.lsp.codelens.refresh({ bufnr = args.buf })
        vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'BufWritePost' }, {
          group = group,
          buffer = args.buf,
          callback = function(a)
            vim.lsp.codelens.refresh({ bufnr = a.buf })
          end,
        })
      end
    end,
  })
  vim.api.nvim_create_autocmd({ 'DiagnosticChanged', 'BufWritePost' }, {
    group = group,
    callback = function()
      if client(0) then
        schedule_status(500)
      end
    end,
  })
end

function M.create_commands()
  vim.api.nvim_create_user_command('TiesPlan', M.plan, { desc = "ties: this week's plan into the quickfix list" })
  vim.api.nvim_create_user_command('TiesIntro', function(o)
    M.intro(o.args)
  end, { nargs = '+', desc = 'ties: ways into a company into the quickfix list' })
  -- The command of a company's code lens ("3 ways in · best: ..."): the editor runs it, here as
  -- :TiesIntro with the company's handle (docs/commands.md, "Code lenses").
  vim.lsp.commands['ties.showIntro'] = function(command)
    local args = command.arguments or {}
    M.intro(type(args[1]) == 'string' and args[1] or nil)
  end
  vim.api.nvim_create_user_command('TiesContacts', M.contacts, { desc = 'ties: pick a contact (vim.ui.select)' })
  vim.api.nvim_create_user_command('TiesFollowUps', M.follow_ups, { desc = 'ties: open follow-ups into the quickfix list' })
  vim.api.nvim_create_user_command('TiesHistory', M.history, { desc = 'ties: history of the contact under the cursor' })
  vim.api.nvim_create_user_command('TiesLogCatchUp', M.log_catch_up, { desc = 'ties: log a catch-up today' })
end

--- Starts ties for Markdown buffers. Works on Neovim 0.10 (vim.lsp.start on FileType) and
--- 0.11+ (vim.lsp.config + vim.lsp.enable).
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  local cfg = M.config
  local settings = { ties = cfg.settings }
  M.create_commands()
  M.create_autocmds()
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('ties', {
      cmd = cfg.cmd,
      filetypes = cfg.filetypes,
      root_markers = cfg.root_markers,
      settings = settings,
      init_options = cfg.settings,
    })
    vim.lsp.enable('ties')
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('ties', { clear = true }),
    pattern = cfg.filetypes,
    callback = function(args)
      local root = vim.fs.root(args.buf, cfg.root_markers)
        or vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf))
      vim.lsp.start({
        name = 'ties',
        cmd = cfg.cmd,
        root_dir = root,
        settings = settings,
        init_options = cfg.settings,
      }, { bufnr = args.buf })
    end,
  })
end

return M
