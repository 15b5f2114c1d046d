/**
 * How values cross process boundaries: the {@link org.multiprocessing4j.codec.Codec} SPI and its errors.
 */
package org.multiprocessing4j.codec;
