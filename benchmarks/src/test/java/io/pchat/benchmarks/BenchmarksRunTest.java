package io.pchat.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmarks from rotting: every JMH benchmark in this module runs once, in process,
 * for a few milliseconds, and must produce a result. Nothing is timed or compared here; the
 * numbers come from the README's benchmark commands.
 */
class BenchmarksRunTest {

    @Test
    void everyBenchmarkRunsAndProducesAResult() throws Exception {
        // JMH refuses to run beside another JMH run (a measurement in progress on the same
        // machine); this smoke run measures nothing, so it may run beside one.
        System.setProperty("jmh.ignoreLock", "true");
        Options options = new OptionsBuilder()
                .include("io\\.pchat\\.benchmarks\\..*")
                .param("maxBatch", "16")
                .param("roomSize", "30")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .timeUnit(TimeUnit.MICROSECONDS)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult r : results) {
            assertThat(r.getPrimaryResult().getSampleCount()).as(r.getParams().getBenchmark()).isPositive();
            ran.add(r.getParams().getBenchmark().replaceFirst("^io\\.pchat\\.benchmarks\\.", ""));
        }
        assertThat(ran).contains(
                "protocol.SipParseBenchmark.parseInfo",
                "protocol.SipParseBenchmark.parseInfoAnswerJainSip",
                "protocol.SipParseBenchmark.scanInfoAnswer",
                "protocol.GroupChatCodecBenchmark.decodeGroupChat",
                "protocol.GroupChatCodecBenchmark.encodeGroupChat",
                "protocol.FanOutInfoBenchmark.fastWriter",
                "protocol.FanOutInfoBenchmark.jainSipObjects",
                "fanout.FanOutBenchmark.fastWriter",
                "fanout.FanOutJainSipBenchmark.jainSipObjects",
                "storage.MessageLogAppendBenchmark.appendDurably",
                "storage.HistoryReadBenchmark.last30FromCache",
                "storage.HistoryReadBenchmark.last30FromDatabase");
    }
}
