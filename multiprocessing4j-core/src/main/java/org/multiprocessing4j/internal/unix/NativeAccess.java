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

    private static boolean warned;

    /**
     * Without the flag, JDK 25 only warns (and a future JDK will refuse): say once, in our words, what to add.
     * {@code -Dmultiprocessing4j.quiet=true} silences it.
     */
    static synchronized void warnIfNotEnabled() {
        if (warned || enabled() || Boolean.getBoolean("multiprocessing4j.quiet")) return;
        warned = true;
        System.getLogger("org.multiprocessing4j").log(System.Logger.Level.WARNING,
                "multiprocessing4j calls native code (Unix sockets, shared memory, futex) through the JDK's foreign "
                        + "function API; start this JVM with --enable-native-access=" + flagValue()
                        + " (without it the JDK warns, and refuses under --illegal-native-access=deny; an "
                        + "executable jar can say it in its manifest: Enable-Native-Access: ALL-UNNAMED). Child JVMs "
                        + "get the flag automatically.");
    }

    static IllegalStateException notEnabled(IllegalCallerException cause) {
        return new IllegalStateException("multiprocessing4j uses the JDK's foreign function API (shared memory, "
                + "futex, Unix sockets), and this JVM denies it native access. Start the JVM with "
                + "--enable-native-access=" + flagValue() + " (or remove --illegal-native-access=deny); an "
                + "executable jar can say it in its manifest: Enable-Native-Access: ALL-UNNAMED.", cause);
    }
}
