package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.multiprocessing4j.internal.progress.ProgressFormat;

/**
 * An immutable snapshot of a map's progress, as a {@link ProgressListener} receives it.
 *
 * <p>Counts are in <em>items</em> of the input, whatever the chunk size: {@link #done()} counts the items of every
 * chunk that has an outcome, {@link #failed()} those of the chunks that failed (a chunk fails as a whole, so all its
 * items count as failed). Chunks cancelled after a failure, a deadline or {@code close()} are not counted, so a
 * finished map that failed may stop short of its total.
 *
 * @param label what is counted ({@link MapOptions#withLabel(String)}), or the empty string
 * @param done items with an outcome so far, the failed ones included
 * @param failed items of chunks that failed
 * @param total items in the input, or -1 while unknown (a lazy input that is not a {@code Collection} and has no
 *        {@link MapOptions#withTotal(long) total})
 * @param elapsed time since the map was submitted
 * @param rate items per second, smoothed over the recent updates (0 before the first item)
 * @param finished true in the last snapshot, sent once when the map has ended (completed, failed or was cancelled)
 */
public record Progress(String label, long done, long failed, long total, Duration elapsed, double rate,
                       boolean finished) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code label} or {@code elapsed} is null
     * @throws IllegalArgumentException if a count is negative (the total may be -1) or {@code failed > done}
     */
    public Progress {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(elapsed, "elapsed");
        if (done < 0 || failed < 0 || failed > done || total < -1) {
            throw new IllegalArgumentException("bad counts: done=" + done + " failed=" + failed + " total=" + total);
        }
    }

    /** {@return the share of the total done, from 0 to 1, if the total is known (an empty input is complete)} */
    public OptionalDouble fraction() {
        if (total < 0) return OptionalDouble.empty();
        return OptionalDouble.of(total == 0 ? 1 : Math.min(1, (double) done / total));
    }

    /** {@return the estimated time left at the current rate, if the total is known and items are completing} */
    public Optional<Duration> eta() {
        if (total < 0) return Optional.empty();
        if (done >= total) return Optional.of(Duration.ZERO);
        if (rate <= 0 || finished) return Optional.empty();
        return Optional.of(Duration.ofNanos((long) Math.min(Long.MAX_VALUE, (total - done) / rate * 1e9)));
    }

    /** {@return one line, e.g. {@code "hashing: 120/400 items (30%), 1.2k items/s, 0:03 left"}} */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (!label.isEmpty()) b.append(label).append(": ");
        b.append(done);
        if (total >= 0) b.append('/').append(total);
        b.append(" items");
        if (total >= 0) b.append(" (").append(Math.round(fraction().getAsDouble() * 100)).append("%)");
        if (failed > 0) b.append(", ").append(failed).append(" failed");
        b.append(", ").append(ProgressFormat.count(rate)).append(" items/s");
        if (finished) b.append(", done in ").append(ProgressFormat.clock(elapsed));
        else eta().ifPresent(e -> b.append(", ").append(ProgressFormat.clock(e)).append(" left"));
        return b.toString();
    }
}
