package org.multiprocessing4j.pool;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one map runs: chunk size, deadline and progress reporting — one parameter for {@link TaskPool#map(
 * org.multiprocessing4j.function.SerializableFunction, Iterable, MapOptions) map}, {@code mapAsync}, {@code imap},
 * {@code imapUnordered}, {@code starmap} and {@link PoolExecutor#map(org.multiprocessing4j.function.SerializableFunction,
 * Iterable, MapOptions) PoolExecutor.map}, instead of one overload per combination. Immutable: every {@code with}
 * method returns a new instance, so options can be shared and reused.
 *
 * <pre>{@code
 * List<String> digests = pool.map(Files::sha256, paths, MapOptions.defaults().withProgressBar("hashing"));
 *
 * MapOptions logged = MapOptions.defaults().withChunksize(100)
 *         .withProgressListener(p -> log.info(p.toString()));
 * }</pre>
 *
 * <p><b>Progress</b> counts <em>items</em>, whatever the chunk size: a chunk of 1000 items that completes advances
 * the count by 1000, and a chunk that fails is still counted (as {@linkplain Progress#failed() failed} items), so the
 * count reaches the total when every chunk has an outcome. See {@link Progress} and {@link ProgressListener} for
 * what is reported, when and on which thread. Progress costs nothing when neither a bar nor a listener is set.
 */
public final class MapOptions {
    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    private static final MapOptions DEFAULTS = new MapOptions(0, null, false, null, null, null, -1, DEFAULT_INTERVAL);

    private final int chunksize;
    private final Duration timeout;
    private final boolean bar;
    private final PrintStream barOut;
    private final ProgressListener listener;
    private final String label;
    private final long total;
    private final Duration interval;

    private MapOptions(int chunksize, Duration timeout, boolean bar, PrintStream barOut, ProgressListener listener,
                       String label, long total, Duration interval) {
        this.chunksize = chunksize;
        this.timeout = timeout;
        this.bar = bar;
        this.barOut = barOut;
        this.listener = listener;
        this.label = label;
        this.total = total;
        this.interval = interval;
    }

    /** {@return the options every map has without them: default chunk size, no deadline, no progress} */
    public static MapOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Items per task. {@code map}, {@code mapAsync} and {@code starmap} default to CPython's
     * {@code ceil(n / (4 * workers))}; the lazy maps ({@code imap}, {@code imapUnordered}, executor {@code map})
     * to 1.
     *
     * @param chunksize items per task; zero means the default
     * @return options with this chunk size
     * @throws IllegalArgumentException if {@code chunksize} is negative
     */
    public MapOptions withChunksize(int chunksize) {
        if (chunksize < 0) throw new IllegalArgumentException("chunksize must be >= 0 (0 = the default)");
        return new MapOptions(chunksize, timeout, bar, barOut, listener, label, total, interval);
    }

    /**
     * A deadline for the whole map, counted from the call. When it passes, the tasks not finished are cancelled (one
     * already running finishes and its result is discarded) and the map fails with a {@link java.util.concurrent.TimeoutException}: the
     * synchronous {@code map} and {@code starmap} throw {@link java.util.concurrent.CompletionException} caused by
     * it, {@code mapAsync} completes exceptionally with it, and the lazy maps throw it from
     * {@link ResultIterator#next()} wrapped in a {@code CompletionException}. Unlike a task timeout it does not
     * bound each task.
     *
     * @param timeout how long the whole map may take, or null for no limit
     * @return options with this deadline
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public MapOptions withTimeout(Duration timeout) {
        if (timeout != null && timeout.isNegative()) throw new IllegalArgumentException("timeout must not be negative");
        return new MapOptions(chunksize, timeout, bar, barOut, listener, label, total, interval);
    }

    /**
     * Draws a progress bar on {@link System#err} — items done of the total, rate and estimated time left —
     * redrawn in place; only when standard error is a terminal, so logs and pipes stay clean.
     *
     * @return options with a console progress bar
     */
    public MapOptions withProgressBar() {
        return new MapOptions(chunksize, timeout, true, null, listener, label, total, interval);
    }

    /**
     * As {@link #withProgressBar()}, with a label in front of the bar.
     *
     * @param label what the bar counts, e.g. {@code "hashing"}
     * @return options with a labelled console progress bar
     * @throws NullPointerException if {@code label} is null
     */
    public MapOptions withProgressBar(String label) {
        return withProgressBar().withLabel(label);
    }

    /**
     * Draws the progress bar on {@code out} whether or not it is a terminal (lines end with {@code '\r'} until the
     * last, which ends with a line separator).
     *
     * @param out where to draw
     * @return options with a progress bar drawn on {@code out}
     * @throws NullPointerException if {@code out} is null
     */
    public MapOptions withProgressBar(PrintStream out) {
        return new MapOptions(chunksize, timeout, true, Objects.requireNonNull(out), listener, label, total, interval);
    }

    /**
     * Reports progress to {@code listener} — for GUIs, logs and metrics. See {@link ProgressListener} for when and
     * on which thread it is called. Replaces a listener set before; a bar and a listener can be used together.
     *
     * @param listener gets progress snapshots, or null for none
     * @return options with this listener
     */
    public MapOptions withProgressListener(ProgressListener listener) {
        return new MapOptions(chunksize, timeout, bar, barOut, listener, label, total, interval);
    }

    /**
     * Names what is counted, shown in front of the bar and passed in every {@link Progress}.
     *
     * @param label the label
     * @return options with this label
     * @throws NullPointerException if {@code label} is null
     */
    public MapOptions withLabel(String label) {
        return new MapOptions(chunksize, timeout, bar, barOut, listener, Objects.requireNonNull(label), total, interval);
    }

    /**
     * The number of items, for a lazy map over an input whose size the pool cannot know (an {@code Iterable} that is
     * not a {@code Collection}); it gives the bar its length and the estimate of the time left. Ignored when the input
     * is a {@code Collection}.
     *
     * @param total the number of items the input holds
     * @return options with this total
     * @throws IllegalArgumentException if {@code total} is negative
     */
    public MapOptions withTotal(long total) {
        if (total < 0) throw new IllegalArgumentException("total must be >= 0");
        return new MapOptions(chunksize, timeout, bar, barOut, listener, label, total, interval);
    }

    /**
     * How often the listener and the bar are updated while items complete; default 100 ms. The last update, with
     * {@link Progress#finished()} true, comes when the map ends, whatever the interval.
     *
     * @param interval the time between updates, at least a millisecond
     * @return options with this interval
     * @throws IllegalArgumentException if {@code interval} is shorter than a millisecond
     */
    public MapOptions withProgressInterval(Duration interval) {
        if (interval.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("the progress interval must be at least 1 ms");
        }
        return new MapOptions(chunksize, timeout, bar, barOut, listener, label, total, interval);
    }

    /** {@return the chunk size; zero means the method's default} */
    public int chunksize() {
        return chunksize;
    }

    /** {@return the deadline of the whole map, if any} */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** {@return whether a progress bar is drawn} */
    public boolean progressBar() {
        return bar;
    }

    /** {@return where the bar is drawn when not on standard error, if set} */
    public Optional<PrintStream> progressBarStream() {
        return Optional.ofNullable(barOut);
    }

    /** {@return the progress listener, if any} */
    public Optional<ProgressListener> progressListener() {
        return Optional.ofNullable(listener);
    }

    /** {@return the label, if any} */
    public Optional<String> label() {
        return Optional.ofNullable(label);
    }

    /** {@return the total given for a lazy input, or -1 when none was given} */
    public long total() {
        return total;
    }

    /** {@return how often progress is reported} */
    public Duration progressInterval() {
        return interval;
    }

    /** {@return true if a bar or a listener is set} */
    public boolean reportsProgress() {
        return bar || listener != null;
    }

    @Override
    public String toString() {
        return "MapOptions[chunksize=" + chunksize + ", timeout=" + timeout + ", progressBar=" + bar
                + (barOut != null ? " (own stream)" : "") + ", listener=" + (listener != null) + ", label=" + label
                + ", total=" + total + ", interval=" + interval + "]";
    }
}
