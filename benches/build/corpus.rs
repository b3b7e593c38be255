//! A synthetic gloss site for benchmarks: `guides` guides of `per_guide`
//! entries each, with bodies shaped like the shipped guide's (about 330 words,
//! `##` headings, lists, a callout, links to other entries written both as
//! `other-entry.md` and as `../other-entry/`), front matter with topics,
//! review data and sources, a home page, a glossary, `gloss.yaml` with a
//! `base_url`, and the repository's `clinic` theme.
//!
//! The text is made by a fixed pseudo-random generator (SplitMix64, seed 42),
//! so every run writes the same site, apart from review dates, which are set
//! relative to today so that no entry is ever overdue for review.

use std::fmt::Write as _;
use std::path::Path;

/// SplitMix64: small, fast and good enough to pick words.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TREATMENTS: &[&str] = &[
    "microneedling",
    "chemical peels",
    "laser resurfacing",
    "dermal fillers",
    "botox injections",
    "acne treatment",
    "eczema care",
    "mole checks",
    "hair removal",
    "rosacea care",
    "psoriasis care",
    "scar revision",
];

const SUBJECTS: &[&str] = &[
    "Your skin",
    "The treated area",
    "Most people",
    "Your provider",
    "The numbing cream",
    "A mild redness",
    "Some swelling",
    "Your doctor",
    "The first visit",
    "Healing",
    "Your face",
    "The nurse",
];

const VERBS: &[&str] = &[
    "may feel",
    "will look",
    "often gets",
    "can stay",
    "usually becomes",
    "should feel",
    "might seem",
    "tends to get",
];

const COMPLEMENTS: &[&str] = &[
    "warm and a little tight for a day or two",
    "pink, like after a mild sunburn",
    "better within a week",
    "dry as it heals",
    "smooth once the redness fades",
    "sensitive to the sun for a few weeks",
    "calm again after a good night's sleep",
    "a bit itchy while new skin grows",
    "more even after a few sessions",
    "tender when you touch it",
];

const TAILS: &[&str] = &[
    "This is normal and part of healing.",
    "Use a gentle cleanser and pat your skin dry.",
    "Wear sunscreen every day, even when it is cloudy.",
    "Do not pick or scratch the area.",
    "Ask us if you are not sure what is normal.",
    "Drink plenty of water and rest.",
    "Avoid makeup for the first day.",
    "Your collagen keeps working for weeks after the visit.",
    "Keep your hands clean when you touch your face.",
    "Skip hot showers and saunas for two days.",
    "A cool, clean cloth can help with the heat.",
    "Bring a list of the products you use to your next visit.",
];

const HEADINGS: &[&str] = &[
    "Before your visit",
    "During the treatment",
    "Right after",
    "The first week",
    "Signs to watch for",
    "How to help healing",
    "Results over time",
    "Costs and insurance",
];

const LIST_ITEMS: &[&str] = &[
    "a gentle, fragrance-free cleanser",
    "a plain moisturiser with no acids",
    "sunscreen of SPF 30 or higher",
    "a clean pillowcase each night",
    "cool water, not hot",
    "loose clothes if the treated area is on your body",
    "a soft towel to pat your skin dry",
    "the care sheet we give you",
    "your questions, written down",
    "a ride home if you had a sedative",
];

const CALLOUTS: &[(&str, &str)] = &[
    ("TIP", "Take a photo of your skin each morning. It helps you see how fast you heal."),
    ("NOTE", "Everyone heals at their own pace. Some people need a few more days than others."),
    (
        "WARNING",
        "**When to call us:** call the office if you see signs of infection, such as pus, fever, or pain that gets worse instead of better.",
    ),
    ("IMPORTANT", "Stop using retinol creams three days before your visit and for a week after it."),
];

const QUESTIONS: &[&str] = &[
    "How long does redness last after {t}",
    "Is {t} painful",
    "How many sessions of {t} will I need",
    "What should I avoid after {t}",
    "Can I wear makeup after {t}",
    "When will I see results from {t}",
    "Is {t} safe for dark skin",
    "What are the side effects of {t}",
    "How do I prepare for {t}",
    "Can I exercise after {t}",
    "Does {t} leave scars",
    "Who should not have {t}",
];

pub const TOPICS: &[&str] = &[
    "aftercare",
    "side effects",
    "pain",
    "costs",
    "preparation",
    "results",
    "sun care",
    "safety",
    "skin types",
    "scars",
    "makeup",
    "exercise",
    "sessions",
    "infection",
    "healing",
    "children",
    "pregnancy",
    "medicines",
];

const GLOSSARY: &str = "\
- term: collagen
  definition: A protein that keeps your skin firm and strong. Your body makes less of it as you age.
- term: dermatologist
  definition: A doctor who treats skin, hair and nails.
- term: sunscreen
  definition: A cream or spray that protects your skin from the sun's rays.
- term: numbing cream
  definition: A cream put on the skin to numb it, so you feel less during a treatment.
  aliases: [topical anaesthetic]
- term: moisturiser
  definition: A cream or lotion that keeps your skin from drying out.
  aliases: [moisturizer]
- term: retinol
  definition: A form of vitamin A used in skin creams. It can make skin more sensitive.
- term: infection
  definition: Germs growing where they should not. Signs are pus, fever, heat and pain that gets worse.
- term: sedative
  definition: A medicine that makes you calm and sleepy.
";

fn sentence(rng: &mut Rng) -> String {
    format!("{} {} {}. {}", rng.pick(SUBJECTS), rng.pick(VERBS), rng.pick(COMPLEMENTS), rng.pick(TAILS))
}

fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

fn title_case_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The marker word every entry body contains once, for edit benchmarks.
pub const EDIT_MARKER: &str = "benchmark-marker";

/// Slug of entry `i` of a guide.
pub fn entry_slug(i: usize) -> String {
    format!("entry-{i:05}")
}

pub fn guide_slug(g: usize) -> String {
    format!("guide-{g:03}")
}

/// Writes a whole site at `root` (which is removed first). Returns the
/// number of files written and the mean number of words of an entry body.
pub fn write_site(root: &Path, guides: usize, per_guide: usize, theme_src: &Path) -> std::io::Result<(usize, usize)> {
    if root.exists() {
        std::fs::remove_dir_all(root)?;
    }
    std::fs::create_dir_all(root.join("content"))?;
    let mut rng = Rng::new(42);
    let today = chrono::Local::now().date_naive();
    let mut files = 0usize;
    let mut words = 0usize;

    std::fs::write(
        root.join("gloss.yaml"),
        "title: \"Benchmark Dermatology patient guides\"\n\
         base_url: \"https://guides.example.com/\"\n\
         language: en\n\
         theme: clinic\n\
         practice:\n  name: \"Benchmark Dermatology\"\n  phone: \"555-0100\"\n\
         \x20 address: \"1 Example Road, Springfield\"\n  booking_url: \"https://example.com/book\"\n\
         \x20 email: \"hello@example.com\"\n\
         disclaimer: \"These guides give general information, not medical advice.\"\n\
         review:\n  max_age_days: 365\n\
         readability:\n  target_grade: 8\n",
    )?;
    std::fs::write(
        root.join("content/_index.md"),
        "---\ntitle: \"Patient guides\"\ndescription: \"Answers to common questions about skin treatments.\"\n---\n\n\
         Welcome! These guides answer common questions about skin treatments. They use plain words, so you can \
         read them at home and share them with family.\n",
    )?;
    std::fs::write(root.join("content/glossary.yaml"), GLOSSARY)?;
    files += 3;

    for g in 0..guides {
        let treatment = TREATMENTS[g % TREATMENTS.len()];
        let gdir = root.join("content").join(guide_slug(g));
        std::fs::create_dir_all(&gdir)?;
        let reviewed = today - chrono::Days::new(10 + rng.below(200) as u64);
        let intro = format!(
            "---\ntitle: \"{} (guide {g})\"\ndescription: \"What {treatment} is, and answers to common questions about it.\"\n\
             order: {g}\nprocedure: \"{}\"\nreviewed_by: \"Dr. A. Example, MD\"\nlast_reviewed: {reviewed}\n---\n\n\
             {}\n\n## How it works\n\n- {}\n- {}\n- {}\n\nThe questions below explain what to expect.\n",
            title_case_first(treatment),
            title_case_first(treatment),
            paragraph(&mut rng, 3),
            sentence(&mut rng),
            sentence(&mut rng),
            sentence(&mut rng),
        );
        std::fs::write(gdir.join("_index.md"), intro)?;
        files += 1;
        for i in 0..per_guide {
            let (text, n) = entry(&mut rng, g, i, guides, per_guide, treatment, today);
            words += n;
            std::fs::write(gdir.join(format!("{}.md", entry_slug(i))), text)?;
            files += 1;
        }
    }
    files += copy_dir(theme_src, &root.join("themes/clinic"))?;
    let entries = (guides * per_guide).max(1);
    Ok((files, words / entries))
}

/// One entry file and the number of words of its body.
fn entry(
    rng: &mut Rng,
    g: usize,
    i: usize,
    guides: usize,
    per_guide: usize,
    treatment: &str,
    today: chrono::NaiveDate,
) -> (String, usize) {
    let question = rng.pick(QUESTIONS).replace("{t}", treatment);
    let title = format!("{} ({}.{})?", title_case_first(&question), g + 1, i + 1);
    let summary = sentence(rng);
    let t1 = rng.below(TOPICS.len());
    let t2 = (t1 + 1 + rng.below(TOPICS.len() - 1)) % TOPICS.len();
    let reviewed = today - chrono::Days::new(5 + rng.below(300) as u64);
    let year = 2018 + rng.below(8);

    let mut front = String::new();
    let _ = write!(
        front,
        "---\ntitle: \"{title}\"\nsummary: \"{summary}\"\norder: {i}\ntopics: [\"{}\", \"{}\"]\n\
         last_reviewed: {reviewed}\nreviewed_by: \"Dr. A. Example, MD\"\nsources:\n\
         \x20 - title: \"{} in clinical practice: a review\"\n    url: \"https://example.org/reviews/{g}-{i}\"\n\
         \x20   publisher: \"Journal of Example Dermatology\"\n    year: {year}\n\
         \x20 - title: \"Patient information: {treatment}\"\n    url: \"https://example.org/patients/{g}\"\n\
         \x20   publisher: \"Example Academy of Dermatology\"\n---\n\n",
        TOPICS[t1],
        TOPICS[t2],
        title_case_first(treatment),
    );

    let sibling = entry_slug((i + 1) % per_guide);
    let far = entry_slug((i + 7) % per_guide);
    let h1 = rng.pick(HEADINGS);
    let mut h2 = rng.pick(HEADINGS);
    while h2 == h1 {
        h2 = rng.pick(HEADINGS);
    }
    let (kind, callout) = CALLOUTS[rng.below(CALLOUTS.len())];
    let mut body = String::new();
    let _ = write!(body, "{}\n\n## What to expect\n\n{} {EDIT_MARKER}.\n\n", paragraph(rng, 3), paragraph(rng, 2),);
    let _ = write!(body, "## {h1}\n\nBring these to your visit or keep them at home:\n\n");
    for _ in 0..4 {
        let _ = writeln!(body, "- {}", rng.pick(LIST_ITEMS));
    }
    let _ = write!(body, "\n> [!{kind}]\n> {callout}\n\n");
    let _ = write!(
        body,
        "{} To learn more, read [the next question]({sibling}.md) and [what to expect]({far}.md#what-to-expect), \
         or see [this answer](../{far}/) as it reads on the site.",
        paragraph(rng, 2),
    );
    if guides > 1 {
        let other = guide_slug((g + 1) % guides);
        let _ = write!(body, " Other guides cover [related questions](../{other}/{}.md).", entry_slug(i % per_guide));
    }
    let _ = write!(body, "\n\n## {h2}\n\n");
    for n in 1..=3 {
        let _ = writeln!(body, "{n}. {}", sentence(rng));
    }
    let _ = write!(body, "\n{} **{}** *{}*\n", paragraph(rng, 2), rng.pick(TAILS), rng.pick(TAILS));
    let words = body.split_whitespace().count();
    (front + &body, words)
}

/// Copies a folder tree; returns the number of files copied.
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<usize> {
    let mut n = 0;
    std::fs::create_dir_all(to)?;
    for item in std::fs::read_dir(from)? {
        let item = item?;
        let target = to.join(item.file_name());
        if item.file_type()?.is_dir() {
            n += copy_dir(&item.path(), &target)?;
        } else {
            std::fs::copy(item.path(), target)?;
            n += 1;
        }
    }
    Ok(n)
}
