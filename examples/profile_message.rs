//! `analyze_message` on the benchmark's 100-link, 50 KB message, a given number of times, for
//! instruction-level profiling (wall-clock figures on a shared machine swing too much to compare
//! two versions):
//!
//! ```sh
//! cargo build --release --example profile_message
//! valgrind --tool=callgrind target/release/examples/profile_message 20
//! callgrind_annotate --inclusive=yes callgrind.out.<pid> | head -40
//! ```
//!
//! The criterion binary is a poor target for this: it analyses 1 and 5 MB messages before
//! filtering, and those dominate its profile.
//!
//! With `correspondents` first (`profile_message correspondents 5000`) it builds the engine of
//! a user with that many known correspondents instead, once: the start-up cost at a wake.

// The allocator the `vigie` CLI ships with: these figures are the native product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// Only the message generator is used here.
#[allow(dead_code)]
#[path = "../benches/synthetic.rs"]
mod synthetic;

use vigie::{Config, Engine};

fn main() {
    if std::env::args().nth(1).as_deref() == Some("correspondents") {
        let n = std::env::args()
            .nth(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(5_000);
        let config = synthetic::config_with_correspondents(n);
        let engine = Engine::new(std::hint::black_box(&config));
        println!(
            "engine with {n} correspondents: {}",
            engine.protected_count()
        );
        return;
    }
    let times: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let engine = Engine::new(&Config::default());
    let message = synthetic::synthetic_message(100, 50 * 1024);
    let mut links = 0;
    for _ in 0..times {
        links += engine
            .analyze_message(std::hint::black_box(&message))
            .links
            .len();
    }
    println!("{times} analyses, {links} link reports");
}
