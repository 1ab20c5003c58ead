//! Labelled form controls bound to a signal, with the field's error shown beside it
//! (`aria-invalid`, `aria-describedby`), used by the requisites page and the wizard.
use leptos::prelude::*;

use crate::domain::{Field, FieldErrors};
use crate::i18n::{fields, use_lang};

fn error_of(errors: Signal<FieldErrors>, field: Field) -> Signal<Option<&'static str>> {
    let lang = use_lang();
    Signal::derive(move || errors.with(|e| e.message(field, lang.get())))
}

/// A text input for `field` (its `name` is the field's form name).
#[component]
pub fn TextField(
    field: Field,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional, into)] hint: Option<crate::i18n::Text>,
    #[prop(optional, into)] placeholder: Option<crate::i18n::Text>,
) -> impl IntoView {
    let lang = use_lang();
    let name = field.as_str();
    let id = format!("f-{name}");
    let err_id = format!("f-{name}-error");
    let hint_id = format!("f-{name}-hint");
    let error = error_of(errors, field);
    let label = fields::label(field);
    let described = {
        let err_id = err_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(err_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>
                {move || label.get(lang.get())}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{move || h.get(lang.get())}</p> })}
            <input
                id=id
                name=name
                type=input_type
                inputmode=inputmode
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                placeholder=move || placeholder.map(|p| p.get(lang.get()))
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
            />
            <p class="field__error" id=err_id role="alert">{move || error.get()}</p>
        </div>
    }
}

/// A select for `field` with `(value, label)` options (labels in the current language).
#[component]
pub fn SelectField(
    field: Field,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let lang = use_lang();
    let name = field.as_str();
    let id = format!("f-{name}");
    let err_id = format!("f-{name}-error");
    let error = error_of(errors, field);
    let label = fields::label(field);
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>
                {move || label.get(lang.get())}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <select
                id=id
                name=name
                required=required
                on:change=move |ev| on_change.run(event_target_value(&ev))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=err_id.clone()
            >
                <option value="" selected=move || value.get().is_empty()>
                    {move || crate::i18n::ui::CHOOSE.get(lang.get())}
                </option>
                {move || options.get().into_iter().map(|(v, l)| {
                    let v2 = v.clone();
                    view! { <option value=v selected=move || value.get() == v2>{l}</option> }
                }).collect_view()}
            </select>
            <p class="field__error" id=err_id role="alert">{move || error.get()}</p>
        </div>
    }
}
