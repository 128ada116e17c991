/**
 * REST API of Tap as a Service, served by ONOS under /onos/taas: tap services and tap flows,
 * JSON in and out through the codecs registered with ONOS's CodecService.
 */
package org.onosproject.taas.rest;
