//! Merging one contact into another (the fix for a possible duplicate): every mention of FROM
//! rewritten to INTO, people whose `company:` names FROM moved to INTO, FROM's front matter
//! merged into INTO's (lists joined, missing keys filled, conflicts kept as a comment and
//! reported), FROM's body appended to INTO's, FROM's note removed. Pure: note texts come
//! through a closure, the answer is plain edits the CLI writes and the editor applies.

use crate::core::features::actions::{Action, ActionKind, Change, TextEdit, relative_path};
use crate::core::features::duplicates;
use crate::core::features::findings::key_anchor;
use crate::core::features::summaries::{Missing, current_text};
use crate::core::front_edit as fe;
use crate::core::index::{Index, NoteId};
use crate::core::keys::{company_key, fold_key};
use crate::core::note::{ContactKind, MentionForm, Target};
use crate::core::text::Span;

/// What a merge changes. Edits are against the texts the closure returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergePlan {
    /// Notes other than FROM and INTO, with their edits in text order.
    pub edits: Vec<(String, Vec<TextEdit>)>,
    pub into_path: String,
    /// INTO's text before the merge and after it (a whole-text replacement).
    pub into_before: String,
    pub into_text: String,
    /// The note to delete.
    pub from_path: String,
    pub from_before: String,
    /// What was not merged automatically, for the user (also left as comments in INTO).
    pub conflicts: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeError(pub String);

/// Applies edits (sorted, not overlapping) to a text.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        if s < at || t > text.len() {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(&e.new_text);
        at = t;
    }
    out.push_str(&text[at..]);
    out
}

/// Keys whose values are lists: joined item by item.
const LIST_KEYS: &[&str] = &["aliases", "tags", "emails", "past_companies", "phones"];
/// Keys never copied: who the contact is, and bookkeeping that belongs to INTO.
const OWN_KEYS: &[&str] = &["kind", "name", "handle", "job_changed"];

pub fn merge(
    index: &Index,
    from: NoteId,
    into: NoteId,
    text_of: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<MergePlan, MergeError> {
    let (Some(f), Some(t)) = (index.contact(from), index.contact(into)) else {
        return Err(MergeError("both FROM and INTO must be contacts (notes with `kind:`)".into()));
    };
    if from == into {
        return Err(MergeError(format!("{} and itself are one contact: nothing to merge", f.name)));
    }
    let from_path = index.note(from).path.clone();
    let into_path = index.note(into).path.clone();
    let read = |p: &str, text_of: &mut dyn FnMut(&str) -> Option<String>| {
        text_of(p).ok_or_else(|| MergeError(format!("cannot read {p}")))
    };
    let from_before = read(&from_path, text_of)?;
    let into_before = read(&into_path, text_of)?;

    // Mentions of FROM, grouped by note.
    let mut per_file: Vec<(String, Vec<TextEdit>)> = Vec::new();
    let mut push = |path: &str, edit: TextEdit| match per_file.iter_mut().find(|(p, _)| p == path) {
        Some((_, edits)) => edits.push(edit),
        None => per_file.push((path.to_string(), vec![edit])),
    };
    for r in index.mentions_of(from) {
        let m = r.mention;
        let new_text = match (m.form, &m.target) {
            (MentionForm::Handle, _) | (MentionForm::Wiki, Target::Key(_)) => t.handle.clone(),
            (MentionForm::Bracket, _) => t.name.replace(']', ""),
            (_, Target::Path(_)) | (MentionForm::Link, _) => relative_path(&r.facts.path, &into_path),
        };
        push(&r.facts.path, TextEdit { span: m.target_span, new_text });
    }
    // People at a company being merged away move to the company kept.
    if f.kind == ContactKind::Company {
        for p in index.people_at(from) {
            let path = index.note(p).path.clone();
            if let Some(field) = index.note(p).front.as_ref().and_then(|fr| fr.field("company"))
                && index.contact(p).and_then(|c| c.company.as_deref()).is_some_and(|c| company_key(c) != t.handle)
            {
                push(&path, TextEdit { span: field.value_span, new_text: t.handle.clone() });
            }
        }
    }
    for (_, edits) in &mut per_file {
        edits.sort_by_key(|e| e.span.start);
        edits.dedup_by_key(|e| e.span);
    }
    let take = |per_file: &mut Vec<(String, Vec<TextEdit>)>, path: &str| {
        per_file.iter().position(|(p, _)| p == path).map(|i| per_file.remove(i).1).unwrap_or_default()
    };
    let from_text = apply_edits(&from_before, &take(&mut per_file, &from_path));
    let mut text = apply_edits(&into_before, &take(&mut per_file, &into_path));

    // Front matter.
    let mut conflicts = Vec::new();
    if fold_key(&f.name) != fold_key(&t.name) {
        text = fe::push_item(&text, "aliases", &fe::scalar(&f.name));
    }
    if f.handle != t.handle && fold_key(&f.handle) != fold_key(&f.name) {
        text = fe::push_item(&text, "aliases", &fe::scalar(&f.handle));
    }
    if f.kind != t.kind {
        conflicts.push(format!("kind: {} is a {:?}, {} a {:?}; kept {:?}", f.name, f.kind, t.name, t.kind, t.kind));
    }
    for field in index.note(from).front.iter().flat_map(|fr| fr.fields.iter()) {
        let key = field.key.as_str();
        if OWN_KEYS.contains(&key) {
            continue;
        }
        let Some((value, items)) = fe::raw_value(&from_text, key) else { continue };
        if LIST_KEYS.contains(&key) || !items.is_empty() || value.starts_with('[') {
            for item in fe::list_items(&value, &items) {
                text = fe::push_item(&text, key, &item);
            }
            continue;
        }
        if value.is_empty() || matches!(value.as_str(), "~" | "null") {
            continue;
        }
        if value.starts_with(['|', '>']) {
            conflicts.push(format!("{key}: a multi-line value in {from_path} was left there for you to copy"));
            continue;
        }
        if key == "email" && !fe::is_empty(&text, "email") {
            let theirs = fe::raw_value(&text, "email").map(|(v, _)| v).unwrap_or_default();
            if !theirs.eq_ignore_ascii_case(&value) {
                text = fe::push_item(&text, "emails", &value);
            }
            continue;
        }
        if fe::is_empty(&text, key) {
            text = fe::fill(&text, key, &value);
            continue;
        }
        let theirs = fe::raw_value(&text, key).map(|(v, _)| v).unwrap_or_default();
        if unquote(&theirs) != unquote(&value) {
            let from_stem = crate::core::keys::file_stem(&from_path);
            text = fe::push_comment(&text, &format!("merged from {from_stem}: {key}: {value}"));
            conflicts.push(format!(
                "{key}: kept `{}` of {}, {} had `{}` (left as a comment)",
                unquote(&theirs),
                t.name,
                f.name,
                unquote(&value)
            ));
        }
    }
    // Body.
    let body = from_text[fe::body_start(&from_text)..].trim();
    if !body.is_empty() {
        let heading = format!("## Merged from {}", f.name.replace(['\n', '\r'], " "));
        text = fe::append_line(&text, &heading);
        text = fe::append_line(&text, body);
    }
    let mut edits = per_file;
    edits.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(MergePlan { edits, into_path, into_before, into_text: text, from_path, from_before, conflicts })
}

/// The *Merge <this> into <other>* quick fixes of contact `id`'s possible-duplicate findings on
/// the lines `span` touches. Each is the whole merge as changes: the mentions rewritten, INTO's
/// text replaced as a whole, FROM deleted; what the merge could not resolve ends the title, as
/// `ties merge` prints it. Texts come from `text_of`; a note it lacked, or whose text is not the
/// one indexed, is returned in `Missing` and gets no action until the edge asks again.
pub fn fixes_at<'t>(
    index: &Index,
    id: NoteId,
    span: Span,
    text_of: &dyn Fn(&str) -> Option<&'t str>,
) -> (Vec<Action>, Missing) {
    let mut missing = Missing::default();
    let mut out = Vec::new();
    let facts = index.note(id);
    let (first, last) = (facts.lines.line_of(span.start), facts.lines.line_of(span.end));
    for d in duplicates::of(index, id) {
        let line = facts.lines.line_of(key_anchor(facts, d.why.key()).start);
        if line < first || line > last {
            continue;
        }
        let mut texts = |p: &str| current_text(index, p, text_of, &mut missing).map(str::to_string);
        let Ok(plan) = merge(index, id, d.other, &mut texts) else { continue };
        let (Some(f), Some(t)) = (index.contact(id), index.contact(d.other)) else { continue };
        let mut changes: Vec<Change> =
            plan.edits.into_iter().map(|(path, edits)| Change::Edit { path, edits }).collect();
        changes.push(Change::Edit {
            path: plan.into_path.clone(),
            edits: vec![TextEdit { span: whole(&plan.into_before), new_text: plan.into_text }],
        });
        changes.push(Change::Delete { path: plan.from_path });
        let mut title = format!("Merge {} into {} ({})", f.name, t.name, plan.into_path);
        if !plan.conflicts.is_empty() {
            let n = plan.conflicts.len();
            title.push_str(&format!(
                ": {n} conflict{} to check: {}",
                if n == 1 { "" } else { "s" },
                plan.conflicts.join("; ")
            ));
        }
        out.push(Action { title, kind: ActionKind::QuickFix, changes, preferred: false });
    }
    (out, missing)
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(s)
}

/// The whole of a text as a span, for the whole-text replacement of INTO.
pub fn whole(text: &str) -> Span {
    Span::new(0, text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::parse;
    use std::collections::HashMap;

    #[test]
    fn the_plan_is_edits_a_new_text_for_into_and_a_delete() {
        let notes = [
            ("people/a.md", "---\nkind: person\nname: Ann Lee\ntags: [x]\n---\nBody of A.\n"),
            ("people/b.md", "---\nkind: person\nname: Ann L.\nemail: ann@x.com\ntags: [y]\n---\nBody of B.\n"),
            ("notes/n.md", "See @b and [B](../people/b.md).\n"),
        ];
        let index = Index::build(notes.iter().map(|(p, t)| parse(p, t)));
        let texts: HashMap<&str, &str> = notes.iter().copied().collect();
        let mut text_of = |p: &str| texts.get(p).map(|t| t.to_string());
        let (from, into) = (index.id("people/b.md").unwrap(), index.id("people/a.md").unwrap());
        let plan = merge(&index, from, into, &mut text_of).unwrap();
        assert_eq!(plan.from_path, "people/b.md");
        assert_eq!(plan.edits.len(), 1);
        let (path, edits) = &plan.edits[0];
        assert_eq!(path, "notes/n.md");
        assert_eq!(apply_edits(texts["notes/n.md"], edits), "See @a and [B](../people/a.md).\n");
        assert_eq!(
            plan.into_text,
            "---\nkind: person\nname: Ann Lee\ntags: [x, y]\naliases: [Ann L., b]\nemail: ann@x.com\n---\nBody of A.\n\n## Merged from Ann L.\n\nBody of B.\n"
        );
        assert!(plan.conflicts.is_empty());
        assert!(merge(&index, into, into, &mut text_of).is_err());
    }
}
