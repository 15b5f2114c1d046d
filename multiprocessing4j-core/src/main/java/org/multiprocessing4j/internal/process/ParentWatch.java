package org.multiprocessing4j.internal.process;

/** Whether this child's parent is known to have ended (its control connection closed). */
public final class ParentWatch {
    private static volatile boolean gone;

    private ParentWatch() {}

    static void parentGone() {
        gone = true;
    }

    public static boolean isParentGone() {
        return gone;
    }
}
