//! Completion candidates: every contact, ranked by how recently and how often you talk.

use crate::core::date::{self, Date};
use crate::core::index::{Index, NoteId};
use crate::core::note::ContactKind;

#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: NoteId,
    pub handle: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: ContactKind,
    /// "Staff Engineer · Acme Corp"
    pub detail: String,
    /// Higher is better: each past exchange adds `1 / (1 + days ago / 30)`.
    pub score: f64,
}

/// All contacts, best first (score, then name).
pub fn candidates(index: &Index, today: Date) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = index
        .contacts()
        .map(|(id, c)| {
            let score = index
                .exchanges(id)
                .iter()
                .filter(|e| e.date <= today)
                .map(|e| 1.0 / (1.0 + date::days_between(e.date, today) as f64 / 30.0))
                .sum();
            let company = index
                .company_of(id)
                .and_then(|co| index.contact(co))
                .map(|co| co.name.clone());
            let company = company.or_else(|| c.company.clone());
            let detail = [c.role.clone(), company]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            Candidate {
                id,
                handle: c.handle.clone(),
                name: c.name.clone(),
                aliases: c.aliases.clone(),
                kind: c.kind,
                detail,
                score,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    out
}
