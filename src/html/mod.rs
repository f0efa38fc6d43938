//! Body HTML → anchors, forms, images and the visible text.
//!
//! Anchors are enumerated in the order `querySelectorAll('a[href], area[href]')` gives in the
//! browser: the content script maps results back to live elements by that index. The body HTML
//! it sends is the serialization of a parsed DOM, so the start-tag order of a WHATWG tokenizer
//! (html5gum) is the document order. Text inside `hidden`, `display:none`, zero-size and similar
//! elements is not visible and does not count for the content checks.

mod attributes;
mod tags;

use attributes::asks_secret;
pub use attributes::style_hides;

use tags::{Tag, Visitor};

/// Bounds that keep one message's analysis small whatever the input.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_html_bytes: usize,
    pub max_anchors: usize,
    pub max_depth: usize,
    pub max_text_bytes: usize,
    pub max_url_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_html_bytes: 2 * 1024 * 1024,
            max_anchors: 2_000,
            max_depth: 512,
            max_text_bytes: 256 * 1024,
            max_url_bytes: 8 * 1024,
        }
    }
}

/// One `a[href]` or `area[href]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Anchor {
    pub index: usize,
    pub href: String,
    /// Visible text, whitespace collapsed; for image-only links, the images' alt text.
    pub text: String,
    pub title: Option<String>,
    pub image_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    pub action: String,
    /// A password field, or a field whose name says PIN, card number, CVC, IBAN...
    pub asks_password: bool,
}

/// Why extraction stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truncation {
    HtmlSize,
    Anchors,
    Depth,
    Text,
}

#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub anchors: Vec<Anchor>,
    /// Anchors seen in total, including those past the limit.
    pub anchor_count: usize,
    pub base_href: Option<String>,
    pub forms: Vec<Form>,
    pub image_sources: Vec<String>,
    /// Visible text, with a line break after each block.
    pub text: String,
    pub truncated: Vec<Truncation>,
}

const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];
const BLOCK: &[&[u8]] = &[
    b"p",
    b"div",
    b"br",
    b"li",
    b"tr",
    b"table",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"blockquote",
    b"section",
    b"article",
    b"header",
    b"footer",
    b"ul",
    b"ol",
    b"pre",
    b"hr",
    b"td",
    b"th",
    b"center",
];
const INVISIBLE: &[&[u8]] = &[
    b"script",
    b"style",
    b"head",
    b"title",
    b"template",
    b"noscript",
    b"select",
];

/// An element's name, kept inline: every element of the body is pushed on the open-element
/// stack. Names longer than the buffer compare by their length and first bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct ElementName {
    len: usize,
    bytes: [u8; 22],
}

impl ElementName {
    fn new(name: &[u8]) -> ElementName {
        let mut bytes = [0; 22];
        for (b, n) in bytes.iter_mut().zip(name) {
            *b = *n;
        }
        ElementName {
            len: name.len(),
            bytes,
        }
    }
}

struct Open {
    name: ElementName,
    hidden: bool,
    template: bool,
}

/// Runs of whitespace as one space, none at the ends. Most link texts are already like that
/// and are kept as they are.
fn collapse(s: String) -> String {
    if is_collapsed_ascii(&s) {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// ASCII with single spaces between words and none at the ends: what [`collapse`] would
/// return unchanged.
fn is_collapsed_ascii(s: &str) -> bool {
    let b = s.as_bytes();
    b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.is_ascii()
        // Every ASCII byte `char::is_whitespace` counts, vertical tab included.
        && !b.iter().any(|&c| matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        && !b.windows(2).any(|w| w == b"  ")
}

struct OpenAnchor {
    anchor: Anchor,
    text: String,
    /// Alt text of the images inside.
    alt: String,
    has_image: bool,
}

struct Walker {
    limits: Limits,
    out: Extracted,
    stack: Vec<Open>,
    /// The anchor whose text is being collected.
    current: Option<OpenAnchor>,
}

impl Walker {
    fn hidden(&self) -> bool {
        self.stack.last().is_some_and(|o| o.hidden)
    }

    fn in_template(&self) -> bool {
        self.stack.last().is_some_and(|o| o.template)
    }

    fn push_text(&mut self, s: &str) {
        if self.hidden() || self.in_template() {
            return;
        }
        if let Some(open) = self.current.as_mut() {
            open.text.push_str(s);
        }
        if self.out.text.len() + s.len() > self.limits.max_text_bytes {
            if !self.out.truncated.contains(&Truncation::Text) {
                self.out.truncated.push(Truncation::Text);
            }
            return;
        }
        self.out.text.push_str(s);
    }

    fn close_anchor(&mut self) {
        if let Some(mut open) = self.current.take() {
            let visible = collapse(open.text);
            open.anchor.image_only = open.has_image && visible.is_empty();
            open.anchor.text = if visible.is_empty() {
                collapse(open.alt)
            } else {
                visible
            };
            self.out.anchors.push(open.anchor);
        }
    }

    fn add_anchor(&mut self, href: String, tag: &Tag, alt_text: Option<String>) {
        let index = self.out.anchor_count;
        self.out.anchor_count += 1;
        if self.out.anchors.len() + usize::from(self.current.is_some()) >= self.limits.max_anchors {
            if !self.out.truncated.contains(&Truncation::Anchors) {
                self.out.truncated.push(Truncation::Anchors);
            }
            return;
        }
        let href = if href.len() > self.limits.max_url_bytes {
            href.chars().take(self.limits.max_url_bytes).collect()
        } else {
            href
        };
        let anchor = Anchor {
            index,
            href,
            text: alt_text.clone().map(collapse).unwrap_or_default(),
            title: tag.attr(b"title"),
            image_only: false,
        };
        match alt_text {
            // <area> is void: its text is its alt.
            Some(_) => self.out.anchors.push(anchor),
            None => {
                self.current = Some(OpenAnchor {
                    anchor,
                    text: String::new(),
                    alt: String::new(),
                    has_image: false,
                })
            }
        }
    }

    fn start_tag(&mut self, tag: &Tag) {
        let name = tag.name;
        let in_template = self.in_template() || name == b"template";
        if !in_template {
            match name {
                b"a" => {
                    // A new <a> closes an open one (HTML parser: "a" start tag in body).
                    self.close_anchor();
                    if let Some(href) = tag.attr(b"href") {
                        self.add_anchor(href, tag, None);
                    }
                }
                b"area" => {
                    if let Some(href) = tag.attr(b"href") {
                        let alt = tag.attr(b"alt").unwrap_or_default();
                        self.add_anchor(href, tag, Some(alt));
                    }
                }
                b"img" => {
                    if let Some(src) = tag.attr(b"src") {
                        if self.out.image_sources.len() < self.limits.max_anchors {
                            self.out.image_sources.push(src);
                        }
                    }
                    if let Some(open) = self.current.as_mut() {
                        open.has_image = true;
                        if let Some(alt) = tag.attr(b"alt") {
                            open.alt.push(' ');
                            open.alt.push_str(&alt);
                        }
                    }
                }
                b"base" if self.out.base_href.is_none() => self.out.base_href = tag.attr(b"href"),
                b"form" => self.out.forms.push(Form {
                    action: tag.attr(b"action").unwrap_or_default(),
                    asks_password: false,
                }),
                b"input" => {
                    let kind = tag.attr(b"type").unwrap_or_default().to_ascii_lowercase();
                    if kind == "password" || asks_secret(tag) {
                        if let Some(f) = self.out.forms.last_mut() {
                            f.asks_password = true;
                        } else {
                            self.out.forms.push(Form {
                                action: String::new(),
                                asks_password: true,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        if BLOCK.contains(&name) {
            self.push_text("\n");
        }
        if VOID.contains(&name) || tag.self_closing && name != b"a" {
            return;
        }
        if self.stack.len() >= self.limits.max_depth {
            if !self.out.truncated.contains(&Truncation::Depth) {
                self.out.truncated.push(Truncation::Depth);
            }
            return;
        }
        let hidden = self.hidden()
            || INVISIBLE.contains(&name)
            || tag.has(b"hidden")
            || tag.attr(b"style").is_some_and(|s| style_hides(&s));
        self.stack.push(Open {
            name: ElementName::new(name),
            hidden,
            template: in_template,
        });
    }

    fn end_tag(&mut self, name: &[u8]) {
        if name == b"a" {
            self.close_anchor();
        }
        if BLOCK.contains(&name) {
            self.push_text("\n");
        }
        let name = ElementName::new(name);
        if let Some(pos) = self.stack.iter().rposition(|o| o.name == name) {
            self.stack.truncate(pos);
        }
    }
}

impl Visitor for Walker {
    fn start(&mut self, tag: &Tag) {
        self.start_tag(tag);
    }

    fn end(&mut self, name: &[u8]) {
        self.end_tag(name);
    }

    fn text(&mut self, text: &str) {
        self.push_text(text);
    }
}

/// Extract anchors, forms, images and visible text from body HTML.
pub fn extract(html: &str, limits: Limits) -> Extracted {
    let mut truncated = Vec::new();
    let html = if html.len() > limits.max_html_bytes {
        truncated.push(Truncation::HtmlSize);
        let mut end = limits.max_html_bytes;
        while !html.is_char_boundary(end) {
            end -= 1;
        }
        html.get(..end).unwrap_or_default()
    } else {
        html
    };
    let mut w = Walker {
        limits,
        out: Extracted {
            truncated,
            // About the markup's size at most (entities may grow a little): one allocation
            // instead of a dozen copies as the text grows.
            text: String::with_capacity(html.len().min(limits.max_text_bytes)),
            ..Extracted::default()
        },
        stack: Vec::new(),
        current: None,
    };
    tags::walk(html, &mut w);
    w.close_anchor();
    w.out.anchors.sort_by_key(|a| a.index);
    w.out
}

#[cfg(test)]
#[path = "../../tests/unit/html.rs"]
mod unit_tests;
