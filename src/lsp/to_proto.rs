//! The one place that converts between the core and the protocol: byte spans <-> LSP
//! positions (UTF-8 or UTF-16), vault paths <-> URIs, and every core answer (findings, edits,
//! completion items, symbols, hints, semantic tokens, locations) -> its LSP type. Handlers ask
//! the core and hand the answer here; nothing else builds an LSP type from core data.

use crate::core::config::Severity;
use crate::core::date::{self, Date};
use crate::core::features::actions::{self, ActionKind, Change};
use crate::core::features::card::{CatchUpState, ContactCard};
use crate::core::features::followups::{DueStatus, FollowUp};
use crate::core::features::intro::IntroPath;
use crate::core::features::{completion, findings, hints, navigation};
use crate::core::note::ContactKind;
use crate::core::text::{Encoding, LineIndex, Span};
use crate::lsp::state::{Root, World};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use tower_lsp_server::gen_lsp_types::*;

/// The encoding negotiated with the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Enc(pub Encoding);

impl Enc {
    /// UTF-8 when the client offers it, else UTF-16 (which every client must support).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Enc {
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Enc(Encoding::Utf8),
            _ => Enc(Encoding::Utf16),
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self.0 {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        }
    }

    pub fn position(self, lines: &LineIndex, offset: u32) -> Position {
        let (line, character) = lines.line_col(offset, self.0);
        Position { line, character }
    }

    pub fn range(self, lines: &LineIndex, span: Span) -> Range {
        Range { start: self.position(lines, span.start), end: self.position(lines, span.end) }
    }

    /// The byte offset of a position; positions past a line's end or the text's end are
    /// clamped to them.
    pub fn offset(self, lines: &LineIndex, pos: Position) -> u32 {
        lines.offset(pos.line, pos.character, self.0)
    }

    pub fn span(self, lines: &LineIndex, range: Range) -> Span {
        let (a, b) = (self.offset(lines, range.start), self.offset(lines, range.end));
        Span { start: a.min(b), end: a.max(b) }
    }
}

/// The file a `file:` URI names; None for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok()
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path).ok()
}

/// The URI of a vault path under `root`.
pub fn note_uri(root: &Path, rel: &str) -> Option<Uri> {
    let mut path = root.to_path_buf();
    for part in rel.split('/') {
        path.push(part);
    }
    path_to_uri(&path)
}

/// A finding -> a diagnostic.
pub fn diagnostic(enc: Enc, lines: &LineIndex, f: &findings::Finding) -> Diagnostic {
    Diagnostic {
        range: enc.range(lines, f.span),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::Error,
            Severity::Warning => DiagnosticSeverity::Warning,
            Severity::Information => DiagnosticSeverity::Information,
            Severity::Hint => DiagnosticSeverity::Hint,
        }),
        code: Some(Code::String(f.code.as_str().to_string())),
        code_description: None,
        source: Some("ties".into()),
        message: Message::String(f.message.clone()),
        tags: None,
        related_information: None,
        data: None,
    }
}

/// A span of an indexed note -> a location.
pub fn location(w: &World, root: &Root, path: &str, span: Span) -> Option<Location> {
    let id = root.index.id(path)?;
    Some(Location { uri: root.uri(path)?, range: w.enc.range(&root.index.note(id).lines, span) })
}

/// Core changes -> an LSP workspace edit.
pub fn workspace_edit(w: &World, root: &Root, changes: &[Change]) -> Option<WorkspaceEdit> {
    let mut out = Vec::new();
    for change in changes {
        match change {
            Change::Edit { path, edits } => {
                let uri = root.uri(path)?;
                let id = root.index.id(path)?;
                let lines = &root.index.note(id).lines;
                let version = w.docs.get(&uri).map(|d| d.version);
                out.push(DocumentChange::TextDocumentEdit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        version,
                        text_document_identifier: TextDocumentIdentifier { uri },
                    },
                    edits: edits
                        .iter()
                        .map(|e| {
                            Edit::TextEdit(TextEdit { range: w.enc.range(lines, e.span), new_text: e.new_text.clone() })
                        })
                        .collect(),
                }));
            }
            Change::Create { path, text } => {
                let uri = root.uri(path)?;
                out.push(DocumentChange::CreateFile(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
                    annotation_id: None,
                }));
                let start = Position { line: 0, character: 0 };
                out.push(DocumentChange::TextDocumentEdit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        version: None,
                        text_document_identifier: TextDocumentIdentifier { uri },
                    },
                    edits: vec![Edit::TextEdit(TextEdit {
                        range: Range { start, end: start },
                        new_text: text.clone(),
                    })],
                }));
            }
            Change::Rename { from, to } => {
                out.push(DocumentChange::RenameFile(RenameFile {
                    old_uri: root.uri(from)?,
                    new_uri: root.uri(to)?,
                    options: Some(RenameFileOptions { overwrite: Some(false), ignore_if_exists: Some(false) }),
                    annotation_id: None,
                }));
            }
            Change::Delete { path } => {
                out.push(DocumentChange::DeleteFile(DeleteFile {
                    uri: root.uri(path)?,
                    options: Some(DeleteFileOptions { recursive: Some(false), ignore_if_not_exists: Some(false) }),
                    annotation_id: None,
                }));
            }
        }
    }
    Some(WorkspaceEdit { changes: None, document_changes: Some(out), change_annotations: None })
}

pub fn markdown(value: String) -> MarkupContent {
    MarkupContent { kind: MarkupKind::Markdown, value }
}

/// A core action -> a code action.
pub fn code_action(w: &World, root: &Root, a: actions::Action) -> Option<CodeActionResponse> {
    Some(CodeActionResponse::CodeAction(CodeAction {
        title: a.title,
        kind: Some(match a.kind {
            ActionKind::QuickFix => CodeActionKind::QuickFix,
            ActionKind::Refactor => CodeActionKind::Refactor,
        }),
        is_preferred: Some(a.preferred),
        edit: Some(workspace_edit(w, root, &a.changes)?),
        ..Default::default()
    }))
}

/// A completion answer -> a completion list; `data` lets `completionItem/resolve` find the
/// contact again.
pub fn completion_list(uri: &Uri, range: Range, result: completion::Completion) -> CompletionList {
    let items = result
        .items
        .into_iter()
        .enumerate()
        .map(|(i, item)| CompletionItem {
            label: item.candidate.name.clone(),
            kind: Some(match item.candidate.kind {
                ContactKind::Person => CompletionItemKind::Reference,
                ContactKind::Company => CompletionItemKind::Module,
            }),
            detail: (!item.candidate.detail.is_empty()).then(|| item.candidate.detail.clone()),
            sort_text: Some(format!("{i:05}")),
            filter_text: Some(item.filter),
            text_edit: Some(TextEdit { range, new_text: item.insert }.into()),
            data: Some(json!({"uri": uri.as_str(), "handle": item.candidate.handle})),
            ..Default::default()
        })
        .collect();
    CompletionList { is_incomplete: result.incomplete, items, ..Default::default() }
}

/// A note's outline -> document symbols.
pub fn document_symbol(enc: Enc, lines: &LineIndex, s: navigation::Symbol) -> DocumentSymbol {
    #[allow(deprecated)]
    DocumentSymbol {
        name: s.name,
        detail: s.date.map(|d| d.to_string()),
        kind: if s.date.is_some() { SymbolKind::Event } else { SymbolKind::String },
        tags: None,
        deprecated: None,
        range: enc.range(lines, s.span),
        selection_range: enc.range(lines, s.selection),
        children: Some(s.children.into_iter().map(|c| document_symbol(enc, lines, c)).collect()),
    }
}

/// A contact found by name -> a workspace symbol at its definition.
pub fn workspace_symbol(w: &World, root: &Root, s: navigation::ContactSymbol) -> Option<WorkspaceSymbol> {
    let def = navigation::definition(&root.index, s.contact);
    let loc = location(w, root, &def.path, def.span)?;
    Some(WorkspaceSymbol {
        location: WorkspaceSymbolLocation::Location(loc),
        data: None,
        base_symbol_information: BaseSymbolInformation {
            name: s.name,
            kind: match s.kind {
                ContactKind::Person => SymbolKind::Object,
                ContactKind::Company => SymbolKind::Class,
            },
            tags: None,
            container_name: (!s.detail.is_empty()).then_some(s.detail),
        },
    })
}

pub fn inlay_hint(enc: Enc, lines: &LineIndex, h: hints::Hint) -> InlayHint {
    InlayHint {
        position: enc.position(lines, h.offset),
        label: Label::String(h.label),
        kind: None,
        text_edits: None,
        tooltip: Some(Tooltip::String(h.tooltip)),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// Token types and modifiers, in the order of the legend the server announces.
pub const TOKEN_TYPES: &[&str] = &["variable", "class"];
pub const TOKEN_MODIFIERS: &[&str] = &["deprecated"];

/// Mentions -> semantic tokens (relative positions, one line each).
pub fn semantic_tokens(enc: Enc, lines: &LineIndex, tokens: Vec<(Span, hints::TokenKind)>) -> SemanticTokens {
    let mut data = Vec::new();
    let (mut prev_line, mut prev_col) = (0, 0);
    for (span, kind) in tokens {
        let start = enc.position(lines, span.start);
        let end = enc.position(lines, span.end);
        if end.line != start.line {
            continue;
        }
        let (token_type, modifiers) = match kind {
            hints::TokenKind::Person => (0, 0),
            hints::TokenKind::Company => (1, 0),
            hints::TokenKind::Unknown => (0, 1),
        };
        let delta_line = start.line - prev_line;
        let delta_start = if delta_line == 0 { start.character - prev_col } else { start.character };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type,
            token_modifiers_bitset: modifiers,
        });
        (prev_line, prev_col) = (start.line, start.character);
    }
    SemanticTokens { result_id: None, data }
}

/// A follow-up -> the JSON of the `ties.followUps` command.
pub fn follow_up_json(w: &World, root: &Root, f: &FollowUp) -> Option<Value> {
    let loc = location(w, root, &f.path, f.span)?;
    Some(json!({
        "uri": loc.uri.as_str(),
        "range": loc.range,
        "text": f.text,
        "due": f.due.map(|d| d.date.to_string()),
        "status": f.status.describe(),
        "overdue": matches!(f.status, DueStatus::Overdue { .. }),
        "with": f.with.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
    }))
}

/// How the network answers (`network_json`) show a vault path: the note's `file://` URI.
pub fn shown(root: &Root) -> impl Fn(&str) -> String + '_ {
    move |rel: &str| root.uri(rel).map_or_else(|| rel.to_string(), |u| u.as_str().to_string())
}

/// A contact's card (made with no history) -> one entry of `ties.contacts`.
pub fn contact_json(w: &World, root: &Root, c: &ContactCard, path: &str, span: Span, today: Date) -> Option<Value> {
    let loc = location(w, root, path, span)?;
    let last = c.catch_up.last.filter(|&d| d <= today);
    Some(json!({
        "uri": loc.uri.as_str(),
        "range": loc.range,
        "name": c.name,
        "handle": c.handle,
        "kind": match c.kind { ContactKind::Person => "person", ContactKind::Company => "company" },
        "company": c.company.as_ref().map(|co| co.name.clone()),
        "lastExchangeDays": last.map(|d| date::days_between(d, today)),
        "goingCold": matches!(c.catch_up.state, CatchUpState::Due { .. } | CatchUpState::Cold { .. }),
        "exchanges": c.exchange_count,
        "openFollowUps": c.follow_up_count,
    }))
}

/// "today", "1d ago", "12d ago".
fn ago(d: Option<Date>, today: Date) -> String {
    match d.map(|d| date::days_between(d, today)) {
        None => "no exchange yet".into(),
        Some(n) if n <= 0 => "today".into(),
        Some(n) => format!("{n}d ago"),
    }
}

fn lens_at_top(title: String, command: &str, arguments: Option<Vec<Value>>) -> CodeLens {
    let start = Position { line: 0, character: 0 };
    CodeLens {
        range: Range { start, end: start },
        command: Some(Command { title, command: command.into(), arguments, tooltip: None }),
        data: None,
    }
}

/// A person's lens: "last exchange 12d · 2 open follow-ups · gave 3 / asked 1". Display only:
/// its command is empty (the editors' contract, editors/vscode/README.md).
pub fn person_lens(c: &ContactCard, today: Date) -> CodeLens {
    let last = match c.catch_up.last.filter(|&d| d <= today).map(|d| date::days_between(d, today)) {
        Some(n) if n <= 0 => "last exchange today".into(),
        Some(n) => format!("last exchange {n}d"),
        None => "no exchange yet".into(),
    };
    let open = match c.follow_up_count {
        1 => "1 open follow-up".to_string(),
        n => format!("{n} open follow-ups"),
    };
    lens_at_top(format!("{last} · {open} · gave {} / asked {}", c.gave, c.asked), "", None)
}

/// A company's lens: "3 ways in · best: Jane Doe (6d ago)"; it runs the client command
/// `ties.showIntro` with the company's handle, which asks `ties.intro` and shows the list.
pub fn company_lens(handle: &str, best: Option<&IntroPath>, total: usize, today: Date) -> CodeLens {
    let title = match best {
        None => "no way in yet: ask who knows someone there".to_string(),
        Some(p) => {
            let ways = if total == 1 { "1 way in".to_string() } else { format!("{total} ways in") };
            format!("{ways} · best: {} ({})", p.first().name, ago(p.warmth.last, today))
        }
    };
    lens_at_top(title, "ties.showIntro", Some(vec![json!(handle)]))
}
