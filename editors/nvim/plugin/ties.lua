-- The :Ties* commands and the statusline's updates exist as soon as the plugin is on the
-- runtimepath, also for users who only write vim.lsp.enable('ties').
if vim.g.loaded_ties then
  return
end
vim.g.loaded_ties = true
require('ties').create_commands()
require('ties').create_autocmds()
