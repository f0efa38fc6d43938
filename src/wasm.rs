//! The WebAssembly API used by the extension's background script (the only wasm-bindgen code).
//!
//! One coarse call per message: the content script sends a snapshot (sender and body HTML), the
//! background calls [`WasmEngine::analyze_message`] and gets the whole report back as a plain
//! object, with `elapsedMs` measured here by `performance.now()` (the in-browser benchmark
//! reads it). A panic is a trap that poisons the instance: the background drops it and builds a
//! new one (`extension/background.js`), so nothing here tries to recover.

use crate::engine::{Config, Correspondent, Engine, Message};

#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn now() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

// Reading the message and the config: by hand, not by serde-wasm-bindgen. Serde's derived
// deserializers, the deserializer and the float formatting its type errors link in
// (`Unexpected::Float`) were 18 KB of the gzipped module (NOTES.md, stop 22). Same contract as
// the derived ones: camelCase names, a missing or null field is empty, unknown fields are
// ignored, a field of the wrong type is an error; strings with lone surrogates are read with
// U+FFFD in their place (`JsValue::as_string`).

fn field(object: &JsValue, name: &str) -> Result<Option<JsValue>, JsValue> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(name))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

fn object_of(value: &JsValue, what: &str) -> Result<(), JsValue> {
    if value.is_object() && !js_sys::Array::is_array(value) {
        Ok(())
    } else {
        Err(JsValue::from_str(&format!("{what}: expected an object")))
    }
}

fn string_field(object: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    field(object, name)?
        .map(|v| {
            v.as_string()
                .ok_or_else(|| JsValue::from_str(&format!("{name}: expected a string")))
        })
        .transpose()
}

fn list_field<T>(
    object: &JsValue,
    name: &str,
    item: impl Fn(&JsValue) -> Option<T>,
    expected: &str,
) -> Result<Vec<T>, JsValue> {
    let Some(value) = field(object, name)? else {
        return Ok(Vec::new());
    };
    let wrong = || JsValue::from_str(&format!("{name}: expected {expected}"));
    if !js_sys::Array::is_array(&value) {
        return Err(wrong());
    }
    js_sys::Array::from(&value)
        .iter()
        .map(|v| item(&v).ok_or_else(wrong))
        .collect()
}

fn message_from_js(value: &JsValue) -> Result<Message, JsValue> {
    object_of(value, "message")?;
    let from_malformed = match field(value, "fromMalformed")? {
        None => false,
        Some(v) => v
            .as_bool()
            .ok_or_else(|| JsValue::from_str("fromMalformed: expected a boolean"))?,
    };
    Ok(Message {
        sender_name: string_field(value, "senderName")?,
        sender_address: string_field(value, "senderAddress")?,
        reply_to: string_field(value, "replyTo")?,
        subject: string_field(value, "subject")?,
        body_html: string_field(value, "bodyHtml")?,
        body_text: string_field(value, "bodyText")?,
        from_malformed,
    })
}

/// `None` unless `value` is an object with a string `domain` and a whole `count` (`Reflect.get`
/// throws on anything but an object).
fn correspondent_from_js(value: &JsValue) -> Option<Correspondent> {
    let domain = js_sys::Reflect::get(value, &JsValue::from_str("domain"))
        .ok()?
        .as_string()?;
    let count = js_sys::Reflect::get(value, &JsValue::from_str("count"))
        .ok()?
        .as_f64()?;
    let whole = count.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&count);
    // `as` is exact here: a whole number within u32's range.
    whole.then_some(Correspondent {
        domain,
        count: count as u32,
    })
}

fn config_from_js(value: &JsValue) -> Result<Config, JsValue> {
    object_of(value, "config")?;
    let strings = |name| list_field(value, name, JsValue::as_string, "a list of strings");
    Ok(Config {
        protected_domains: strings("protectedDomains")?,
        trusted_senders: strings("trustedSenders")?,
        trusted_domains: strings("trustedDomains")?,
        correspondents: list_field(
            value,
            "correspondents",
            correspondent_from_js,
            "a list of {domain, count} with a whole count",
        )?,
    })
}

fn with_elapsed(obj: JsValue, started: f64) -> JsValue {
    let _ = js_sys::Reflect::set(
        &obj,
        &JsValue::from_str("elapsedMs"),
        &JsValue::from_f64(now() - started),
    );
    obj
}

/// Log panics to the console before the trap, so a crash in the field leaves a trace.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!("vigie: {info}")));
    }));
}

#[wasm_bindgen]
pub struct WasmEngine {
    inner: Engine,
}

#[wasm_bindgen]
impl WasmEngine {
    /// Build the engine from the extension's settings (`undefined` for none).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<WasmEngine, JsValue> {
        let config: Config = if config.is_undefined() || config.is_null() {
            Config::default()
        } else {
            config_from_js(&config)?
        };
        Ok(WasmEngine {
            inner: Engine::new(&config),
        })
    }

    /// Analyse one message snapshot `{senderName, senderAddress, replyTo, subject, bodyHtml, bodyText}`.
    #[wasm_bindgen(js_name = analyzeMessage)]
    pub fn analyze_message(&self, message: JsValue) -> Result<JsValue, JsValue> {
        let started = now();
        let msg = message_from_js(&message)?;
        let report = self.inner.analyze_message(&msg);
        Ok(with_elapsed(to_js(&report)?, started))
    }

    /// One link added after the message was analysed.
    #[wasm_bindgen(js_name = checkLink)]
    pub fn check_link(
        &self,
        href: &str,
        text: &str,
        sender_address: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let started = now();
        let report = self.inner.check_link(href, text, sender_address.as_deref());
        Ok(with_elapsed(to_js(&report)?, started))
    }

    #[wasm_bindgen(js_name = checkDomain)]
    pub fn check_domain(&self, domain: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.check_domain(domain))
    }

    #[wasm_bindgen(js_name = checkSender)]
    pub fn check_sender(&self, mailbox: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.check_sender(mailbox, None))
    }

    /// Learn one known correspondent `{domain, count}` (as in the config's `correspondents`)
    /// without rebuilding the engine; true when the domain is new to it.
    #[wasm_bindgen(js_name = learnCorrespondent)]
    pub fn learn_correspondent(&mut self, correspondent: JsValue) -> Result<bool, JsValue> {
        let c = correspondent_from_js(&correspondent).ok_or_else(|| {
            JsValue::from_str("correspondent: expected {domain: string, count: whole number}")
        })?;
        Ok(self.inner.learn_correspondent(&c.domain, c.count))
    }

    /// Protected names in the lookalike index (for the popup and the start-up benchmark).
    #[wasm_bindgen(js_name = protectedCount)]
    pub fn protected_count(&self) -> usize {
        self.inner.protected_count()
    }
}

/// Version of the engine and of its public suffix list.
#[wasm_bindgen]
pub fn version() -> String {
    format!(
        "{} (public suffix list {})",
        env!("CARGO_PKG_VERSION"),
        crate::psl_version()
    )
}

/// Deliberately traps. Exists for the recovery test: the background must drop the poisoned
/// instance and analyse the next message with a new one. Harmless: only the background calls
/// into wasm, and it never exposes this to pages.
#[wasm_bindgen(js_name = testTrap)]
pub fn test_trap() {
    let trap: Option<u8> = std::hint::black_box(None);
    if trap.is_none() {
        panic!("vigie test trap");
    }
}
