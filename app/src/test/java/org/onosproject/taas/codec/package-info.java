/**
 * Tests of the tap service and tap flow JSON codecs.
 */
package org.onosproject.taas.codec;
