package org.adabinhw.generator;

import java.util.List;

/** Contexts of the test templates under {@code src/test/resources/templates}. */
public final class TestContexts {
    private TestContexts() {
    }

    public record Named(String template, String name, int width, List<String> items) implements TemplateContext {
    }
}
