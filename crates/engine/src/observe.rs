//! What a run tells whoever watches it as it goes (a followed journey, the review's
//! measuring window). The core knows them only as [`Observer`]s, so a new one needs no
//! field in `Run`; with none attached, an event costs one check of an empty list.

use std::any::Any;

use crate::state::{Journey, Msg};
use crate::topo::Topo;

/// The moment something happened, and the design to name its elements.
pub(crate) struct At<'a> {
    pub topo: &'a Topo,
    pub now: u64,
}

/// Hears what the run does; each method defaults to not listening.
pub(crate) trait Observer: Fork + Any + Send + Sync {
    /// A message was sent (its arrival time, and whether it is lost, already drawn).
    fn on_message(&mut self, _at: &At, _m: &Msg) {}
    /// A call's attempt got no answer in time.
    fn on_timeout(&mut self, _at: &At, _journey: u32, _caller: u32, _callee: u32, _attempt: u32) {}
    /// An event copy was given up after its last delivery failed.
    fn on_dead_letter(&mut self, _at: &At, _journey: u32, _sub: u32) {}
    /// A customer's wait ended: `j` has its outcome.
    fn on_answer(&mut self, _at: &At, _journey: u32, _j: &Journey) {}
    /// The last piece of work a journey caused is done.
    fn on_settle(&mut self, _at: &At, _journey: u32, _j: &Journey) {}
}

/// A copy for a forked run (cloning a run forks whoever watches it too).
pub(crate) trait Fork {
    fn fork(&self) -> Box<dyn Observer>;
}

impl<T: Observer + Clone> Fork for T {
    fn fork(&self) -> Box<dyn Observer> {
        Box::new(self.clone())
    }
}

/// The observers of one run: at most one of each type.
#[derive(Default)]
pub(crate) struct Observers(Vec<Box<dyn Observer>>);

impl Clone for Observers {
    fn clone(&self) -> Observers {
        Observers(self.0.iter().map(|o| o.fork()).collect())
    }
}

impl Observers {
    /// Attaches `o`, in place of an observer of its type if there is one.
    pub(crate) fn attach<T: Observer>(&mut self, o: T) {
        let _ = self.take::<T>();
        self.0.push(Box::new(o));
    }

    pub(crate) fn get<T: Observer>(&self) -> Option<&T> {
        self.0
            .iter()
            .find_map(|o| (&**o as &dyn Any).downcast_ref())
    }

    pub(crate) fn take<T: Observer>(&mut self) -> Option<T> {
        let i = self.0.iter().position(|o| (&**o as &dyn Any).is::<T>())?;
        let o: Box<dyn Any> = self.0.remove(i);
        o.downcast().ok().map(|o| *o)
    }

    /// Tells every observer, if any is attached (the check comes before anything is built).
    #[inline]
    pub(crate) fn tell(
        &mut self,
        topo: &Topo,
        now: u64,
        mut f: impl FnMut(&mut dyn Observer, &At),
    ) {
        if self.0.is_empty() {
            return;
        }
        let at = At { topo, now };
        for o in &mut self.0 {
            f(&mut **o, &at);
        }
    }
}
