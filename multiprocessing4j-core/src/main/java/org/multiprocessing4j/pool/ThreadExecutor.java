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
 * The thread twin of {@link ProcessPoolExecutor} — Python's {@code concurrent.futures.ThreadPoolExecutor} with the
 * same {@link PoolExecutor} API (named so as not to clash with {@link java.util.concurrent.ThreadPoolExecutor}).
 * Nothing is encoded; a task timeout or {@code cancel(true)} of a running task interrupts and abandons its thread.
 *
 * <p>Memory consistency effects: see {@link PoolExecutor}.
 */
public final class ThreadExecutor extends ExecutorBase {
    public ThreadExecutor() {
        this(builder());
    }

    public ThreadExecutor(int maxWorkers) {
        this(builder().maxWorkers(maxWorkers));
    }

    private ThreadExecutor(Builder b) {
        super(core(b), b.taskTimeout);
    }

    private static PoolCore core(Builder b) {
        try {
            return new PoolCore(new PoolCore.Config("ThreadExecutor", b.maxWorkers, true, b.initializer,
                    b.maxTasksPerChild, Codec.defaultCodec(), null, false));
        } catch (EncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ThreadExecutor}. */
    public static final class Builder {
        private int maxWorkers = Multiprocessing.cpuCount();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private Duration taskTimeout;

        private Builder() {}

        public Builder maxWorkers(int n) {
            if (n < 1) throw new IllegalArgumentException("maxWorkers must be greater than 0");
            this.maxWorkers = n;
            return this;
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

        public ThreadExecutor build() {
            return new ThreadExecutor(this);
        }
    }
}
