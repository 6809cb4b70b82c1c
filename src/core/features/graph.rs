//! `ties graph`: you, your people and companies as nodes; exchanged, works-at, worked-at,
//! introduced-by, met-via and co-mention edges with weights and last dates. Bounded: only the
//! `limit` heaviest nodes are kept, and the answer says when some were left out. Rendering as
//! JSON or DOT happens at the edge.

use crate::core::date::Date;
use crate::core::features::intro;
use crate::core::features::links::{LinkKind, Links};
use crate::core::index::{Index, NoteId};
use crate::core::keys;
use crate::core::note::ContactKind;
use std::collections::{HashMap, HashSet};

/// Nodes kept when the caller does not say.
pub const DEFAULT_LIMIT: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    You,
    Person,
    Company,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::You => "you",
            NodeKind::Person => "person",
            NodeKind::Company => "company",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// `you`, or the contact's handle.
    pub id: String,
    pub kind: NodeKind,
    pub label: String,
    pub path: Option<String>,
    /// What ranks it: past exchanges plus edges.
    pub weight: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// You and a contact: past exchanges.
    Exchanged,
    WorksAt,
    WorkedAt,
    IntroducedBy,
    MetVia,
    /// Co-mentions and shared meetings.
    CoMention,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Exchanged => "exchanged",
            EdgeKind::WorksAt => "works-at",
            EdgeKind::WorkedAt => "worked-at",
            EdgeKind::IntroducedBy => "introduced-by",
            EdgeKind::MetVia => "met-via",
            EdgeKind::CoMention => "co-mention",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub kind: EdgeKind,
    pub weight: u32,
    pub last: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Some nodes were left out (there were `total_nodes`).
    pub truncated: bool,
    pub total_nodes: usize,
}

/// The graph as of `today` (exchanges after it are not counted), at most `limit` nodes.
pub fn graph(index: &Index, today: Date, limit: usize) -> Graph {
    let links = Links::all(index);
    // (source, None for you; target; kind; weight; last date)
    type RawEdge = (Option<NoteId>, NoteId, EdgeKind, u32, Option<Date>);
    let mut edges: Vec<RawEdge> = Vec::new();
    let mut weight: HashMap<NoteId, u32> = HashMap::new();
    for (id, c) in index.contacts() {
        let dates = index.exchange_dates(id);
        let past: Vec<Date> = dates.iter().copied().filter(|&d| d <= today).collect();
        if !past.is_empty() {
            edges.push((None, id, EdgeKind::Exchanged, past.len() as u32, past.first().copied()));
        }
        *weight.entry(id).or_default() += past.len() as u32;
        if c.kind != ContactKind::Person {
            continue;
        }
        if let Some(co) = index.company_of(id) {
            edges.push((Some(id), co, EdgeKind::WorksAt, 1, None));
        }
        let mut former: Vec<NoteId> = c
            .past_companies
            .iter()
            .filter_map(|p| index.lookup(&keys::company_key(p)))
            .filter(|&co| index.contact(co).is_some_and(|x| x.kind == ContactKind::Company))
            .collect();
        former.sort_unstable();
        former.dedup();
        for co in former {
            edges.push((Some(id), co, EdgeKind::WorkedAt, 1, None));
        }
    }
    for link in links.iter() {
        if let (Some(ev), Some(by)) = (&link.declared, link.declared_by) {
            let kind = if ev.kind == LinkKind::MetVia { EdgeKind::MetVia } else { EdgeKind::IntroducedBy };
            edges.push((Some(by), link.other(by), kind, 1, None));
        }
        if link.count > 0 {
            edges.push((Some(link.a), link.b, EdgeKind::CoMention, link.count, link.last));
        }
    }
    for &(a, b, _, _, _) in &edges {
        for id in a.into_iter().chain([b]) {
            *weight.entry(id).or_default() += 1;
        }
    }
    let total_nodes = index.contacts().count() + 1;
    let mut ranked: Vec<NoteId> = index.contacts().map(|(id, _)| id).collect();
    let handle = |id: NoteId| index.contact(id).map(|c| c.handle.as_str()).unwrap_or("");
    ranked.sort_by(|&a, &b| weight[&b].cmp(&weight[&a]).then_with(|| handle(a).cmp(handle(b))));
    ranked.truncate(limit.saturating_sub(1));
    let kept: HashSet<NoteId> = ranked.iter().copied().collect();
    let mut nodes = vec![Node { id: "you".into(), kind: NodeKind::You, label: "You".into(), path: None, weight: 0 }];
    for &id in &ranked {
        let c = index.contact(id).expect("a contact");
        nodes.push(Node {
            id: c.handle.clone(),
            kind: if c.kind == ContactKind::Company { NodeKind::Company } else { NodeKind::Person },
            label: c.name.clone(),
            path: Some(index.note(id).path.clone()),
            weight: weight[&id],
        });
    }
    nodes[0].weight = edges.iter().filter(|e| e.0.is_none() && kept.contains(&e.1)).count() as u32;
    let name = |id: Option<NoteId>| id.map_or_else(|| "you".to_string(), |id| intro_handle(index, id));
    let mut out: Vec<Edge> = edges
        .into_iter()
        .filter(|(a, b, ..)| a.is_none_or(|a| kept.contains(&a)) && kept.contains(b))
        .map(|(a, b, kind, weight, last)| Edge { source: name(a), target: name(Some(b)), kind, weight, last })
        .collect();
    out.sort_by(|a, b| (a.kind, &a.source, &a.target).cmp(&(b.kind, &b.source, &b.target)));
    Graph { nodes, edges: out, truncated: total_nodes > limit.max(1), total_nodes }
}

fn intro_handle(index: &Index, id: NoteId) -> String {
    intro::PersonRef::of(index, id).map(|p| p.handle).unwrap_or_default()
}
