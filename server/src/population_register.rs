//! The population register port (issue 26, item 3): does the register list this person as a
//! parent of this child? A "yes" confirms a parenthood claim at once; anything else leaves it to
//! the department (`app::domain::parenthood`). The register never *rejects* a claim: a guardian
//! or a record not yet in the register is for the department to judge from the certificate.
//!
//! Adapters:
//! - [`HttpRegister`] (`EKG_POPULATION_REGISTER_URL`): the interface a gateway to the national
//!   register (ГБД ФЛ through the e-government integration bus) provides to us —
//!   `POST {url}` with `{"child_iin": "…", "parent_iin": "…"}` → `200 {"parent": true|false}`;
//!   anything else (another status, a body that does not parse, no answer within
//!   [`HTTP_TIMEOUT`]) is "no answer". The gateway authenticates us (mTLS or a token on the
//!   network path), not this adapter's concern. docs/features.md «Proof of parenthood» documents it.
//! - [`DemoRegister`]: demo mode; answers from the demo families (each demo parent has one
//!   child in the register, [`demo_child_iin`]).
//! - [`NoRegister`]: none configured; every claim waits for the department.
use std::collections::HashMap;
use std::time::Duration;

use app::domain::parenthood::RegisterVerdict;

/// The largest register answer read (a real one is a few dozen bytes).
pub const MAX_ANSWER: usize = 4096;
/// How long a claim waits for the register before the department is left to decide.
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(3);

#[async_trait::async_trait]
pub trait PopulationRegister: Send + Sync {
    async fn verdict(&self, parent_iin: &str, child_iin: &str) -> RegisterVerdict;
}

/// No register: the department confirms every claim.
pub struct NoRegister;

#[async_trait::async_trait]
impl PopulationRegister for NoRegister {
    async fn verdict(&self, _: &str, _: &str) -> RegisterVerdict {
        RegisterVerdict::NoAnswer
    }
}

/// The demo register: child IIN → the demo parents the register lists for it.
pub struct DemoRegister {
    families: HashMap<String, Vec<String>>,
}

/// The IIN of the `n`-th demo parent's child in the demo register (born 15.04.2023, a girl):
/// the first demo parent's is the demo family's «Серікова Әлия».
pub fn demo_child_iin(n: usize) -> String {
    app::api::register_child_iin(n)
}

impl DemoRegister {
    pub fn new(people: &[app::api::DemoPerson]) -> DemoRegister {
        use app::api::DemoRole;
        let mut families: HashMap<String, Vec<String>> = HashMap::new();
        for (n, p) in people
            .iter()
            .filter(|p| p.role == DemoRole::Parent)
            .enumerate()
        {
            families
                .entry(demo_child_iin(n))
                .or_default()
                .push(p.iin.clone());
        }
        DemoRegister { families }
    }
}

#[async_trait::async_trait]
impl PopulationRegister for DemoRegister {
    async fn verdict(&self, parent_iin: &str, child_iin: &str) -> RegisterVerdict {
        match self.families.get(child_iin) {
            Some(parents) if parents.iter().any(|p| p == parent_iin) => RegisterVerdict::Parent,
            _ => RegisterVerdict::NotListed,
        }
    }
}

/// A gateway to the national register speaking the JSON interface above.
pub struct HttpRegister {
    url: String,
    client: reqwest::Client,
}

impl HttpRegister {
    pub fn new(url: String) -> HttpRegister {
        let client = reqwest::Client::builder()
            .timeout(HTTP_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        HttpRegister { url, client }
    }
}

#[derive(serde::Deserialize)]
struct Answer {
    parent: bool,
}

#[async_trait::async_trait]
impl PopulationRegister for HttpRegister {
    async fn verdict(&self, parent_iin: &str, child_iin: &str) -> RegisterVerdict {
        let sent = self
            .client
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(
                serde_json::json!({ "child_iin": child_iin, "parent_iin": parent_iin }).to_string(),
            )
            .send()
            .await;
        let mut resp = match sent {
            Ok(r) if r.status() == reqwest::StatusCode::OK => r,
            Ok(r) => {
                tracing::warn!(status = %r.status(), "population register: unexpected status");
                return RegisterVerdict::NoAnswer;
            }
            Err(e) => {
                tracing::warn!(error = %e, "population register: no answer");
                return RegisterVerdict::NoAnswer;
            }
        };
        // A register answer is small: read at most `MAX_ANSWER` bytes; anything larger is not one.
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) if body.len() + chunk.len() <= MAX_ANSWER => {
                    body.extend_from_slice(&chunk)
                }
                Ok(None) => break,
                _ => return RegisterVerdict::NoAnswer,
            }
        }
        match serde_json::from_slice::<Answer>(&body) {
            Ok(Answer { parent: true }) => RegisterVerdict::Parent,
            Ok(Answer { parent: false }) => RegisterVerdict::NotListed,
            Err(_) => RegisterVerdict::NoAnswer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for the register's gateway: answers per the JSON interface above, the parent
    /// of `230415600001` being `880101300001`; `/broken` answers 500, `/slow` never in time.
    async fn gateway() -> String {
        use axum::routing::post;
        async fn answer(
            axum::Json(q): axum::Json<serde_json::Value>,
        ) -> axum::Json<serde_json::Value> {
            let parent = q["child_iin"] == "230415600001" && q["parent_iin"] == "880101300001";
            axum::Json(serde_json::json!({ "parent": parent }))
        }
        let app = axum::Router::new()
            .route("/check", post(answer))
            .route(
                "/broken",
                post(|| async { axum::http::StatusCode::INTERNAL_SERVER_ERROR }),
            )
            .route("/garbage", post(|| async { "<html>gateway error</html>" }))
            .route(
                "/huge",
                post(|| async {
                    format!("{{\"parent\": true, \"pad\": \"{}\"}}", "x".repeat(1 << 20))
                }),
            )
            .route(
                "/slow",
                post(|| async {
                    tokio::time::sleep(HTTP_TIMEOUT * 2).await;
                    "{\"parent\": true}"
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn the_gateway_confirms_only_a_listed_parent_and_anything_else_is_no_answer() {
        let base = gateway().await;
        let register = HttpRegister::new(format!("{base}/check"));
        assert_eq!(
            register.verdict("880101300001", "230415600001").await,
            RegisterVerdict::Parent
        );
        assert_eq!(
            register.verdict("900101300002", "230415600001").await,
            RegisterVerdict::NotListed
        );
        for path in ["/broken", "/garbage", "/missing", "/huge"] {
            let register = HttpRegister::new(format!("{base}{path}"));
            assert_eq!(
                register.verdict("880101300001", "230415600001").await,
                RegisterVerdict::NoAnswer,
                "{path}"
            );
        }
    }

    #[tokio::test]
    async fn a_register_that_does_not_answer_in_time_leaves_the_claim_to_the_department() {
        let base = gateway().await;
        let register = HttpRegister::new(format!("{base}/slow"));
        let started = std::time::Instant::now();
        assert_eq!(
            register.verdict("880101300001", "230415600001").await,
            RegisterVerdict::NoAnswer
        );
        assert!(started.elapsed() < HTTP_TIMEOUT * 2);
    }

    #[tokio::test]
    async fn the_demo_register_knows_each_demo_parents_child_only() {
        use app::api::{DemoPerson, DemoRole};
        let person = |iin: &str| DemoPerson {
            role: DemoRole::Parent,
            full_name: "Демо".into(),
            iin: iin.into(),
            bin: None,
            organisation: None,
            keys: Vec::new(),
            note: None,
        };
        let register = DemoRegister::new(&[person("880101300001"), person("900101400002")]);
        assert_eq!(
            register.verdict("880101300001", &demo_child_iin(0)).await,
            RegisterVerdict::Parent
        );
        assert_eq!(
            register.verdict("900101400002", &demo_child_iin(0)).await,
            RegisterVerdict::NotListed
        );
        assert_eq!(
            register.verdict("900101400002", &demo_child_iin(1)).await,
            RegisterVerdict::Parent
        );
        assert_ne!(demo_child_iin(0), demo_child_iin(1));
        assert_eq!(
            NoRegister.verdict("880101300001", &demo_child_iin(0)).await,
            RegisterVerdict::NoAnswer
        );
    }
}
