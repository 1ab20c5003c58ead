use leptos::prelude::*;

use super::api::demo_people;
use crate::api::{DEMO_PASSWORD, DemoRole};
use crate::i18n::{t, ui, use_lang};

#[component]
pub fn DemoPage() -> impl IntoView {
    let lang = use_lang();
    let people = crate::wire::resource(|| (), |_| demo_people());
    view! {
        <section class="page demo">
            <h1>{t(ui::DEMO_TITLE)}</h1>
            <p class="notice">{t(ui::DEMO_INTRO)}" "<strong id="demo-password">{DEMO_PASSWORD}</strong></p>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(list) => view! {
                            <div class="demo-people">
                                {list.into_iter().scan(0usize, |parents, p| {
                                    // The parent's place among the demo parents: their child in the demo register.
                                    let register_child = (p.role == DemoRole::Parent).then(|| {
                                        *parents += 1;
                                        crate::api::register_child_iin(*parents - 1)
                                    });
                                    Some((p, register_child))
                                }).map(|(p, register_child)| {
                                    let role = match p.role {
                                        DemoRole::Parent => ui::DEMO_ROLE_PARENT,
                                        DemoRole::Staff => ui::DEMO_ROLE_STAFF,
                                        DemoRole::Admin => ui::DEMO_ROLE_ADMIN,
                                        DemoRole::Employee => ui::DEMO_ROLE_EMPLOYEE,
                                    };
                                    let role_code = match p.role {
                                        DemoRole::Parent => "parent",
                                        DemoRole::Staff => "staff",
                                        DemoRole::Admin => "admin",
                                        DemoRole::Employee => "employee",
                                    };
                                    view! {
                                        <article class="demo-person" data-iin=p.iin.clone() data-role=role_code>
                                            <h2>{p.full_name.clone()}</h2>
                                            <p>{t(role)}" · "{t(ui::IIN)}" "{p.iin.clone()}
                                                {p.bin.clone().map(|b| view! { " · "{t(ui::BIN)}" "{b} })}
                                                {p.organisation.clone().map(|o| view! { " · "{o} })}
                                            </p>
                                            {p.note.clone().map(|n| view! { <p class="muted">{n}</p> })}
                                            {register_child.map(|iin| view! { <p class="muted register-child">{t(ui::DEMO_REGISTER_CHILD)}" "{iin}</p> })}
                                            <ul>
                                                {p.keys.into_iter().map(|k| {
                                                    let href = format!("/demo/keys/{}", k.file);
                                                    let kind = if k.both { ui::KEY_KIND_BOTH } else if k.signing { ui::KEY_KIND_SIGN } else { ui::KEY_KIND_AUTH };
                                                    view! {
                                                        <li><a href=href download=k.file.clone()>{k.file.clone()}</a>" — "{t(kind)}</li>
                                                    }
                                                }).collect_view()}
                                            </ul>
                                        </article>
                                    }
                                }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="error">{move || e.text().get(lang.get())}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
