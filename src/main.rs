//! The trunk entry point: reads the browser once (storage, location), then mounts the app.

// Talc in place of the default dlmalloc: a few KB less wasm for the page budget.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    #[cfg(target_arch = "wasm32")]
    oauth_playground_app::run(oauth_playground_app::boot::Boot::read());
}
