package org.multiprocessing4j.internal.managers;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.multiprocessing4j.managers.ManagerException;

/**
 * What a manager proxy does with a method call: sends it to the manager and returns (or throws) what the shared
 * object did. A proxy is serializable: in another process it talks to the same manager.
 */
public final class RemoteHandler implements InvocationHandler, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Endpoint endpoint;
    private final long id;
    private final String typeid;

    public RemoteHandler(Endpoint endpoint, long id, String typeid) {
        this.endpoint = endpoint;
        this.id = id;
        this.typeid = typeid;
    }

    @SuppressWarnings("unchecked")
    public static <T> T proxy(Class<T> iface, Endpoint endpoint, long id, String typeid) {
        return (T) Proxy.newProxyInstance(iface.getClassLoader() != null ? iface.getClassLoader()
                : RemoteHandler.class.getClassLoader(), new Class<?>[] {iface}, new RemoteHandler(endpoint, id, typeid));
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        if (m.getDeclaringClass() == Object.class) {
            switch (m.getName()) {
                case "equals" -> {
                    return args[0] != null && Proxy.isProxyClass(args[0].getClass())
                            && Proxy.getInvocationHandler(args[0]) instanceof RemoteHandler h
                            && h.id == id && h.endpoint.address().equals(endpoint.address());
                }
                case "hashCode" -> {
                    return Long.hashCode(id) * 31 + endpoint.address().hashCode();
                }
                default -> {
                    // toString: the shared object's own text, as Python's proxies show the referent
                }
            }
        }
        if (m.isDefault() && !allSerializable(args)) {
            return InvocationHandler.invokeDefault(proxy, m, args); // e.g. forEach(lambda): runs here, over calls
        }
        Class<?>[] p = m.getParameterTypes();
        String[] names = new String[p.length];
        for (int i = 0; i < p.length; i++) names[i] = p[i].getName();
        Reply r;
        try {
            r = endpoint.call(id, m.getName(), names, args, declares(m, InterruptedException.class));
        } catch (InterruptedException e) {
            if (declares(m, InterruptedException.class)) throw e;
            Thread.currentThread().interrupt();
            throw new ManagerException(typeid + "." + m.getName() + " was interrupted", e);
        }
        if (r.ok()) return Snapshots.adapt(r.value(), m.getReturnType());
        Throwable t = (Throwable) r.value();
        if (t instanceof RuntimeException || t instanceof Error) throw t;
        for (Class<?> declared : m.getExceptionTypes()) {
            if (declared.isInstance(t)) throw t;
        }
        throw new ManagerException(typeid + "." + m.getName() + " failed in the manager: " + t, t);
    }

    private static boolean allSerializable(Object[] args) {
        if (args == null) return true;
        for (Object a : args) {
            if (a != null && !(a instanceof Serializable)) return false;
        }
        return true;
    }

    private static boolean declares(Method m, Class<?> type) {
        for (Class<?> c : m.getExceptionTypes()) {
            if (c.isAssignableFrom(type)) return true;
        }
        return false;
    }

    public long id() {
        return id;
    }
}
