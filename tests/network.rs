//! Introductions, the weekly plan, stats and the graph (issue 11), as data: small vaults written
//! inline and what ties answers, as of 2026-11-26.

mod common;

use common::{files, index, today};
use expect_test::{Expect, expect};
use std::fmt::Write as _;
use ties::core::config::Config;
use ties::core::date::{Cadence, parse_iso};
use ties::core::features::graph::graph;
use ties::core::features::intro::{self, Intro};
use ties::core::features::plan::{self, PlanOptions};
use ties::core::features::{findings, stats};
use ties::core::index::Index;
use ties::core::note::parse;

/// Every path kind: Ann and Ben work at Acme (Ann warm, Ben never met), Cleo used to, Eve knows
/// both (co-mentions), Dev at Umbrella was introduced by Eve and met Fay at a meeting; Globex
/// has no way in.
const PEOPLE: &str = r#"
    //- companies/acme.md
    ---
    kind: company
    name: Acme Corp
    aliases: [Acme]
    target: true
    ---
    //- companies/umbrella.md
    ---
    kind: company
    name: Umbrella
    target: true
    ---
    //- companies/globex.md
    ---
    kind: company
    name: Globex
    target: true
    ---
    //- people/ann.md
    ---
    kind: person
    name: Ann Lee
    company: acme
    role: CTO
    tie: strong
    ---
    //- people/ben.md
    ---
    kind: person
    name: Ben Ortiz
    company: "[[Acme Corp]]"
    ---
    //- people/cleo.md
    ---
    kind: person
    name: Cleo Park
    past_companies: [acme, globex-old]
    ---
    //- people/dev.md
    ---
    kind: person
    name: Dev Rao
    company: umbrella
    introduced_by: "@eve"
    ---
    //- people/eve.md
    ---
    kind: person
    name: Eve Stone
    tie: strong
    ---
    //- people/fay.md
    ---
    kind: person
    name: Fay Wu
    met_via: eve
    ---
    //- meetings/2026-11-10 umbrella sync.md
    ---
    attendees: [dev, "[[Fay Wu]]"]
    ---
    # Umbrella sync
    Roadmap talk.
    //- journal/2026-11-20.md
    Lunch with @ann and @eve.

    - Coffee with @eve; she climbs with @ben on Sundays.
    //- journal/2026-10-01.md
    Call with @ann.

    - [ ] Introduce @fay to @ben
    //- journal/2026-06-01.md
    Met @fay at a meetup.

    Later, @eve and @ben again.
"#;

fn intro_text(index: &Index, company: &str) -> String {
    let config = Config::default();
    let answer: Intro = match intro::intro(index, company, today(), &config) {
        Ok(a) => a,
        Err(e) => return format!("error: {e}\n"),
    };
    let mut s = String::new();
    for (k, p) in answer.paths.iter().enumerate() {
        let via = p.via.as_ref().map(|v| format!("@{} -> ", v.handle)).unwrap_or_default();
        writeln!(s, "{}. {} {via}@{} {:.3}", k + 1, p.kind.as_str(), p.target.handle, p.score).unwrap();
        for h in &p.hops {
            let from = h.from.as_deref().unwrap_or("you");
            let at = match (&h.path, h.line) {
                (Some(path), Some(line)) => format!(" {path}:{}", line + 1),
                _ => String::new(),
            };
            writeln!(s, "   {from} -> {} {} x{}{at}", h.to, h.kind.as_str(), h.count).unwrap();
        }
        writeln!(s, "   step: {}", p.step).unwrap();
    }
    for sug in &answer.suggestions {
        writeln!(s, "suggest @{}: {}", sug.person.handle, sug.reason).unwrap();
    }
    s
}

fn check_intro(company: &str, expect: Expect) {
    expect.assert_eq(&intro_text(&index(PEOPLE), company));
}

#[test]
fn direct_second_degree_and_alumni_paths_ranked_with_evidence() {
    // Ann (strong, met 6 days ago) first, then Ben (met twice, weak). Eve knows Ben from two
    // co-mentions and Ann from one: the stronger link ranks higher. Cleo used to work there and
    // was never met: last. The open task "Introduce @fay to @ben" is a plan, not a link.
    check_intro(
        "Acme",
        expect![[r#"
            1. direct @ann 0.725
               you -> ann exchanged x2 journal/2026-11-20.md:1
               ann -> acme works-at x1 people/ann.md:4
               step: Write to @ann (CTO at Acme Corp); last exchange 2026-11-20 (6 days ago).
            2. direct @ben 0.575
               you -> ben exchanged x2 journal/2026-11-20.md:3
               ben -> acme works-at x1 people/ben.md:4
               step: Write to @ben (Acme Corp); last exchange 2026-11-20 (6 days ago).
            3. second-degree @eve -> @ben 0.358
               you -> eve exchanged x2 journal/2026-11-20.md:1
               eve -> ben co-mention x2 journal/2026-11-20.md:3
               ben -> acme works-at x1 people/ben.md:4
               step: Ask @eve to introduce you to @ben (Acme Corp); your notes mention them together on 2026-11-20 (2 times in your notes).
            4. second-degree @eve -> @ann 0.223
               you -> eve exchanged x2 journal/2026-11-20.md:1
               eve -> ann co-mention x1 journal/2026-11-20.md:1
               ann -> acme works-at x1 people/ann.md:4
               step: Ask @eve to introduce you to @ann (Acme Corp); your notes mention them together on 2026-11-20.
            5. alumni @cleo 0.030
               you -> cleo exchanged x0
               cleo -> acme worked-at x1 people/cleo.md:4
               step: Ask @cleo (worked at Acme Corp) who to talk to there and whether they would introduce you; no exchange yet.
        "#]],
    );
}

#[test]
fn introduced_by_and_meeting_attendees_are_second_degree_links() {
    // Dev was never met: asking Eve (strong, who introduced him) beats writing cold.
    check_intro(
        "umbrella",
        expect![[r#"
            1. second-degree @eve -> @dev 0.348
               you -> eve exchanged x2 journal/2026-11-20.md:1
               eve -> dev introduced-by x1 people/dev.md:5
               dev -> umbrella works-at x1 people/dev.md:4
               step: Ask @eve to introduce you to @dev (Umbrella); @eve introduced you to @dev.
            2. direct @dev 0.050
               you -> dev exchanged x0
               dev -> umbrella works-at x1 people/dev.md:4
               step: Introduce yourself to @dev (Umbrella): you have a note on them but no exchange yet.
            3. second-degree @fay -> @dev 0.041
               you -> fay exchanged x1 journal/2026-06-01.md:1
               fay -> dev meeting x1 meetings/2026-11-10 umbrella sync.md:2
               dev -> umbrella works-at x1 people/dev.md:4
               step: Ask @fay to introduce you to @dev (Umbrella); they were both at *Umbrella sync* on 2026-11-10.
        "#]],
    );
}

#[test]
fn a_company_with_no_way_in_gets_suggestions() {
    check_intro(
        "globex",
        expect![[r#"
        suggest @eve: knows 4 people in your notes: ask who they know at Globex
        suggest @dev: knows 2 people in your notes: ask who they know at Globex
        suggest @fay: knows 2 people in your notes: ask who they know at Globex
        suggest @ann: knows 1 person in your notes: ask who they know at Globex
        suggest @ben: knows 1 person in your notes: ask who they know at Globex
    "#]],
    );
}

#[test]
fn intro_refuses_people_and_unknown_names() {
    check_intro(
        "ann",
        expect![[r#"
        error: `ann` is Ann Lee, a person: give a company (its handle, name or alias)
    "#]],
    );
    check_intro(
        "initech",
        expect![[r#"
        error: no company `initech`: give a company's handle, name or alias (`ties contacts` lists them), or create a note with `kind: company`
    "#]],
    );
}

#[test]
fn no_one_at_target_names_the_best_way_in() {
    let fixture = format!(
        "{PEOPLE}\n    //- people/gil.md\n    ---\n    kind: person\n    name: Gil\n    past_companies: [globex]\n    ---\n"
    );
    let idx = index(&fixture);
    let globex = idx.find("globex").unwrap();
    let messages: Vec<String> = findings::for_note(&idx, globex, today(), &Config::default())
        .into_iter()
        .filter(|f| f.code == findings::Code::NoOneAtTarget)
        .map(|f| f.message)
        .collect();
    expect![[r#"
        [
            "no one at Globex yet; best way in: ask @gil, who worked there (`ties intro globex`)",
        ]
    "#]]
    .assert_debug_eq(&messages);
}

#[test]
fn front_matter_reads_links_and_past_companies_in_every_spelling() {
    let note = "---\nkind: person\nname: Zed\nintroduced_by: [[Eve Stone]]\nmet_via: \"@fay, bob\"\npast_companies:\n  - acme\n  - [[Umbrella Corp]]\n---\n";
    let facts = parse("people/zed.md", note);
    let c = facts.contact.unwrap();
    assert_eq!(c.introduced_by, vec!["[[Eve Stone]]"]);
    assert_eq!(c.met_via, vec!["@fay", "bob"]);
    assert_eq!(c.past_companies, vec!["acme", "[[Umbrella Corp]]"]);
    // `past_companies` is also kept as written in `extra`, so the card shows it (imports fill it).
    assert_eq!(c.extra, vec![("past_companies".to_string(), "acme, Umbrella Corp".to_string())]);
    let meeting = parse("m/2026-11-10 sync.md", "---\nattendees: [ann, \"@ben\"]\n---\n# Sync\n");
    assert_eq!(meeting.attendees, vec!["ann", "@ben"]);
}

// ---- The plan ---------------------------------------------------------------------------

/// Olga has three overdue promises; Pia one due in 3 days; Sam is snoozed despite an overdue
/// one; Gus was asked three times and given nothing; Wes (weak) and Sid (strong) are going
/// cold; Bea's birthday is in two days; Nia works at a company nobody you talked to lately is
/// at; Acme is a target and Ann, who works there, was last seen long ago.
const WEEK: &str = r#"
    //- people/olga.md
    ---
    kind: person
    name: Olga
    tie: strong
    ---
    //- people/pia.md
    ---
    kind: person
    name: Pia
    ---
    //- people/sam.md
    ---
    kind: person
    name: Sam
    snooze_until: 2026-12-15
    ---
    //- people/gus.md
    ---
    kind: person
    name: Gus
    company: umbrella
    ---
    //- people/wes.md
    ---
    kind: person
    name: Wes
    tie: weak
    cadence: 2w
    last_contact: 2026-08-01
    ---
    //- people/sid.md
    ---
    kind: person
    name: Sid
    tie: strong
    cadence: 2w
    last_contact: 2026-10-01
    ---
    //- people/bea.md
    ---
    kind: person
    name: Bea
    birthday: 1990-11-28
    ---
    //- people/nia.md
    ---
    kind: person
    name: Nia
    company: Initech
    tags: [biotech]
    last_contact: 2026-01-10
    ---
    //- people/ann.md
    ---
    kind: person
    name: Ann
    company: acme
    last_contact: 2026-05-01
    ---
    //- companies/acme.md
    ---
    kind: company
    name: Acme
    target: true
    ---
    //- journal/2026-11-01.md
    - [ ] Send @olga the deck 📅 2026-11-10
    - [ ] Call @olga about the offer 📅 2026-11-12
    - [ ] Book dinner with @olga 📅 2026-11-20
    - [ ] Review @pia's draft 📅 2026-11-29
    - [ ] Reply to @sam 📅 2026-11-02
    - [ ] Thank @gus due:2026-12-20

    Asked @gus for a referral. #asked
    //- journal/2026-11-05.md
    Asked @gus to review my CV. #asked
    //- journal/2026-11-08.md
    Asked @gus about salaries. #asked
    //- journal/2026-11-24.md
    Long call with @olga and @pia and @bea.
"#;

fn plan_text(idx: &Index, limit: usize) -> String {
    let config = Config { cadence_default: Cadence::parse("1y"), ..Config::default() };
    let p = plan::plan(idx, today(), &config, PlanOptions { days: 7, limit });
    let mut s = format!("{} to {}, {} snoozed left out\n", p.today, p.until, p.snoozed);
    for (k, it) in p.items.iter().enumerate() {
        let also: Vec<&str> = it.also.iter().map(|k| k.as_str()).collect();
        writeln!(s, "{}. @{} {}: {}", k + 1, it.person.handle, it.kind.as_str(), it.reason).unwrap();
        writeln!(s, "   do: {} [{}:{}] also {also:?}", it.action, it.path, it.line + 1).unwrap();
    }
    s
}

#[test]
fn the_plan_gives_one_reason_per_person_and_leaves_snoozed_out() {
    expect![[r#"
        2026-11-26 to 2026-12-03, 1 snoozed left out
        1. @olga overdue: you promised a follow-up: 16 days overdue (due 2026-11-10) (and 2 more like it)
           do: do what you promised, then tick the task [journal/2026-11-01.md:1] also []
        2. @pia due-soon: you promised a follow-up: due in 3 days (due 2026-11-29)
           do: do what you promised, then tick the task [journal/2026-11-01.md:4] also []
        3. @bea life-event: birthday on 2026-11-28
           do: wish them a happy birthday [people/bea.md:4] also []
        4. @gus give-take: you asked 3 times and gave never
           do: send something useful (an article, a job post, an intro) and tag it #gave [people/gus.md:1] also []
        5. @wes going-cold: going cold: due since 2026-08-15 (weak tie), cadence 2w, last exchange 2026-08-01
           do: catch up: a short note, a link they would like, or a coffee [people/wes.md:1] also []
        6. @ann way-in: your best way into Acme (direct)
           do: Write to @ann (Acme); last exchange 2026-05-01 (209 days ago). [people/ann.md:4] also ["new-circle"]
        7. @sid going-cold: going cold: due since 2026-10-15, cadence 2w, last exchange 2026-10-01
           do: catch up: a short note, a link they would like, or a coffee [people/sid.md:1] also []
        8. @nia new-circle: outside your usual circle: no exchange with anyone at or in Initech, #biotech for 90 days
           do: say hello with something relevant to their work [people/nia.md:1] also []
    "#]]
    .assert_eq(&plan_text(&index(WEEK), 10));
}

#[test]
fn the_plan_is_balanced_across_kinds() {
    // Four promises would fill a list of three; at most two of a kind while others wait.
    let fixture = format!(
        "{WEEK}\n    //- journal/2026-11-02.md\n    - [ ] Ping @sid 📅 2026-11-03\n    - [ ] Ping @wes 📅 2026-11-04\n"
    );
    let idx = index(&fixture);
    expect![[r#"
        2026-11-26 to 2026-12-03, 1 snoozed left out
        1. @sid overdue: you promised a follow-up: 23 days overdue (due 2026-11-03)
           do: do what you promised, then tick the task [journal/2026-11-02.md:1] also ["going-cold"]
        2. @wes overdue: you promised a follow-up: 22 days overdue (due 2026-11-04)
           do: do what you promised, then tick the task [journal/2026-11-02.md:2] also ["going-cold"]
        3. @pia due-soon: you promised a follow-up: due in 3 days (due 2026-11-29)
           do: do what you promised, then tick the task [journal/2026-11-01.md:4] also []
    "#]]
    .assert_eq(&plan_text(&idx, 3));
}

#[test]
fn the_plan_is_stable_for_the_same_notes_in_any_order() {
    let forward = index(WEEK);
    let mut notes: Vec<_> = files(WEEK).into_iter().map(|(p, t)| parse(&p, &t)).collect();
    notes.reverse();
    let backward = Index::build(notes);
    assert_eq!(plan_text(&forward, 10), plan_text(&backward, 10));
    assert_eq!(plan_text(&forward, 10), plan_text(&forward, 10));
}

#[test]
fn the_plan_explains_its_order() {
    let p = plan::plan(&index(WEEK), today(), &Config::default(), PlanOptions::default());
    assert!(p.order.starts_with("Promises first (overdue, then due by 2026-12-03)"), "{}", p.order);
    assert!(p.order.contains("at most 4 of one kind"), "{}", p.order);
}

// ---- Stats ------------------------------------------------------------------------------

#[test]
fn stats_count_ties_give_and_take_weeks_and_ways_in() {
    let idx = index(WEEK);
    let s = stats::stats(&idx, today(), &Config::default());
    assert_eq!((s.people, s.companies), (9, 1));
    assert_eq!((s.strong, s.weak, s.no_tie), (2, 1, 6));
    assert_eq!(s.weak_touched, 0, "Wes was last seen in August");
    assert_eq!((s.gave, s.asked), (0, 3));
    assert_eq!(s.ratio(), Some(0.0));
    assert_eq!(s.per_contact.len(), 1);
    assert_eq!((s.per_contact[0].person.handle.as_str(), s.per_contact[0].asked), ("gus", 3));
    assert_eq!(s.weeks.len(), 12);
    assert_eq!(
        s.weeks.last().map(|w| (w.start.to_string(), w.end.to_string())),
        Some(("2026-11-20".into(), "2026-11-26".into()))
    );
    let weekly: Vec<u32> = s.weeks.iter().map(|w| w.exchanges).collect();
    // Sid's last_contact (10-01); Gus (11-01, 11-05, 11-08), Olga/Pia/Bea (11-24).
    assert_eq!(weekly, vec![0, 0, 0, 1, 0, 0, 0, 0, 2, 1, 0, 3]);
    assert_eq!(s.targets.len(), 1);
    assert_eq!((s.targets[0].ways, s.targets_with_way_in()), (1, 1));
}

// ---- Graph ------------------------------------------------------------------------------

#[test]
fn the_graph_has_you_people_companies_and_weighted_edges() {
    let g = graph(&index(PEOPLE), today(), 100);
    let mut s = String::new();
    for n in &g.nodes {
        writeln!(s, "node {} {} w{}", n.kind.as_str(), n.id, n.weight).unwrap();
    }
    for e in &g.edges {
        let last = e.last.map(|d| d.to_string()).unwrap_or_default();
        writeln!(s, "edge {} {} -- {} x{} {last}", e.kind.as_str(), e.source, e.target, e.weight).unwrap();
    }
    writeln!(s, "truncated {} of {}", g.truncated, g.total_nodes).unwrap();
    expect![[r#"
        node you you w4
        node person eve w7
        node person ann w5
        node person ben w5
        node person fay w4
        node company acme w3
        node person dev w3
        node person cleo w1
        node company umbrella w1
        node company globex w0
        edge exchanged you -- ann x2 2026-11-20
        edge exchanged you -- ben x2 2026-11-20
        edge exchanged you -- eve x2 2026-11-20
        edge exchanged you -- fay x1 2026-06-01
        edge works-at ann -- acme x1 
        edge works-at ben -- acme x1 
        edge works-at dev -- umbrella x1 
        edge worked-at cleo -- acme x1 
        edge introduced-by dev -- eve x1 
        edge met-via fay -- eve x1 
        edge co-mention ann -- eve x1 2026-11-20
        edge co-mention ben -- eve x2 2026-11-20
        edge co-mention dev -- fay x1 2026-11-10
        truncated false of 10
    "#]]
    .assert_eq(&s);
}

#[test]
fn the_graph_is_bounded_and_says_so() {
    let g = graph(&index(PEOPLE), today(), 4);
    assert_eq!(g.nodes.len(), 4);
    assert!(g.truncated);
    assert_eq!(g.total_nodes, 10);
    let kept: Vec<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
    assert!(g.edges.iter().all(|e| kept.contains(&e.source.as_str()) && kept.contains(&e.target.as_str())));
    assert!(!graph(&index(PEOPLE), today(), 10).truncated);
}

#[test]
fn today_is_a_parameter() {
    // Before the June meeting, Fay was never met: her path into Umbrella has no exchange.
    let early = parse_iso("2026-05-01").unwrap();
    let p = intro::paths_into(&index(PEOPLE), index(PEOPLE).find("umbrella").unwrap(), early, &Config::default());
    assert!(p.iter().all(|p| p.warmth.last.is_none()), "{p:#?}");
}

#[test]
fn an_edited_alumnus_refreshes_the_target_company_finding() {
    let mut idx = index(PEOPLE);
    let affected = idx.upsert(parse("people/gil.md", "---\nkind: person\nname: Gil\npast_companies: [globex]\n---\n"));
    assert!(affected.contains(&"companies/globex.md".to_string()), "{affected:?}");
    let affected = idx.remove("people/gil.md");
    assert!(affected.contains(&"companies/globex.md".to_string()), "{affected:?}");
}

// ---- The commands on the demo vault -----------------------------------------------------

fn ties(args: &[&str]) -> (i32, String, String) {
    let cache = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("ties")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("TIES_TODAY")
        .env_remove("TIES_LOG")
        .env("TIES_CACHE_DIR", cache.path())
        .args(["--today", "2026-11-26"])
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn cli_intro_plan_and_stats_on_the_demo_vault() {
    for (args, snapshot) in [
        (
            &["intro", "Northwind Logistics", "examples/notes"][..],
            expect_test::expect_file!["snapshots/intro-northwind.txt"],
        ),
        (&["intro", "helio-energy", "examples/notes"][..], expect_test::expect_file!["snapshots/intro-helio.txt"]),
        (
            &["intro", "fernhill-health", "examples/notes"][..],
            expect_test::expect_file!["snapshots/intro-fernhill.txt"],
        ),
        (&["plan", "examples/notes"][..], expect_test::expect_file!["snapshots/plan.txt"]),
        (&["stats", "examples/notes"][..], expect_test::expect_file!["snapshots/stats.txt"]),
    ] {
        let (code, stdout, stderr) = ties(args);
        assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
        snapshot.assert_eq(&stdout);
    }
}

#[test]
fn cli_json_shapes_for_the_editors() {
    let (_, out, _) = ties(&["intro", "northwind-logistics", "examples/notes", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["company"]["handle"], "northwind-logistics");
    let kinds: Vec<&str> = v["paths"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["direct", "direct", "second-degree", "second-degree"]);
    let hop = &v["paths"][3]["hops"][1];
    assert_eq!(
        (hop["kind"].as_str(), hop["path"].as_str(), hop["line"].as_u64()),
        (Some("introduced-by"), Some("examples/notes/people/priya-nair.md"), Some(11))
    );
    assert_eq!(v["total_paths"], 4);

    let (_, out, _) = ties(&["plan", "examples/notes", "--json", "--limit", "3"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for key in ["rank", "handle", "name", "kind", "reason", "action", "path", "line", "text", "also"] {
        assert!(items[0].get(key).is_some(), "missing {key} in {}", items[0]);
    }
    assert_eq!(items[0]["handle"], "marcus-lee");
    assert!(items[0]["text"].as_str().unwrap().starts_with("Send marcus-lee the longer doc"), "{}", items[0]);
    assert!(v["order"].as_str().unwrap().starts_with("Promises first"));
    assert_eq!(v["snoozed_left_out"], 0);

    let (_, out, _) = ties(&["graph", "examples/notes", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["nodes"][0]["id"], "you");
    assert_eq!(v["truncated"], false);
    let edge_kinds: std::collections::BTreeSet<&str> =
        v["edges"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        edge_kinds.into_iter().collect::<Vec<_>>(),
        ["co-mention", "exchanged", "introduced-by", "worked-at", "works-at"]
    );

    let (_, dot, _) = ties(&["graph", "examples/notes", "--format", "dot", "--limit", "5"]);
    assert!(dot.starts_with("graph ties {\n"), "{dot}");
    assert!(dot.contains("\"you\" [label=\"You\", shape=doublecircle];"), "{dot}");
    assert_eq!(dot.matches("shape=").count(), 5, "{dot}");
    assert!(dot.contains("// kept 5 of 23 nodes"), "{dot}");
}

#[test]
fn cli_intro_errors_say_what_to_do() {
    let (code, out, err) = ties(&["intro", "priya-nair", "examples/notes"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("is Priya Nair, a person: give a company"), "{err}");
}

#[test]
fn with_no_way_in_people_mentioned_with_the_company_come_first() {
    let fixture = format!("{PEOPLE}\n    //- journal/2026-11-25.md\n    @fay says @globex is hiring.\n");
    expect![[r#"
        suggest @fay: mentioned with Globex in journal/2026-11-25.md:1: ask what they know of it
        suggest @eve: knows 4 people in your notes: ask who they know at Globex
        suggest @dev: knows 2 people in your notes: ask who they know at Globex
        suggest @ann: knows 1 person in your notes: ask who they know at Globex
        suggest @ben: knows 1 person in your notes: ask who they know at Globex
    "#]]
    .assert_eq(&intro_text(&index(&fixture), "globex"));
}
