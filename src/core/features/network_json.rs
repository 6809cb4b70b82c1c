//! The one JSON shape of the network answers (intro, plan, stats, graph), shared by the CLI's
//! `--json` and the language server's `ties.intro` / `ties.plan` / `ties.graph` commands, so the
//! editors read what the terminal prints. `show` turns a vault path into what the caller wants
//! (a path relative to the user's folder, or the vault path itself). Lines are one-based.

use crate::core::features::graph::Graph;
use crate::core::features::intro::{Hop, Intro, IntroPath, PersonRef};
use crate::core::features::plan::Plan;
use crate::core::features::stats::Stats;
use serde_json::{Value, json};

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub fn person(p: &PersonRef, show: &dyn Fn(&str) -> String) -> Value {
    json!({ "handle": p.handle, "name": p.name, "path": show(&p.path) })
}

pub fn hop(h: &Hop, show: &dyn Fn(&str) -> String) -> Value {
    json!({
        "from": h.from,
        "to": h.to,
        "kind": h.kind.as_str(),
        "path": h.path.as_deref().map(show),
        "line": h.line.map(|l| l + 1),
        "date": h.date.map(|d| d.to_string()),
        "count": h.count,
    })
}

pub fn intro_path(rank: usize, p: &IntroPath, show: &dyn Fn(&str) -> String) -> Value {
    json!({
        "rank": rank,
        "kind": p.kind.as_str(),
        "score": round(p.score),
        "first": person(p.first(), show),
        "target": person(&p.target, show),
        "via": p.via.as_ref().map(|v| person(v, show)),
        "last_exchange": p.warmth.last.map(|d| d.to_string()),
        "step": p.step,
        "hops": p.hops.iter().map(|h| hop(h, show)).collect::<Vec<_>>(),
    })
}

pub fn intro(i: &Intro, show: &dyn Fn(&str) -> String) -> Value {
    json!({
        "company": person(&i.company, show),
        "target": i.target,
        "paths": i.paths.iter().enumerate().map(|(k, p)| intro_path(k + 1, p, show)).collect::<Vec<_>>(),
        "suggestions": i.suggestions.iter().map(|s| {
            let mut v = person(&s.person, show);
            v["reason"] = json!(s.reason);
            v
        }).collect::<Vec<_>>(),
    })
}

pub fn plan(p: &Plan, show: &dyn Fn(&str) -> String) -> Value {
    json!({
        "today": p.today.to_string(),
        "until": p.until.to_string(),
        "order": p.order,
        "snoozed_left_out": p.snoozed,
        "items": p.items.iter().enumerate().map(|(k, it)| json!({
            "rank": k + 1,
            "handle": it.person.handle,
            "name": it.person.name,
            "contact_path": show(&it.person.path),
            "kind": it.kind.as_str(),
            "reason": it.reason,
            "action": it.action,
            "path": show(&it.path),
            "line": it.line + 1,
            "text": it.text,
            "also": it.also.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            "score": round(it.score),
        })).collect::<Vec<_>>(),
    })
}

pub fn stats(s: &Stats, show: &dyn Fn(&str) -> String) -> Value {
    json!({
        "today": s.today.to_string(),
        "people": s.people,
        "companies": s.companies,
        "by_tie": { "strong": s.strong, "weak": s.weak, "none": s.no_tie },
        "weak_touched_90d": s.weak_touched,
        "gave": s.gave,
        "asked": s.asked,
        "gave_per_asked": s.ratio().map(round),
        "per_contact": s.per_contact.iter().map(|g| json!({
            "handle": g.person.handle, "name": g.person.name, "gave": g.gave, "asked": g.asked,
        })).collect::<Vec<_>>(),
        "weeks": s.weeks.iter().map(|w| json!({
            "start": w.start.to_string(), "end": w.end.to_string(), "exchanges": w.exchanges,
        })).collect::<Vec<_>>(),
        "targets": s.targets.iter().map(|t| json!({
            "handle": t.company.handle, "name": t.company.name, "path": show(&t.company.path),
            "ways_in": t.ways, "best": t.best,
        })).collect::<Vec<_>>(),
        "targets_with_way_in": s.targets_with_way_in(),
        "targets_without_way_in": s.targets.len() - s.targets_with_way_in(),
    })
}

pub fn graph(g: &Graph, show: &dyn Fn(&str) -> String) -> Value {
    json!({
        "nodes": g.nodes.iter().map(|n| json!({
            "id": n.id, "kind": n.kind.as_str(), "label": n.label,
            "path": n.path.as_deref().map(show), "weight": n.weight,
        })).collect::<Vec<_>>(),
        "edges": g.edges.iter().map(|e| json!({
            "source": e.source, "target": e.target, "kind": e.kind.as_str(),
            "weight": e.weight, "last": e.last.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
        "truncated": g.truncated,
        "total_nodes": g.total_nodes,
    })
}
