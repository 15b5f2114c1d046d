package org.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A {@link java.util.function.Consumer} that can be sent to another process.
 *
 * <p>A lambda or method reference typed as this interface is serializable, so it can run in another JVM. It must
 * capture only serializable values; the class that declares it must be on the other process's class path.
 *
 * @param <T> the type of the argument
 */
@FunctionalInterface
public interface SerializableConsumer<T> extends java.util.function.Consumer<T>, Serializable {
}
