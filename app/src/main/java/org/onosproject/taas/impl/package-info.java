/**
 * Tap-as-a-Service implementation: the distributed store, the manager that validates and
 * serves the API, and the engine that compiles taps into FlowRules and groups.
 */
package org.onosproject.taas.impl;
