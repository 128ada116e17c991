/**
 * JSON codecs of tap services and tap flows, shared by the REST API and the CLI's JSON output,
 * and the component that registers them with ONOS's CodecService.
 */
package org.onosproject.taas.codec;
