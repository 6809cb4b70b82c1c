//! Request handlers: plain synchronous functions over a `Snapshot`, each a few lines that
//! convert the parameters, ask a core feature and convert its answer (to_proto.rs). No I/O,
//! no lock, no `.await`: what an answer lacks (a note's text) is recorded on the snapshot and
//! the server asks again once it has it.
#![deny(clippy::print_stdout)]

use crate::core::features::actions::{self, ActionKind, Change};
use crate::core::features::intro::{self, Warmths};
use crate::core::features::navigation::{self, Hit, Subject};
use crate::core::features::plan::{self, PlanOptions};
use crate::core::features::{card, completion, followups, graph, hints, merge, network_json, summaries};
use crate::core::index::NoteId;
use crate::core::note::ContactKind;
use crate::core::text::Span;
use crate::lsp::caps::COMMANDS;
use crate::lsp::render;
use crate::lsp::state::{Place, Root, Snapshot, World};
use crate::lsp::to_proto::{self, markdown};
use serde_json::Value;
use tower_lsp_server::gen_lsp_types::*;
use tower_lsp_server::jsonrpc::{Error, Result};

/// Completion lists longer than this are cut and marked incomplete.
const COMPLETION_LIMIT: usize = 100;

/// A request's document and cursor, resolved against the world.
struct At<'w> {
    root: &'w Root,
    root_id: usize,
    id: NoteId,
    offset: u32,
}

fn at<'w>(w: &'w World, uri: &Uri, pos: Position) -> Option<At<'w>> {
    let place: Place = w.place(uri)?;
    let (root, id) = w.note(&place)?;
    let offset = w.enc.offset(&root.index.note(id).lines, pos);
    Some(At { root, id, offset, root_id: place.root })
}

/// The card of a contact in Markdown, its summaries sliced from the notes' texts.
fn card_markdown(snap: &Snapshot, root_id: usize, contact: NoteId) -> Option<String> {
    let w = snap.world;
    let root = w.roots.get(root_id)?;
    let mut c = card::card_with(&root.index, contact, w.today(), &root.config, Some(render::RECENT))?;
    snap.lacked(root_id, summaries::fill_card(&root.index, &mut c, &|rel| snap.text(root_id, rel)));
    let mut md = render::card(root, &c, w.today());
    if !root.complete() {
        md.push_str(render::INDEXING);
    }
    Some(md)
}

pub fn completion(snap: &Snapshot, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    let p = params.text_document_position_params;
    let w = snap.world;
    let Some(doc) = w.docs.get(&p.text_document.uri) else {
        return Ok(None);
    };
    let Some(a) = at(w, &p.text_document.uri, p.position) else {
        return Ok(None);
    };
    let facts = a.root.index.note(a.id);
    let front = facts.front.as_ref().map(|f| f.span);
    let Some(ctx) = completion::context(&doc.text, front, a.offset as usize) else {
        return Ok(None);
    };
    let mut result = completion::complete(&a.root.index, &ctx, w.today(), COMPLETION_LIMIT);
    // While indexing, the ranking (by recent exchanges) is not final: the client asks again.
    result.incomplete |= !a.root.complete();
    let range = w.enc.range(&facts.lines, Span { start: ctx.start, end: ctx.end });
    Ok(Some(CompletionResponse::CompletionList(to_proto::completion_list(&p.text_document.uri, range, result))))
}

pub fn completion_resolve(snap: &Snapshot, mut item: CompletionItem) -> Result<CompletionItem> {
    let data = item.data.clone().unwrap_or(Value::Null);
    let (Some(uri), Some(handle)) = (data["uri"].as_str(), data["handle"].as_str()) else {
        return Ok(item);
    };
    let Ok(uri) = uri.parse::<Uri>() else { return Ok(item) };
    let Some(place) = snap.world.place(&uri) else { return Ok(item) };
    let Some(root) = snap.world.roots.get(place.root) else {
        return Ok(item);
    };
    if let Some(id) = root.index.lookup(handle)
        && let Some(md) = card_markdown(snap, place.root, id)
    {
        item.documentation = Some(Documentation::MarkupContent(markdown(md)));
    }
    Ok(item)
}

pub fn hover(snap: &Snapshot, params: HoverParams) -> Result<Option<Hover>> {
    let p = params.text_document_position_params;
    let w = snap.world;
    let Some(a) = at(w, &p.text_document.uri, p.position) else {
        return Ok(None);
    };
    let Some(hit) = navigation::hit_at(&a.root.index, a.id, a.offset) else {
        return Ok(None);
    };
    let md = match &hit.subject {
        Subject::Contact(c) => card_markdown(snap, a.root_id, *c).map(|mut md| {
            if a.root.index.contact(*c).is_some_and(|d| d.kind == ContactKind::Company) {
                let (paths, total) =
                    intro::ranked_paths(&a.root.index, *c, w.today(), &a.root.config, &mut Warmths::default(), 3);
                md.push_str(&render::ways_in(&paths, total));
            }
            md
        }),
        // Only a complete root may say a name is unknown.
        Subject::Unknown { key, form } if a.root.complete() => {
            let file = actions::new_contact_path(&a.root.index, &a.root.config, key);
            Some(render::unknown(&crate::core::keys::shown(*form, key), &file))
        }
        Subject::Unknown { key, form } => Some(render::not_yet_known(&crate::core::keys::shown(*form, key))),
    };
    let lines = &a.root.index.note(a.id).lines;
    Ok(md
        .map(|md| Hover { contents: Contents::MarkupContent(markdown(md)), range: Some(w.enc.range(lines, hit.span)) }))
}

pub fn goto_definition(snap: &Snapshot, params: DefinitionParams) -> Result<Option<DefinitionResponse>> {
    let p = params.text_document_position_params;
    let w = snap.world;
    let Some(a) = at(w, &p.text_document.uri, p.position) else {
        return Ok(None);
    };
    let Some(Hit { subject: Subject::Contact(c), .. }) = navigation::hit_at(&a.root.index, a.id, a.offset) else {
        return Ok(None);
    };
    let def = navigation::definition(&a.root.index, c);
    Ok(to_proto::location(w, a.root, &def.path, def.span)
        .map(|l| DefinitionResponse::Definition(Definition::Location(l))))
}

pub fn references(snap: &Snapshot, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let p = params.text_document_position_params;
    let w = snap.world;
    let Some(a) = at(w, &p.text_document.uri, p.position) else {
        return Ok(None);
    };
    let Some(c) = navigation::contact_at(&a.root.index, a.id, a.offset) else {
        return Ok(None);
    };
    let mut out: Vec<Location> = navigation::references(&a.root.index, c)
        .into_iter()
        .filter_map(|r| to_proto::location(w, a.root, &r.path, r.span))
        .collect();
    if params.context.include_declaration {
        let def = navigation::definition(&a.root.index, c);
        out.extend(to_proto::location(w, a.root, &def.path, def.span));
    }
    Ok(Some(out))
}

pub fn document_symbol(snap: &Snapshot, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
    let w = snap.world;
    let Some((root, id)) = w.located(&params.text_document.uri) else {
        return Ok(None);
    };
    let lines = &root.index.note(id).lines;
    let symbols = navigation::document_symbols(&root.index, id)
        .into_iter()
        .map(|s| to_proto::document_symbol(w.enc, lines, s))
        .collect();
    Ok(Some(DocumentSymbolResponse::DocumentSymbolList(symbols)))
}

pub fn workspace_symbol(snap: &Snapshot, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
    let w = snap.world;
    let out = w
        .roots
        .iter()
        .flat_map(|root| {
            navigation::workspace_symbols(&root.index, &params.query, 200)
                .into_iter()
                .filter_map(move |s| to_proto::workspace_symbol(w, root, s))
        })
        .collect();
    Ok(Some(WorkspaceSymbolResponse::WorkspaceSymbolList(out)))
}

pub fn code_action(snap: &Snapshot, params: CodeActionParams) -> Result<Option<Vec<CodeActionResponse>>> {
    let w = snap.world;
    let Some(place) = w.place(&params.text_document.uri) else {
        return Ok(None);
    };
    let Some((root, id)) = w.note(&place) else {
        return Ok(None);
    };
    let span = w.enc.span(&root.index.note(id).lines, params.range);
    let root_id = place.root;
    // *Merge into ...* deletes a file: only for clients that can.
    let merges = if w.delete_files {
        let (fixes, missing) = merge::fixes_at(&root.index, id, span, &|rel| snap.text(root_id, rel));
        snap.lacked(root_id, missing);
        fixes
    } else {
        Vec::new()
    };
    let out = merges
        .into_iter()
        .chain(actions::actions_at(&root.index, &root.config, id, span, w.today()))
        // No *Create contact* fix while the root is indexing: the contact may exist.
        .filter(|a| {
            root.complete()
                || !(a.kind == ActionKind::QuickFix && a.changes.iter().any(|c| matches!(c, Change::Create { .. })))
        })
        .filter_map(|a| to_proto::code_action(w, root, a))
        .collect();
    Ok(Some(out))
}

pub fn prepare_rename(snap: &Snapshot, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResult>> {
    let w = snap.world;
    let Some(a) = at(w, &params.text_document.uri, params.position) else {
        return Ok(None);
    };
    let facts = a.root.index.note(a.id);
    let span = match navigation::hit_at(&a.root.index, a.id, a.offset) {
        Some(Hit { subject: Subject::Contact(c), mention: Some(i), .. }) if a.root.index.contact(c).is_some() => {
            facts.mentions[i].target_span
        }
        Some(Hit { subject: Subject::Contact(c), mention: None, span }) if c == a.id => span,
        _ => {
            return Err(Error::invalid_params("put the cursor on a mention of a contact, or on its name"));
        }
    };
    Ok(Some(PrepareRenameResult::Range(w.enc.range(&facts.lines, span))))
}

pub fn rename(snap: &Snapshot, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let p = params.text_document_position_params;
    let w = snap.world;
    let Some(a) = at(w, &p.text_document.uri, p.position) else {
        return Ok(None);
    };
    let Some(c) = navigation::contact_at(&a.root.index, a.id, a.offset) else {
        return Err(Error::invalid_params(
            "no contact here to rename: put the cursor on a mention of a contact, or in a contact's note",
        ));
    };
    let changes = actions::rename(&a.root.index, c, &params.new_name).map_err(|e| Error::invalid_params(e.0))?;
    Ok(to_proto::workspace_edit(w, a.root, &changes))
}

pub fn inlay_hint(snap: &Snapshot, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    let w = snap.world;
    if w.settings.inlay_hints == Some(false) {
        return Ok(None);
    }
    let Some((root, id)) = w.located(&params.text_document.uri) else {
        return Ok(None);
    };
    let lines = &root.index.note(id).lines;
    let span = w.enc.span(lines, params.range);
    let out = hints::inlay_hints(&root.index, id, span, w.today())
        .into_iter()
        .map(|h| to_proto::inlay_hint(w.enc, lines, h))
        .collect();
    Ok(Some(out))
}

pub fn semantic_tokens_full(snap: &Snapshot, params: SemanticTokensParams) -> Result<Option<SemanticTokens>> {
    let w = snap.world;
    let Some((root, id)) = w.located(&params.text_document.uri) else {
        return Ok(None);
    };
    let lines = &root.index.note(id).lines;
    let mut tokens = hints::tokens(&root.index, id);
    // An unknown mention is struck through: only once the root is complete.
    tokens.retain(|(_, kind)| root.complete() || *kind != hints::TokenKind::Unknown);
    Ok(Some(to_proto::semantic_tokens(w.enc, lines, tokens)))
}

/// `ties.followUps`: the open follow-ups of every vault, overdue first.
pub fn follow_ups(snap: &Snapshot) -> Result<Option<Value>> {
    let w = snap.world;
    let today = w.today();
    let mut out = Vec::new();
    for (root_id, root) in w.roots.iter().enumerate() {
        let mut list = followups::all(&root.index, today, &root.config);
        snap.lacked(root_id, summaries::fill_follow_ups(&root.index, &mut list, &|rel| snap.text(root_id, rel)));
        out.extend(list.iter().filter_map(|f| to_proto::follow_up_json(w, root, f)));
    }
    // Overdue first, then by due date, across vaults.
    out.sort_by(|a, b| {
        let key = |v: &Value| (v["due"].is_null(), v["due"].as_str().map(String::from));
        key(a).cmp(&key(b))
    });
    Ok(Some(Value::Array(out)))
}

/// `ties.logCatchUp` (uri, position): the edit that logs a catch-up with the contact there.
pub fn log_catch_up(snap: &Snapshot, args: &[Value]) -> Result<WorkspaceEdit> {
    let w = snap.world;
    let (Some(uri), Some(pos)) = (args.first().and_then(Value::as_str), args.get(1)) else {
        return Err(Error::invalid_params("ties.logCatchUp takes a document URI and a position"));
    };
    let uri: Uri = uri.parse().map_err(|_| Error::invalid_params(format!("not a URI: {uri}")))?;
    let pos: Position = serde_json::from_value(pos.clone())
        .map_err(|_| Error::invalid_params("the second argument must be a position {line, character}"))?;
    let a = at(w, &uri, pos).ok_or_else(|| Error::invalid_params("that document is not in a vault"))?;
    let contact = navigation::contact_at(&a.root.index, a.id, a.offset)
        .ok_or_else(|| Error::invalid_params("no contact at that position: put the cursor on a mention"))?;
    let change = actions::log_catch_up(&a.root.index, &a.root.config, contact, w.today())
        .ok_or_else(|| Error::invalid_params("not a contact"))?;
    to_proto::workspace_edit(w, a.root, &[change]).ok_or_else(Error::internal_error)
}

/// The first argument of a command as an object (absent or null: empty).
fn options<'a>(name: &str, args: &'a [Value]) -> Result<Option<&'a serde_json::Map<String, Value>>> {
    match args.first() {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(other) => Err(Error::invalid_params(format!("{name} takes an object as its argument, not {other}"))),
    }
}

/// A whole-number option within `lo..=hi`, or its default.
fn number(
    name: &str,
    opts: Option<&serde_json::Map<String, Value>>,
    key: &str,
    lo: u64,
    hi: u64,
    default: u64,
) -> Result<u64> {
    match opts.and_then(|o| o.get(key)) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v.as_u64().filter(|n| (lo..=hi).contains(n)).ok_or_else(|| {
            Error::invalid_params(format!("{name}: `{key}` must be a whole number from {lo} to {hi}, not {v}"))
        }),
    }
}

/// The vault a network command answers for: the one holding `uri` when given, else the first
/// workspace folder.
fn root_for<'w>(w: &'w World, name: &str, opts: Option<&serde_json::Map<String, Value>>) -> Result<(usize, &'w Root)> {
    let found = match opts.and_then(|o| o.get("uri")).and_then(Value::as_str) {
        Some(u) => {
            let uri: Uri = u.parse().map_err(|_| Error::invalid_params(format!("{name}: not a URI: {u}")))?;
            to_proto::uri_to_path(&uri).and_then(|p| w.root_of(&p)).map(|(r, _)| r)
        }
        None => w.roots.iter().position(|r| r.dir.is_some()).or((!w.roots.is_empty()).then_some(0)),
    };
    let id = found.ok_or_else(|| Error::invalid_params(format!("{name}: no vault is open: open a folder of notes")))?;
    Ok((id, &w.roots[id]))
}

/// `ties.plan` ({days, limit, uri}): who to write to this week (docs/commands.md).
pub fn plan(snap: &Snapshot, args: &[Value]) -> Result<Option<Value>> {
    let w = snap.world;
    let opts = options("ties.plan", args)?;
    let days = number("ties.plan", opts, "days", 1, 366, 7)? as u32;
    let limit = number("ties.plan", opts, "limit", 1, 200, 10)? as usize;
    let (root_id, root) = root_for(w, "ties.plan", opts)?;
    let mut answer = plan::plan(&root.index, w.today(), &root.config, PlanOptions { days, limit });
    snap.lacked(root_id, summaries::fill_plan(&root.index, &mut answer, &|rel| snap.text(root_id, rel)));
    Ok(Some(network_json::plan(&answer, &to_proto::shown(root))))
}

/// `ties.intro` ("company" or {company, limit, uri}): ways into a company, best first.
pub fn intro(snap: &Snapshot, args: &[Value]) -> Result<Option<Value>> {
    let w = snap.world;
    let (company, opts) = match args.first() {
        Some(Value::String(s)) => (s.as_str(), None),
        _ => {
            let opts = options("ties.intro", args)?;
            let company = opts.and_then(|o| o.get("company")).and_then(Value::as_str);
            (company.unwrap_or(""), opts)
        }
    };
    if company.trim().is_empty() {
        return Err(Error::invalid_params(
            "ties.intro takes a company: \"acme\" or {\"company\": \"acme\", \"limit\": 10}",
        ));
    }
    let limit = number("ties.intro", opts, "limit", 1, 100, 10)? as usize;
    let (_, root) = root_for(w, "ties.intro", opts)?;
    let mut answer = intro::intro(&root.index, company, w.today(), &root.config)
        .map_err(|e| Error::invalid_params(e.to_string()))?;
    let total = answer.paths.len();
    answer.paths.truncate(limit);
    let mut v = network_json::intro(&answer, &to_proto::shown(root));
    v["total_paths"] = serde_json::json!(total);
    Ok(Some(v))
}

/// `ties.graph` ({limit, uri}): you, people and companies, the heaviest `limit` nodes.
pub fn graph(snap: &Snapshot, args: &[Value]) -> Result<Option<Value>> {
    let w = snap.world;
    let opts = options("ties.graph", args)?;
    let limit = number("ties.graph", opts, "limit", 1, 5000, 300)? as usize;
    let (_, root) = root_for(w, "ties.graph", opts)?;
    let g = graph::graph(&root.index, w.today(), limit);
    Ok(Some(network_json::graph(&g, &to_proto::shown(root))))
}

/// `ties.contacts`: every contact of every vault, for the Contacts view (docs/commands.md).
pub fn contacts(snap: &Snapshot) -> Result<Option<Value>> {
    let w = snap.world;
    let today = w.today();
    let mut out = Vec::new();
    for root in &w.roots {
        for (id, _) in root.index.contacts() {
            let Some(c) = card::card_with(&root.index, id, today, &root.config, Some(0)) else { continue };
            let def = navigation::definition(&root.index, id);
            out.extend(to_proto::contact_json(w, root, &c, &def.path, def.span, today));
        }
    }
    Ok(Some(Value::Array(out)))
}

/// Code lenses on the first line of a contact note: a person's last exchange, open follow-ups
/// and give and take (display only); a company's ways in, which opens the list.
pub fn code_lens(snap: &Snapshot, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let w = snap.world;
    let Some((root, id)) = w.located(&params.text_document.uri) else {
        return Ok(None);
    };
    let Some(decl) = root.index.contact(id) else { return Ok(None) };
    let today = w.today();
    let lens = match decl.kind {
        ContactKind::Person => {
            let Some(c) = card::card_with(&root.index, id, today, &root.config, Some(0)) else { return Ok(None) };
            to_proto::person_lens(&c, today)
        }
        ContactKind::Company => {
            let (paths, total) = intro::ranked_paths(&root.index, id, today, &root.config, &mut Warmths::default(), 1);
            to_proto::company_lens(&decl.handle, paths.first(), total, today)
        }
    };
    Ok(Some(vec![lens]))
}

/// An unknown command: say which ones exist.
pub fn unknown_command(name: &str) -> Error {
    Error::invalid_params(format!("unknown command {name}: ties knows {}", COMMANDS.join(", ")))
}
