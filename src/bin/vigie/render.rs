//! Output of the CLI: one JSON object per line with `--json`, short readable text otherwise.
//! Sentences come from the extension's English messages, so the CLI and the banner say the
//! same thing.

use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::OnceLock;
use vigie::engine::SenderReport;
use vigie::{DomainReport, Finding, LinkReport, Message, Report, Severity};

const EN_MESSAGES: &str = include_str!("../../../extension/_locales/en/messages.json");

#[derive(serde::Deserialize)]
struct Entry {
    message: String,
    #[serde(default)]
    placeholders: HashMap<String, Placeholder>,
}

#[derive(serde::Deserialize)]
struct Placeholder {
    content: String,
}

fn messages() -> &'static HashMap<String, Entry> {
    static MESSAGES: OnceLock<HashMap<String, Entry>> = OnceLock::new();
    MESSAGES.get_or_init(|| serde_json::from_str(EN_MESSAGES).unwrap_or_default())
}

fn label(key: &str) -> Option<&'static str> {
    messages().get(key).map(|e| e.message.as_str())
}

/// The English sentence of a finding (chrome.i18n placeholder rules: `$NAME$` → `$1`).
pub fn sentence(f: &Finding) -> String {
    if f.message_key == "f_secret_request" {
        // The parameter is a list of secret kinds; each has its own label (`s_pin`...).
        let kinds = f.evidence.get("asks_for").map_or("", String::as_str);
        let labels: Vec<&str> = kinds
            .split(' ')
            .map(|k| label(&format!("s_{k}")).unwrap_or(k))
            .collect();
        let mut g = f.clone();
        g.params = vec![labels.join(", ")];
        g.message_key = "f_secret_request_text";
        return sentence(&g);
    }
    let key = if f.message_key == "f_secret_request_text" {
        "f_secret_request"
    } else {
        f.message_key
    };
    let Some(entry) = messages().get(key) else {
        return format!("{} {}", f.kind.as_str(), f.params.join(" "));
    };
    let mut text = entry.message.clone();
    for (name, p) in &entry.placeholders {
        let pattern = format!("${}$", name.to_uppercase());
        let value = p
            .content
            .strip_prefix('$')
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| f.params.get(n.wrapping_sub(1)))
            .cloned()
            .unwrap_or_default();
        text = text
            .replace(&pattern, &value)
            .replace(&format!("${name}$"), &value);
    }
    text
}

fn mark(s: Severity) -> &'static str {
    match s {
        Severity::Danger => "!!",
        Severity::Caution => "! ",
        Severity::Info => "  ",
    }
}

pub fn json_line<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let line = serde_json::to_string(value).map_err(io::Error::other)?;
    writeln!(out, "{line}")
}

pub fn json_line_with_file(out: &mut dyn Write, file: &str, report: &Report) -> io::Result<()> {
    let mut v = serde_json::to_value(report).map_err(io::Error::other)?;
    if let Some(obj) = v.as_object_mut() {
        obj.insert("file".into(), file.into());
    }
    json_line(out, &v)
}

pub fn json_error(out: &mut dyn Write, file: &str, error: &str) -> io::Result<()> {
    json_line(out, &serde_json::json!({ "file": file, "error": error }))
}

fn findings(out: &mut dyn Write, list: &[Finding], indent: &str) -> io::Result<()> {
    for f in list {
        let mut line = format!(
            "{indent}{} {:<8} {}",
            mark(f.severity),
            f.subject,
            sentence(f)
        );
        if let Some(t) = f.technique {
            let t = serde_json::to_value(t)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            line.push_str(&format!(" [{t}]"));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

pub fn report(out: &mut dyn Write, file: &str, msg: &Message, r: &Report) -> io::Result<()> {
    writeln!(out, "{file}: {}", r.verdict.as_str().to_uppercase())?;
    let from = match (&msg.sender_name, &msg.sender_address) {
        (Some(n), Some(a)) => format!("\"{n}\" <{a}>"),
        (None, Some(a)) => a.clone(),
        (Some(n), None) => n.clone(),
        (None, None) => "(no sender)".into(),
    };
    writeln!(out, "   from    {from}")?;
    if let Some(s) = &msg.subject {
        writeln!(out, "   subject {s}")?;
    }
    findings(out, &r.findings, "   ")?;
    let shown: Vec<&LinkReport> = r.links.iter().filter(|l| !l.findings.is_empty()).collect();
    if !shown.is_empty() {
        writeln!(
            out,
            "   links ({} in all, {} with findings):",
            r.links.len(),
            shown.len()
        )?;
        for l in shown {
            link(out, l, "     ")?;
        }
    }
    writeln!(out)
}

pub fn link(out: &mut dyn Write, l: &LinkReport, indent: &str) -> io::Result<()> {
    let prefix = if l.source == "text" { "text" } else { "link" };
    writeln!(
        out,
        "{indent}[{prefix} {}] \"{}\" → {} ({})",
        l.index, l.text, l.destination, l.registrable
    )?;
    findings(out, &l.findings, &format!("{indent}  "))
}

pub fn domain(out: &mut dyn Write, r: &DomainReport, official: &[&str]) -> io::Result<()> {
    let shown = if r.ascii != r.domain && !r.ascii.is_empty() {
        format!("{} ({})", r.domain, r.ascii)
    } else {
        r.input.clone()
    };
    let note = if official.is_empty() {
        String::new()
    } else {
        format!("  official domain of {}", official.join(", "))
    };
    writeln!(out, "{shown:<32} {:<8}{note}", r.verdict.as_str())?;
    findings(out, &r.findings, "   ")
}

pub fn sender(out: &mut dyn Write, r: &SenderReport) -> io::Result<()> {
    writeln!(out, "{:<48} {}", r.input, r.verdict.as_str())?;
    findings(out, &r.findings, "   ")
}
