//! The page's resources (data a page loads from a server function), kept **type-erased**
//! inside Leptos.
//!
//! Leptos' `Resource<T>` compiles its whole machinery (the async derived signal, its futures,
//! the hydration code) once per value type *and* per source and fetcher closure: about 5 KB of
//! WASM for each of the app's resources, before any of the page's own code. Here every
//! resource is one and the same `Resource<ErasedValue, ErasedWire>`: the source is an
//! [`AnySource`], the fetcher a boxed future, and the value an [`ErasedValue`] — the typed
//! value while it is in memory, its postcard bytes while it travels in the page. The typed
//! side ([`WireResource`]) is a thin wrapper: `resource.await` and `resource.get()` give the
//! `Result<T, AppError>` the fetcher returned. This took 8.6 KB (brotli) off what a parent's
//! phone downloads first (docs/performance.md).
//!
//! The value crosses from the server into the page as its postcard bytes (the same bytes a
//! server function's answer carries); the browser decodes it on first read, and a value that does not decode (a page from an
//! older build, say) reads as [`AppError::Transport`], never a panic.
use std::any::Any;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

type AnyArc = Arc<dyn Any + Send + Sync>;
type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// A resource whose value is `Result<T, AppError>`, loaded by `fetcher` whenever `source`
/// changes; otherwise like `Resource::new` (non-blocking, serialised into the page).
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> WireResource<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let source = Arc::new(move || AnySource::new(source()));
    let fetcher = Arc::new(move |s: AnySource| -> BoxFuture<ErasedValue> {
        match s.value.downcast_ref::<S>() {
            Some(s) => {
                let fut = fetcher(s.clone());
                Box::pin(async move { ErasedValue::of(fut.await) })
            }
            // Only `AnySource::new(source())` above makes these, so it is always an `S`.
            None => Box::pin(async { ErasedValue::of::<T>(Err(AppError::Transport)) }),
        }
    });
    WireResource {
        inner: erased(source, fetcher),
        _value: PhantomData,
    }
}

/// The one instance of Leptos' resource code all resources share.
#[track_caller]
fn erased(
    source: Arc<dyn Fn() -> AnySource + Send + Sync>,
    fetcher: Arc<dyn Fn(AnySource) -> BoxFuture<ErasedValue> + Send + Sync>,
) -> Resource<ErasedValue, ErasedWire> {
    Resource::new_with_options(move || source(), move |s| fetcher(s), false)
}

/// A page's resource: `.await` it (in a `Suspend`) or `.get()` it for its
/// `Result<T, AppError>`.
pub struct WireResource<T> {
    inner: Resource<ErasedValue, ErasedWire>,
    _value: PhantomData<fn() -> T>,
}

impl<T> Clone for WireResource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for WireResource<T> {}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> WireResource<T> {
    /// The value if loaded (tracked, like `Resource::get`).
    pub fn get(&self) -> Option<Result<T, AppError>> {
        self.inner.get().map(|v| v.typed())
    }
}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> IntoFuture for WireResource<T> {
    type Output = Result<T, AppError>;
    type IntoFuture = BoxFuture<Result<T, AppError>>;

    #[track_caller]
    fn into_future(self) -> Self::IntoFuture {
        let fut = self.inner.into_future();
        Box::pin(async move { fut.await.typed() })
    }
}

/// A resource's source value, whatever its type, compared by its own `PartialEq`.
#[derive(Clone)]
struct AnySource {
    value: AnyArc,
    eq: fn(&(dyn Any + Send + Sync), &(dyn Any + Send + Sync)) -> bool,
}

impl AnySource {
    fn new<S: PartialEq + Send + Sync + 'static>(value: S) -> Self {
        fn eq<S: PartialEq + 'static>(
            a: &(dyn Any + Send + Sync),
            b: &(dyn Any + Send + Sync),
        ) -> bool {
            matches!((a.downcast_ref::<S>(), b.downcast_ref::<S>()), (Some(a), Some(b)) if a == b)
        }
        AnySource {
            value: Arc::new(value),
            eq: eq::<S>,
        }
    }
}

impl PartialEq for AnySource {
    fn eq(&self, other: &Self) -> bool {
        (self.eq)(&*self.value, &*other.value)
    }
}

/// A resource's value: the typed `Result<T, AppError>` as the fetcher returned it, or the
/// postcard bytes the server wrote into the page (decoded on first read).
#[derive(Clone)]
pub struct ErasedValue(Arc<Held>);

enum Held {
    Value {
        value: AnyArc,
        /// Writes the value into the page (server only: the browser never sends one back).
        #[cfg(feature = "ssr")]
        encode: fn(&(dyn Any + Send + Sync)) -> Result<Vec<u8>, postcard::Error>,
    },
    Bytes {
        bytes: Vec<u8>,
        decoded: OnceLock<AnyArc>,
    },
}

impl ErasedValue {
    fn of<T: Serialize + Send + Sync + 'static>(value: Result<T, AppError>) -> Self {
        #[cfg(feature = "ssr")]
        fn encode<T: Serialize + 'static>(
            v: &(dyn Any + Send + Sync),
        ) -> Result<Vec<u8>, postcard::Error> {
            match v.downcast_ref::<Result<T, AppError>>() {
                Some(v) => postcard::to_allocvec(v),
                None => Err(postcard::Error::SerdeSerCustom),
            }
        }
        ErasedValue(Arc::new(Held::Value {
            value: Arc::new(value),
            #[cfg(feature = "ssr")]
            encode: encode::<T>,
        }))
    }

    fn from_bytes(bytes: &[u8]) -> Self {
        ErasedValue(Arc::new(Held::Bytes {
            bytes: bytes.to_vec(),
            decoded: OnceLock::new(),
        }))
    }

    /// The value as `Result<T, AppError>`; bytes that are not one read as a transport error.
    fn typed<T: DeserializeOwned + Clone + Send + Sync + 'static>(&self) -> Result<T, AppError> {
        let any = match &*self.0 {
            Held::Value { value, .. } => value,
            Held::Bytes { bytes, decoded } => decoded.get_or_init(|| {
                Arc::new(
                    postcard::from_bytes::<Result<T, AppError>>(bytes)
                        .unwrap_or(Err(AppError::Transport)),
                )
            }),
        };
        any.downcast_ref::<Result<T, AppError>>()
            .cloned()
            .unwrap_or(Err(AppError::Transport))
    }
}

/// The codec of [`ErasedValue`]: the value's own postcard bytes.
pub struct ErasedWire;

impl Encoder<ErasedValue> for ErasedWire {
    type Error = postcard::Error;
    type Encoded = Vec<u8>;

    fn encode(val: &ErasedValue) -> Result<Self::Encoded, Self::Error> {
        match &*val.0 {
            #[cfg(feature = "ssr")]
            Held::Value { value, encode } => encode(&**value),
            #[cfg(not(feature = "ssr"))]
            Held::Value { .. } => Err(postcard::Error::SerdeSerCustom),
            Held::Bytes { bytes, .. } => Ok(bytes.clone()),
        }
    }
}

impl Decoder<ErasedValue> for ErasedWire {
    type Error = postcard::Error;
    type Encoded = [u8];

    fn decode(val: &Self::Encoded) -> Result<ErasedValue, Self::Error> {
        Ok(ErasedValue::from_bytes(val))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_travels_as_its_own_postcard_bytes() {
        let v: Result<Vec<(i32, String)>, AppError> = Ok(vec![(7, "Әлия".into())]);
        let bytes = ErasedWire::encode(&ErasedValue::of(v.clone())).unwrap();
        assert_eq!(bytes, postcard::to_allocvec(&v).unwrap());
        let back = ErasedWire::decode(&bytes).unwrap();
        assert_eq!(back.typed::<Vec<(i32, String)>>(), v);
        // Read twice: decoded once, the same value.
        assert_eq!(back.typed::<Vec<(i32, String)>>(), v);
    }

    #[test]
    fn an_error_travels_too() {
        let v: Result<u32, AppError> = Err(AppError::Invalid("iin.checksum".into()));
        let bytes = ErasedWire::encode(&ErasedValue::of(v.clone())).unwrap();
        assert_eq!(ErasedWire::decode(&bytes).unwrap().typed::<u32>(), v);
    }

    #[test]
    fn bytes_that_are_not_the_value_read_as_a_transport_error() {
        let page = ErasedWire::decode(&[0xff, 0xff, 0xff]).unwrap();
        assert_eq!(page.typed::<String>(), Err(AppError::Transport));
        let value = ErasedValue::of::<u32>(Ok(5));
        assert_eq!(value.typed::<String>(), Err(AppError::Transport));
        assert_eq!(value.typed::<u32>(), Ok(5));
    }

    #[test]
    fn sources_compare_by_their_own_values() {
        assert!(AnySource::new(3_i32) == AnySource::new(3_i32));
        assert!(AnySource::new(3_i32) != AnySource::new(4_i32));
        assert!(AnySource::new(3_i32) != AnySource::new(3_i64));
        assert!(AnySource::new(("a".to_string(), 1)) == AnySource::new(("a".to_string(), 1)));
    }
}
