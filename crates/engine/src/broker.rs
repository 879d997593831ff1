//! The broker: publishes (with the broker-down policy and the outbox relay), the durable
//! log with one queue per subscription, at-least-once delivery with ack timeouts,
//! redelivery backoff and dead letters, and the broker leg of request/reply.

use crate::queue::Ev;
use crate::run::Run;
use crate::state::*;
use crate::topo::WireT;
use wirelab_model::BrokerDownPolicy;

/// Outbox events a relay may have awaiting the broker's ack at once.
const RELAY_WINDOW: usize = 32;

impl Run {
    fn new_event(&mut self, topic: u32, journey: u32, comp: bool) -> u32 {
        self.events.push(EventRec {
            topic,
            journey,
            state: EventState::ToBroker,
            waiter: None,
            comp,
        });
        self.kept.metrics.published += 1;
        self.events.len() as u32 - 1
    }

    /// A publish step of a handler.
    pub(crate) fn start_publish(&mut self, task: H, wire: u32) -> Option<Res> {
        let WireT::Publish(p) = self.topo.wires[wire as usize].kind else {
            return Some(Ok(()));
        };
        let (from, topic) = (
            self.topo.wires[wire as usize].from,
            self.topo.wires[wire as usize].to,
        );
        let journey = self.work.tasks.get(task).expect("task").journey;
        if p.compensate {
            self.journeys.get_mut(journey).failed_later = true;
        }
        let e = self.new_event(topic, journey, p.compensate);
        if self.over_cap() {
            // Shed before anything is stored; only a dropping publisher carries on.
            self.lose_event(e, LostReason::Shed);
            return Some(Err(Failure {
                reason: Reason::Shed,
                at: from,
            }));
        }
        if p.policy == BrokerDownPolicy::Outbox {
            // Committed with the handler's state: no wait, the relay publishes it later.
            self.jinc(journey);
            self.wires[wire as usize].outbox.push_back(e);
            self.kick_relay(wire);
            return Some(Ok(()));
        }
        self.events[e as usize].waiter = Some((task, wire));
        self.send(
            wire,
            from,
            topic,
            Body::Publish {
                event: e,
                relay: false,
            },
            1,
            journey,
        );
        self.q
            .push_timer(wire, self.now + p.timeout, Ev::PubTimeout { event: e });
        None
    }

    pub(crate) fn lose_event(&mut self, e: u32, reason: LostReason) {
        let ev = &mut self.events[e as usize];
        if ev.state == EventState::ToBroker {
            ev.state = EventState::Lost(reason);
            *self.kept.metrics.lost.entry(reason).or_insert(0) += 1;
            self.journeys.get_mut(ev.journey).failed_later = true;
        }
    }

    /// A publish reaches the broker: refused if it is down, else stored (once, even if
    /// the relay sends it again) and acknowledged.
    pub(crate) fn on_publish(&mut self, m: &Msg, e: u32, relay: bool) {
        let topic = m.to;
        let ok = self.nodes[topic as usize].health != Health::Down;
        if !ok && !relay {
            self.lose_event(e, LostReason::BrokerDown);
        }
        if ok && self.events[e as usize].state == EventState::ToBroker {
            self.store_event(e);
        }
        self.send(
            m.wire,
            topic,
            m.from,
            Body::PubAck {
                event: e,
                ok,
                relay,
            },
            1,
            m.journey,
        );
    }

    fn store_event(&mut self, e: u32) {
        let ev = &mut self.events[e as usize];
        ev.state = EventState::Stored;
        let (topic, journey, comp) = (ev.topic, ev.journey, ev.comp);
        self.nodes[topic as usize].stored += 1;
        for i in 0..self.topo.topic_subs(topic).len() {
            let sub = self.topo.topic_subs(topic)[i];
            let s = &mut self.subs[sub as usize];
            let copy = s.copies.len() as u32;
            s.copies.push(CopyRec {
                journey,
                stored_at: self.now,
                state: CopyState::Backlog,
                deliveries: 0,
                committed: false,
                comp,
            });
            s.n_backlog += 1;
            self.work.backlog += 1;
            self.kept.worst_backlog = self.kept.worst_backlog.max(self.work.backlog);
            self.jinc(journey);
            let (p, line) = self.line_partition(sub, copy);
            let s = &mut self.subs[sub as usize];
            s.backlog.push_back(copy, line);
            s.backlog.waiting(self.now, copy, p);
            self.pump(sub);
        }
    }

    pub(crate) fn on_pub_ack(&mut self, wire: u32, e: u32, ok: bool, relay: bool) {
        if relay {
            let w = &mut self.wires[wire as usize];
            let Some(i) = w.relay_inflight.iter().position(|&(x, _)| x == e) else {
                return;
            };
            if ok {
                w.relay_inflight.swap_remove(i);
                let j = self.events[e as usize].journey;
                self.jdec(j);
                self.relay_send(wire);
            }
            // A refusal leaves it in flight, due at once: the next poll resends it.
            if !ok {
                self.wires[wire as usize].relay_inflight[i].1 = self.now;
            }
            return;
        }
        let Some((task, w)) = self.events[e as usize].waiter.take() else {
            return;
        };
        let WireT::Publish(p) = self.topo.wires[w as usize].kind else {
            return;
        };
        let topic = self.topo.wires[w as usize].to;
        let res = if ok || p.policy != BrokerDownPolicy::Fail {
            Ok(())
        } else {
            Err(Failure {
                reason: Reason::BrokerDown,
                at: topic,
            })
        };
        self.step_done(task, w, res);
    }

    /// No ack in time: the publisher applies its policy (the event may still be stored).
    pub(crate) fn on_pub_timeout(&mut self, e: u32) {
        let Some((task, w)) = self.events[e as usize].waiter.take() else {
            return;
        };
        let WireT::Publish(p) = self.topo.wires[w as usize].kind else {
            return;
        };
        let topic = self.topo.wires[w as usize].to;
        let res = if p.policy == BrokerDownPolicy::Fail {
            Err(Failure {
                reason: Reason::Timeout,
                at: topic,
            })
        } else {
            Ok(())
        };
        self.step_done(task, w, res);
    }

    /// Wakes the outbox relay of a publish wire: send what the window allows, and keep
    /// a poll scheduled to resend what goes unanswered.
    pub(crate) fn kick_relay(&mut self, wire: u32) {
        let WireT::Publish(p) = self.topo.wires[wire as usize].kind else {
            return;
        };
        self.relay_send(wire);
        let w = &mut self.wires[wire as usize];
        let idle = w.outbox.is_empty() && w.relay_inflight.is_empty();
        if !w.poll_scheduled && !idle {
            w.poll_scheduled = true;
            self.q.push(self.now + p.poll, Ev::OutboxPoll { wire });
        }
    }

    /// Publishes one outbox event (the relay runs inside the publishing service).
    fn relay_publish(&mut self, wire: u32, e: u32) {
        let (from, topic) = (
            self.topo.wires[wire as usize].from,
            self.topo.wires[wire as usize].to,
        );
        let j = self.events[e as usize].journey;
        self.send(
            wire,
            from,
            topic,
            Body::Publish {
                event: e,
                relay: true,
            },
            1,
            j,
        );
    }

    /// Sends outbox events, in order, while fewer than `RELAY_WINDOW` await their ack.
    fn relay_send(&mut self, wire: u32) {
        let WireT::Publish(p) = self.topo.wires[wire as usize].kind else {
            return;
        };
        let from = self.topo.wires[wire as usize].from;
        if self.nodes[from as usize].health == Health::Down {
            return;
        }
        loop {
            let full = self.over_cap();
            let w = &mut self.wires[wire as usize];
            if w.relay_inflight.len() >= RELAY_WINDOW || full {
                return;
            }
            let Some(e) = w.outbox.pop_front() else {
                return;
            };
            w.relay_inflight.push((e, self.now + resend_after(p)));
            self.relay_publish(wire, e);
        }
    }

    /// The relay polls: resends what is due (refused, or unanswered for its ack timeout
    /// and at least a poll interval; the broker stores an event once however often it
    /// arrives), then sends more. Waiting the timeout keeps one copy per event on a slow
    /// network, and a relay over the work cap waits like any other sender.
    pub(crate) fn on_outbox_poll(&mut self, wire: u32) {
        let WireT::Publish(p) = self.topo.wires[wire as usize].kind else {
            return;
        };
        let from = self.topo.wires[wire as usize].from;
        let w = &mut self.wires[wire as usize];
        w.poll_scheduled = false;
        if self.nodes[from as usize].health == Health::Down {
            return;
        }
        for i in 0..w.relay_inflight.len() {
            let full = self.over_cap();
            let w = &mut self.wires[wire as usize];
            let (e, due) = w.relay_inflight[i];
            if due <= self.now && !full {
                w.relay_inflight[i].1 = self.now + resend_after(p);
                self.relay_publish(wire, e);
            }
        }
        self.kick_relay(wire);
    }

    /// Delivers from the backlog while the broker is up, the consumer is connected
    /// (not down) and the subscription has room for unacknowledged deliveries.
    pub(crate) fn pump(&mut self, sub: u32) {
        let st = self.topo.subs[sub as usize];
        if self.nodes[st.topic as usize].health == Health::Down
            || self.nodes[st.consumer as usize].health == Health::Down
        {
            return;
        }
        while self.subs[sub as usize].in_flight < st.max_in_flight {
            let Some((copy, line)) = self.subs[sub as usize].backlog.pop() else {
                break;
            };
            let p = self.partition(sub, copy);
            let s = &mut self.subs[sub as usize];
            if st.in_order {
                s.backlog.block(line);
            }
            s.backlog
                .delivered(s.copies[copy as usize].stored_at, copy, p);
            let c = &mut s.copies[copy as usize];
            c.state = CopyState::Processing;
            c.deliveries += 1;
            let (n, journey) = (c.deliveries, c.journey);
            if n > 1 {
                s.redeliveries += 1;
            }
            s.n_backlog -= 1;
            s.n_processing += 1;
            s.in_flight += 1;
            self.work.backlog -= 1;
            let wire = self.topo.sub_wire[sub as usize];
            self.send(
                wire,
                st.topic,
                st.consumer,
                Body::Delivery { sub, copy, n },
                n,
                journey,
            );
            let lane = self.lane_sub(sub);
            self.q.push_timer(
                lane,
                self.now + st.ack_timeout,
                Ev::AckTimeout { sub, copy, n },
            );
        }
    }

    /// A copy's partition, and its partition in the delivery line: its own in an
    /// in-order subscription, else 0 (the oldest copy goes first, whatever its key).
    fn line_partition(&self, sub: u32, copy: u32) -> (u32, u32) {
        let p = self.partition(sub, copy);
        (
            p,
            if self.topo.subs[sub as usize].in_order {
                p
            } else {
                0
            },
        )
    }

    /// The partition of a subscription's copy: its key modulo the topic's partitions.
    pub(crate) fn partition(&self, sub: u32, copy: u32) -> u32 {
        let j = self.subs[sub as usize].copies[copy as usize].journey;
        self.journeys.at(j).key % self.topo.subs[sub as usize].partitions
    }

    /// A copy is done (processed or dead): its partition may deliver again, and in a
    /// keyed design a processed copy older than one already processed for its key is
    /// out of order.
    fn copy_done(&mut self, sub: u32, copy: u32, processed: bool) {
        let st = self.topo.subs[sub as usize];
        if st.in_order {
            let p = self.partition(sub, copy);
            self.subs[sub as usize].backlog.unblock(p);
        }
        if processed && self.topo.keyed {
            let j = self.subs[sub as usize].copies[copy as usize].journey;
            let key = self.journeys.at(j).key;
            let s = &mut self.subs[sub as usize];
            match s.last_done.get(&key) {
                Some(&last) if last > copy => s.out_of_order += 1,
                _ => {
                    s.last_done.insert(key, copy);
                }
            }
        }
    }

    /// An ack or nack reaches the broker (lost if the broker is down).
    pub(crate) fn on_ack(&mut self, sub: u32, copy: u32, n: u32, ok: bool) {
        let st = self.topo.subs[sub as usize];
        if self.nodes[st.topic as usize].health == Health::Down {
            return;
        }
        let c = self.subs[sub as usize].copies[copy as usize];
        if c.state != CopyState::Processing {
            return;
        }
        if ok {
            let s = &mut self.subs[sub as usize];
            s.copies[copy as usize].state = CopyState::Processed;
            s.n_processing -= 1;
            s.n_processed += 1;
            s.in_flight -= 1;
            self.kept.metrics.processed(self.now);
            self.jdec(c.journey);
            self.copy_done(sub, copy, true);
            self.pump(sub);
        } else if n == c.deliveries {
            self.failed_delivery(sub, copy);
        }
    }

    pub(crate) fn on_ack_timeout(&mut self, sub: u32, copy: u32, n: u32) {
        let c = self.subs[sub as usize].copies[copy as usize];
        if c.state == CopyState::Processing && c.deliveries == n {
            self.failed_delivery(sub, copy);
        }
    }

    /// A delivery failed: redeliver after backoff, or dead-letter after the maximum.
    fn failed_delivery(&mut self, sub: u32, copy: u32) {
        let st = self.topo.subs[sub as usize];
        let s = &mut self.subs[sub as usize];
        s.in_flight -= 1;
        s.n_processing -= 1;
        let c = &mut s.copies[copy as usize];
        if c.deliveries >= st.max_deliveries {
            c.state = CopyState::Dead;
            s.n_dead += 1;
            let j = c.journey;
            self.journeys.get_mut(j).failed_later = true;
            self.observers
                .tell(&self.topo, self.now, |o, at| o.on_dead_letter(at, j, sub));
            self.jdec(j);
            self.copy_done(sub, copy, false);
        } else {
            c.state = CopyState::Waiting;
            let stored_at = c.stored_at;
            s.n_backlog += 1;
            self.work.backlog += 1;
            self.kept.worst_backlog = self.kept.worst_backlog.max(self.work.backlog);
            let wire = self.topo.sub_wire[sub as usize];
            let delay = st
                .backoff
                .delay(c.deliveries, &mut self.rng.net[wire as usize]);
            self.q.push(self.now + delay, Ev::Redeliver { sub, copy });
            let p = self.partition(sub, copy);
            self.subs[sub as usize].backlog.waiting(stored_at, copy, p);
        }
        self.pump(sub);
    }

    /// A failed delivery's backoff is over. In order, it goes first in its partition
    /// (which it kept blocked meanwhile); otherwise it waits behind the others.
    pub(crate) fn on_redeliver(&mut self, sub: u32, copy: u32) {
        if self.subs[sub as usize].copies[copy as usize].state != CopyState::Waiting {
            return;
        }
        self.subs[sub as usize].copies[copy as usize].state = CopyState::Backlog;
        let (_, line) = self.line_partition(sub, copy);
        let backlog = &mut self.subs[sub as usize].backlog;
        if self.topo.subs[sub as usize].in_order {
            backlog.unblock(line);
            backlog.push_front(copy, line);
        } else {
            backlog.push_back(copy, line);
        }
        self.pump(sub);
    }

    /// A request/reply request reaches the broker.
    pub(crate) fn on_rr_request(&mut self, m: &Msg, call: H) {
        let topic = m.to;
        let down = self.nodes[topic as usize].health == Health::Down;
        if down {
            let res = Err(Failure {
                reason: Reason::Refused,
                at: topic,
            });
            self.send(
                m.wire,
                topic,
                m.from,
                Body::RrReplyForward { call, result: res },
                1,
                m.journey,
            );
            self.call_release(call);
            return;
        }
        let callee = self.topo.wires[m.wire as usize].to;
        self.send(
            m.wire,
            topic,
            callee,
            Body::RrForward { call },
            1,
            m.journey,
        );
    }

    /// A reply reaches the broker and is forwarded to the waiting caller.
    pub(crate) fn on_rr_reply(&mut self, m: &Msg, call: H, result: Res) {
        let topic = m.to;
        if self.nodes[topic as usize].health != Health::Down {
            let caller = self.topo.wires[m.wire as usize].from;
            self.send(
                m.wire,
                topic,
                caller,
                Body::RrReplyForward { call, result },
                1,
                m.journey,
            );
        }
    }

    /// Forwards held request/reply requests once broker and callee are up; expired ones
    /// are dropped (their caller has timed out).
    pub(crate) fn flush_parked(&mut self, wire: u32) {
        let WireT::Rr(rr) = self.topo.wires[wire as usize].kind else {
            return;
        };
        let callee = self.topo.wires[wire as usize].to;
        if self.nodes[rr.via as usize].health == Health::Down
            || self.nodes[callee as usize].health == Health::Down
        {
            return;
        }
        while let Some((call, deadline, j)) = self.wires[wire as usize].parked.pop_front() {
            if deadline > self.now {
                self.send(wire, rr.via, callee, Body::RrForward { call }, 1, j);
            } else {
                self.call_release(call);
            }
            self.jdec(j);
        }
    }
}

/// How long a relayed event may go unanswered before the relay sends it again.
fn resend_after(p: crate::topo::PubT) -> u64 {
    p.poll.max(p.timeout)
}
