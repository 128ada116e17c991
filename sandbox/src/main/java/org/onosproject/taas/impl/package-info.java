/**
 * Sandbox wiring of the application's components (store, manager, rule engine) to in-process
 * ONOS services. Lives in the components' package so that it can set their service fields;
 * part of the sandbox module only, never of the shipped bundle.
 */
package org.onosproject.taas.impl;
