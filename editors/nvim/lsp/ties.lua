-- ties language server for Neovim 0.11+: `vim.lsp.enable('ties')` is all you need.
-- Settings go under `settings.ties` (see :help ties-settings), e.g.
--   vim.lsp.config('ties', { settings = { ties = { unknownMentions = 'warning' } } })
return {
  cmd = { 'ties', 'lsp' },
  filetypes = { 'markdown' },
  root_markers = { 'ties.toml', '.obsidian', '.git' },
  settings = { ties = {} },
}
