//! `vigie`: the Vigie core on the command line.
//!
//! ```text
//! vigie scan [--json] FILE.eml... | -
//! vigie check-domain [--json] DOMAIN... | -
//! vigie check-sender [--json] [--reply-to ADDRESS] 'Name <address>'... | -
//! vigie check-link [--json] [--text TEXT] URL...
//! ```
//! Common options: `--config FILE.json` (protected and trusted domains, trusted senders, as the
//! extension's settings), `--protect DOMAIN` and `--trust DOMAIN` (repeatable).
//! Exit status: 0 when everything could be analysed, whatever the verdicts; 2 for unusable
//! arguments or a file that could not be read.

// The analysis allocates many small strings; mimalloc takes a third off its time (NOTES.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "vigie/render.rs"]
mod render;

use std::io::{self, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use vigie::mail::mailbox_as_shown;
use vigie::{Config, Engine};

const USAGE: &str = "usage:
  vigie scan [--json] FILE.eml... | -          analyse mail files (- reads one from stdin)
  vigie check-domain [--json] DOMAIN... | -    judge domains (- reads one per line)
  vigie check-sender [--json] [--reply-to ADDR] 'Name <address>'... | -
  vigie check-link [--json] [--text TEXT] URL...
  vigie --version | --help
options for every command:
  --config FILE.json   settings as exported by the extension (protectedDomains, trustedDomains, trustedSenders)
  --protect DOMAIN     protect one of your own domains (repeatable)
  --trust DOMAIN       trust a sender domain (repeatable)";

struct Args {
    command: String,
    json: bool,
    inputs: Vec<String>,
    config: Config,
    reply_to: Option<String>,
    text: Option<String>,
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("vigie: {msg}\n{USAGE}");
    ExitCode::from(2)
}

fn parse_args(mut raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = raw.next().ok_or("missing command")?;
    let mut args = Args {
        command,
        json: false,
        inputs: Vec::new(),
        config: Config::default(),
        reply_to: None,
        text: None,
    };
    let mut rest_are_inputs = false;
    while let Some(a) = raw.next() {
        if rest_are_inputs || a == "-" || !a.starts_with("--") {
            args.inputs.push(a);
            continue;
        }
        let mut value = |name: &str| raw.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--" => rest_are_inputs = true,
            "--json" => args.json = true,
            "--protect" => args.config.protected_domains.push(value("--protect")?),
            "--trust" => args.config.trusted_domains.push(value("--trust")?),
            "--reply-to" => args.reply_to = Some(value("--reply-to")?),
            "--text" => args.text = Some(value("--text")?),
            "--config" => {
                let path = value("--config")?;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
                let extra: Config =
                    serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
                args.config
                    .protected_domains
                    .extend(extra.protected_domains);
                args.config.trusted_domains.extend(extra.trusted_domains);
                args.config.trusted_senders.extend(extra.trusted_senders);
                args.config.correspondents.extend(extra.correspondents);
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(args)
}

/// One input per line of stdin. A line that is not UTF-8 is kept, with U+FFFD for its bad
/// bytes, so that it is reported (as invalid) rather than silently dropped with the rest.
fn stdin_lines() -> Vec<String> {
    let mut buf = Vec::new();
    if io::stdin().lock().read_to_end(&mut buf).is_err() {
        return Vec::new();
    }
    buf.split(|&b| b == b'\n')
        .map(|l| String::from_utf8_lossy(l).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn version() -> String {
    format!(
        "vigie {}\npublic suffix list {}\nbrand catalog: {} brands",
        env!("CARGO_PKG_VERSION"),
        vigie::psl_version(),
        vigie::brand_count()
    )
}

fn main() -> ExitCode {
    // `args()` panics on an argument that is not UTF-8 (a lone surrogate): read it lossily, so
    // it is judged (and found invalid) like any other input.
    let mut raw = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .peekable();
    match raw.peek().map(String::as_str) {
        // `writeln!`, not `println!`, which panics when stdout is a closed pipe (`| head`).
        None | Some("--help" | "-h" | "help") => {
            let _ = writeln!(io::stdout(), "{}\n{USAGE}", version());
            return ExitCode::SUCCESS;
        }
        Some("--version" | "-V") => {
            let _ = writeln!(io::stdout(), "{}", version());
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let args = match parse_args(raw) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let engine = Engine::new(&args.config);
    let out = io::stdout();
    let mut out = io::BufWriter::new(out.lock());
    let status = match args.command.as_str() {
        "scan" => scan(&engine, &args, &mut out),
        "check-domain" => each_input(&args, &mut out, |input, out| {
            let r = engine.check_domain(input);
            if args.json {
                render::json_line(out, &r)
            } else {
                render::domain(out, &r, &engine.official_brands(&r.registrable))
            }
        }),
        "check-sender" => each_input(&args, &mut out, |input, out| {
            let as_shown = |pasted: &str| mailbox_as_shown(pasted).unwrap_or_else(|| pasted.into());
            let reply_to = args.reply_to.as_deref().map(as_shown);
            let mut r = engine.check_sender(&as_shown(input), reply_to.as_deref());
            r.input = input.to_string();
            if args.json {
                render::json_line(out, &r)
            } else {
                render::sender(out, &r)
            }
        }),
        "check-link" => each_input(&args, &mut out, |input, out| {
            let r = engine.check_link(input, args.text.as_deref().unwrap_or(input), None);
            if args.json {
                render::json_line(out, &r)
            } else {
                render::link(out, &r, "")
            }
        }),
        other => return usage_error(&format!("unknown command {other}")),
    };
    let _ = out.flush();
    status
}

/// Run `f` on every input (or on stdin lines for `-`); usage error when there is none.
fn each_input(
    args: &Args,
    out: &mut dyn Write,
    mut f: impl FnMut(&str, &mut dyn Write) -> io::Result<()>,
) -> ExitCode {
    let mut inputs = args.inputs.clone();
    if inputs.iter().any(|i| i == "-") {
        inputs.retain(|i| i != "-");
        inputs.extend(stdin_lines());
    }
    if inputs.is_empty() {
        return usage_error(&format!("{} needs at least one argument", args.command));
    }
    for input in &inputs {
        if f(input, out).is_err() {
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn read_input(path: &str) -> io::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        io::stdin().lock().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

/// `vigie scan`: one bad file prints an error for that file; the others are still scanned.
fn scan(engine: &Engine, args: &Args, out: &mut dyn Write) -> ExitCode {
    if args.inputs.is_empty() {
        return usage_error("scan needs at least one .eml file (or - for stdin)");
    }
    let mut failed = false;
    for path in &args.inputs {
        let analysed = read_input(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                let msg = vigie::mail::message_from_eml(&bytes).map_err(|e| e.to_string())?;
                panic::catch_unwind(AssertUnwindSafe(|| engine.analyze_message(&msg)))
                    .map_err(|_| {
                        "internal error while analysing (please report this file)".to_string()
                    })
                    .map(|r| (msg, r))
            });
        let written = match analysed {
            Ok((_, report)) if args.json => render::json_line_with_file(out, path, &report),
            Ok((msg, report)) => render::report(out, path, &msg, &report),
            Err(e) => {
                failed = true;
                eprintln!("vigie: {path}: {e}");
                if args.json {
                    render::json_error(out, path, &e)
                } else {
                    Ok(())
                }
            }
        };
        if written.is_err() {
            return ExitCode::from(2);
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
