package org.multiprocessing4j.internal;

import java.security.SecureRandom;

import org.multiprocessing4j.codec.Codec;

/**
 * Who this JVM is among the processes of one program: its authentication key (inherited by every child, as in
 * Python) and the codec its connections use by default. A child's bootstrap sets them before any user code runs.
 */
public final class Identity {
    private static volatile byte[] authkey;
    private static volatile Codec codec = Codec.defaultCodec();

    private Identity() {}

    /** The current process's authkey; a fresh random 32 bytes in a main process. */
    public static byte[] authkey() {
        byte[] k = authkey;
        if (k == null) {
            synchronized (Identity.class) {
                if (authkey == null) {
                    byte[] fresh = new byte[32];
                    new SecureRandom().nextBytes(fresh);
                    authkey = fresh;
                }
                k = authkey;
            }
        }
        return k;
    }

    public static void setAuthkey(byte[] key) {
        authkey = key.clone();
    }

    public static Codec codec() {
        return codec;
    }

    public static void setCodec(Codec c) {
        codec = c;
    }
}
