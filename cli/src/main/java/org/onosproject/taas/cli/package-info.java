/**
 * ONOS shell commands and completers of the Tap-as-a-Service application.
 */
package org.onosproject.taas.cli;
