//! Offline unwrapping of security wrappers and redirectors that carry their target in the URL
//! (Microsoft Safe Links, Google `/url?q=`, Proofpoint URL Defense, ...). As rspamd does
//! (`src/libserver/url.h`, `RSPAMD_URL_QUERY_MAX_NESTING`), we follow at most 5 levels and only
//! when a level holds exactly one embedded URL.

use super::lists::{self, Decoder, RedirectorData};
use url::Url;

pub const MAX_LEVELS: usize = 5;

/// The result of unwrapping a link.
#[derive(Debug, Clone)]
pub struct Unwrapped {
    pub destination: Url,
    /// Each wrapper passed through, outermost first: (name, URL of that level).
    pub chain: Vec<(&'static str, Url)>,
    /// A level could not be followed: more than one embedded URL, or too deep.
    pub ambiguous: bool,
}

fn is_web(u: &Url) -> bool {
    matches!(u.scheme(), "http" | "https")
}

fn parse_web(s: &str) -> Option<Url> {
    if !may_be_web(s) {
        return None;
    }
    Url::parse(s.trim()).ok().filter(is_web)
}

/// Can `s` parse as an `http(s):` URL? [`parse_web`] trims whitespace (Unicode's, so a
/// no-break space before the URL is dropped too), the WHATWG parser then strips leading C0
/// controls and spaces, and tabs and line breaks anywhere
/// (<https://url.spec.whatwg.org/#concept-basic-url-parser>), and needs the scheme: most query
/// values (ids, tokens) fail this without being parsed.
fn may_be_web(s: &str) -> bool {
    let mut letters = s
        .trim_start_matches(|c: char| c <= ' ' || c.is_whitespace())
        .bytes()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
        .map(|b| b.to_ascii_lowercase());
    b"http".iter().all(|&want| letters.next() == Some(want))
}

/// Every query value that is itself an absolute web URL.
pub fn embedded_urls(u: &Url) -> Vec<Url> {
    u.query_pairs().filter_map(|(_, v)| parse_web(&v)).collect()
}

/// URL-safe or standard base64, padding optional.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

fn proofpoint_v2(u: &Url) -> Option<String> {
    let (_, v) = u.query_pairs().find(|(k, _)| k == "u")?;
    let percent = v.replace('-', "%").replace('_', "/");
    percent_decode(&percent)
}

fn percent_decode(s: &str) -> Option<String> {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
}

/// `https://urldefense.com/v3/__https://example.com/a*b__;Kw!!token$`: each `*` stands for the
/// next character of the base64 section.
fn proofpoint_v3(u: &Url) -> Option<String> {
    let s = u.as_str();
    let start = s.find("/v3/__")? + "/v3/__".len();
    let rest = s.get(start..)?;
    let end = rest.find("__;")?;
    let (encoded, tail) = (rest.get(..end)?, rest.get(end + 3..)?);
    let bytes_end = tail.find('!').unwrap_or(tail.len());
    let replacements = base64_decode(tail.get(..bytes_end)?).unwrap_or_default();
    let replacements = String::from_utf8_lossy(&replacements).into_owned();
    let mut chars = replacements.chars();
    if encoded.contains("**") {
        // Run-length form: not decoded; keep what we have (the host is never starred).
        return Some(encoded.replace('*', ""));
    }
    Some(
        encoded
            .chars()
            .map(|c| {
                if c == '*' {
                    chars.next().unwrap_or('*')
                } else {
                    c
                }
            })
            .collect(),
    )
}

fn bing(u: &Url) -> Option<String> {
    let (_, v) = u.query_pairs().find(|(k, _)| k == "u")?;
    let b64 = v.strip_prefix("a1")?;
    String::from_utf8(base64_decode(b64)?).ok()
}

/// One level: the target of a known redirector, or `Err(())` when it holds several URLs.
fn decode(r: &RedirectorData, u: &Url) -> Result<Option<Url>, ()> {
    let target = match r.decoder {
        Decoder::Query => {
            // One pass over the query: the target must be the only embedded web URL.
            let mut target = None;
            let mut embedded = 0;
            for (k, v) in u.query_pairs() {
                let Some(web) = parse_web(&v) else {
                    continue;
                };
                embedded += 1;
                if embedded > 1 {
                    return Err(());
                }
                if r.params.iter().any(|p| p == &k) {
                    target = Some(web);
                }
            }
            return Ok(target);
        }
        Decoder::ProofpointV2 => proofpoint_v2(u),
        Decoder::ProofpointV3 => proofpoint_v3(u),
        Decoder::BingBase64 => bing(u),
    };
    Ok(target.as_deref().and_then(parse_web))
}

/// Follow known wrappers from `start`.
pub fn unwrap(start: Url) -> Unwrapped {
    let mut current = start;
    let mut chain = Vec::new();
    let mut ambiguous = false;
    for level in 0..=MAX_LEVELS {
        // Web URLs (the only ones followed) have lower-case hosts after WHATWG parsing.
        let Some(host) = current.host_str() else {
            break;
        };
        let Some(r) = lists::redirector(host, current.path()) else {
            break;
        };
        if level == MAX_LEVELS {
            ambiguous = true;
            break;
        }
        match decode(r, &current) {
            Ok(Some(next)) => {
                chain.push((r.name, current));
                current = next;
            }
            Ok(None) => break,
            Err(()) => {
                ambiguous = true;
                break;
            }
        }
    }
    Unwrapped {
        destination: current,
        chain,
        ambiguous,
    }
}

#[cfg(test)]
#[path = "../../tests/unit/unwrap.rs"]
mod unit_tests;
