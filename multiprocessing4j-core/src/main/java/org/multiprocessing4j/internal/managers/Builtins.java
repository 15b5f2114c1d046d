package org.multiprocessing4j.internal.managers;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.multiprocessing4j.managers.ManagedBarrier;
import org.multiprocessing4j.managers.ManagedCondition;
import org.multiprocessing4j.managers.ManagedEvent;
import org.multiprocessing4j.managers.ManagedSemaphore;
import org.multiprocessing4j.managers.ManagedValue;
import org.multiprocessing4j.managers.Namespace;

/** The shared objects every manager can create, by type id, with the interface their proxies implement. */
public final class Builtins {
    private Builtins() {}

    /** How a type is made on the server: from the creation arguments. */
    public interface Factory extends Serializable {
        Object make(Object[] args) throws Exception;
    }

    public record Type(Class<?> iface, Factory factory) implements Serializable {
    }

    public static Map<String, Type> types() {
        Map<String, Type> t = new LinkedHashMap<>();
        t.put("dict", new Type(Map.class, a -> Collections.synchronizedMap(new HashMap<>())));
        t.put("list", new Type(List.class, a -> Collections.synchronizedList(new ArrayList<>())));
        t.put("Namespace", new Type(Namespace.class, a -> new NamespaceImpl()));
        t.put("Queue", new Type(BlockingQueue.class, a -> (int) a[0] > 0 ? new LinkedBlockingQueue<>((int) a[0])
                : new LinkedBlockingQueue<>()));
        t.put("Lock", new Type(Lock.class, a -> new PlainLock()));
        t.put("RLock", new Type(Lock.class, a -> new ReentrantLock()));
        t.put("Semaphore", new Type(ManagedSemaphore.class, a -> new SemaphoreImpl((int) a[0], false)));
        t.put("BoundedSemaphore", new Type(ManagedSemaphore.class, a -> new SemaphoreImpl((int) a[0], true)));
        t.put("Event", new Type(ManagedEvent.class, a -> new EventImpl()));
        t.put("Condition", new Type(ManagedCondition.class, a -> new ConditionImpl()));
        t.put("Barrier", new Type(ManagedBarrier.class, a -> new BarrierImpl((int) a[0])));
        t.put("Value", new Type(ManagedValue.class, a -> new ValueImpl<>(a[0])));
        t.put("Array", new Type(List.class, a -> Collections.synchronizedList(Arrays.asList((Object[]) a[0]))));
        return t;
    }

    static final class NamespaceImpl implements Namespace {
        private final Map<String, Object> values = new HashMap<>();

        @Override
        public synchronized Object get(String name) {
            return values.get(name);
        }

        @Override
        public synchronized void set(String name, Object value) {
            values.put(name, value);
        }

        @Override
        public synchronized boolean has(String name) {
            return values.containsKey(name);
        }

        @Override
        public synchronized Object remove(String name) {
            return values.remove(name);
        }

        @Override
        public synchronized Map<String, Object> attributes() {
            return new LinkedHashMap<>(values);
        }

        @Override
        public synchronized String toString() {
            return "Namespace" + values;
        }
    }

    /** Python's Lock: not reentrant, and any thread may release it. */
    static final class PlainLock implements Lock {
        private final Semaphore sem = new Semaphore(1);

        @Override
        public void lock() {
            sem.acquireUninterruptibly();
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            sem.acquire();
        }

        @Override
        public boolean tryLock() {
            return sem.tryAcquire();
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            return sem.tryAcquire(time, unit);
        }

        @Override
        public void unlock() {
            if (sem.availablePermits() > 0) throw new IllegalMonitorStateException("release of an unlocked lock");
            sem.release();
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("use Manager.condition()");
        }
    }

    static final class SemaphoreImpl implements ManagedSemaphore {
        private final Semaphore sem;
        private final int bound;

        SemaphoreImpl(int permits, boolean bounded) {
            if (permits < 0) throw new IllegalArgumentException("initial value must be >= 0: " + permits);
            this.sem = new Semaphore(permits);
            this.bound = bounded ? permits : Integer.MAX_VALUE;
        }

        @Override
        public void acquire() throws InterruptedException {
            sem.acquire();
        }

        @Override
        public boolean tryAcquire() {
            return sem.tryAcquire();
        }

        @Override
        public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
            return sem.tryAcquire(timeout, unit);
        }

        @Override
        public synchronized void release() {
            if (sem.availablePermits() >= bound) throw new IllegalStateException("semaphore released too many times");
            sem.release();
        }

        @Override
        public int availablePermits() {
            return sem.availablePermits();
        }
    }

    static final class EventImpl implements ManagedEvent {
        private boolean flag;

        @Override
        public synchronized void set() {
            flag = true;
            notifyAll();
        }

        @Override
        public synchronized void clear() {
            flag = false;
        }

        @Override
        public synchronized boolean isSet() {
            return flag;
        }

        @Override
        public synchronized void await() throws InterruptedException {
            while (!flag) wait();
        }

        @Override
        public synchronized boolean await(long timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (!flag) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    static final class ConditionImpl extends ReentrantLock implements ManagedCondition {
        private static final long serialVersionUID = 1L;
        private final transient Condition cond = super.newCondition();

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("a managed condition is its own condition");
        }

        @Override
        public void await() throws InterruptedException {
            cond.await();
        }

        @Override
        public void awaitUninterruptibly() {
            cond.awaitUninterruptibly();
        }

        @Override
        public long awaitNanos(long nanosTimeout) throws InterruptedException {
            return cond.awaitNanos(nanosTimeout);
        }

        @Override
        public boolean await(long time, TimeUnit unit) throws InterruptedException {
            return cond.await(time, unit);
        }

        @Override
        public boolean awaitUntil(java.util.Date deadline) throws InterruptedException {
            return cond.awaitUntil(deadline);
        }

        @Override
        public void signal() {
            cond.signal();
        }

        @Override
        public void signalAll() {
            cond.signalAll();
        }
    }

    static final class BarrierImpl implements ManagedBarrier {
        private final CyclicBarrier barrier;

        BarrierImpl(int parties) {
            this.barrier = new CyclicBarrier(parties);
        }

        @Override
        public int await() throws InterruptedException, BrokenBarrierException {
            return barrier.await();
        }

        @Override
        public int await(long timeout, TimeUnit unit) throws InterruptedException, BrokenBarrierException, TimeoutException {
            return barrier.await(timeout, unit);
        }

        @Override
        public int getParties() {
            return barrier.getParties();
        }

        @Override
        public int getNumberWaiting() {
            return barrier.getNumberWaiting();
        }

        @Override
        public boolean isBroken() {
            return barrier.isBroken();
        }

        @Override
        public void reset() {
            barrier.reset();
        }
    }

    static final class ValueImpl<T> implements ManagedValue<T> {
        private volatile T value;

        ValueImpl(T value) {
            this.value = value;
        }

        @Override
        public T get() {
            return value;
        }

        @Override
        public void set(T v) {
            value = v;
        }

        @Override
        public String toString() {
            return "Value(" + value + ")";
        }
    }
}
