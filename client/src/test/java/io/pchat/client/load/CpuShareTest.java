package io.pchat.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a stretch's CPU figures say: node CPU per delivery, and when the generator was the limit. */
class CpuShareTest {

    @Test
    void nodeCpuPerDeliveryIsItsCpuTimeOverTheDeliveries() {
        // 25% of a core for 10 s = 2.5 s of CPU over 100,000 deliveries = 25 µs each
        CpuShare cpu = new CpuShare(25, 20, 5, 40, 1, 10);

        assertThat(cpu.nodeMicrosPerDelivery(100_000)).isCloseTo(25.0, offset(1e-9));
        assertThat(cpu.nodeMicrosPerDelivery(0)).isEqualTo(-1);
        assertThat(CpuShare.UNKNOWN.nodeMicrosPerDelivery(100)).isEqualTo(-1);
    }

    @Test
    void aGeneratorOverEightyFivePercentOfTheCoresItMayUseIsTheBound() {
        assertThat(new CpuShare(50, -1, -1, 85, 1, 10).generatorBound()).isFalse();
        assertThat(new CpuShare(50, -1, -1, 86, 1, 10).generatorBound()).isTrue();
        assertThat(new CpuShare(50, -1, -1, 160, 2, 10).generatorBound()).isFalse();
        assertThat(new CpuShare(50, -1, -1, 171, 2, 10).generatorBound()).isTrue();
        assertThat(CpuShare.UNKNOWN.generatorBound()).isFalse();
    }

    @Test
    void aProcStatLineIsSplitIntoUserAndSystemTime(@TempDir Path dir) throws Exception {
        Path stat = dir.resolve("stat");
        // pid (comm with a space) state ppid ... field 14 utime = 250 ticks, field 15 stime = 50 ticks
        Files.writeString(stat, "4242 (java main) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 1 2 3\n");

        CpuTimes times = CpuTimes.ofProcStat(stat);

        assertThat(times.userNanos()).isEqualTo(2_500_000_000L);
        assertThat(times.systemNanos()).isEqualTo(500_000_000L);
        assertThat(times.totalNanos()).isEqualTo(3_000_000_000L);
        assertThat(CpuTimes.ofProcStat(dir.resolve("absent"))).isEqualTo(CpuTimes.UNKNOWN);
    }
}
