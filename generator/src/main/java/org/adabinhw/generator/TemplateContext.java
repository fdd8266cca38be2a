package org.adabinhw.generator;

/**
 * The variables of one Velocity template, as one typed object: templates read its accessors as
 * {@code $ctx.name} (a record component or a public method). Each template has exactly one context class,
 * so a template can only use what that class declares and the compiler checks the values' types.
 */
public interface TemplateContext {
    /**
     * The template's path on the class path, for example {@code rtl/axis_fifo/axis_fifo_wrapper.v.vm}. The
     * suffix before {@code .vm} says what the output is ({@code .v} Verilog, {@code .cpp} C++), which decides
     * what counts as a left-over Velocity directive after rendering.
     */
    String template();
}
