package org.multiprocessing4j.internal.process;

/**
 * The process object's side of a child's start, registered by {@code JvmProcess} so that the bootstrap below the
 * public API can run it without depending on it.
 */
public interface ChildBootstrap {
    /** Decodes the process object, makes it the current process and runs it; returns the exit code. */
    int run(RunOrder order);

    /** A serialized process object with a lambda target that does nothing, for AOT training. */
    byte[] trainingProcess();

    /** Decodes a process object with a lambda target, so that a warm spare's first real decode is not cold. */
    void warmUp();

    final class Holder {
        private static volatile ChildBootstrap instance;

        private Holder() {}

        public static void set(ChildBootstrap b) {
            instance = b;
        }

        static ChildBootstrap get() {
            if (instance == null) {
                try {
                    Class.forName("org.multiprocessing4j.JvmProcess", true, ChildBootstrap.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
            return instance;
        }
    }
}
