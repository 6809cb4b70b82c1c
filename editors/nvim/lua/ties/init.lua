-- ties for Neovim: setup() for Neovim 0.10 and 0.11+, and the :TiesFollowUps / :TiesHistory
-- commands. The server does the work; this file only wires it in.
local M = {}

local defaults = {
  cmd = { 'ties', 'lsp' },
  filetypes = { 'markdown' },
  root_markers = { 'ties.toml', '.obsidian', '.git' },
  -- Server settings: today, unknownMentions, inlayHints, cadence, peopleDir, journalDir.
  settings = {},
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

function M.create_commands()
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
