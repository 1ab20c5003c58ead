//! Every request runs under its own fresh reactive root owner.
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
//! This layer gives each request a root owner of its own and makes it the current owner (and
//! arena) every time the handler's future — and later the response body — is polled, so nothing
//! a request creates outside a Leptos sandbox can belong to another request.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use leptos::reactive::owner::Owner;

/// Middleware: runs the rest of the stack, and streams the response body, under a new root owner.
pub async fn isolate(req: Request, next: Next) -> Response {
    let owner = Owner::new_root(None);
    let response = Owned {
        owner: owner.clone(),
        inner: Box::pin(next.run(req)),
    }
    .await;
    response.map(|body| Body::new(OwnedBody { owner, inner: body }))
}

/// A future polled with `owner` as the current owner.
struct Owned<F> {
    owner: Owner,
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for Owned<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        let inner = this.inner.as_mut();
        this.owner.with(|| inner.poll(cx))
    }
}

/// A response body polled with `owner` as the current owner; the owner lives as long as the body.
struct OwnedBody {
    owner: Owner,
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
        this.owner.with(|| inner.poll_frame(cx))
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

    fn router(isolated: bool) -> Router {
        let router = Router::new()
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
}
