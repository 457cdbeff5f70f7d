package io.pchat.server.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover drill, end to end, as {@code pchat drill} runs it (smaller): under a client load,
 * mirror takeover loses nothing acknowledged, a data-center failover duplicates nothing and may
 * lose only what was not shipped yet, and failback loses nothing; clients reconnect and catch up.
 */
class DrillTest {

    @Test
    void theDrillRunsEveryStepAndLosesNothingItPromisedToKeep(@TempDir Path dir) throws Exception {
        List<String> progress = new ArrayList<>();
        List<Drill.Step> steps = Drill.run(dir, new Drill.Options(2, 2, 3, 2, 10, Duration.ofSeconds(2),
                Duration.ofMillis(200)), line -> {
                    progress.add(line);
                    System.out.println(line);
                });

        assertThat(steps).extracting(Drill.Step::name)
                .containsExactly("steady load", "mirror takeover", "failover to dc2", "failback to dc1");
        for (Drill.Step step : steps) {
            assertThat(step.acknowledged()).as("%s: the load ran", step.name()).isPositive();
            assertThat(step.duplicated()).as("%s: duplicated", step.name()).isZero();
            assertThat(step.beyondRecoveryPoint()).as("%s: lost beyond the failover's recovery point", step.name()).isZero();
            assertThat(step.reused()).as("%s: msgids reused", step.name()).isZero();
            assertThat(step.passed()).isTrue();
        }
        Drill.Step steady = steps.get(0);
        Drill.Step takeover = steps.get(1);
        Drill.Step failback = steps.get(3);
        assertThat(steady.lost()).isZero();
        assertThat(steady.gaps()).isZero();
        assertThat(takeover.lost()).as("mirror takeover loses no acknowledged message").isZero();
        assertThat(takeover.gaps()).isZero();
        assertThat(takeover.recoveryMillis()).isNotNull();
        assertThat(steps.get(2).recoveryMillis()).as("posts succeed again after the failover").isNotNull();
        assertThat(failback.lost()).as("failback loses nothing").isZero();
        assertThat(failback.detail()).as("both sides hold the same msgids").contains("both sides equal");
        assertThat(failback.recoveryMillis()).isNotNull();
        assertThat(progress).anyMatch(l -> l.startsWith("step 4"));
    }
}
