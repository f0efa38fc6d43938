//! Link lists compiled from `src/data/links.toml`: shorteners, mailing-list click trackers,
//! opaque security wrappers, and redirectors whose target can be decoded offline.

/// How a redirector carries its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    /// The target is the value of one of the listed query parameters.
    Query,
    /// Proofpoint URL Defense v2: `u=` with `-` for `%` and `_` for `/`.
    ProofpointV2,
    /// Proofpoint URL Defense v3: `/v3/__URL__;BASE64!!...`.
    ProofpointV3,
    /// Bing `/ck/a`: `u=a1` followed by the target in URL-safe base64.
    BingBase64,
}

#[derive(Debug)]
pub struct RedirectorData {
    pub name: &'static str,
    pub host_suffix: &'static str,
    pub path_prefix: &'static str,
    pub decoder: Decoder,
    pub params: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/links.rs"));

/// `host` is `entry` or one of its subdomains.
fn within(host: &str, entry: &str) -> bool {
    host == entry
        || host
            .strip_suffix(entry)
            .is_some_and(|head| head.ends_with('.'))
}

/// The list entry covering `host` (lists are short and sorted; hosts have few labels, so we
/// look each parent domain up by binary search).
fn lookup(list: &'static [&'static str], host: &str) -> Option<&'static str> {
    let mut rest = host;
    loop {
        if let Ok(i) = list.binary_search(&rest) {
            return list.get(i).copied();
        }
        let (_, parent) = rest.split_once('.')?;
        rest = parent;
    }
}

pub fn shortener(host: &str) -> Option<&'static str> {
    lookup(SHORTENERS, host)
}

pub fn tracker(host: &str) -> Option<&'static str> {
    lookup(TRACKERS, host)
}

pub fn opaque_wrapper(host: &str) -> Option<&'static str> {
    lookup(OPAQUE_WRAPPERS, host)
}

/// True when some known redirector runs on `host` (whatever the path).
pub fn is_redirector_host(host: &str) -> bool {
    REDIRECTORS.iter().any(|r| within(host, r.host_suffix))
}

pub fn redirector(host: &str, path: &str) -> Option<&'static RedirectorData> {
    REDIRECTORS
        .iter()
        .find(|r| within(host, r.host_suffix) && path.starts_with(r.path_prefix))
}
