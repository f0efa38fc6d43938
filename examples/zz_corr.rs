#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
#[allow(dead_code)]
#[path = "../benches/synthetic.rs"]
mod synthetic;
fn main() {
    let config = synthetic::config_with_correspondents(5_000);
    let t = std::time::Instant::now();
    let e = vigie::Engine::new(&config);
    eprintln!("{:?} {}", t.elapsed(), e.protected_count());
}
