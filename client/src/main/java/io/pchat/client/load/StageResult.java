package io.pchat.client.load;

import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * One stage of a ramp (shape B), or the single window of a steady run: what was posted in it,
 * what of it was delivered, and how fast.
 *
 * @param name          {@code measured}, or {@code stage N}
 * @param rate          target posts per second (0: as fast as possible)
 * @param seconds       how long posts were sent in it
 * @param sent          posts sent
 * @param stored        posts the node answered 200 (durable)
 * @param refused       posts answered 503
 * @param errors        posts that failed otherwise (other status, timeout, lost dialog)
 * @param expected      deliveries the stored posts should make (their rooms' sizes)
 * @param deliveries    deliveries of its stored posts that arrived, each (post, recipient) once
 *                      (before the run has drained: every delivery so far)
 * @param duplicates    deliveries of a post to a member that had it already
 * @param missing       deliveries of its stored posts still missing after the run drained
 * @param missingNamed  the first of those, by msgid (or post) and recipient
 * @param unacknowledged deliveries of posts never acknowledged as stored (those posts count as errors)
 * @param meanMs        mean latency, post to delivery
 * @param p50Ms         median latency
 * @param p99Ms         99th percentile
 * @param p999Ms        99.9th percentile
 * @param maxMs         largest latency
 * @param firstHalfMeanMs  mean latency of posts sent in the first half
 * @param secondHalfMeanMs mean latency of posts sent in the second half
 * @param sustained     for a ramp stage: whether it met the criteria (see {@code LoadGenerator})
 * @param cpu           the node's and the generator's CPU while it ran
 */
public record StageResult(String name, double rate, double seconds, long sent, long stored, long refused, long errors,
        long expected, long deliveries, long duplicates, long missing, List<String> missingNamed, long unacknowledged,
        double meanMs,
        double p50Ms, double p99Ms, double p999Ms, double maxMs, double firstHalfMeanMs, double secondHalfMeanMs,
        boolean sustained, CpuShare cpu) {

    public StageResult {
        missingNamed = List.copyOf(missingNamed);
    }

    /** Node CPU per delivery, in microseconds (-1 when unknown). */
    public double nodeMicrosPerDelivery() {
        return cpu.nodeMicrosPerDelivery(deliveries);
    }

    public double postsPerSecond() {
        return stored / seconds;
    }

    public double deliveriesPerSecond() {
        return deliveries / seconds;
    }

    /** Delivered share of the expected deliveries (1 when nothing was expected). */
    public double deliveredRatio() {
        return expected == 0 ? 1 : (double) deliveries / expected;
    }

    /** Reads the window from copies of its histograms: iterating one that is still being recorded throws. */
    static StageResult of(Window w, boolean sustained) {
        double seconds = (w.end - w.start) / 1e9;
        Histogram latency = w.latency.copy();
        // before the run has drained (a ramp stage judged a second after it), the live count so far
        DeliveryLedger.Tally tally = w.tally != null ? w.tally : new DeliveryLedger.Tally(w.deliveries.sum(), 0, List.of(), 0);
        return new StageResult(w.name, w.rate, seconds, w.sent.sum(), w.stored.sum(), w.refused.sum(), w.errors.sum(),
                w.expected.sum(), tally.delivered(), w.duplicates.sum(), tally.missing(), tally.missingNamed(),
                tally.unacknowledged(),
                latency.getMean() / 1000, ms(latency.getValueAtPercentile(50)),
                ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()),
                w.firstHalf.copy().getMean() / 1000, w.secondHalf.copy().getMean() / 1000, sustained, w.cpu);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
