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

/// Parse an `.eml` file.
pub fn message_from_eml(bytes: &[u8]) -> Result<Message, MailError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(MailError::Empty);
    }
    let parsed = MessageParser::default()
        .parse(bytes)
        .ok_or(MailError::NotAMail)?;
    let (sender_name, sender_address) = first_mailbox(parsed.from());
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
        subject: parsed.subject().map(str::to_string),
        body_html: html,
        body_text: text,
    })
}

#[cfg(test)]
#[path = "../tests/unit/mail.rs"]
mod unit_tests;
