/**
 * The REST sandbox: the web bundle's JAX-RS resources served by an embedded Jetty and Jersey,
 * with HTTP basic authentication as ONOS's web server, over a running sandbox.
 */
package org.onosproject.taas.sandbox.rest;
