package dev.mnist4j.backend.cpuref;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The build re-runs the kernels' tests in forked JVMs at each width ({@code -D}{@value Kernels#VECTOR_BITS}); the
 * fork at the CPU's own width would repeat the default run exactly, so a test class with this extension is
 * disabled there, saying why.
 */
final class OtherWidthRun implements ExecutionCondition {
    /** The width this run asks for, or null in the default run (the CPU's width). */
    static String asked() {
        return System.getProperty(Kernels.VECTOR_BITS);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        int cpu = Math.min(512, FloatVector.SPECIES_PREFERRED.vectorBitSize());
        return String.valueOf(cpu).equals(asked())
                ? ConditionEvaluationResult.disabled("the default run had this CPU's width, " + cpu + " bits")
                : ConditionEvaluationResult.enabled("the default run, or a width other than the CPU's");
    }
}
