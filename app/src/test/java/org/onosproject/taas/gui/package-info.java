/**
 * Tests of the GUI extension: highlights, overlay panels, message handlers, registration and
 * the message contract between the JavaScript and the Java handlers.
 */
package org.onosproject.taas.gui;
