//! `/admin/stats`: contracts by status per day (stacked SVG bars), the median time from sending
//! to signing per kindergarten, refusal reasons.
use leptos::prelude::*;

use super::api::admin_stats;
use super::nav::AdminNav;
use crate::api::Stats;
use crate::domain::ContractStatus;
use crate::i18n::admin_ui as au;
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;

fn colour(s: ContractStatus) -> &'static str {
    match s {
        ContractStatus::SignedByKindergarten => "#1d7a3a",
        ContractStatus::SentForSigning => "#0b5cab",
        ContractStatus::RefusedByKindergarten => "#b3261e",
        _ => "#8a939c",
    }
}

/// A horizontal bar `percent` wide. SVG geometry, not a `style` attribute: the page's Content
/// Security Policy allows no inline styles.
#[component]
fn Bar(percent: i64, alert: bool) -> impl IntoView {
    let class = if alert {
        "hbars__bar hbars__bar--alert"
    } else {
        "hbars__bar"
    };
    view! {
        <svg class=class viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true">
            <rect width=percent.clamp(0, 100).to_string() height="14" rx="3"/>
        </svg>
    }
}

#[component]
pub fn AdminStatsPage() -> impl IntoView {
    let stats = crate::wire::resource(|| (), |_| admin_stats());
    view! {
        <section class="page admin">
            <h1>{t(au::STATS_TITLE)}</h1>
            <AdminNav/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match stats.await {
                        Ok(s) => view! { <Charts s=s/> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Charts(s: Stats) -> impl IntoView {
    let lang = use_lang();
    // Days in order, each with its status counts.
    let mut days: Vec<(String, Vec<(ContractStatus, u32)>)> = Vec::new();
    for (d, st, n) in &s.by_day {
        match days.iter_mut().find(|(x, _)| x == d) {
            Some((_, v)) => v.push((*st, *n)),
            None => days.push((d.clone(), vec![(*st, *n)])),
        }
    }
    let max = days
        .iter()
        .map(|(_, v)| v.iter().map(|(_, n)| *n).sum::<u32>())
        .max()
        .unwrap_or(1)
        .max(1);
    let (bar_w, height) = (28u32, 160u32);
    let width = (days.len() as u32 * (bar_w + 8)).max(200);
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, (d, v))| {
            let x = i as u32 * (bar_w + 8);
            let mut y = height;
            let rects = v
                .iter()
                .map(|(st, n)| {
                    let h = n * (height - 20) / max;
                    y -= h;
                    let st = *st;
                    view! {
                        <rect x=x.to_string() y=y.to_string() width=bar_w.to_string() height=h.to_string() fill=colour(st)>
                            <title>{format!("{d}: {n} — {}", st.label(lang.get_untracked()))}</title>
                        </rect>
                    }
                })
                .collect_view();
            let label = d.get(..5).unwrap_or(d).to_string();
            view! {
                <g>{rects}<text x=(x + 2).to_string() y=(height + 14).to_string() font-size="10">{label}</text></g>
            }
        })
        .collect_view();
    let max_wait = s
        .median_minutes
        .iter()
        .map(|(_, _, m)| *m)
        .max()
        .unwrap_or(1)
        .max(1);
    let max_reason = s
        .refusal_reasons
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(1)
        .max(1);
    view! {
        <p id="total-sent">{t(au::TOTAL_SENT)}": "<strong>{s.total_sent}</strong></p>
        <h2>{t(au::BY_DAY)}</h2>
        {if days.is_empty() {
            view! { <p class="muted">{t(au::NO_DATA)}</p> }.into_any()
        } else {
            view! {
                <div class="chart">
                    <svg id="chart-by-day" role="img" viewBox=format!("0 0 {width} {}", height + 20) width=width.to_string() height=(height + 20).to_string()
                        aria-label=move || au::BY_DAY.get(lang.get())>{bars}</svg>
                </div>
                <ul class="legend">
                    {[ContractStatus::SentForSigning, ContractStatus::SignedByKindergarten, ContractStatus::RefusedByKindergarten].into_iter().map(|st| view! {
                        <li><svg class="legend__swatch" width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="2" fill=colour(st)/></svg>{move || st.label(lang.get())}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2>{t(au::MEDIAN)}</h2>
        <ul class="hbars" id="chart-median">
            {s.median_minutes.into_iter().map(|(k, n, m)| view! {
                <li>
                    <span class="hbars__label">{move || k.get(lang.get()).to_string()}" ("{n}" "{t(au::SIGNED_COUNT)}")"</span>
                    <Bar percent=(m * 100 / max_wait).max(2) as i64 alert=false/>
                    <span class="hbars__value">{m}" "{t(au::MINUTES)}</span>
                </li>
            }).collect_view()}
        </ul>
        <h2>{t(au::REASONS)}</h2>
        <ul class="hbars" id="chart-reasons">
            {s.refusal_reasons.into_iter().map(|(r, n)| view! {
                <li>
                    <span class="hbars__label">{move || r.label(lang.get())}</span>
                    <Bar percent=(n * 100 / max_reason).max(2) as i64 alert=true/>
                    <span class="hbars__value">{n}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}
