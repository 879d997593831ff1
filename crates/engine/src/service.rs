//! Services: admission to workers or the bounded queue, processing, the handler's steps
//! (phases of calls, then publishes) and the answer. A worker is held for the whole
//! handler, including waits on downstream calls, as in a thread-per-request server.

use crate::queue::Ev;
use crate::run::Run;
use crate::state::*;
use crate::topo::WireT;

/// The stream kind of poison draws (beside the run's users, services and network).
const STREAM_POISON: u64 = 4;
use wirelab_model::{BrokerDownPolicy, FailurePolicy};

impl Run {
    fn busy_change(&mut self, node: u32, delta: i32) {
        let n = &mut self.nodes[node as usize];
        n.busy_area += u128::from(n.busy) * u128::from(self.now - n.busy_since);
        n.busy_since = self.now;
        n.busy = n.busy.checked_add_signed(delta).expect("busy workers");
    }

    /// Counts a handler's failure; `answered`: it had answered "accepted, pending", so its
    /// caller saw no failure.
    fn fail_count(&mut self, node: u32, f: Failure) {
        let n = &mut self.nodes[node as usize];
        n.failed += 1;
        *n.failures.entry((f.reason, f.at)).or_insert(0) += 1;
    }

    /// A step the handler waited on is over: counts it for the availability product
    /// at the node (or, for request/reply, the broker and then the responder) it asked.
    fn count_answer(&mut self, wire: u32, res: Res) {
        let w = &self.topo.wires[wire as usize];
        let asked = match w.kind {
            WireT::Call(_) | WireT::Publish(_) => [Some(w.to), None],
            WireT::Rr(r) => [Some(r.via), Some(w.to)],
            WireT::Sub(_) => [None, None],
        };
        let at = match res {
            Err(f) if !f.reason.from_dependency() => Some(f.at),
            _ => None,
        };
        for n in asked.into_iter().flatten() {
            self.nodes[n as usize].answered(at == Some(n));
            if at == Some(n) {
                // A broker that refused the request never passed it to the responder.
                break;
            }
        }
    }

    /// A sync request reaches a service.
    pub(crate) fn on_request(&mut self, m: &Msg, call: H) {
        let node = m.to;
        let Some(c) = self.work.calls.get(call) else {
            return;
        };
        let idempotent =
            matches!(self.topo.wires[m.wire as usize].kind, WireT::Call(c) if c.idempotent);
        let origin = Origin::Call {
            call,
            wire: m.wire,
            attempt: m.attempt,
        };
        if self.nodes[node as usize].health == Health::Down {
            self.reject(node, origin, m.journey, Reason::Refused);
        } else if idempotent && c.committed {
            // The idempotency key was seen: answer with the stored result, no new effect.
            self.reply(node, origin, m.journey, Ok(()));
            self.call_release(call);
        } else {
            self.admit(node, origin, m.journey);
        }
    }

    /// A subscription delivery reaches its consumer.
    pub(crate) fn on_delivery(&mut self, m: &Msg, sub: u32, copy: u32, n: u32) {
        let node = m.to;
        let origin = Origin::Delivery { sub, copy, n };
        if self.nodes[node as usize].health == Health::Down {
            self.reply(
                node,
                origin,
                m.journey,
                Err(Failure {
                    reason: Reason::Refused,
                    at: node,
                }),
            );
        } else if self.topo.subs[sub as usize].idempotent
            && self.subs[sub as usize].copies[copy as usize].committed
        {
            // An idempotent consumer recognises the event and only acknowledges it.
            self.subs[sub as usize].skipped += 1;
            self.reply(node, origin, m.journey, Ok(()));
        } else {
            self.admit(node, origin, m.journey);
        }
    }

    /// A request/reply request forwarded by the broker reaches its callee.
    pub(crate) fn on_rr_forward(&mut self, m: &Msg, call: H) {
        let node = m.to;
        let WireT::Rr(rr) = self.topo.wires[m.wire as usize].kind else {
            return;
        };
        if self.nodes[node as usize].health == Health::Down {
            // The broker holds the request until the callee reconnects or it expires.
            self.jinc(m.journey);
            self.wires[m.wire as usize]
                .parked
                .push_back((call, self.now + rr.timeout, m.journey));
        } else {
            self.admit(node, Origin::Rr { call, wire: m.wire }, m.journey);
        }
    }

    /// Refuses work before it becomes a task (down or overloaded).
    fn reject(&mut self, node: u32, origin: Origin, journey: u32, reason: Reason) {
        let n = &mut self.nodes[node as usize];
        n.rejected += 1;
        *n.failures.entry((reason, node)).or_insert(0) += 1;
        self.reply(node, origin, journey, Err(Failure { reason, at: node }));
        self.release_origin(origin);
    }

    fn release_origin(&mut self, origin: Origin) {
        match origin {
            Origin::Call { call, .. } | Origin::Rr { call, .. } => self.call_release(call),
            Origin::Delivery { .. } => {}
        }
    }

    /// Sends the answer a task's origin expects: a response, an ack or a reply.
    fn reply(&mut self, node: u32, origin: Origin, journey: u32, result: Res) {
        match origin {
            Origin::Call {
                call,
                wire,
                attempt,
            } => {
                let to = self.topo.wires[wire as usize].from;
                self.send(
                    wire,
                    node,
                    to,
                    Body::Response { call, result },
                    attempt,
                    journey,
                );
            }
            Origin::Delivery { sub, copy, n } => {
                let wire = self.topo.sub_wire[sub as usize];
                let topic = self.topo.subs[sub as usize].topic;
                self.send(
                    wire,
                    node,
                    topic,
                    Body::Ack {
                        sub,
                        copy,
                        n,
                        ok: result.is_ok(),
                    },
                    n,
                    journey,
                );
            }
            Origin::Rr { call, wire } => {
                let WireT::Rr(rr) = self.topo.wires[wire as usize].kind else {
                    return;
                };
                self.send(
                    wire,
                    node,
                    rr.via,
                    Body::RrReply { call, result },
                    1,
                    journey,
                );
            }
        }
    }

    /// A worker if one is free, else the queue, else rejected as overloaded.
    fn admit(&mut self, node: u32, origin: Origin, journey: u32) {
        let svc = self.topo.service(node).expect("service");
        let (workers, cap) = (svc.workers, svc.queue as usize);
        let rt = &self.nodes[node as usize];
        let free = rt.busy < workers;
        if !free && rt.queue.len() >= cap {
            self.reject(node, origin, journey, Reason::Overloaded);
            return;
        }
        let task = Task {
            node,
            origin,
            journey,
            state: TaskState::Queued,
            phase: 0,
            pending: 0,
            failure: None,
            answered: false,
            comp: Comp::None,
        };
        let h = self.work.tasks.insert(task);
        self.jinc(journey);
        if free {
            self.start(h);
        } else {
            self.nodes[node as usize].queue.push_back(h.slot);
        }
    }

    fn start(&mut self, h: H) {
        let t = self.work.tasks.get_mut(h).expect("task");
        t.state = TaskState::Processing;
        let (node, origin, journey) = (t.node, t.origin, t.journey);
        self.busy_change(node, 1);
        if let Origin::Call { call, .. } = origin {
            if matches!(self.work.calls.get(call), Some(c) if matches!(c.caller, Caller::User(_))) {
                self.journeys.get_mut(journey).started = true;
            }
        }
        let rt = &self.nodes[node as usize];
        if rt.health == Health::Hung {
            self.work.tasks.get_mut(h).expect("task").state = TaskState::Parked;
            return;
        }
        let slow = u64::from(rt.slow);
        let lat = self.topo.service(node).expect("service").latency;
        let d = lat.sample(&mut self.rng.svc[node as usize]) * slow;
        self.q.push(
            self.now + d,
            Ev::ProcDone {
                task: h.slot,
                gen: h.gen,
            },
        );
    }

    pub(crate) fn on_proc_done(&mut self, h: H) {
        let Some(t) = self.work.tasks.get(h) else {
            return;
        };
        if t.state != TaskState::Processing {
            return;
        }
        let node = t.node;
        if self.nodes[node as usize].health == Health::Hung {
            self.work.tasks.get_mut(h).expect("task").state = TaskState::Parked;
            return;
        }
        let ppm = self.nodes[node as usize].error_ppm;
        let reason = if self.rng.svc[node as usize].chance(ppm) {
            Some(Reason::Error)
        } else if let Origin::Delivery { sub, copy, .. } = t.origin {
            self.is_poison(sub, copy).then_some(Reason::Poison)
        } else {
            None
        };
        if let Some(reason) = reason {
            self.finish(h, Err(Failure { reason, at: node }));
            return;
        }
        self.work.tasks.get_mut(h).expect("task").state = TaskState::Steps;
        let svc = self.topo.service(node).expect("service");
        if svc.answer_pending && !svc.phases.is_empty() {
            self.answer_early(h);
        }
        self.run_phase(h);
    }

    /// Answers "accepted, pending" before the handler's steps: the request's effect is
    /// committed (the order is stored as pending) and the caller goes on; the steps
    /// settle the outcome later.
    fn answer_early(&mut self, h: H) {
        let t = self.work.tasks.get_mut(h).expect("task");
        if matches!(t.origin, Origin::Delivery { .. }) {
            return;
        }
        t.answered = true;
        let (node, origin, journey) = (t.node, t.origin, t.journey);
        let jr = self.journeys.get_mut(journey);
        if jr.outcome == Outcome::InFlight {
            jr.pending_answer = true;
        }
        self.commit(node, origin);
        self.side_effect(node, journey);
        self.reply(node, origin, journey, Ok(()));
        self.release_origin(origin);
    }

    /// Whether an event (a subscription's copy) is poison for its consumer: drawn from
    /// its own stream by (subscription, copy), so it is the same on every delivery and
    /// whatever else the run does.
    fn is_poison(&self, sub: u32, copy: u32) -> bool {
        let ppm = self.topo.subs[sub as usize].poison_ppm;
        ppm > 0
            && crate::rng::Rng::stream(
                self.rng.seed,
                STREAM_POISON,
                (u64::from(sub) << 32) | u64::from(copy),
            )
            .chance(ppm)
    }

    /// Starts the current phase's steps; moves on while phases finish at once.
    fn run_phase(&mut self, h: H) {
        loop {
            let t = *self.work.tasks.get(h).expect("task");
            let phases = &self.topo.service(t.node).expect("service").phases;
            if t.failure.is_some() || t.phase as usize >= phases.len() {
                self.finish(h, t.failure.map_or(Ok(()), Err));
                return;
            }
            let n = phases[t.phase as usize].len();
            let mut pending = 0u16;
            for i in 0..n {
                let wire = self.topo.service(t.node).expect("service").phases[t.phase as usize][i];
                if let Some(res) = self.start_step(h, wire) {
                    self.step_result(h, wire, res);
                } else {
                    pending += 1;
                }
            }
            let t = self.work.tasks.get_mut(h).expect("task");
            t.pending = pending;
            if pending > 0 {
                return;
            }
            t.phase += 1;
        }
    }

    /// Starts one step; `Some` when it finished at once.
    fn start_step(&mut self, h: H, wire: u32) -> Option<Res> {
        match self.topo.wires[wire as usize].kind {
            WireT::Call(_) => self.start_call(h, wire),
            WireT::Rr(_) => self.start_rr(h, wire),
            WireT::Publish(_) => self.start_publish(h, wire),
            WireT::Sub(_) => Some(Ok(())),
        }
    }

    /// Applies a step's result to the task according to the wire's failure policy.
    fn step_result(&mut self, h: H, wire: u32, res: Res) {
        self.count_answer(wire, res);
        let Err(f) = res else { return };
        let node = self.work.tasks.get(h).expect("task").node;
        let failure = match self.topo.wires[wire as usize].kind {
            WireT::Call(c) => policy(c.policy, f, node),
            WireT::Rr(r) => policy(r.policy, f, node),
            // Only the outbox shed or a refused `fail` publish reach here as errors.
            WireT::Publish(p) if p.policy != BrokerDownPolicy::Drop => Some(f),
            _ => None,
        };
        if failure.is_none() {
            self.wires[wire as usize].degraded += 1;
        }
        let t = self.work.tasks.get_mut(h).expect("task");
        if t.comp != Comp::None {
            // A compensating publish: the handler's own failure is already set.
            if failure.is_some() {
                t.comp = Comp::Failed;
            }
        } else if t.failure.is_none() {
            t.failure = failure;
        }
    }

    /// A waited-for step finished (call answered or failed, publish acknowledged).
    pub(crate) fn step_done(&mut self, h: H, wire: u32, res: Res) {
        let Some(t) = self.work.tasks.get(h) else {
            return;
        };
        if t.state != TaskState::Steps {
            return;
        }
        self.step_result(h, wire, res);
        let t = self.work.tasks.get_mut(h).expect("task");
        t.pending -= 1;
        if t.pending > 0 {
            return;
        }
        if t.comp != Comp::None {
            if t.comp == Comp::Running {
                t.comp = Comp::Done;
            }
            let f = t.failure.expect("a compensating task failed");
            self.finish(h, Err(f));
            return;
        }
        t.phase += 1;
        if self.nodes[t.node as usize].health == Health::Hung {
            t.state = TaskState::Parked;
            return;
        }
        self.run_phase(h);
    }

    /// The handler is done: commit on success, answer (unless it answered early), free
    /// the worker, start the next. A handler that gives its work up publishes its
    /// compensating events first.
    fn finish(&mut self, h: H, res: Res) {
        if let Err(f) = res {
            if self.compensate(h, f) {
                return;
            }
        }
        let t = self.work.tasks.remove(h).expect("task");
        let node = t.node;
        let mut answer = res;
        match res {
            Ok(()) => {
                self.nodes[node as usize].handled += 1;
                if !t.answered {
                    self.commit(node, t.origin);
                    self.side_effect(node, t.journey);
                }
            }
            Err(f) => {
                self.fail_count(node, f);
                if t.answered {
                    self.journeys.get_mut(t.journey).failed_later = true;
                }
                // A consumer that published its compensation has dealt with the event.
                if t.comp == Comp::Done && matches!(t.origin, Origin::Delivery { .. }) {
                    answer = Ok(());
                }
            }
        }
        if !t.answered {
            self.reply(node, t.origin, t.journey, answer);
            self.release_origin(t.origin);
        }
        self.jdec(t.journey);
        self.busy_change(node, -1);
        self.start_next(node);
    }

    /// Starts the compensating publishes of a handler whose work failed for good (a
    /// request, or an event's last delivery); false when there is nothing to do.
    fn compensate(&mut self, h: H, f: Failure) -> bool {
        let t = *self.work.tasks.get(h).expect("task");
        let node = t.node;
        let n = self.topo.service(node).expect("service").compensate.len();
        let last = match t.origin {
            Origin::Delivery { sub, n, .. } => n >= self.topo.subs[sub as usize].max_deliveries,
            _ => true,
        };
        if t.comp != Comp::None || n == 0 || !last {
            return false;
        }
        let t = self.work.tasks.get_mut(h).expect("task");
        t.comp = Comp::Running;
        t.state = TaskState::Steps;
        t.failure = Some(f);
        let mut pending = 0u16;
        for i in 0..n {
            let wire = self.topo.service(node).expect("service").compensate[i];
            match self.start_publish(h, wire) {
                Some(res) => self.step_result(h, wire, res),
                None => pending += 1,
            }
        }
        let t = self.work.tasks.get_mut(h).expect("task");
        t.pending = pending;
        if pending == 0 {
            if t.comp == Comp::Running {
                t.comp = Comp::Done;
            }
            self.finish(h, Err(f));
        }
        true
    }

    /// A side effect for a user's request: counted against the request's outcome when it
    /// is known (now, or when it settles).
    fn side_effect(&mut self, node: u32, j: u32) {
        match self.journeys.at(j).outcome {
            Outcome::InFlight => self.waiting.effects.entry(j).or_default().push(node),
            Outcome::Succeeded => {}
            _ => self.nodes[node as usize].effects_of_failed += 1,
        }
    }

    /// Records the side effect; a second commit of the same call or event is a duplicate
    /// unless an idempotency key or idempotent consumer suppresses it.
    fn commit(&mut self, node: u32, origin: Origin) {
        match origin {
            Origin::Call { call, wire, .. } => {
                let idem =
                    matches!(self.topo.wires[wire as usize].kind, WireT::Call(c) if c.idempotent);
                if let Some(c) = self.work.calls.get_mut(call) {
                    if c.committed && !idem {
                        self.nodes[node as usize].duplicates += 1;
                    }
                    c.committed = true;
                }
            }
            Origin::Rr { call, .. } => {
                if let Some(c) = self.work.calls.get_mut(call) {
                    c.committed = true;
                }
            }
            Origin::Delivery { sub, copy, .. } => {
                let idem = self.topo.subs[sub as usize].idempotent;
                let s = &mut self.subs[sub as usize];
                let c = &mut s.copies[copy as usize];
                if c.comp {
                    self.journeys.get_mut(c.journey).compensated = true;
                }
                if c.committed {
                    if idem {
                        s.skipped += 1;
                    } else {
                        s.duplicates += 1;
                        self.nodes[node as usize].duplicates += 1;
                    }
                }
                c.committed = true;
            }
        }
    }

    /// Takes the next queued task, skipping users who already left (their connection
    /// is closed, so the server drops the request when it reaches it).
    fn start_next(&mut self, node: u32) {
        while let Some(slot) = self.nodes[node as usize].queue.pop_front() {
            let h = self.work.tasks.handle(slot).expect("queued task");
            let t = *self.work.tasks.get(h).expect("task");
            let gone = match t.origin {
                Origin::Call { call, .. } => match self.work.calls.get(call).map(|c| c.caller) {
                    Some(Caller::User(j)) => self.journeys.at(j).outcome != Outcome::InFlight,
                    _ => false,
                },
                _ => false,
            };
            if gone {
                self.work.tasks.remove(h);
                self.release_origin(t.origin);
                self.jdec(t.journey);
                continue;
            }
            self.start(h);
            return;
        }
    }

    /// Kills every task of a service (killed, or restarted after hanging): each origin
    /// sees the connection drop at once.
    pub(crate) fn abort_all(&mut self, node: u32) {
        let victims: Vec<H> = self
            .work
            .tasks
            .iter()
            .filter(|(_, t)| t.node == node)
            .map(|(h, _)| h)
            .collect();
        self.nodes[node as usize].queue.clear();
        for h in victims {
            let t = self.work.tasks.remove(h).expect("task");
            if t.state != TaskState::Queued {
                self.busy_change(node, -1);
            }
            let f = Failure {
                reason: Reason::Killed,
                at: node,
            };
            self.fail_count(node, f);
            if t.answered {
                self.journeys.get_mut(t.journey).failed_later = true;
            } else {
                self.reply(node, t.origin, t.journey, Err(f));
                self.release_origin(t.origin);
            }
            self.jdec(t.journey);
        }
    }
}

fn policy(p: FailurePolicy, f: Failure, node: u32) -> Option<Failure> {
    match p {
        FailurePolicy::Fail => Some(f),
        FailurePolicy::Degrade => None,
        FailurePolicy::FailClosed => Some(Failure {
            reason: Reason::Denied,
            at: node,
        }),
    }
}
