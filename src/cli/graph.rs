//! `ties graph`: you, people and companies with their edges, as JSON or Graphviz DOT.

use crate::cli::{Ctx, quiet, render};
use crate::core::features::graph::{self, Graph, NodeKind};
use crate::core::features::network_json;
use anyhow::Result;
use clap::ValueEnum;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Json,
    Dot,
}

pub fn run(ctx: &Ctx, dir: Option<&Path>, format: GraphFormat, limit: usize) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    let g = graph::graph(&vault.index, ctx.today, limit);
    let mut out = std::io::stdout().lock();
    match format {
        GraphFormat::Json => render::print_json(&mut out, &network_json::graph(&g, &|p: &str| vault.display(p)))?,
        GraphFormat::Dot => out.write_all(dot(&g).as_bytes())?,
    }
    if g.truncated {
        tracing::warn!("graph: kept {} of {} nodes (raise --limit for more)", g.nodes.len(), g.total_nodes);
    }
    Ok(ExitCode::SUCCESS)
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Graphviz: an undirected graph, shapes by kind, edge labels `kind ×weight`.
pub fn dot(g: &Graph) -> String {
    let mut s = String::from("graph ties {\n  overlap=false;\n");
    if g.truncated {
        s.push_str(&format!("  // kept {} of {} nodes\n", g.nodes.len(), g.total_nodes));
    }
    for n in &g.nodes {
        let shape = match n.kind {
            NodeKind::You => "doublecircle",
            NodeKind::Person => "ellipse",
            NodeKind::Company => "box",
        };
        s.push_str(&format!("  {} [label={}, shape={shape}];\n", quote(&n.id), quote(&n.label)));
    }
    for e in &g.edges {
        let last = e.last.map(|d| format!(" {d}")).unwrap_or_default();
        let style = match e.kind {
            graph::EdgeKind::WorkedAt => ", style=dashed",
            graph::EdgeKind::CoMention => ", style=dotted",
            _ => "",
        };
        s.push_str(&format!(
            "  {} -- {} [label={}{style}];\n",
            quote(&e.source),
            quote(&e.target),
            quote(&format!("{} ×{}{last}", e.kind.as_str(), e.weight))
        ));
    }
    s.push_str("}\n");
    s
}
