//! The trunk entry point: mounts the app, nothing else.

fn main() {
    #[cfg(target_arch = "wasm32")]
    oauth_playground_app::run();
}
