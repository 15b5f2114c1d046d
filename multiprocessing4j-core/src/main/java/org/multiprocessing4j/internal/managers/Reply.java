package org.multiprocessing4j.internal.managers;

import java.io.Serializable;

/** The answer to {@link Request} {@code seq}: a value, or (when not ok) the Throwable it threw. */
public record Reply(long seq, boolean ok, Object value) implements Serializable {
}
