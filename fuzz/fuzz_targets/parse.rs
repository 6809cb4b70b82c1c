//! Any bytes as a note: parsing never panics, every range is on a character boundary, and the
//! index accepts the result.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let facts = ties::core::parse("journal/2026-11-20 fuzz.md", &text);
    let ok = |s: ties::core::text::Span| {
        s.start <= s.end
            && (s.end as usize) <= text.len()
            && text.is_char_boundary(s.start as usize)
            && text.is_char_boundary(s.end as usize)
    };
    for m in &facts.mentions {
        assert!(ok(m.span) && ok(m.target_span));
    }
    for t in &facts.tasks {
        assert!(ok(t.span) && ok(t.marker));
    }
    for p in &facts.problems {
        assert!(ok(p.span));
    }
    let mut index = ties::core::Index::new();
    index.upsert(facts);
});
