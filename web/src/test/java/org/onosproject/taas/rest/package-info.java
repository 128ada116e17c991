/**
 * Tests of the Tap as a Service REST API, served by Jetty over a real TaasManager.
 */
package org.onosproject.taas.rest;
