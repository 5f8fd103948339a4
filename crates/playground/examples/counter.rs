//! A plain Leptos counter, built with the playground's profile: the baseline the playground's
//! first contentful paint is compared with (`cargo xtask bench site`).

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let count = RwSignal::new(0);
        view! {
            <main>
                <h1>"Counter"</h1>
                <button id="send" on:click=move |_| count.update(|n| *n += 1)>"+1"</button>
                <p>{move || count.get()}</p>
            </main>
        }
    });
}
