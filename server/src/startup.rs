//! Building the router and serving it: state, layers, Leptos routes, graceful shutdown.
use std::net::SocketAddr;
use std::sync::Arc;

use app::ports::Ports;
use app::shell;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::LeptosRoutes;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::catalogue_cache::CatalogueCache;
use crate::clock::Clock;
use crate::config::Config;
use crate::state::AppState;

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info"));
    let json = std::env::var("EKG_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Leptos options from cargo-leptos' environment when present, with our defaults otherwise,
/// so the binary also runs on its own (deployments, tests). `site_root` overrides
/// `LEPTOS_SITE_ROOT`.
pub fn leptos_options(listen: SocketAddr, site_root: Option<&std::path::Path>) -> LeptosOptions {
    let var = |k: &str, d: &str| {
        std::env::var(k)
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| d.into())
    };
    let env = match var("LEPTOS_ENV", "DEV").to_ascii_uppercase().as_str() {
        "PROD" | "PRODUCTION" => leptos::config::Env::PROD,
        _ => leptos::config::Env::DEV,
    };
    LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", "ekg"))
        .site_root(site_root.map_or_else(
            || var("LEPTOS_SITE_ROOT", "target/site"),
            |root| root.to_string_lossy().into_owned(),
        ))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(listen)
        .env(env)
        .hash_files(hash_file_present())
        .build()
}

/// Whether cargo-leptos wrote `hash.txt` beside this binary (`hash-files = true`: the bundle is
/// `pkg/ekg.<hash>.js` …). Leptos would panic on a missing file, so hashed names are used only
/// when it exists (a test binary elsewhere serves the plain names).
fn hash_file_present() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("hash.txt")))
        .is_some_and(|f| f.is_file())
}

/// The population register adapter: a configured gateway, else the demo register in demo
/// mode, else none (the department confirms every claim).
fn population_register(
    config: &Config,
    demo_people: Option<&Vec<app::api::DemoPerson>>,
) -> Arc<dyn crate::population_register::PopulationRegister> {
    use crate::population_register::{DemoRegister, HttpRegister, NoRegister};
    match (&config.population_register_url, demo_people) {
        (Some(url), _) => Arc::new(HttpRegister::new(url.clone())),
        (None, Some(people)) => Arc::new(DemoRegister::new(people)),
        (None, None) => Arc::new(NoRegister),
    }
}

/// The whole application: migrations done, demo data loaded (demo mode), router built.
pub async fn build(config: &Config) -> anyhow::Result<(Router, AppState)> {
    build_with_clock(config, crate::clock::system()).await
}

/// [`build`] with a given clock (tests pin the time).
pub async fn build_with_clock(config: &Config, clock: Clock) -> anyhow::Result<(Router, AppState)> {
    let db = crate::db::connect_and_migrate(config).await?;
    if config.demo && crate::demo::seed(&db).await? {
        tracing::info!("demo data loaded");
    }
    let demo_people = if config.demo_pki {
        let (data, trust, now) = (config.data_dir.clone(), config.trust_dir.clone(), clock());
        let people =
            tokio::task::spawn_blocking(move || crate::pki::demo::ensure(&data, &trust, now))
                .await??;
        crate::demo::grant_demo_roles(&db, &people, clock()).await?;
        if config.demo_family {
            crate::demo::seed_demo_family(&db, &people, clock()).await?;
        }
        Some(Arc::new(people))
    } else {
        None
    };
    let mut trust = crate::pki::Trust::load_dir(&config.trust_dir, config.demo_pki)?;
    trust.pool = config.verify_pool.clone().unwrap_or_else(|| {
        Arc::new(crate::pki::pool::VerifyPool::new(
            config.verify_workers,
            config.verify_queue,
        ))
    });
    trust.evidence = Arc::new(crate::pki::evidence::EvidenceClient::new(
        config.evidence.clone(),
    ));
    let trust = trust.with_crl_sources(crate::pki::crl_sources::CrlSources::new(
        &config.crl_urls,
        config.crl_grace_secs,
        Some(config.data_dir.join("crls")),
    ));
    let trust = Arc::new(trust);
    // Evidence left pending (the TSA or OCSP responder did not answer) is completed in the
    // background: a quarter of the retry interval between passes, each row on its backoff.
    crate::db::signature_evidence::spawn_completion(
        db.clone(),
        trust.clone(),
        (config.evidence.retry_every / 4).max(std::time::Duration::from_millis(100)),
        clock.clone(),
    );
    if trust.crls.is_configured() {
        // At start (a source that does not answer leaves the kept copy, or none: then new
        // signatures wait for it), then every `EKG_CRL_REFRESH_MINUTES`.
        trust.refresh_crls(&reqwest::Client::new(), clock()).await;
        trust.spawn_crl_refresh(config.crl_refresh, clock.clone());
        let health = trust.crls.health(clock());
        if health.status != "ok" {
            tracing::error!(sources = ?health.sources, "revocation data unavailable: new log-ins and signatures are refused until a current CRL is fetched");
        }
    }
    let catalogue = Arc::new(CatalogueCache::new(db.clone(), config.catalogue_recheck));
    let mobile_sign = Arc::new(crate::mobile_sign::MobileSignService {
        db: db.clone(),
        trust: trust.clone(),
        clock: clock.clone(),
        public_url: config.public_url.clone(),
        ttl_secs: config.mobile_sign_ttl_secs,
        operator_bin: config.operator_bin.clone(),
        per_client_limit: config.login_attempts_per_10_min,
    });
    let ports = Ports {
        mobile_sign: mobile_sign.clone(),
        catalogue: catalogue.clone(),
        auth: Arc::new(crate::auth::EdsAuth {
            db: db.clone(),
            trust: trust.clone(),
            clock: clock.clone(),
            challenge_limit: config.login_attempts_per_10_min,
        }),
        contracts: Arc::new(crate::db::contracts::ContractRepo {
            db: db.clone(),
            clock: clock.clone(),
            trust: trust.clone(),
        }),
        oversight: Arc::new(crate::db::oversight::OversightRepo {
            db: db.clone(),
            clock: clock.clone(),
        }),
        staff: Arc::new(crate::db::staff::StaffRepo {
            contracts: crate::db::contracts::ContractRepo {
                db: db.clone(),
                clock: clock.clone(),
                trust: trust.clone(),
            },
        }),
        support: Arc::new(crate::db::support::SupportRepo {
            db: db.clone(),
            clock: clock.clone(),
            per_client_limit: config.support_requests_per_10_min,
        }),
        cabinet: Arc::new(crate::db::cabinet::CabinetRepo {
            db: db.clone(),
            clock: clock.clone(),
            register: population_register(config, demo_people.as_deref()),
            max_children: config.max_children_per_cabinet,
        }),
        admin: Arc::new(crate::db::admin::AdminRepo {
            db: db.clone(),
            clock: clock.clone(),
        }),
        region: Arc::new(crate::db::region::RegionRepo {
            db: db.clone(),
            clock: clock.clone(),
        }),
        head: Arc::new(crate::db::head::HeadRepo {
            db: db.clone(),
            clock: clock.clone(),
        }),
        now: clock.clone(),
        demo_people,
    };
    // Referrals past their deadline give their place back even when nobody looks (reads
    // expire them too, so this only bounds the delay). At start and every 10 minutes.
    {
        let db = db.clone();
        let clock = clock.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
            loop {
                tick.tick().await;
                if let Err(e) = crate::db::referrals::expire_overdue(&db, clock()).await {
                    tracing::warn!(error = ?e, "referral expiry");
                }
                // Audit entries recorded but not chained (a crash right after their commit).
                crate::db::audit::flush_all(&db).await;
            }
        });
    }
    let documents = crate::storage::from_config(&config.storage_url, &config.data_dir)?;
    documents.prepare().await?;
    tracing::info!(storage = %documents.describe(), "document storage");
    crate::orphans::spawn_periodic(db.clone(), documents.clone(), config.orphan_grace);
    crate::db::audit::spawn_full_verification(db.clone());
    let state = AppState {
        mobile_sign,
        catalogue,
        public_pages: Arc::new(crate::routes::public_pages::PublicPages::new(
            config.public_page_max_age,
        )),
        trust: trust.clone(),
        clock: clock.clone(),
        decode_slots: Arc::new(tokio::sync::Semaphore::new(config.upload_decodes.max(1))),
        documents,
        upload_limiter: Arc::new(crate::routes::rate_limit::RateLimiter::new(
            config.uploads_per_10_min,
            crate::routes::documents::UPLOAD_WINDOW,
        )),
        leptos_options: leptos_options(config.listen, config.site_root.as_deref()),
        db,
        ports,
        data_dir: config.data_dir.clone(),
    };
    let cookies = app::session::CookieSecurity {
        secure: config.cookie_secure,
    };
    let routes = crate::route_list::app_routes();
    // HSTS only when the service is served over HTTPS (secure cookies configured).
    let hsts = config.cookie_secure;
    let ctx_ports = state.ports.clone();
    // Context of every page rendered here (the 404 page too).
    let page_context = move || {
        provide_context(ctx_ports.clone());
        provide_context(cookies);
        // A page's CSP names the nonce Leptos generated for this response.
        if let (Some(nonce), Some(res)) = (
            leptos::nonce::use_nonce(),
            use_context::<leptos_axum::ResponseOptions>(),
        ) && let Ok(v) =
            HeaderValue::from_str(&crate::routes::csrf::page_csp(&nonce.to_string()))
        {
            res.insert_header(header::CONTENT_SECURITY_POLICY, v);
        }
    };
    // The site's static files (`pkg/` bundle, service worker, photo worker, icon), precompressed
    // `.br`/`.gz` when the browser accepts them, with conditional requests (304); any other path
    // gets the Leptos "not found" page.
    //
    // Not `leptos_axum::file_and_error_handler` for the files themselves: for a file it creates
    // an `Owner` as a child of whatever owner the worker thread last left current — at times a
    // page still rendering on that thread — runs the page context under it and applies "its"
    // `ResponseOptions`, which are then the page's. The file's response took the page's headers
    // (its nonce CSP, any `Set-Cookie`) and the page went out with the default CSP: its inline
    // scripts were blocked and it never hydrated (a CI run on 2026-12-03; reproduced by
    // reloading the documents page while its previews load). This path never touches an owner.
    let not_found = leptos_axum::file_and_error_handler_with_context::<AppState, _>(
        page_context.clone(),
        shell,
    );
    let static_files = tower_http::services::ServeDir::new(&*state.leptos_options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(axum::handler::Handler::with_state(not_found, state.clone()));
    let router = Router::new()
        .route("/healthz", get(crate::routes::health::healthz))
        .route("/lang/{code}", get(crate::routes::lang::set_lang))
        .route(
            "/contract/model.pdf",
            get(crate::routes::model_contract::model_pdf),
        )
        .route("/demo/keys/{file}", get(crate::routes::demo_keys::download))
        // eGov Mobile / eGov Business: the phone's API №1 and API №2, the page's QR image.
        .route("/egov/sign/{id}", get(crate::mobile_sign::routes::api1))
        .route(
            "/egov/sign/{id}/document",
            // The PUT reads its body itself, with `mobile_sign::MAX_PUT_BYTES` as the limit.
            get(crate::mobile_sign::routes::api2_get).put(crate::mobile_sign::routes::api2_put),
        )
        .route(
            "/egov/sign/{id}/qr.svg",
            get(crate::mobile_sign::routes::qr_svg),
        )
        .route(
            "/api/contracts/{id}/pdf",
            get(crate::routes::contract_pdf::contract_pdf),
        )
        .route(
            "/api/documents",
            axum::routing::post(crate::routes::documents::upload).layer(
                axum::extract::DefaultBodyLimit::max(app::domain::MAX_UPLOAD_BYTES as usize + 1),
            ),
        )
        .route(
            "/api/children/{id}/birth-certificate",
            axum::routing::post(crate::routes::birth_certificate::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    app::domain::MAX_UPLOAD_BYTES as usize + 1,
                ))
                .get(crate::routes::birth_certificate::download),
        )
        .route(
            "/api/documents/{key}",
            get(crate::routes::documents::download).delete(crate::routes::documents::delete),
        )
        .leptos_routes_with_context(&state, routes, page_context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback_service(static_files)
        // Innermost: each request (and its streamed body) carries its own current reactive owner.
        .layer(axum::middleware::from_fn(
            crate::routes::reactive_owner::isolate,
        ))
        .layer(axum::middleware::from_fn(
            crate::routes::error_status::error_status,
        ))
        .layer(axum::middleware::from_fn(
            crate::routes::static_cache::cache_lifetimes,
        ))
        .layer(CompressionLayer::new())
        // Outside compression: kept pages are sent in the coding asked for, compressed once.
        .layer(axum::middleware::from_fn_with_state(
            (state.catalogue.clone(), state.public_pages.clone()),
            crate::routes::public_pages::serve,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::routes::csrf::CSP),
        ))
        .layer(axum::middleware::map_response(
            move |mut res: axum::response::Response| async move {
                if hsts {
                    res.headers_mut().insert(
                        header::STRICT_TRANSPORT_SECURITY,
                        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
                    );
                }
                res
            },
        ))
        .layer(axum::middleware::from_fn(
            crate::routes::csrf::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(config.trusted_proxies.clone()),
            crate::client_origin::with_origin,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state.clone());
    Ok((router, state))
}

/// Every accepted connection with `TCP_NODELAY`: a response written in two parts (headers,
/// then the body) otherwise waits for the client's delayed ACK — about 40 ms for every file
/// on a kept-alive connection (Nagle's algorithm meeting delayed ACKs).
fn without_nagle(
    listener: tokio::net::TcpListener,
) -> axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)> {
    use axum::serve::ListenerExt;
    fn set_nodelay(tcp: &mut tokio::net::TcpStream) {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
    }
    listener.tap_io(set_nodelay as fn(&mut tokio::net::TcpStream))
}

/// Binds and serves until Ctrl-C / SIGTERM, finishing requests in flight.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let (router, _state) = build(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    tracing::info!(addr = %listener.local_addr()?, data_dir = %config.data_dir.display(), "listening");
    let listener = without_nagle(listener);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Starts the server on the config's address (port 0 = any free port) in the background;
/// returns the bound address. Used by integration tests.
pub async fn spawn(config: Config) -> anyhow::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    spawn_with_clock(config, crate::clock::system()).await
}

/// [`spawn`] with a given clock.
pub async fn spawn_with_clock(
    config: Config,
    clock: Clock,
) -> anyhow::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let (router, _state) = build_with_clock(&config, clock).await?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let listener = without_nagle(listener);
    let handle = tokio::spawn(async move {
        if let Err(e) = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        {
            tracing::error!(error = %e, "server stopped");
        }
    });
    Ok((addr, handle))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
