//! Imports, export and merge through the real binary on temporary vaults (fixtures in
//! tests/fixtures/import/), plus the planner's match order as data.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ties::core::date::parse_iso;
use ties::core::{Config, Index, parse};
use ties::import::{Incoming, Planner, Source};
use ties::write::FileChange;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

/// A vault folder with these notes.
fn vault(notes: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in notes {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

fn ties(today: &str) -> Command {
    let mut cmd = Command::cargo_bin("ties").unwrap();
    cmd.env_remove("TIES_TODAY").env_remove("TIES_LOG").args(["--no-cache", "--today", today]);
    cmd
}

/// Runs and returns stdout; panics with stderr on failure.
fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Every file under `root` with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const MARIA: &str = "---\nkind: person\nname: Maria Lopez   # met at RustConf\ncompany: acme-corp\nrole: Engineer\ntags: [rust]\n---\n\nMet at RustConf. Likes climbing.\n";
const ACME: &str = "---\nkind: company\nname: Acme Corp\n---\n";
const JOSE: &str = "---\nkind: person\nname: Jose Alvarez\n---\nFriend of Maria.\n";

fn network() -> tempfile::TempDir {
    vault(&[("people/maria.md", MARIA), ("companies/acme-corp.md", ACME), ("people/jose.md", JOSE)])
}

#[test]
fn linkedin_import_creates_fills_and_a_second_run_changes_no_byte() {
    let v = network();
    let csv = fixture("Connections.csv");
    let out = ok(ties("2026-11-30").args(["import", "linkedin"]).arg(&csv).arg(v.path()));
    assert!(out.contains("7 new people, 5 new companies, 2 updated, 1 job changes, 2 skipped"), "{out}");
    assert_eq!(
        read(v.path(), "people/jane-doe.md"),
        "---\nkind: person\nname: Jane Doe\ncompany: stripe-inc\nrole: Staff Engineer\n\
         linkedin: https://www.linkedin.com/in/janedoe\nconnected: 2024-03-15\ntie: weak\ntags: [linkedin]\n---\n"
    );
    assert_eq!(read(v.path(), "companies/stripe-inc.md"), "---\nkind: company\nname: \"Stripe, Inc.\"\n---\n");
    // Same name, different profiles: two contacts.
    assert!(read(v.path(), "people/alex-kim.md").contains("alexkim1"));
    assert!(read(v.path(), "people/alex-kim-2.md").contains("alexkim2"));
    // Unicode names keep their spelling; handles are readable ASCII.
    assert!(read(v.path(), "people/zoe-sumnik.md").contains("name: Zoë Šumnik\n"));
    assert!(read(v.path(), "people/li-lei.md").contains("name: 李 雷\n"));
    // An accent-insensitive name match fills the missing keys and leaves the rest.
    assert_eq!(
        read(v.path(), "people/jose.md"),
        "---\nkind: person\nname: Jose Alvarez\nlinkedin: https://www.linkedin.com/in/jalvarez\n\
         email: jose@alvarez.es\nconnected: 2020-05-20\n---\nFriend of Maria.\n"
    );
    let before = tree(v.path());
    let again = ok(ties("2026-11-30").args(["import", "linkedin", "--json"]).arg(&csv).arg(v.path()));
    assert!(again.contains(r#""new_people":0"#) && again.contains(r#""updated":0"#), "{again}");
    assert_eq!(tree(v.path()), before, "a second import changed the vault");
}

#[test]
fn dry_run_writes_nothing_and_shows_the_lines() {
    let v = network();
    let before = tree(v.path());
    let out =
        ok(ties("2026-11-30").args(["import", "linkedin", "--dry-run"]).arg(fixture("Connections.csv")).arg(v.path()));
    assert!(out.contains("create people/jane-doe.md\n  + ---\n  + kind: person\n"), "{out}");
    assert!(out.contains("update people/maria.md"), "{out}");
    assert!(out.contains("(dry run: nothing written)"), "{out}");
    assert_eq!(tree(v.path()), before);
}

#[test]
fn malformed_and_nameless_rows_are_skipped_with_their_line() {
    let v = network();
    let out = ok(ties("2026-11-30")
        .args(["import", "linkedin", "--json", "--dry-run"])
        .arg(fixture("Connections.csv"))
        .arg(v.path()));
    let skipped: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|j| j["action"] == "skipped")
        .collect();
    assert_eq!(skipped.len(), 2, "{out}");
    assert_eq!(skipped[0]["line"], 8);
    assert!(skipped[0]["reason"].as_str().unwrap().contains("hides"), "{out}");
    assert_eq!(skipped[1]["line"], 12);
    assert!(skipped[1]["reason"].as_str().unwrap().contains("malformed row"), "{out}");
}

#[test]
fn a_job_change_is_news_until_the_next_exchange() {
    let v = network();
    ok(ties("2026-11-30").args(["import", "linkedin"]).arg(fixture("Connections.csv")).arg(v.path()));
    let maria = read(v.path(), "people/maria.md");
    assert!(maria.starts_with("---\nkind: person\nname: Maria Lopez   # met at RustConf\ncompany: globex\nrole: Principal Engineer\ntags: [rust]\n"), "{maria}");
    assert!(maria.contains("past_companies: [acme-corp]\njob_changed: 2026-11-30\n"), "{maria}");
    assert!(maria.ends_with("Met at RustConf. Likes climbing.\n\n- 2026-11-30 LinkedIn: moved from Acme Corp to Globex, Principal Engineer\n"), "{maria}");
    let check = |today: &str| {
        let out = ties(today).arg("check").arg(v.path()).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let out = check("2026-12-01");
    assert!(out.contains("Maria Lopez moved to Globex (2026-11-30): congratulate them"), "{out}");
    assert!(out.contains("[job-change]"), "{out}");
    // An exchange before the change does not clear it; one after it does.
    std::fs::create_dir_all(v.path().join("journal")).unwrap();
    std::fs::write(v.path().join("journal/2026-11-01.md"), "Lunch with @maria.\n").unwrap();
    assert!(check("2026-12-01").contains("[job-change]"));
    std::fs::write(v.path().join("journal/2026-12-01.md"), "Congratulated @maria on the new job.\n").unwrap();
    assert!(!check("2026-12-01").contains("[job-change]"), "{}", check("2026-12-01"));
}

#[test]
fn hostile_names_stay_inside_the_vault() {
    let outer = tempfile::tempdir().unwrap();
    let v = outer.path().join("vault");
    std::fs::create_dir_all(&v).unwrap();
    let long = "x".repeat(400);
    let csv = format!(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         ../..,/etc/passwd,https://l/1,,../../../outside,Boss,01 Jan 2020\n\
         \"a\u{1}b\",\"c\rd\",https://l/2,,\"co/../..\",x,01 Jan 2020\n\
         CON,,https://l/3,,NUL,,01 Jan 2020\n\
         {long},{long},https://l/4,,{long},,01 Jan 2020\n\
         .hidden,.,https://l/5,,.git,,01 Jan 2020\n"
    );
    let file = outer.path().join("c.csv");
    std::fs::write(&file, csv).unwrap();
    let out = ok(ties("2026-11-30").args(["import", "linkedin"]).arg(&file).arg(&v));
    assert!(out.contains("5 new people"), "{out}");
    let files = tree(outer.path());
    for path in files.keys() {
        let inside = path == "c.csv" || path.starts_with("vault/people/") || path.starts_with("vault/companies/");
        assert!(inside, "{path} was written outside the people and companies folders");
        let name = path.rsplit('/').next().unwrap();
        assert!(!name.starts_with('.') && name.len() <= 90, "{path}");
        assert!(!path.chars().any(char::is_control), "{path:?}");
    }
    assert!(!v.join(".git").exists());
    // The names themselves are kept (without control characters) and read back by the parser.
    let people: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.starts_with("vault/people/"))
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .collect();
    assert!(people.iter().any(|t| t.contains("name: \"../.. /etc/passwd\"\n")), "{people:?}");
    assert!(people.iter().any(|t| t.contains("name: ab c d\n")), "{people:?}");
}

#[test]
fn vcards_3_and_4_and_a_vdir_folder() {
    let v = vault(&[]);
    let out = ok(ties("2026-11-30").args(["import", "vcard"]).arg(fixture("contacts.vcf")).arg(v.path()));
    assert!(out.contains("skipped      line 28: the card has no name"), "{out}");
    let zoe = read(v.path(), "people/zoe-sumnik.md");
    for want in [
        "name: Zoë Šumnik\n",
        "company: globex\n",
        "role: CTO\n",
        "email: zoe@globex.example\nemails: [zoe.s@mail.example]\n",
        "phones: [+386 40 123 456, +386 1 234 5678]\n",
        "uid: \"urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\"\n",
        "birthday: 1988-12-03\n",
        "tags: [conference, rust]\n",
        // Unfolded and unescaped.
        "\nMet at EuroRust, Vienna.\nWants an intro to the payments team; ask Jane.\n",
    ] {
        assert!(zoe.contains(want), "{want:?} not in\n{zoe}");
    }
    let priya = read(v.path(), "people/priya-natarajan.md");
    assert!(priya.contains("linkedin: https://www.linkedin.com/in/priya-n/\n"), "{priya}");
    assert!(priya.contains("birthday: \"--04-12\"\nanniversary: 2015-06-20\n"), "{priya}");
    let out = ok(ties("2026-11-30").args(["import", "vcard"]).arg(fixture("vdir")).arg(v.path()));
    assert!(out.contains("2 new people"), "{out}");
    assert!(read(v.path(), "people/tom-becker.md").contains("company: umbrella\n"));
    let out = ok(ties("2026-11-30").args(["show", "priya-natarajan"]).arg(v.path()));
    assert!(out.contains("birthday: --04-12 (next 2027-04-12"), "{out}");
}

#[test]
fn export_then_import_changes_nothing() {
    let v = network();
    ok(ties("2026-11-30").args(["import", "linkedin"]).arg(fixture("Connections.csv")).arg(v.path()));
    ok(ties("2026-11-30").args(["import", "vcard"]).arg(fixture("contacts.vcf")).arg(v.path()));
    let exported = ok(ties("2026-11-30").args(["export", "vcard"]).arg(v.path()));
    assert!(exported.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{exported}");
    assert!(exported.contains("ORG:Stripe\\, Inc.\r\n"), "{exported}");
    for line in exported.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line:?}", line.len());
        assert!(!line.contains('\n'), "a bare LF in {line:?}");
    }
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &exported).unwrap();
    let before = tree(v.path());
    let out = ok(ties("2026-11-30").args(["import", "vcard"]).arg(file.path()).arg(v.path()));
    assert!(out.contains("0 new people, 0 new companies, 0 updated, 0 job changes, 0 skipped"), "{out}");
    assert_eq!(tree(v.path()), before, "importing the export changed the vault");
}

#[test]
fn calendar_events_become_meetings_once() {
    let v = vault(&[
        ("people/jane-doe.md", "---\nkind: person\nname: Jane Doe\n---\n"),
        ("people/alex-kim.md", "---\nkind: person\nname: Alex\nemail: Alex@Kim.dev\n---\n"),
    ]);
    let out = ok(ties("2026-11-20").args(["import", "calendar"]).arg(fixture("calendar.ics")).arg(v.path()));
    assert!(
        out.contains(
            "4 new meetings; skipped: 0 already imported, 1 cancelled, 1 with no known attendee, 3 in the future"
        ),
        "{out}"
    );
    assert_eq!(
        read(v.path(), "meetings/2026-11-03 Coffee with Jane.md"),
        "---\ndate: 2026-11-03\nuid: coffee-1@example\n---\n\nCoffee with Jane, with @jane-doe.\n\nTalked about the payments team, and a referral.\n"
    );
    assert!(v.path().join("meetings/2026-11-16 Mentoring sync.md").exists());
    let before = tree(v.path());
    let out = ok(ties("2026-11-20").args(["import", "calendar"]).arg(fixture("calendar.ics")).arg(v.path()));
    assert!(out.starts_with("0 new meetings; skipped: 4 already imported"), "{out}");
    assert_eq!(tree(v.path()), before);
    let out = ok(ties("2026-11-20").args(["show", "jane-doe"]).arg(v.path()));
    assert!(out.contains("Last exchange: 2026-11-03"), "{out}");
}

#[test]
fn merge_rewrites_mentions_joins_front_matter_and_removes_from() {
    let v = vault(&[
        ("people/jane-doe.md", "---\nkind: person\nname: Jane Doe\nrole: CTO\ntags: [a]\n---\n\nMet at a meetup.\n"),
        (
            "people/jd.md",
            "---\nkind: person\nname: Jane D.\nrole: VP\ntags: [b]\nemail: jane@x.com\n---\n\nLikes tea.\n",
        ),
        ("journal/2026-11-20.md", "Coffee with @jd and [[jd]], then @[Jane D.] left.\n"),
    ]);
    let out = ok(ties("2026-11-30").args(["check"]).arg(v.path()));
    assert!(!out.contains("possible-duplicate"), "different names, emails: no finding\n{out}");
    let out = ok(ties("2026-11-30").args(["merge", "jd", "jane-doe", "--json"]).arg(v.path()));
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["deleted"], "people/jd.md");
    assert!(j["conflicts"][0].as_str().unwrap().contains("role: kept `CTO`"), "{out}");
    assert!(!v.path().join("people/jd.md").exists());
    assert_eq!(
        read(v.path(), "journal/2026-11-20.md"),
        "Coffee with @jane-doe and [[jane-doe]], then @[Jane Doe] left.\n"
    );
    assert_eq!(
        read(v.path(), "people/jane-doe.md"),
        "---\nkind: person\nname: Jane Doe\nrole: CTO\ntags: [a, b]\naliases: [Jane D., jd]\n# merged from jd: role: VP\n\
         email: jane@x.com\n---\n\nMet at a meetup.\n\n## Merged from Jane D.\n\nLikes tea.\n"
    );
    let out = ok(ties("2026-11-30").args(["show", "jd"]).arg(v.path()));
    assert!(out.starts_with("Jane Doe (@jane-doe)"), "the old handle still finds the contact\n{out}");
}

#[test]
fn possible_duplicates_by_email_and_accent_insensitive_name() {
    let v = vault(&[
        ("people/a.md", "---\nkind: person\nname: Sam Lee\nemail: sam@x.com\n---\n"),
        ("people/b.md", "---\nkind: person\nname: Samuel Lee\nemails: [SAM@x.com]\n---\n"),
        ("people/jose.md", "---\nkind: person\nname: José Álvarez\n---\n"),
        ("people/jose2.md", "---\nkind: person\nname: Jose Alvarez\n---\n"),
    ]);
    let out = ties("2026-11-30").arg("check").arg(v.path()).output().unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("people/a.md:4:1: info: possible duplicate of people/b.md (same email: sam@x.com)"), "{out}");
    assert!(out.contains("people/b.md:2:1: info: possible duplicate of people/a.md (same email: sam@x.com)"), "{out}");
    assert!(
        out.contains("people/jose.md:3:1: info: possible duplicate of people/jose2.md (same name: José Álvarez)"),
        "{out}"
    );
}

/// The planner over an index built from texts: which note each record lands on.
fn plan_paths(notes: &[(&str, &str)], rows: Vec<Incoming>) -> Vec<(String, String)> {
    let index = Index::build(notes.iter().map(|(p, t)| parse(p, t)));
    let texts: BTreeMap<String, String> = notes.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    let mut text_of = |p: &str| texts.get(p).cloned();
    let config = Config::default();
    let mut planner = Planner::new(&index, &config, &mut text_of, Source::VCard, parse_iso("2026-11-30").unwrap());
    for r in rows {
        planner.add(r);
    }
    planner
        .finish()
        .changes
        .into_iter()
        .map(|c| match c {
            FileChange::Create { path, .. } => ("create".into(), path),
            FileChange::Update { path, .. } => ("update".into(), path),
            FileChange::Delete { path, .. } => ("delete".into(), path),
        })
        .collect()
}

#[test]
fn match_order_url_then_email_then_uid_then_name() {
    let notes = [
        ("people/a.md", "---\nkind: person\nname: Sam Lee\nlinkedin: https://www.linkedin.com/in/sam/\n---\n"),
        ("people/b.md", "---\nkind: person\nname: Sam Lee\nemail: b@x.com\n---\n"),
        ("people/c.md", "---\nkind: person\nname: Sam Lee\nuid: u-1\n---\n"),
        ("people/d.md", "---\nkind: person\nname: José Álvarez\n---\n"),
    ];
    let rec = |url: Option<&str>, email: Option<&str>, uid: Option<&str>, name: &str| Incoming {
        name: name.into(),
        linkedin: url.map(String::from),
        emails: email.map(String::from).into_iter().collect(),
        uid: uid.map(String::from),
        role: Some("New role".into()),
        ..Incoming::default()
    };
    let cases = [
        // The URL wins over the email and the UID (scheme, www and trailing slash ignored).
        (rec(Some("http://linkedin.com/in/SAM"), Some("b@x.com"), Some("u-1"), "X"), "people/a.md"),
        // Then any email, case-insensitive.
        (rec(None, Some("B@X.com"), Some("u-1"), "X"), "people/b.md"),
        // Then the UID.
        (rec(None, Some("other@x.com"), Some("u-1"), "Sam Lee"), "people/c.md"),
        // Then the name, accents and case aside.
        (rec(None, None, None, "jose alvarez"), "people/d.md"),
    ];
    for (r, want) in cases {
        assert_eq!(plan_paths(&notes, vec![r.clone()]), [("update".to_string(), want.to_string())], "{r:?}");
    }
    // A name whose contact has another LinkedIn URL is someone else... unless another contact
    // of that name has no URL.
    let other = rec(Some("https://linkedin.com/in/sam-2"), None, None, "Sam Lee");
    assert_eq!(plan_paths(&notes[..1], vec![other.clone()]), [("create".to_string(), "people/sam-lee.md".to_string())]);
    assert_eq!(plan_paths(&notes, vec![other]), [("update".to_string(), "people/b.md".to_string())]);

    // Within one run too: once a row gave a contact its URL, a row with the same name and
    // another URL is someone else (else a second run would not match it the same way).
    let b = [("people/b.md", "---\nkind: person\nname: Sam Lee\n---\n")];
    let rows = vec![
        rec(Some("https://linkedin.com/in/sam-1"), None, None, "Sam Lee"),
        rec(Some("https://linkedin.com/in/sam-2"), None, None, "Sam Lee"),
        rec(Some("https://linkedin.com/in/sam-1"), None, None, "Sam Lee"),
    ];
    assert_eq!(
        plan_paths(&b, rows),
        [("create".to_string(), "people/sam-lee.md".to_string()), ("update".to_string(), "people/b.md".to_string())]
    );
}
