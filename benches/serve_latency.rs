//! Save-to-event latency of `gloss serve`: how long after a writer saves a
//! file open pages are told about it. Runs the real binary on the shipped
//! guide and on a generated site of 1,000 entries, edits one entry (and the
//! theme's stylesheet) repeatedly, and reports the median and p95 of the time
//! from the write to the `reload` (or `css`) event on the live stream.
//!
//! `cargo bench --bench serve_latency` (add `-- --edits N` to change the
//! number of edits per case; default 30). Bounded: every wait has a timeout.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/serve.rs"]
mod serve;

use std::path::Path;
use std::time::{Duration, Instant};

use serve::{EventStream, Server, save, version_of};

const EVENT_TIMEOUT: Duration = Duration::from_secs(30);
/// Quiet time after each event, so that edits do not coalesce.
const PAUSE: Duration = Duration::from_millis(60);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let edits = args
        .iter()
        .position(|a| a == "--edits")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(30usize);

    println!("gloss serve: save-to-event latency over {edits} edits each");
    println!("{:<34} {:>8} {:>8} {:>8} {:>8}", "case", "median", "p95", "max", "rebuild");

    let shipped = common::shipped_site();
    run_case("shipped guide, entry edit", shipped.path(), "content/microneedling/aftercare.md", "reload", edits);
    run_case("shipped guide, stylesheet edit", shipped.path(), "themes/clinic/static/style.css", "css", edits);

    let large = generated_site(10, 100);
    run_case("1,000 entries, entry edit", large.path(), "content/guide-05/entry-050.md", "reload", edits);
    run_case("1,000 entries, stylesheet edit", large.path(), "themes/clinic/static/style.css", "css", edits);
}

fn run_case(name: &str, root: &Path, file: &str, expected: &str, edits: usize) {
    let server = Server::start(root, &[]);
    let events = server.events(&version_of(&server.get("/").text()));
    let path = root.join(file);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut latencies = Vec::with_capacity(edits);
    for i in 0..edits {
        let text = if file.ends_with(".css") {
            format!("{original}\nbody {{ --bench-edit: {i}; }}\n")
        } else {
            format!("{}\n\nEdit number {i} of this entry.\n", original.trim_end())
        };
        let saved = Instant::now();
        save(&path, &text);
        let (event, at) = next_named(&events, expected);
        assert_eq!(event, expected);
        latencies.push(at.duration_since(saved));
        std::thread::sleep(PAUSE);
        assert!(events.try_next(Duration::ZERO).is_none(), "one edit, one event");
    }
    save(&path, &original);
    let _ = events.try_next(EVENT_TIMEOUT.min(Duration::from_secs(5)));

    let rebuilds = rebuild_times(&server.log());
    latencies.sort();
    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
    println!(
        "{name:<34} {:>8} {:>8} {:>8} {:>8}",
        ms(percentile(&latencies, 50)),
        ms(percentile(&latencies, 95)),
        ms(*latencies.last().unwrap()),
        rebuilds.get(rebuilds.len() / 2).map_or("-".into(), |m| format!("{m}")),
    );
}

fn next_named(events: &EventStream, expected: &str) -> (String, Instant) {
    let (event, at) = events.next(EVENT_TIMEOUT);
    assert_eq!(event.name, expected, "{event:?}");
    (event.name, at)
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let i = ((sorted.len() * p).div_ceil(100)).saturating_sub(1).min(sorted.len() - 1);
    sorted[i]
}

/// The `Rebuilt in N ms` figures the server printed, sorted (median = rebuild column).
fn rebuild_times(log: &str) -> Vec<u64> {
    let mut times: Vec<u64> = log
        .lines()
        .filter_map(|l| l.strip_prefix("Rebuilt in "))
        .filter_map(|l| l.split(' ').next()?.parse().ok())
        .collect();
    times.sort();
    times
}

/// A site of `guides` guides with `per_guide` entries each, in the shipped
/// theme, with links, lists and callouts like real entries.
fn generated_site(guides: usize, per_guide: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_dir(&common::repo_root().join("themes"), &root.join("themes"));
    std::fs::copy(common::repo_root().join("gloss.yaml"), root.join("gloss.yaml")).unwrap();
    let mut files = vec![("content/_index.md".to_string(), "---\ntitle: Patient guides\n---\n\nOur guides.\n".into())];
    for g in 0..guides {
        files.push((
            format!("content/guide-{g:02}/_index.md"),
            format!(
                "---\ntitle: \"Treatment {g}\"\ndescription: \"What treatment {g} is.\"\norder: {g}\n---\n\n\
                 Treatment {g} is a skin treatment. Ask your provider if it is right for you.\n"
            ),
        ));
        for e in 0..per_guide {
            let next = (e + 1) % per_guide;
            files.push((
                format!("content/guide-{g:02}/entry-{e:03}.md"),
                format!(
                    "---\ntitle: \"Question {e} about treatment {g}?\"\nsummary: \"A short answer to question {e}.\"\n\
                     order: {e}\ntopics: [aftercare, topic-{}]\nreviewed_by: \"Dr. Example, MD\"\n\
                     last_reviewed: 2026-10-15\n---\n\n\
                     Most people feel fine after the treatment. Your skin may be red for a day or two.\n\n\
                     ## What to expect\n\n- Some redness.\n- Mild swelling.\n- A warm feeling.\n\n\
                     > [!TIP]\n> Use a gentle cleanser and keep your skin out of the sun.\n\n\
                     See [the next question](entry-{next:03}.md) for more.\n",
                    e % 7
                ),
            ));
        }
    }
    for (path, text) in &files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}
