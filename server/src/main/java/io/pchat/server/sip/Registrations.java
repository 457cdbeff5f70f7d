package io.pchat.server.sip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.netty.channel.Channel;

/**
 * What the built-in front end remembers, in memory only: the registered contacts of each user
 * (REGISTER) and the open subscription dialogs (SUBSCRIBE to the roaming events), each bound to
 * the TCP connection it arrived on and with its expiry.
 *
 * <p>Rules: a binding is identified by user and instance ({@code +sip.instance} of the Contact,
 * else the Contact URI), so a re-REGISTER refreshes it; a user holds at most
 * {@code maxBindingsPerUser} bindings (more are refused). A new subscription replaces the same
 * user's subscription to the same event on the same connection, so a connection holds at most one
 * per event. Removing a binding removes the user's subscriptions on that connection. A closed
 * connection loses everything bound to it ({@link #connectionClosed}); expired entries are
 * removed by {@link #sweep}. Nothing here ends a chat dialog: those live by their own session
 * timer and connection.
 *
 * <p>Thread-safe: every method is synchronized (REGISTER and SUBSCRIBE are a few requests per
 * login, and the sweep is one pass). Times are ticker nanoseconds.
 */
public final class Registrations {

    /** One registered contact of a user. */
    public record Binding(AddressOfRecord user, String instance, String contact, String callId, Channel channel,
                          long expiresAtNanos) {
    }

    /** One subscription dialog (the node's tag is the dialog's local tag). */
    public record Subscription(DialogId id, AddressOfRecord user, String event, Channel channel, long expiresAtNanos) {
    }

    private record BindingKey(AddressOfRecord user, String instance) {
    }

    private record EventKey(AddressOfRecord user, Channel channel, String event) {
    }

    private final int maxBindingsPerUser;
    private final Map<BindingKey, Binding> bindings = new HashMap<>();
    private final Map<AddressOfRecord, Integer> perUser = new HashMap<>();
    private final Map<DialogId, Subscription> subscriptions = new HashMap<>();
    private final Map<EventKey, DialogId> subscriptionByEvent = new HashMap<>();

    public Registrations(int maxBindingsPerUser) {
        if (maxBindingsPerUser < 1) {
            throw new IllegalArgumentException("maxBindingsPerUser must be positive: " + maxBindingsPerUser);
        }
        this.maxBindingsPerUser = maxBindingsPerUser;
    }

    /** Adds or refreshes a binding; false (nothing changed) when the user already holds the maximum. */
    synchronized boolean register(Binding binding) {
        BindingKey key = new BindingKey(binding.user(), binding.instance());
        Binding old = bindings.get(key);
        if (old == null) {
            int n = perUser.getOrDefault(binding.user(), 0);
            if (n >= maxBindingsPerUser) {
                return false;
            }
            perUser.put(binding.user(), n + 1);
        } else if (old.channel() != binding.channel()) {
            removeSubscriptions(old.user(), old.channel());
        }
        bindings.put(key, binding);
        return true;
    }

    /** Removes one binding (a de-REGISTER) and the user's subscriptions on its connection; false if unknown. */
    synchronized boolean unregister(AddressOfRecord user, String instance) {
        Binding removed = removeBinding(new BindingKey(user, instance));
        if (removed != null) {
            removeSubscriptions(user, removed.channel());
        }
        return removed != null;
    }

    /** {@code Contact: *} with {@code Expires: 0}: every binding of the user and its subscriptions; the count removed. */
    synchronized int unregisterAll(AddressOfRecord user) {
        int n = 0;
        for (Binding b : List.copyOf(bindings.values())) {
            if (b.user().equals(user)) {
                removeBinding(new BindingKey(user, b.instance()));
                removeSubscriptions(user, b.channel());
                n++;
            }
        }
        return n;
    }

    /** Whether {@code user} holds an unexpired binding made on {@code channel}. */
    synchronized boolean isRegistered(AddressOfRecord user, Channel channel, long nowNanos) {
        for (Binding b : bindings.values()) {
            if (b.user().equals(user) && b.channel() == channel && nowNanos - b.expiresAtNanos() < 0) {
                return true;
            }
        }
        return false;
    }

    /** Opens a subscription, replacing the user's earlier one to the same event on the same connection. */
    synchronized void subscribe(Subscription subscription) {
        EventKey key = new EventKey(subscription.user(), subscription.channel(), subscription.event());
        DialogId previous = subscriptionByEvent.put(key, subscription.id());
        if (previous != null) {
            subscriptions.remove(previous);
        }
        subscriptions.put(subscription.id(), subscription);
    }

    /** The open subscription of this dialog, or null. */
    synchronized Subscription subscription(DialogId id) {
        return subscriptions.get(id);
    }

    /** Refreshes an open subscription's expiry; false if it is gone. */
    synchronized boolean refresh(DialogId id, long expiresAtNanos) {
        Subscription s = subscriptions.get(id);
        if (s == null) {
            return false;
        }
        subscriptions.put(id, new Subscription(s.id(), s.user(), s.event(), s.channel(), expiresAtNanos));
        return true;
    }

    /** Ends a subscription (un-SUBSCRIBE); false if it was not open. */
    synchronized boolean unsubscribe(DialogId id) {
        Subscription s = subscriptions.remove(id);
        if (s == null) {
            return false;
        }
        subscriptionByEvent.remove(new EventKey(s.user(), s.channel(), s.event()), id);
        return true;
    }

    /** Whether a binding or subscription lives on {@code channel} (such a connection is not idle). */
    synchronized boolean holds(Channel channel) {
        for (Binding b : bindings.values()) {
            if (b.channel() == channel) {
                return true;
            }
        }
        for (Subscription s : subscriptions.values()) {
            if (s.channel() == channel) {
                return true;
            }
        }
        return false;
    }

    /** The connection is gone: forget every binding and subscription made on it. */
    synchronized void connectionClosed(Channel channel) {
        for (Binding b : List.copyOf(bindings.values())) {
            if (b.channel() == channel) {
                removeBinding(new BindingKey(b.user(), b.instance()));
            }
        }
        for (Subscription s : List.copyOf(subscriptions.values())) {
            if (s.channel() == channel) {
                unsubscribe(s.id());
            }
        }
    }

    /** Removes every binding and subscription whose expiry has passed; returns how many. */
    public synchronized int sweep(long nowNanos) {
        int n = 0;
        for (Binding b : List.copyOf(bindings.values())) {
            if (nowNanos - b.expiresAtNanos() >= 0) {
                removeBinding(new BindingKey(b.user(), b.instance()));
                n++;
            }
        }
        for (Subscription s : List.copyOf(subscriptions.values())) {
            if (nowNanos - s.expiresAtNanos() >= 0) {
                unsubscribe(s.id());
                n++;
            }
        }
        return n;
    }

    /** Registered bindings (the registered endpoints), node-wide. */
    public synchronized int size() {
        return bindings.size();
    }

    /** Open subscriptions, node-wide. */
    public synchronized int subscriptionCount() {
        return subscriptions.size();
    }

    /** The bindings of {@code user} ({@code sip:user@host}), in no order: where a pool could reach that user. */
    public synchronized List<Binding> of(String user) {
        List<Binding> found = new ArrayList<>();
        for (Binding b : bindings.values()) {
            if (b.user().uri().equals(user)) {
                found.add(b);
            }
        }
        return found;
    }

    /** The open subscriptions of {@code user} ({@code sip:user@host}), in no order. */
    public synchronized List<Subscription> subscriptionsOf(String user) {
        List<Subscription> found = new ArrayList<>();
        for (Subscription s : subscriptions.values()) {
            if (s.user().uri().equals(user)) {
                found.add(s);
            }
        }
        return found;
    }

    private Binding removeBinding(BindingKey key) {
        Binding removed = bindings.remove(key);
        if (removed != null) {
            perUser.computeIfPresent(key.user(), (u, n) -> n <= 1 ? null : n - 1);
        }
        return removed;
    }

    private void removeSubscriptions(AddressOfRecord user, Channel channel) {
        for (Subscription s : List.copyOf(subscriptions.values())) {
            if (s.user().equals(user) && s.channel() == channel) {
                unsubscribe(s.id());
            }
        }
    }
}
