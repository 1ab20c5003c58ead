//! Every request carries its own current reactive owner, from a fresh root of its own.
//!
//! Leptos keeps the *current owner* (and, with `sandboxed-arenas`, the reactive arena) in
//! thread-locals that `Owner::with` sets but never clears: after a poll, a worker thread is left
//! holding whatever owner it last ran — at times a page that is still rendering. Code in
//! `leptos_axum` that is polled outside the page's own sandbox then picks that stale owner up: its
//! server-function handler and its "file or error" handler call `Owner::new()`, which makes a
//! *child* of it, so another request's contexts become visible (`use_context`) and that request's
//! forced cleanup at the end of its stream disposes the child while it is still running. The
//! first of these was seen for real: a static file took a page's nonce CSP (see `startup.rs`).
//!
//! This layer gives each request a root owner of its own and carries the request's current owner
//! from one poll to the next: before the handler's future (and later the response body) is
//! polled, the owner the request itself last left current is made current again (with its
//! arena), and after the poll the one it left is kept for next time. So nothing a request creates
//! outside a Leptos sandbox can belong to another request, and the code in
//! `leptos_integration_utils` that reads the page's context after an `.await` without entering
//! its owner (the nonce and the split manifest for the lazy pages' preload links) finds this
//! request's page, whichever thread resumes it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use leptos::reactive::owner::Owner;

/// Middleware: runs the rest of the stack, and streams the response body, with the request's own
/// current owner (at first a new root).
pub async fn isolate(req: Request, next: Next) -> Response {
    let mut owned = Owned {
        owner: Some(Owner::new_root(None)),
        inner: Box::pin(next.run(req)),
    };
    let response = (&mut owned).await;
    let owner = owned.owner.take();
    response.map(|body| Body::new(OwnedBody { owner, inner: body }))
}

/// Runs `poll` with `owner` current, then keeps the owner the poll left current for next time.
fn carried<T>(owner: &mut Option<Owner>, poll: impl FnOnce() -> T) -> T {
    if let Some(owner) = owner.as_ref() {
        owner.set();
    }
    let result = poll();
    if let Some(left) = Owner::current() {
        *owner = Some(left);
    }
    result
}

/// A future polled with the request's own current owner.
struct Owned<F> {
    owner: Option<Owner>,
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for Owned<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        let inner = this.inner.as_mut();
        carried(&mut this.owner, || inner.poll(cx))
    }
}

/// A response body polled with the request's own current owner, kept as long as the body.
struct OwnedBody {
    owner: Option<Owner>,
    inner: Body,
}

impl HttpBody for OwnedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let inner = Pin::new(&mut this.inner);
        carried(&mut this.owner, || inner.poll_frame(cx))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use http_body_util::BodyExt;
    use leptos::prelude::{provide_context, use_context};
    use tower::ServiceExt;

    /// Something another request put into its owner's context.
    #[derive(Clone)]
    struct OtherRequestsSecret;

    /// What a handler sees when it does what `leptos_axum`'s handlers do: `Owner::new()` and a
    /// context lookup under it.
    fn leaked_in_handler() -> &'static str {
        let owner = Owner::new();
        if owner.with(use_context::<OtherRequestsSecret>).is_some() {
            "leaked"
        } else {
            "clean"
        }
    }

    /// The same lookup, but made while the response body is being streamed.
    fn streaming_body() -> Body {
        Body::from_stream(futures_util::stream::once(async {
            Ok::<_, std::convert::Infallible>(Bytes::from(leaked_in_handler()))
        }))
    }

    /// This request's page, in its owner's context.
    #[derive(Clone)]
    struct OwnPage;

    /// What `leptos_integration_utils` does: make a page owner current (`Owner::new_root` sets
    /// it), await, then read the page's context from whatever owner is current.
    async fn own_page_after_an_await() -> &'static str {
        let page = Owner::new_root(None);
        page.with(|| provide_context(OwnPage));
        tokio::task::yield_now().await;
        let found = use_context::<OwnPage>().is_some();
        drop(page);
        if found { "own" } else { "lost" }
    }

    fn router(isolated: bool) -> Router {
        let router = Router::new()
            .route("/await", get(own_page_after_an_await))
            .route("/handler", get(|| async { leaked_in_handler() }))
            .route("/body", get(|| async { streaming_body() }));
        if isolated {
            router.layer(axum::middleware::from_fn(isolate))
        } else {
            router
        }
    }

    /// Serves one request on this thread after a "page" has left its owner current here.
    async fn answer(router: Router, path: &str) -> String {
        let page = Owner::new_root(None);
        page.set();
        page.with(|| provide_context(OtherRequestsSecret));
        let response = router
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        drop(page);
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_request_never_sees_the_owner_another_request_left_on_its_thread() {
        // Without the layer the stale owner is found: this is what the layer is for.
        assert_eq!(answer(router(false), "/handler").await, "leaked");
        assert_eq!(answer(router(false), "/body").await, "leaked");
        // With it, neither the handler nor the body streamed afterwards sees it.
        assert_eq!(answer(router(true), "/handler").await, "clean");
        assert_eq!(answer(router(true), "/body").await, "clean");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_request_finds_its_own_page_after_an_await_while_other_pages_ran_on_its_thread() {
        // Other renders on the same thread, each leaving its owner current (as pages do).
        async fn other_pages() {
            let mut pages = Vec::new();
            for _ in 0..4 {
                pages.push(Owner::new_root(None));
                tokio::task::yield_now().await;
            }
        }
        let ask = |isolated: bool| async move {
            let request = Request::get("/await").body(Body::empty()).unwrap();
            let (response, ()) = tokio::join!(router(isolated).oneshot(request), other_pages());
            let bytes = response
                .unwrap()
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes();
            String::from_utf8(bytes.to_vec()).unwrap()
        };
        assert_eq!(ask(false).await, "lost");
        assert_eq!(ask(true).await, "own");
    }
}
