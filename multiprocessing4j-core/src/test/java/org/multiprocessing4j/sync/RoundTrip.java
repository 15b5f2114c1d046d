package org.multiprocessing4j.sync;

/** Java-serialization round trip, for tests in other packages. */
public final class RoundTrip {
    private RoundTrip() {}

    public static <T> T of(T o) throws Exception {
        return SharedLockTest.roundTrip(o);
    }
}
