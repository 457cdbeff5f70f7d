package io.pchat.server.fanout;

/**
 * Told when one event loop finished delivering one message, or one room's messages of one
 * committed batch (metrics). Called on that event loop: must be quick and must not throw.
 */
@FunctionalInterface
public interface FanOutObserver {

    FanOutObserver NONE = (recipients, nanos) -> { };

    /**
     * @param recipients deliveries written on this event loop (dialogs x messages)
     * @param nanos      time from the message being durable to the last flush on this loop
     */
    void delivered(int recipients, long nanos);
}
