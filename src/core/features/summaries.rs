//! Summaries of exchanges and follow-ups, read back from the notes' text. The index keeps no
//! summaries (they would be most of its memory); an answer that shows some asks the edge for
//! the text of those few notes, through a callback, and parses them again.

use crate::core::features::card::ContactCard;
use crate::core::features::followups::FollowUp;
use crate::core::note::parse;
use std::collections::HashMap;

pub struct Summaries<F: FnMut(&str) -> Option<String>> {
    text_of: F,
    notes: HashMap<String, Vec<String>>,
}

impl<F: FnMut(&str) -> Option<String>> Summaries<F> {
    /// `text_of` gives a note's current text by vault path (an open buffer or the file).
    pub fn new(text_of: F) -> Summaries<F> {
        Summaries { text_of, notes: HashMap::new() }
    }

    /// The summary of block `block` of the note at `path`; empty when the note cannot be read
    /// or has changed so much that the block is gone.
    pub fn get(&mut self, path: &str, block: u32) -> String {
        if !self.notes.contains_key(path) {
            let summaries = (self.text_of)(path).map(|t| parse(path, &t).take_summaries()).unwrap_or_default();
            self.notes.insert(path.to_string(), summaries);
        }
        self.notes[path].get(block as usize).cloned().unwrap_or_default()
    }

    pub fn fill_card(&mut self, card: &mut ContactCard) {
        for e in card.exchanges.iter_mut().chain(card.upcoming.iter_mut()) {
            if let Some(b) = e.block {
                e.summary = self.get(&e.path, b);
            }
        }
        self.fill_follow_ups(&mut card.follow_ups);
    }

    pub fn fill_follow_ups(&mut self, list: &mut [FollowUp]) {
        for f in list {
            f.text = self.get(&f.path, f.block);
        }
    }
}
