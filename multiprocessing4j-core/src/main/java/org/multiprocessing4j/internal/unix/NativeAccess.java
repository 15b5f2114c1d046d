package org.multiprocessing4j.internal.unix;

/** Turns the JDK's refusal of native access into a message that says which flag to add. */
public final class NativeAccess {
    private NativeAccess() {}

    /** The {@code --enable-native-access} value that fits how this library was loaded. */
    public static String flagValue() {
        Module m = NativeAccess.class.getModule();
        return m.isNamed() ? m.getName() : "ALL-UNNAMED";
    }

    /** True when this JVM lets the library call native code without a warning. */
    public static boolean enabled() {
        return NativeAccess.class.getModule().isNativeAccessEnabled();
    }

    static IllegalStateException notEnabled(IllegalCallerException cause) {
        return new IllegalStateException("multiprocessing4j uses the JDK's foreign function API (shared memory, "
                + "futex, Unix sockets), and this JVM denies it native access. Start the JVM with "
                + "--enable-native-access=" + flagValue() + " (or remove --illegal-native-access=deny).", cause);
    }
}
