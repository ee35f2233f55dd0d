//! The OAuth 2.0 tokens page's trunk entry point (oauth2-tokens/index.html): a binary of
//! its own, so a first visit of the flows page downloads none of the tokens, console and
//! export panels, and this one none of the flows (BENCHMARKS.md, "App budgets").

// Talc in place of the default dlmalloc, as the OAuth 1.0a page (src/main.rs).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    #[cfg(target_arch = "wasm32")]
    oauth_playground_app::oauth2_page::tokens_page::run();
}
