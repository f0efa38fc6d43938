//! html5gum's callback events turned into whole start tags, end tags and text, without the
//! allocations of its default emitter (a map and a string per tag and per attribute) and
//! without its parse-error checks (a table lookup per input byte), which Vigie never reads.

use html5gum::emitters::callback::{Callback, CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, Error, ForwardingEmitter, Span, Tokenizer};
use std::convert::Infallible;

/// A start tag as the tokenizer read it: name and attributes lower-case, the first of
/// duplicate attributes kept (WHATWG "duplicate-attribute" rule).
pub struct Tag<'a> {
    pub name: &'a [u8],
    attributes: &'a [(Vec<u8>, Vec<u8>)],
    pub self_closing: bool,
}

impl Tag<'_> {
    /// The raw value of an attribute (empty for `hidden` with no value).
    pub fn get(&self, name: &[u8]) -> Option<&[u8]> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    pub fn has(&self, name: &[u8]) -> bool {
        self.get(name).is_some()
    }

    /// An attribute's value as text.
    pub fn attr(&self, name: &[u8]) -> Option<String> {
        self.get(name)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }
}

/// What the walk over a document does with its tokens.
pub trait Visitor {
    fn start(&mut self, tag: &Tag);
    fn end(&mut self, name: &[u8]);
    fn text(&mut self, text: &str);
}

/// The start tag being read; its buffers are reused from one tag to the next.
#[derive(Default)]
struct Pending {
    /// Inside a start tag (attribute events outside one belong to an end tag: ignored).
    open: bool,
    name: Vec<u8>,
    attributes: Vec<(Vec<u8>, Vec<u8>)>,
    used: usize,
    /// The last attribute name repeated an earlier one: its value is dropped.
    duplicate: bool,
}

struct Collector<'v, V> {
    visitor: &'v mut V,
    tag: Pending,
}

impl<V: Visitor> Callback<Infallible, ()> for Collector<'_, V> {
    fn handle_event(&mut self, event: CallbackEvent<'_>, _: Span<()>) -> Option<Infallible> {
        let tag = &mut self.tag;
        match event {
            CallbackEvent::OpenStartTag { name } => {
                tag.open = true;
                tag.name.clear();
                tag.name.extend_from_slice(name);
                tag.used = 0;
                tag.duplicate = false;
            }
            CallbackEvent::AttributeName { name } if tag.open => {
                let seen = tag.attributes.get(..tag.used).unwrap_or_default();
                tag.duplicate = seen.iter().any(|(n, _)| n == name);
                if !tag.duplicate {
                    if tag.used == tag.attributes.len() {
                        tag.attributes.push(Default::default());
                    }
                    if let Some((n, v)) = tag.attributes.get_mut(tag.used) {
                        n.clear();
                        n.extend_from_slice(name);
                        v.clear();
                    }
                    tag.used += 1;
                }
            }
            CallbackEvent::AttributeValue { value } if tag.open && !tag.duplicate => {
                if let Some((_, v)) = tag
                    .used
                    .checked_sub(1)
                    .and_then(|i| tag.attributes.get_mut(i))
                {
                    v.extend_from_slice(value);
                }
            }
            CallbackEvent::CloseStartTag { self_closing } if tag.open => {
                tag.open = false;
                self.visitor.start(&Tag {
                    name: &tag.name,
                    attributes: tag.attributes.get(..tag.used).unwrap_or_default(),
                    self_closing,
                });
            }
            CallbackEvent::EndTag { name } => {
                tag.open = false;
                self.visitor.end(name);
            }
            // The input is a `&str`, so the text is UTF-8 (the fast check); lossy all the same.
            CallbackEvent::String { value } => match std::str::from_utf8(value) {
                Ok(text) => self.visitor.text(text),
                Err(_) => self.visitor.text(&String::from_utf8_lossy(value)),
            },
            _ => {}
        }
        None
    }
}

/// The callback emitter with parse errors switched off.
struct Quiet<E>(E);

impl<E: Emitter> ForwardingEmitter for Quiet<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn emit_error(&mut self, _: Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// Tokenize `html` and hand every start tag, end tag and run of text to `visitor`, in order.
/// Raw-text elements (`style`, `script`, `textarea`...) switch the tokenizer's state by their
/// name, as a browser's tree builder would for mail bodies.
pub fn walk<V: Visitor>(html: &str, visitor: &mut V) {
    let mut emitter = CallbackEmitter::new(Collector {
        visitor,
        tag: Pending::default(),
    });
    emitter.naively_switch_states(true);
    // The callback sees every token; the iterator itself yields nothing (the reader is a string
    // and the callback never returns a token), so this runs the tokenizer to the end.
    Tokenizer::new_with_emitter(html, Quiet(emitter)).for_each(drop);
}
