package io.pchat.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Parts start in order and stop in reverse; a failed start leaves nothing running. */
class ContainerLifeCycleTest {
    final List<String> events = new ArrayList<>();

    /** A part that records its start and stop, and fails either when told to. */
    final class Part extends AbstractLifeCycle {
        private final String name;
        private final boolean failStart;
        private final boolean failStop;

        Part(String name, boolean failStart, boolean failStop) {
            this.name = name;
            this.failStart = failStart;
            this.failStop = failStop;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        protected void doStart() {
            if (failStart) {
                throw new IllegalStateException(name + " cannot start");
            }
            events.add("start " + name);
        }

        @Override
        protected void doStop() {
            events.add("stop " + name);
            if (failStop) {
                throw new IllegalStateException(name + " cannot stop");
            }
        }
    }

    final class Node extends ContainerLifeCycle {
        private final List<Part> parts;

        Node(Part... parts) {
            this.parts = List.of(parts);
        }

        @Override
        public String name() {
            return "node";
        }

        @Override
        protected void startParts() throws Exception {
            for (Part p : parts) {
                startPart(p);
            }
        }

        @Override
        protected void afterPartsStopped() {
            events.add("released");
        }
    }

    @Test
    void startsThePartsInOrderAndStopsThemInReverse() throws Exception {
        Node node = new Node(new Part("storage", false, false), new Part("sip", false, false),
                new Part("admin", false, false));
        node.start();
        assertThat(node.state()).isEqualTo(LifeCycle.State.STARTED);
        node.stop();
        assertThat(events).containsExactly("start storage", "start sip", "start admin", "stop admin", "stop sip",
                "stop storage", "released");
        assertThat(node.state()).isEqualTo(LifeCycle.State.STOPPED);
    }

    @Test
    void aPartThatFailsToStartStopsTheOnesStartedBeforeItAndTheFailureReachesTheCaller() {
        Part storage = new Part("storage", false, false);
        Part sip = new Part("sip", true, false);
        Part admin = new Part("admin", false, false);
        Node node = new Node(storage, sip, admin);

        assertThatThrownBy(node::start).hasMessage("sip cannot start");

        assertThat(events).containsExactly("start storage", "stop storage", "released");
        assertThat(node.state()).isEqualTo(LifeCycle.State.FAILED);
        assertThat(storage.state()).isEqualTo(LifeCycle.State.STOPPED);
        assertThat(admin.state()).isEqualTo(LifeCycle.State.STOPPED); // never started
    }

    @Test
    void aPartThatFailsToStopDoesNotKeepTheOthersRunning() throws Exception {
        Part storage = new Part("storage", false, false);
        Part sip = new Part("sip", false, true);
        Node node = new Node(storage, sip);
        node.start();

        node.stop();

        assertThat(events).containsExactly("start storage", "start sip", "stop sip", "stop storage", "released");
        assertThat(sip.state()).isEqualTo(LifeCycle.State.FAILED);
        assertThat(storage.state()).isEqualTo(LifeCycle.State.STOPPED);
    }
}
