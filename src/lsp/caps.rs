//! What the server announces in `initialize`, built as typed capabilities (no JSON blob), and
//! what it learns of the client's.

use crate::lsp::to_proto::{Enc, TOKEN_MODIFIERS, TOKEN_TYPES};
use tower_lsp_server::gen_lsp_types::*;

/// Commands for the editors' own UI: `ties.followUps` lists open follow-ups of every vault,
/// overdue first; `ties.logCatchUp` (arguments: uri, position) adds a catch-up line for the
/// contact at that position to today's journal note, through `workspace/applyEdit`;
/// `ties.contacts`, `ties.plan`, `ties.intro` and `ties.graph` answer data in the shapes of
/// docs/commands.md.
pub const COMMANDS: &[&str] =
    &["ties.followUps", "ties.logCatchUp", "ties.contacts", "ties.plan", "ties.intro", "ties.graph"];

/// What the client told us it can do.
#[derive(Clone, Debug, Default)]
pub struct ClientCaps {
    pub progress: bool,
    pub watch_registration: bool,
    /// The client takes `workspace/codeLens/refresh` (lenses of other notes change with edits).
    pub code_lens_refresh: bool,
    /// The client applies `DeleteFile` operations in workspace edits (`documentChanges`).
    pub delete_files: bool,
}

impl ClientCaps {
    pub fn of(caps: &ClientCapabilities) -> ClientCaps {
        ClientCaps {
            progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
            watch_registration: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            code_lens_refresh: caps
                .workspace
                .as_ref()
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
            delete_files: caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .filter(|e| e.document_changes == Some(true))
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Delete)),
        }
    }
}

/// The server's capabilities for a negotiated position encoding.
pub fn server_capabilities(enc: Enc) -> ServerCapabilities {
    let legend = SemanticTokensLegend {
        token_types: TOKEN_TYPES.iter().map(|s| s.to_string()).collect(),
        token_modifiers: TOKEN_MODIFIERS.iter().map(|s| s.to_string()).collect(),
    };
    ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::Incremental),
                save: Some(SaveOptions { include_text: Some(false) }.into()),
                ..Default::default()
            }
            .into(),
        ),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["@".into(), "[".into()]),
            resolve_provider: Some(true),
            ..Default::default()
        }),
        hover_provider: Some(true.into()),
        definition_provider: Some(true.into()),
        references_provider: Some(true.into()),
        document_symbol_provider: Some(true.into()),
        workspace_symbol_provider: Some(true.into()),
        code_action_provider: Some(
            CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QuickFix, CodeActionKind::Refactor]),
                ..Default::default()
            }
            .into(),
        ),
        rename_provider: Some(RenameOptions { prepare_provider: Some(true), ..Default::default() }.into()),
        inlay_hint_provider: Some(true.into()),
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false), ..Default::default() }),
        semantic_tokens_provider: Some(
            SemanticTokensOptions { legend, full: Some(true.into()), ..Default::default() }.into(),
        ),
        workspace: Some(WorkspaceOptions {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(true.into()),
            }),
            ..Default::default()
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: COMMANDS.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// What the server asks the client to watch: notes and each vault's `ties.toml`.
pub fn watch_registration() -> Registration {
    let watchers = ["**/*.{md,markdown}", "**/ties.toml"]
        .into_iter()
        .map(|glob| FileSystemWatcher { glob_pattern: glob.to_string().into(), kind: None })
        .collect();
    Registration {
        id: "ties-watch".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
    }
}
