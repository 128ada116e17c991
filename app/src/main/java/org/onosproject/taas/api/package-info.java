/**
 * Tap-as-a-Service API: the tap service and tap flow model, the services that query and
 * administer them, their events and the store contract.
 */
package org.onosproject.taas.api;
