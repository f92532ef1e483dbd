//! What a page loads and what it sends, as reactive values: typed for the page, erased
//! inside. Leptos builds its loading and sending machinery once per value and future type;
//! erased, the bundle holds each once.

use std::any::Any;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

type Erased = Rc<dyn Any>;
type Fetch = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Erased>>>>;
type Send = Box<dyn Fn(&Erased) -> Pin<Box<dyn Future<Output = Erased>>>>;

/// A value loading, or loaded, by a fetcher that runs again when the signals it reads
/// change, or on [`Loaded::refetch`]. A value the fetcher has at once (the invoices that came
/// with the session) is there for the first draw: the future is polled once as it is made,
/// where Leptos's `LocalResource` always waits a tick.
pub struct Loaded<T> {
    inner: AsyncDerived<Erased, LocalStorage>,
    again: RwSignal<u32>,
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
        let again = RwSignal::new(0);
        Self {
            inner: erased(Box::new(move || {
                again.track();
                let future = fetch();
                Box::pin(async move { Rc::new(future.await) as Erased })
            })),
            again,
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
        self.again.update(|n| *n += 1);
    }
}

fn erased(fetch: Fetch) -> AsyncDerived<Erased, LocalStorage> {
    AsyncDerived::new_unsync(fetch)
}

/// A request the page sends on the subscriber's say-so: its last answer, and whether one is
/// on its way. (Leptos's `Action` does this too, with machinery this app does not use:
/// aborting, the input kept while in flight, server functions.)
pub struct Sending<I, O> {
    send: StoredValue<Send, LocalStorage>,
    answer: RwSignal<Option<Erased>, LocalStorage>,
    in_flight: RwSignal<u32>,
    types: PhantomData<fn(I) -> O>,
}

impl<I, O> Clone for Sending<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, O> Copy for Sending<I, O> {}

impl<I: 'static, O: Clone + 'static> Sending<I, O> {
    pub fn new<Fut: Future<Output = O> + 'static>(send: impl Fn(&I) -> Fut + 'static) -> Self {
        let send: Send = Box::new(move |input: &Erased| {
            let future = input.downcast_ref::<I>().map(&send);
            Box::pin(async move {
                match future {
                    Some(future) => Rc::new(future.await) as Erased,
                    None => Rc::new(()),
                }
            })
        });
        Self {
            send: StoredValue::new_local(send),
            answer: RwSignal::new_local(None),
            in_flight: RwSignal::new(0),
            types: PhantomData,
        }
    }

    /// Sends `input`.
    pub fn dispatch(&self, input: I) {
        dispatch(self.send, self.answer, self.in_flight, Rc::new(input));
    }

    /// The last answer, tracked; `None` before the first.
    pub fn value(&self) -> Option<O> {
        self.answer
            .get()
            .and_then(|v| v.downcast_ref::<O>().cloned())
    }

    /// The last answer, untracked.
    pub fn value_untracked(&self) -> Option<O> {
        self.answer
            .get_untracked()
            .and_then(|v| v.downcast_ref::<O>().cloned())
    }

    /// Whether an answer is on its way, tracked.
    pub fn pending(&self) -> bool {
        self.in_flight.get() > 0
    }

    /// Whether an answer is on its way, untracked.
    pub fn pending_untracked(&self) -> bool {
        self.in_flight.get_untracked() > 0
    }
}

// The answer of a page already gone is dropped: its signals are, too.
fn dispatch(
    send: StoredValue<Send, LocalStorage>,
    answer: RwSignal<Option<Erased>, LocalStorage>,
    in_flight: RwSignal<u32>,
    input: Erased,
) {
    let Some(future) = send.try_with_value(|send| send(&input)) else {
        return;
    };
    in_flight.update(|n| *n += 1);
    leptos::task::spawn_local(async move {
        let out = future.await;
        in_flight.try_update(|n| *n = n.saturating_sub(1));
        answer.try_set(Some(out));
    });
}

/// An effect: `f` runs now, and again whenever a signal it read changes. Leptos builds its
/// effect machinery once per closure type; boxed, the bundle holds it once.
pub fn effect(f: impl Fn() + 'static) {
    boxed_effect(Box::new(f));
}

fn boxed_effect(f: Box<dyn Fn()>) {
    Effect::new(f);
}
