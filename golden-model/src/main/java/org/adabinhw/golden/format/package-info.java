/**
 * The adabin-hw network file format: {@link org.adabinhw.golden.format.NetworkFormat} reads and writes a
 * {@link org.adabinhw.golden.ir.Network} as a JSON layer graph plus one safetensors weights file. The
 * format is specified in {@code docs/network-format.md}.
 */
package org.adabinhw.golden.format;
