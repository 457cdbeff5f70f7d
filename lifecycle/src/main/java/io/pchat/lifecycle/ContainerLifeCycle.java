package io.pchat.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lifecycle made of parts: a subclass's {@link #startParts()} starts each part with {@link
 * #startPart}, in the order the parts depend on each other (wiring one to the next as it goes);
 * stopping stops the started parts in reverse order, each whatever the others did. When a part
 * fails to start, the parts started before it are stopped, in reverse order, and the failure is
 * rethrown: nothing is left running by a node that did not start.
 *
 * <p>Invariant: {@code started} holds exactly the parts this container started and has not
 * stopped, most recent first. Each step is logged.
 */
public abstract class ContainerLifeCycle extends AbstractLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(ContainerLifeCycle.class);

    private final Deque<LifeCycle> started = new ArrayDeque<>();

    /** Starts {@code part} now and makes it one of the parts stopped with this container. */
    protected final <T extends LifeCycle> T startPart(T part) throws Exception {
        log.debug("{}: starting {}", name(), part.name());
        part.start();
        started.push(part);
        return part;
    }

    /**
     * Starts the parts ({@link #startPart}); when it throws, the parts it started are stopped
     * before the failure reaches the caller.
     */
    protected abstract void startParts() throws Exception;

    /** After the parts are stopped: what the container itself holds (a lock file, a future). */
    protected void afterPartsStopped() {
    }

    @Override
    protected final void doStart() throws Exception {
        try {
            startParts();
        } catch (Exception | Error e) {
            log.warn("{}: {} failed to start; stopping the {} part(s) already started", name(), e.toString(),
                    started.size());
            stopParts();
            afterPartsStopped();
            throw e;
        }
    }

    @Override
    protected final void doStop() {
        try {
            stopParts();
        } finally {
            afterPartsStopped();
        }
    }

    private void stopParts() {
        while (!started.isEmpty()) {
            LifeCycle part = started.pop();
            try {
                log.debug("{}: stopping {}", name(), part.name());
                part.stop();
            } catch (Exception e) {
                log.warn("{}: {} did not stop cleanly: {}", name(), part.name(), e.toString());
            }
        }
    }
}
