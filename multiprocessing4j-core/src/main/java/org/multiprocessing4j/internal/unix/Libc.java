package org.multiprocessing4j.internal.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.function.Supplier;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Raw libc entry points through FFM, with errno captured per call.
 *
 * <p>Every method returns the C result; a negative result means failure and {@link #errno()} tells why.
 * Calls marked critical never block (they use {@code MSG_DONTWAIT}) and may take heap segments directly,
 * which saves a copy on every send and receive.
 */
public final class Libc {
    private Libc() {}

    // Linux constants; identical on x86-64 and aarch64.
    public static final int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
    public static final int MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    public static final short POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
    public static final int SHUT_RDWR = 2;
    public static final int SOL_SOCKET = 1, SCM_RIGHTS = 1, SO_PEERCRED = 17;
    public static final int EINTR = 4, EAGAIN = 11, EPIPE = 32, ECONNRESET = 104, ENOENT = 2, ECONNREFUSED = 111,
            EINVAL = 22, EBADF = 9, EEXIST = 17, ETIMEDOUT = 110, ESRCH = 3;
    public static final int SIGKILL = 9, SIGTERM = 15;
    public static final int SYS_PIDFD_OPEN = 434; // same number on every 64-bit Linux architecture

    /**
     * Why native calls cannot work here (not Linux), or null. Nothing in a static initializer throws: the JDK would
     * wrap it in an {@code ExceptionInInitializerError} (and every later use in a {@code NoClassDefFoundError}),
     * burying the message; instead every handle of an unusable call throws it, afresh, at each call.
     */
    private static final String UNAVAILABLE = Platform.problem();

    static {
        if (UNAVAILABLE == null) NativeAccess.warnIfNotEnabled();
    }

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURED =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    /** Layout of {@code struct pollfd}. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));

    /**
     * Looks up {@code name} and binds it with errno capture. The handle takes the capture segment as its first
     * argument; use {@link #state()} for it.
     */
    public static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... extra) {
        MethodType type = fd.toMethodType().insertParameterTypes(0, MemorySegment.class);
        if (UNAVAILABLE != null) return failing(type, () -> new UnsupportedOperationException(UNAVAILABLE));
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        try {
            return LINKER.downcallHandle(symbol, fd, options);
        } catch (IllegalCallerException e) {
            return failing(type, () -> NativeAccess.notEnabled(e));
        }
    }

    /** A handle of {@code type} that throws a new exception from {@code why} whenever it is called. */
    private static MethodHandle failing(MethodType type, Supplier<RuntimeException> why) {
        try {
            MethodHandle fail = MethodHandles.lookup().findStatic(Libc.class, "fail",
                    MethodType.methodType(Object.class, Supplier.class)).bindTo(why);
            return MethodHandles.dropArguments(fail, 0, type.parameterList()).asType(type);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object fail(Supplier<RuntimeException> why) {
        throw why.get();
    }

    /** The calling thread's errno capture segment. */
    public static MemorySegment state() {
        return CAPTURED.get();
    }

    /** errno of the calling thread's last call through a handle from {@link #downcall}. */
    public static int errno() {
        return (int) ERRNO.get(CAPTURED.get(), 0L);
    }

    private static final Linker.Option CRITICAL = Linker.Option.critical(true);

    // Handles are bound on first use, one holder per group: a process pays only for the calls it makes (each new
    // downcall shape costs milliseconds of start-up, the first one tens).
    private static final class Sock {
        static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle SOCKETPAIR = downcall("socketpair", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle CONNECT = downcall("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class Server {
        static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle LISTEN = downcall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle ACCEPT4 = downcall("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    }
    private static final class Io {
        static final MethodHandle SEND = downcall("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CRITICAL);
        static final MethodHandle RECV = downcall("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CRITICAL);
        static final MethodHandle POLL = downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    private static final class Fd {
        static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle SHUTDOWN = downcall("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle FCNTL_INT = downcall("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
    }
    private static final class Msg {
        static final MethodHandle SENDMSG = downcall("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle RECVMSG = downcall("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle GETSOCKOPT = downcall("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }
    private static final class Proc {
        static final MethodHandle KILL = downcall("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle SYSCALL1 = downcall("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(1));
    }
    private static final class Tty {
        static final MethodHandle ISATTY = downcall("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** {@return whether {@code fd} is a terminal; false too when native access is denied} */
    public static boolean isatty(int fd) {
        try {
            return (int) Tty.ISATTY.invokeExact(state(), fd) == 1;
        } catch (Throwable t) {
            return false;
        }
    }

    private static final class Text {
        static final MethodHandle STRERROR = LINKER.downcallHandle(LOOKUP.find("strerror").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    public static int socket(int domain, int type, int protocol) {
        try { return (int) Sock.SOCKET.invokeExact(state(), domain, type, protocol); } catch (Throwable t) { throw rethrow(t); }
    }
    public static int socketpair(int domain, int type, int protocol, MemorySegment sv) {
        try { return (int) Sock.SOCKETPAIR.invokeExact(state(), domain, type, protocol, sv); } catch (Throwable t) { throw rethrow(t); }
    }
    public static int bind(int fd, MemorySegment addr, int len) {
        try { return (int) Server.BIND.invokeExact(state(), fd, addr, len); } catch (Throwable t) { throw rethrow(t); }
    }
    public static int connect(int fd, MemorySegment addr, int len) {
        try { return (int) Sock.CONNECT.invokeExact(state(), fd, addr, len); } catch (Throwable t) { throw rethrow(t); }
    }
    public static int listen(int fd, int backlog) {
        try { return (int) Server.LISTEN.invokeExact(state(), fd, backlog); } catch (Throwable t) { throw rethrow(t); }
    }
    public static int accept4(int fd, int flags) {
        try { return (int) Server.ACCEPT4.invokeExact(state(), fd, MemorySegment.NULL, MemorySegment.NULL, flags); } catch (Throwable t) { throw rethrow(t); }
    }
    /** Non-blocking send; {@code buf} may be a heap segment. */
    public static long send(int fd, MemorySegment buf, long len, int flags) {
        try { return (long) Io.SEND.invokeExact(state(), fd, buf, len, flags); } catch (Throwable t) { throw rethrow(t); }
    }
    /** Non-blocking receive; {@code buf} may be a heap segment. */
    public static long recv(int fd, MemorySegment buf, long len, int flags) {
        try { return (long) Io.RECV.invokeExact(state(), fd, buf, len, flags); } catch (Throwable t) { throw rethrow(t); }
    }
    public static long sendmsg(int fd, MemorySegment msg, int flags) {
        try { return (long) Msg.SENDMSG.invokeExact(state(), fd, msg, flags); } catch (Throwable t) { throw rethrow(t); }
    }
    public static long recvmsg(int fd, MemorySegment msg, int flags) {
        try { return (long) Msg.RECVMSG.invokeExact(state(), fd, msg, flags); } catch (Throwable t) { throw rethrow(t); }
    }
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis) {
        try { return (int) Io.POLL.invokeExact(state(), fds, nfds, timeoutMillis); } catch (Throwable t) { throw rethrow(t); }
    }
    public static int close(int fd) {
        try { return (int) Fd.CLOSE.invokeExact(state(), fd); } catch (Throwable t) { throw rethrow(t); }
    }
    public static int shutdown(int fd, int how) {
        try { return (int) Fd.SHUTDOWN.invokeExact(state(), fd, how); } catch (Throwable t) { throw rethrow(t); }
    }
    public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment len) {
        try { return (int) Msg.GETSOCKOPT.invokeExact(state(), fd, level, name, value, len); } catch (Throwable t) { throw rethrow(t); }
    }
    public static int kill(int pid, int sig) {
        try { return (int) Proc.KILL.invokeExact(state(), pid, sig); } catch (Throwable t) { throw rethrow(t); }
    }
    /** {@code pidfd_open(pid, 0)}: a pollable descriptor that turns readable when the process exits. */
    public static int pidfdOpen(int pid) {
        try { return (int) (long) Proc.SYSCALL1.invokeExact(state(), (long) SYS_PIDFD_OPEN, pid, 0); } catch (Throwable t) { throw rethrow(t); }
    }
    /** {@code fcntl(fd, F_DUPFD_CLOEXEC, 0)}: a second descriptor for the same open file. */
    public static int dupCloexec(int fd) {
        try { return (int) Fd.FCNTL_INT.invokeExact(state(), fd, 1030, 0); } catch (Throwable t) { throw rethrow(t); }
    }

    /** The C library's text for an errno value. */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) Text.STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** An IOException for a failed call, naming the call and errno. */
    public static IOException error(String call, int errno) {
        String text = call + " failed: " + strerror(errno) + " (errno " + errno + ")";
        return switch (errno) {
            case EPIPE, ECONNRESET -> new java.net.SocketException(text);
            default -> new IOException(text);
        };
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
