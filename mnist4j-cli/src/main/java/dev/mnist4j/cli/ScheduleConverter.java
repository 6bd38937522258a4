package dev.mnist4j.cli;

import dev.mnist4j.train.LrSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --schedule NAME[:ARG=VALUE,...]} with PyTorch's scheduler arguments: {@code
 * step:step_size=1,gamma=0.7}, {@code multistep:milestones=3/6,gamma=0.1}, {@code
 * exponential:gamma=0.9}, {@code cosine:t_max=5,eta_min=0}, {@code
 * linear:start_factor=0.1,total_iters=2}, {@code onecycle:max_lr=0.01} (its other arguments
 * PyTorch's defaults; total_steps from the run), or {@code constant}.
 */
final class ScheduleConverter implements ITypeConverter<LrSchedule> {
    static final String SYNTAX = "constant, step:step_size=N,gamma=G, multistep:milestones=A/B/...,gamma=G,"
            + " exponential:gamma=G, cosine:t_max=N[,eta_min=E], linear:start_factor=F[,end_factor=F],total_iters=N,"
            + " onecycle:max_lr=LR[,total_steps=N,pct_start=P,div_factor=D,final_div_factor=F,base_momentum=M,"
            + "max_momentum=M,cycle_momentum=true|false]";

    @Override
    public LrSchedule convert(String text) {
        String name = text.contains(":") ? text.substring(0, text.indexOf(':')) : text;
        Map<String, String> args = arguments(text.contains(":") ? text.substring(text.indexOf(':') + 1) : "");
        try {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "constant" -> only(args, Set.of(), LrSchedule.constant());
                case "step" ->
                    only(
                            args,
                            Set.of("step_size", "gamma"),
                            new LrSchedule.StepLR(integer(args, "step_size", null), number(args, "gamma", 0.1)));
                case "multistep" ->
                    only(
                            args,
                            Set.of("milestones", "gamma"),
                            new LrSchedule.MultiStepLR(milestones(args), number(args, "gamma", 0.1)));
                case "exponential" ->
                    only(args, Set.of("gamma"), new LrSchedule.ExponentialLR(number(args, "gamma", null)));
                case "cosine" ->
                    only(
                            args,
                            Set.of("t_max", "eta_min"),
                            new LrSchedule.CosineAnnealingLR(
                                    integer(args, "t_max", null), number(args, "eta_min", 0.0)));
                case "linear" ->
                    only(
                            args,
                            Set.of("start_factor", "end_factor", "total_iters"),
                            new LrSchedule.LinearLR(
                                    number(args, "start_factor", 1.0 / 3),
                                    number(args, "end_factor", 1.0),
                                    integer(args, "total_iters", 5)));
                case "onecycle" ->
                    only(
                            args,
                            Set.of(
                                    "max_lr",
                                    "total_steps",
                                    "pct_start",
                                    "div_factor",
                                    "final_div_factor",
                                    "base_momentum",
                                    "max_momentum",
                                    "cycle_momentum"),
                            new LrSchedule.OneCycleLR(
                                    number(args, "max_lr", null),
                                    integer(args, "total_steps", 0),
                                    number(args, "pct_start", 0.3),
                                    number(args, "div_factor", 25.0),
                                    number(args, "final_div_factor", 1e4),
                                    number(args, "base_momentum", 0.85),
                                    number(args, "max_momentum", 0.95),
                                    Boolean.parseBoolean(args.getOrDefault("cycle_momentum", "true"))));
                default -> throw new TypeConversionException("unknown schedule '" + name + "'; use " + SYNTAX);
            };
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static Map<String, String> arguments(String list) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String pair : list.isBlank() ? new String[0] : list.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new TypeConversionException("'" + pair + "' is not ARG=VALUE; use " + SYNTAX);
            }
            args.put(
                    pair.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                    pair.substring(eq + 1).trim());
        }
        return args;
    }

    private static LrSchedule only(Map<String, String> args, Set<String> known, LrSchedule schedule) {
        for (String key : args.keySet()) {
            if (!known.contains(key)) {
                throw new TypeConversionException(
                        "this schedule has no argument '" + key + "'" + (known.isEmpty() ? "" : "; it takes " + known));
            }
        }
        return schedule;
    }

    private static double number(Map<String, String> args, String key, Double otherwise) {
        String v = args.get(key);
        if (v == null) {
            if (otherwise == null) {
                throw new TypeConversionException("the schedule needs " + key + "=VALUE");
            }
            return otherwise;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException(key + "=" + v + " is not a number");
        }
    }

    private static int integer(Map<String, String> args, String key, Integer otherwise) {
        double v = number(args, key, otherwise == null ? null : otherwise.doubleValue());
        if (v != Math.rint(v)) {
            throw new TypeConversionException(key + " must be a whole number, was " + args.get(key));
        }
        return (int) v;
    }

    private static List<Integer> milestones(Map<String, String> args) {
        String v = args.get("milestones");
        if (v == null) {
            throw new TypeConversionException("the schedule needs milestones=A/B/... (epochs)");
        }
        List<Integer> out = new ArrayList<>();
        for (String m : v.split("/")) {
            try {
                out.add(Integer.parseInt(m.trim()));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("milestones=" + v + " are not whole numbers separated by /");
            }
        }
        return out;
    }
}
