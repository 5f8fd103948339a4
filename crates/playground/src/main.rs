//! The playground's entry point (built by Trunk from the root `index.html`).

fn main() {
    qwen_route_playground::mount_playground();
}
