package org.multiprocessing4j.internal.process;

import org.multiprocessing4j.codec.Codec;

/**
 * Names a codec by its class for another JVM, and instantiates it there: a public static {@code INSTANCE} field,
 * else a no-argument constructor.
 */
public final class CodecLoader {
    private CodecLoader() {}

    /** {@return the class name another JVM loads {@code codec} by, or "" for the default codec} */
    public static String nameOf(Codec codec) {
        return codec == Codec.defaultCodec() ? "" : codec.getClass().getName();
    }

    public static Codec load(String className) throws ReflectiveOperationException {
        Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        try {
            return (Codec) c.getField("INSTANCE").get(null);
        } catch (NoSuchFieldException e) {
            return (Codec) c.getConstructor().newInstance();
        }
    }
}
