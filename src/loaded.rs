//! What a page loads, as a reactive value: typed for the page, erased inside. Leptos builds
//! its loading machinery once per value and future type; erased, the bundle holds it once.

use std::any::Any;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

type Erased = Rc<dyn Any>;
type Fetch = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Erased>>>>;

/// A value loading, or loaded, by a fetcher that runs again when the signals it reads
/// change, or on [`Loaded::refetch`].
pub struct Loaded<T> {
    inner: LocalResource<Erased>,
    value: PhantomData<fn() -> T>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

impl<T: Clone + 'static> Loaded<T> {
    pub fn new<Fut: Future<Output = T> + 'static>(fetch: impl Fn() -> Fut + 'static) -> Self {
        Self {
            inner: erased(Box::new(move || {
                let future = fetch();
                Box::pin(async move { Rc::new(future.await) as Erased })
            })),
            value: PhantomData,
        }
    }

    /// The value, tracked; `None` while loading.
    pub fn get(&self) -> Option<T> {
        self.inner
            .get()
            .and_then(|v| v.downcast_ref::<T>().cloned())
    }

    /// The value, untracked.
    pub fn get_untracked(&self) -> Option<T> {
        self.inner
            .get_untracked()
            .and_then(|v| v.downcast_ref::<T>().cloned())
    }

    /// Loads it again.
    pub fn refetch(&self) {
        self.inner.refetch();
    }
}

fn erased(fetch: Fetch) -> LocalResource<Erased> {
    LocalResource::new(fetch)
}
