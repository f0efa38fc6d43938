//! `.eml` files → [`Message`], with `mail-parser` (MIME multipart, quoted-printable, base64,
//! legacy charsets through `encoding_rs`). The HTML part is preferred, plain text otherwise.
//! Only built with the `cli` feature: the extension gets the body from the page.

use crate::engine::Message;
use mail_parser::{Address, MessageParser, PartType};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailError {
    Empty,
    NotAMail,
}

impl fmt::Display for MailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MailError::Empty => write!(f, "empty file"),
            MailError::NotAMail => write!(f, "not a mail message (no headers could be read)"),
        }
    }
}

fn first_mailbox(a: Option<&Address<'_>>) -> (Option<String>, Option<String>) {
    let Some(addr) = a.and_then(|a| a.first()) else {
        return (None, None);
    };
    (
        addr.name().map(str::to_string),
        addr.address().map(str::to_string),
    )
}

/// The sender as a mail program shows it, and whether the `From` field breaks RFC 5322 §3.6.2:
/// an entry without an address, or several authors without a `Sender` field. Phishers write
/// `From: Brand Gift, x <someone@elsewhere>` so that the list's first entry, a bare name, is
/// what people read; the name of that first entry is kept with the first address found.
fn sender_of(
    from: Option<&Address<'_>>,
    has_sender_field: bool,
) -> (Option<String>, Option<String>, bool) {
    let entries: Vec<_> = from.map(|a| a.iter().collect()).unwrap_or_default();
    let Some(first) = entries.first() else {
        return (None, None, false);
    };
    let addressed = entries
        .iter()
        .find(|e| e.address().is_some_and(|a| !a.is_empty()));
    let name = first
        .name()
        .or_else(|| addressed.and_then(|e| e.name()))
        .map(str::to_string);
    let address = addressed.and_then(|e| e.address()).map(str::to_string);
    let without_address = entries
        .iter()
        .any(|e| e.address().is_none_or(str::is_empty));
    let malformed = without_address || (entries.len() > 1 && !has_sender_field);
    (name, address, malformed)
}

/// Header names a sender may be pasted with, copied whole from a mail's source.
const SENDER_FIELDS: [&str; 3] = ["from:", "reply-to:", "sender:"];

/// A sender pasted from a mail's source (`From: =?UTF-8?B?...?= <a@b>`), as a mail program
/// shows it: the field name dropped and RFC 2047 encoded words decoded, so that a name hidden
/// in base64 is checked like any other. `None` when there is neither to undo: the text is then
/// read as typed.
pub fn mailbox_as_shown(pasted: &str) -> Option<String> {
    let pasted = pasted.trim();
    let field = SENDER_FIELDS.iter().find(|f| {
        pasted
            .get(..f.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(f))
    });
    if field.is_none() && !pasted.contains("=?") {
        return None;
    }
    let value = field.map_or(pasted, |f| pasted.get(f.len()..).unwrap_or_default());
    let header = format!("From: {}\r\n\r\n", value.trim());
    let parsed = MessageParser::default().parse(header.as_bytes())?;
    match sender_of(parsed.from(), false) {
        (Some(name), Some(address), _) => Some(format!("{name} <{address}>")),
        (None, Some(address), _) => Some(address),
        (Some(name), None, _) => Some(name),
        (None, None, _) => None,
    }
}

/// Parse an `.eml` file.
pub fn message_from_eml(bytes: &[u8]) -> Result<Message, MailError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(MailError::Empty);
    }
    let parsed = MessageParser::default()
        .parse(bytes)
        .ok_or(MailError::NotAMail)?;
    let (sender_name, sender_address, from_malformed) =
        sender_of(parsed.from(), parsed.sender().is_some());
    let reply_to = match first_mailbox(parsed.reply_to()) {
        (_, None) => None,
        (Some(n), Some(a)) => Some(format!("\"{n}\" <{a}>")),
        (None, Some(a)) => Some(a),
    };
    let html = parsed.html_part(0).and_then(|p| match &p.body {
        PartType::Html(h) => Some(h.to_string()),
        _ => None,
    });
    let text = if html.is_none() {
        parsed.text_part(0).and_then(|p| match &p.body {
            PartType::Text(t) => Some(t.to_string()),
            _ => None,
        })
    } else {
        None
    };
    if sender_address.is_none()
        && sender_name.is_none()
        && html.is_none()
        && text.is_none()
        && parsed.subject().is_none()
    {
        return Err(MailError::NotAMail);
    }
    Ok(Message {
        sender_name,
        sender_address,
        reply_to,
        from_malformed,
        subject: parsed.subject().map(str::to_string),
        body_html: html,
        body_text: text,
    })
}

#[cfg(test)]
#[path = "../tests/unit/mail.rs"]
mod unit_tests;
