package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.Objects;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.function.SerializableConsumer;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.pool.PoolCore;

/**
 * The {@link TaskPool} API on threads of this JVM — Python's {@code multiprocessing.pool.ThreadPool}
 * ({@code multiprocessing.dummy.Pool}). Same dispatcher, chunking, ordering and callbacks as {@link Pool}; values
 * are passed by reference (nothing is encoded). A task timeout or {@code cancel(true)} on a running task interrupts
 * its thread and abandons it (a thread cannot be killed); a new thread replaces it. {@code System.exit} in a task
 * ends this JVM.
 *
 * <p>Memory consistency effects: see {@link TaskPool}.
 */
public final class ThreadPool extends PoolBase {
    public ThreadPool() {
        this(builder());
    }

    public ThreadPool(int threads) {
        this(builder().threads(threads));
    }

    private ThreadPool(Builder b) {
        super(core(b), b.taskTimeout);
    }

    private static PoolCore core(Builder b) {
        try {
            return new PoolCore(new PoolCore.Config("ThreadPool", b.threads, false, b.initializer, b.maxTasksPerChild,
                    Codec.defaultCodec(), null, false));
        } catch (EncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ThreadPool}. */
    public static final class Builder {
        private int threads = Multiprocessing.cpuCount();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private Duration taskTimeout;

        private Builder() {}

        public Builder threads(int n) {
            if (n < 1) throw new IllegalArgumentException("Number of threads must be at least 1");
            this.threads = n;
            return this;
        }

        /** Same as {@link #threads(int)}, for code moved from {@link Pool.Builder}. */
        public Builder processes(int n) {
            return threads(n);
        }

        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = initializer;
            return this;
        }

        public <A> Builder initializer(SerializableConsumer<? super A> initializer, A arg) {
            Objects.requireNonNull(initializer);
            this.initializer = () -> initializer.accept(arg);
            return this;
        }

        public Builder maxTasksPerChild(int n) {
            if (n < 0) throw new IllegalArgumentException("maxTasksPerChild must be >= 0");
            this.maxTasksPerChild = n;
            return this;
        }

        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = timeout;
            return this;
        }

        public ThreadPool build() {
            return new ThreadPool(this);
        }
    }
}
