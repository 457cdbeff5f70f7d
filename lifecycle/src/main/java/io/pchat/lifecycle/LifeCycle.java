package io.pchat.lifecycle;

/**
 * One lifecycle for every long-lived part of a node (listeners, sessions, fan-out, the message
 * log, stores, the admin server): {@code STOPPED -> STARTING -> STARTED -> STOPPING -> STOPPED},
 * or {@code FAILED} when starting or stopping threw.
 */
public interface LifeCycle {

    enum State { STOPPED, STARTING, STARTED, STOPPING, FAILED }

    /** Starts the part; a part that is already started is left as it is. */
    void start() throws Exception;

    /** Stops the part, releasing what it holds; a stopped part is left as it is. */
    void stop() throws Exception;

    State state();

    /** A short name for log lines ("sip listener", "message log"). */
    String name();

    default boolean isRunning() {
        return state() == State.STARTED;
    }
}
