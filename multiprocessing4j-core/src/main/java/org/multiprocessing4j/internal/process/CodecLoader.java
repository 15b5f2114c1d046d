package org.multiprocessing4j.internal.process;

import org.multiprocessing4j.codec.Codec;

/** Instantiates a codec named by class: a public static {@code INSTANCE} field, else a no-argument constructor. */
final class CodecLoader {
    private CodecLoader() {}

    static Codec load(String className) throws ReflectiveOperationException {
        Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        try {
            return (Codec) c.getField("INSTANCE").get(null);
        } catch (NoSuchFieldException e) {
            return (Codec) c.getConstructor().newInstance();
        }
    }
}
