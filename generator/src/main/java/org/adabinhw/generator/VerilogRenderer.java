package org.adabinhw.generator;

import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.adabinhw.generator.estimate.Family;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.exception.VelocityException;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader;
import org.slf4j.helpers.NOPLogger;

/**
 * Renders the thin generated parts of the hardware (wrappers, harnesses) from Velocity templates on the
 * class path (the {@code rtl-templates} jar and the testbench's harness templates).
 * <ul>
 * <li>Strict mode: a reference to a variable or property that the context does not have fails.</li>
 * <li>One typed {@link TemplateContext} per template, visible to the template as {@code $ctx}.</li>
 * <li>After rendering, the output is checked for left-over Velocity syntax (a misspelled directive such as
 *     {@code #ned} is otherwise copied through silently), and line endings are normalised to {@code \n}
 *     with exactly one final newline, so the same context always gives the same bytes.</li>
 * </ul>
 * Instances are thread-safe.
 */
public final class VerilogRenderer {
    /** The name under which a template sees its context. */
    public static final String CONTEXT = "ctx";

    /** A Velocity reference: {@code $x}, {@code ${x}}, {@code $!x}, {@code $!{x}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$!?\\{?[A-Za-z_]");
    /** A Velocity directive or comment, including misspelled ones: {@code #word}, {@code #{word}}, {@code ##}, {@code #*}, {@code #[[}. */
    private static final Pattern DIRECTIVE = Pattern.compile("#(\\{?[A-Za-z]|#|\\*|\\[\\[)|\\]\\]#|\\*#");
    /** C++ preprocessor lines that a harness may contain (written {@code \#include} in the template). */
    private static final Pattern CPP_PREPROCESSOR = Pattern.compile("(?m)^#include [<\"][^>\"]+[>\"]$");

    /** The name under which a template sees the target family ({@link Family}). */
    public static final String FAMILY = "family";

    private final VelocityEngine engine;
    private final Family family;

    /** A renderer for Xilinx 7-series that loads templates from the class path of this class's loader. */
    public VerilogRenderer() {
        this(Family.XILINX_7);
    }

    /**
     * A renderer that loads templates from the class path of this class's loader.
     *
     * @param family the FPGA family the rendered wrappers ask synthesis for (their memories' styles)
     */
    public VerilogRenderer(Family family) {
        this.family = java.util.Objects.requireNonNull(family);
        engine = new VelocityEngine();
        engine.setProperty(RuntimeConstants.RESOURCE_LOADERS, "class");
        engine.setProperty("resource.loader.class.class", ClasspathResourceLoader.class.getName());
        engine.setProperty("resource.loader.class.cache", "true");
        engine.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        engine.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "true");
        engine.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT_ESCAPE, "true");
        engine.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        engine.setProperty(RuntimeConstants.RUNTIME_LOG_INSTANCE, NOPLogger.NOP_LOGGER);
        engine.init();
    }

    /** The FPGA family the rendered wrappers target. */
    public Family family() {
        return family;
    }

    /**
     * Renders a context's template.
     *
     * @param context the template's variables
     * @return the rendered text, {@code \n} line endings, ending in one newline
     * @throws GeneratorException when the template is missing, does not parse, references something the
     *                            context lacks, or leaves Velocity syntax in the output
     */
    public String render(TemplateContext context) {
        String name = context.template();
        if (!name.endsWith(".vm")) {
            throw new GeneratorException("template " + name + ": a template's name must end in .vm");
        }
        StringWriter out = new StringWriter();
        try {
            Template template = engine.getTemplate(name, "UTF-8");
            VelocityContext vc = new VelocityContext();
            vc.put(CONTEXT, context);
            vc.put(FAMILY, family);
            template.merge(vc, out);
        } catch (VelocityException e) {
            throw new GeneratorException("template " + name + " with " + context.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
        String text = normalise(out.toString());
        checkNoVelocityLeft(name, text);
        return text;
    }

    private static String normalise(String text) {
        String s = text.replace("\r\n", "\n").replace('\r', '\n');
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
        }
        return s.substring(0, end) + "\n";
    }

    /** Fails when the rendered text still contains Velocity syntax; C++ outputs may contain {@code #include} lines. */
    static void checkNoVelocityLeft(String template, String text) {
        String body = template.endsWith(".cpp.vm") || template.endsWith(".h.vm")
                ? CPP_PREPROCESSOR.matcher(text).replaceAll("")
                : text;
        for (Pattern p : new Pattern[] {REFERENCE, DIRECTIVE}) {
            Matcher m = p.matcher(body);
            if (m.find()) {
                int line = 1 + (int) body.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                int from = body.lastIndexOf('\n', m.start()) + 1;
                int to = body.indexOf('\n', m.start());
                String excerpt = body.substring(from, to < 0 ? body.length() : to).strip();
                throw new GeneratorException("template " + template + ": Velocity syntax left in the output at line "
                        + line + " ('" + excerpt + "'): a misspelled directive or an unescaped '$'/'#'");
            }
        }
    }
}
