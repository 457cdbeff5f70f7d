package io.pchat.lifecycle;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the state of a {@link LifeCycle} and logs its transitions; subclasses implement
 * {@link #doStart()} and {@link #doStop()} only. Transitions are serialised on this object, so
 * a concurrent start and stop cannot interleave.
 */
public abstract class AbstractLifeCycle implements LifeCycle {
    private static final Logger log = LoggerFactory.getLogger(LifeCycle.class);

    private volatile State state = State.STOPPED;

    protected abstract void doStart() throws Exception;

    protected abstract void doStop() throws Exception;

    @Override
    public final synchronized void start() throws Exception {
        if (state == State.STARTED || state == State.STARTING) {
            return;
        }
        state = State.STARTING;
        long began = System.nanoTime();
        try {
            doStart();
            state = State.STARTED;
            log.debug("{} started in {} ms", name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        } catch (Exception | Error e) {
            state = State.FAILED;
            log.error("{} failed to start: {}", name(), e.toString());
            throw e;
        }
    }

    @Override
    public final synchronized void stop() throws Exception {
        if (state == State.STOPPED || state == State.STOPPING) {
            return;
        }
        state = State.STOPPING;
        long began = System.nanoTime();
        try {
            doStop();
            state = State.STOPPED;
            log.info("{} stopped ({} ms)", name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        } catch (Exception | Error e) {
            state = State.FAILED;
            log.error("{} failed to stop cleanly: {}", name(), e.toString());
            throw e;
        }
    }

    /**
     * {@link #start()} for a part whose {@code doStart} throws nothing checked, so that its callers
     * need not handle what cannot happen; should a checked exception come, it is wrapped.
     */
    public final void startUnchecked() {
        try {
            start();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name() + " did not start: " + e, e);
        }
    }

    /** {@link #stop()} as {@link #startUnchecked()} is {@link #start()}. */
    public final void stopUnchecked() {
        try {
            stop();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name() + " did not stop cleanly: " + e, e);
        }
    }

    @Override
    public final State state() {
        return state;
    }

    @Override
    public String toString() {
        return name() + " [" + state + "]";
    }
}
