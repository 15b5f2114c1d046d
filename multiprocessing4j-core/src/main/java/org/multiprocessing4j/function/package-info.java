/**
 * Serializable twins of the {@code java.util.function} and {@code java.util.concurrent} functional interfaces:
 * the target types that let a lambda or method reference run in another JVM.
 */
package org.multiprocessing4j.function;
