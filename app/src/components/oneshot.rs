//! A one-shot value handed from a browser callback (XHR events, worker messages) to the
//! `async` code awaiting it; the first `send` wins. Browser only (single-threaded).
use std::cell::RefCell;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

struct Inner<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

/// The sending half; clone it into every callback that may deliver the value.
pub struct Sender<T>(Rc<RefCell<Inner<T>>>);

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        Sender(self.0.clone())
    }
}

impl<T> Sender<T> {
    /// Delivers `v` unless a value was already delivered.
    pub fn send(&self, v: T) {
        let mut i = self.0.borrow_mut();
        if i.value.is_none() {
            i.value = Some(v);
            if let Some(w) = i.waker.take() {
                w.wake();
            }
        }
    }
}

/// The receiving half: a future of the value.
pub struct Receiver<T>(Rc<RefCell<Inner<T>>>);

impl<T> std::future::Future for Receiver<T> {
    type Output = T;
    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut i = self.0.borrow_mut();
        match i.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                i.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// A new channel.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let inner = Rc::new(RefCell::new(Inner {
        value: None,
        waker: None,
    }));
    (Sender(inner.clone()), Receiver(inner))
}
