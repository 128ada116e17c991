/**
 * ONOS GUI extension of Tap-as-a-Service: the "Tap" topology overlay, which highlights
 * mirrored sources, tap ports and mirror paths, and the "Tap Services" table view.
 */
package org.onosproject.taas.gui;
