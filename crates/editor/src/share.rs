//! Share links: a scenario carried whole in a URL fragment, `#s=<version>.<payload>`,
//! where the payload is the compact JSON, raw-deflated, then base64url without padding.
//! The fragment never reaches a server, so a link shares a design without one.
//!
//! `<version>` is the version of this link encoding (compression and alphabet), so a
//! later Wirelab can change the encoding and an older one can say why it cannot read it.
//! The scenario inside carries its own format version, checked by the model's decoder.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::fmt;
use wirelab_model::{Problem, Scenario};

/// The link encoding this build writes and the newest it reads.
pub const LINK_VERSION: u32 = 1;
/// The fragment key: `#s=…`.
const KEY: &str = "s=";
/// The key of a comparison's design B: `#s=…&b=…`.
const KEY_B: &str = "b=";
/// The key of a run's moment (its live interventions and time): `#s=…&m=…`. A Wirelab
/// that does not know it opens the design alone.
const KEY_M: &str = "m=";
/// Past this many characters some chat tools, mail clients and browsers cut URLs short.
pub const WARN_URL_BYTES: usize = 8 * 1024;
/// Decompressed size a link may claim; a crafted link cannot make us allocate more.
const MAX_JSON_BYTES: usize = 16 * 1024 * 1024;

/// Why a fragment could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// There is no `s=` share in it at all.
    NotALink,
    /// The payload does not decode; the text says where it broke.
    Corrupted(String),
    /// Written by a newer link encoding.
    Newer { version: u32 },
    /// The design inside expands past [`MAX_JSON_BYTES`].
    TooLarge,
    /// It decodes, but the design in it is not a valid scenario: every problem.
    Invalid(Vec<Problem>),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotALink => {
                write!(
                    f,
                    "this is not a Wirelab share link (it should end in #{KEY}…)"
                )
            }
            ShareError::Corrupted(why) => write!(
                f,
                "the share link is damaged, perhaps cut short when it was copied: {why}"
            ),
            ShareError::TooLarge => write!(
                f,
                "this link expands past {} MiB; Wirelab refuses it",
                MAX_JSON_BYTES / (1024 * 1024)
            ),
            ShareError::Newer { version } => write!(
                f,
                "this link was made by a newer Wirelab (format v{version}); \
                 this version reads up to v{LINK_VERSION}"
            ),
            ShareError::Invalid(problems) => {
                let n = problems.len();
                write!(
                    f,
                    "the shared design has {n} problem{}:",
                    if n == 1 { "" } else { "s" }
                )?;
                for p in problems {
                    write!(f, "\n• {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ShareError {}

/// The fragment for a scenario, without the leading `#`: `s=1.<payload>`.
pub fn encode(doc: &Scenario) -> String {
    format!("{KEY}{}", pack(doc))
}

/// The fragment for a comparison: A as a plain link (`s=…`, which a Wirelab without
/// compare mode opens alone) and B after it (`&b=…`).
pub fn encode_pair(a: &Scenario, b: &Scenario) -> String {
    format!("{}&{KEY_B}{}", encode(a), pack(b))
}

/// `fragment` (a design's or a comparison's) with a run's moment after it, `&m=…`; the
/// moment is its JSON text (the engine's `Moment`), packed like a design.
pub fn with_moment(fragment: &str, moment_json: &str) -> String {
    format!("{fragment}&{KEY_M}{}", pack_bytes(moment_json.as_bytes()))
}

/// The moment's JSON text, if the link carries one (the engine reads and checks it).
pub fn decode_moment(link: &str) -> Option<Result<String, ShareError>> {
    find(link, KEY_M).map(unpack_text)
}

fn pack(doc: &Scenario) -> String {
    pack_bytes(&serde_json::to_vec(doc).expect("a scenario always serialises"))
}

fn pack_bytes(json: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(json, 9);
    format!("{LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Reads the scenario from a fragment (`#s=…`, `s=…`) or a whole pasted URL, validated.
pub fn decode(link: &str) -> Result<Scenario, ShareError> {
    unpack(find(link, KEY).ok_or(ShareError::NotALink)?)
}

/// Whether a fragment carries a design (`#s=…`), readable or not: other fragments
/// (`#view=3`, `#top`) are no share link, and the page greets as it would without them.
pub fn carries_design(link: &str) -> bool {
    find(link, KEY).is_some()
}

/// Design B of a comparison link, if the link carries one.
pub fn decode_b(link: &str) -> Option<Result<Scenario, ShareError>> {
    find(link, KEY_B).map(unpack)
}

fn find<'a>(link: &'a str, key: &str) -> Option<&'a str> {
    let fragment = link.split_once('#').map_or(link, |(_, f)| f);
    fragment.split('&').find_map(|part| part.strip_prefix(key))
}

fn unpack(body: &str) -> Result<Scenario, ShareError> {
    wirelab_model::decode(&unpack_text(body)?).map_err(ShareError::Invalid)
}

fn unpack_text(body: &str) -> Result<String, ShareError> {
    let (version, payload) = body
        .split_once('.')
        .ok_or_else(|| ShareError::Corrupted("the version mark is missing".into()))?;
    let version: u32 = version
        .parse()
        .map_err(|_| ShareError::Corrupted(format!("`{version}` is not a version number")))?;
    if version > LINK_VERSION {
        return Err(ShareError::Newer { version });
    }
    if version == 0 {
        return Err(ShareError::Corrupted("version 0 was never written".into()));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(payload.trim())
        .map_err(|e| ShareError::Corrupted(format!("not base64url ({e})")))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::Corrupted("its data does not decompress".into()),
        })?;
    String::from_utf8(json)
        .map_err(|_| ShareError::Corrupted("the decompressed text is not UTF-8".into()))
}

/// A warning for a URL this long, or `None` when it is comfortably short.
pub fn size_warning(url_len: usize) -> Option<String> {
    (url_len > WARN_URL_BYTES).then(|| {
        format!(
            "This link is {:.1} KB; past about 8 KB some chat and mail tools cut links short. \
             Export a file instead if it fails to open.",
            url_len as f64 / 1024.0
        )
    })
}

/// How a page embedded in another (`?embed&autoplay&loop&speed=2&presenter`) shows its
/// run: the stage with minimal controls, the rest of Wirelab one link away.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Embed {
    /// Play as soon as the design is open.
    pub autoplay: bool,
    /// Start again from 0 s at the run's end.
    pub repeat: bool,
    /// The clock's speed, clamped to the slider's 1/20× … 20×.
    pub speed: f64,
    /// The big numbers and the timeline under the stage, in large type.
    pub presenter: bool,
}

/// The embed options in a page's query (`?embed…`, with or without the `?`), or `None`
/// when it is no embed. A flag is on when present without a value or with `1`/`true`;
/// a speed that is no number is 1×.
pub fn embed_options(query: &str) -> Option<Embed> {
    let pairs: Vec<(&str, &str)> = query
        .trim_start_matches('?')
        .split('&')
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    let get = |k: &str| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let flag = |k: &str| get(k).is_some_and(|v| matches!(v, "" | "1" | "true" | "yes"));
    get("embed")?;
    let speed = get("speed")
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(1.0)
        .clamp(0.05, 20.0);
    Some(Embed {
        autoplay: flag("autoplay"),
        repeat: flag("loop"),
        speed,
        presenter: flag("presenter"),
    })
}

/// An `<iframe>` snippet that embeds the page of `link` (a share link) in another page,
/// playing: the design rides in the fragment as in the link; `title` names the frame for
/// screen readers. Attribute text is escaped, so a design's name cannot break out.
pub fn embed_code(link: &str, title: &str) -> String {
    let (base, fragment) = link.split_once('#').unwrap_or((link, ""));
    let base = base.split('?').next().unwrap_or(base);
    let src = format!("{base}?embed&autoplay#{fragment}");
    format!(
        r#"<iframe src="{}" title="{}" width="800" height="480" style="border:0;max-width:100%" loading="lazy" allow="fullscreen"></iframe>"#,
        escape_attr(&src),
        escape_attr(&format!("Wirelab: {title}"))
    )
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
