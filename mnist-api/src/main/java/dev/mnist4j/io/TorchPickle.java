package dev.mnist4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A restricted unpickler for the {@code data.pkl} of a PyTorch state_dict: it knows only the opcodes
 * and the few globals such a pickle needs ({@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2}, the storage types, …) and refuses every other global
 * by name before anything is called — the allow-list idea of {@code torch.load(weights_only=True)}.
 * Nothing from the file is ever executed.
 */
final class TorchPickle {
    /** A storage named by a persistent id: {@code ('storage', torch.FloatStorage, key, location, numel)}. */
    record StorageRef(String type, String key, long numel) {}

    /** A tensor as {@code _rebuild_tensor_v2} describes it: a view on a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    private record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    private static final Object MARK = new Object();
    private static final Object NONE = new Object();
    private static final Set<String> ALLOWED = Set.of(
            "collections.OrderedDict",
            "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_parameter",
            "torch.FloatStorage",
            "torch.DoubleStorage",
            "torch.HalfStorage",
            "torch.BFloat16Storage",
            "torch.LongStorage",
            "torch.IntStorage",
            "torch.ShortStorage",
            "torch.CharStorage",
            "torch.ByteStorage",
            "torch.BoolStorage",
            "torch.Size");

    /** The most items on the stack, and in the memo: bounds memory whatever the pickle does. */
    static final int MAX_ITEMS = 100_000;

    private final byte[] data;
    private final String source;
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private TorchPickle(byte[] data, String source) {
        this.data = data;
        this.source = source;
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The tensors of a pickled state_dict, in order. */
    static Map<String, TensorRef> stateDict(byte[] pickle, String source) {
        Object result = new TorchPickle(pickle, source).load();
        if (!(result instanceof Map<?, ?> map)) {
            throw new ModelFileException(source + ": holds a " + describe(result)
                    + ", not a state_dict; save model.state_dict(), not the model");
        }
        Map<String, TensorRef> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof TensorRef t)) {
                throw new ModelFileException(source + ": state_dict entry " + e.getKey() + " is a "
                        + describe(e.getValue()) + ", not a tensor");
            }
            tensors.put(name, t);
        }
        return tensors;
    }

    private ModelFileException fail(String message) {
        return new ModelFileException(source + ": " + message);
    }

    private Object load() {
        try {
            while (true) {
                int pos = in.position();
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80 -> in.get(); // PROTO
                    case 0x95 -> in.getLong(); // FRAME
                    case '.' -> { // STOP
                        return pop();
                    }
                    case 'c' -> push(global(line(), line()));
                    case 0x93 -> { // STACK_GLOBAL
                        String name = (String) pop();
                        String module = (String) pop();
                        push(global(module, name));
                    }
                    case 'q' -> memoize(in.get() & 0xff);
                    case 'r' -> memoize(in.getInt() & 0xffffffffL);
                    case 0x94 -> memoize(memo.size());
                    case 'h' -> push(memoGet(in.get() & 0xff));
                    case 'j' -> push(memoGet(in.getInt() & 0xffffffffL));
                    case ')' -> push(new Object[0]);
                    case '}' -> push(new LinkedHashMap<Object, Object>());
                    case ']' -> push(new ArrayList<Object>());
                    case '(' -> {
                        marks.push(stack.size());
                        push(MARK);
                    }
                    case 't' -> push(popMark().toArray());
                    case 0x85 -> push(new Object[] {pop()});
                    case 0x86 -> {
                        Object b = pop();
                        push(new Object[] {pop(), b});
                    }
                    case 0x87 -> {
                        Object c = pop();
                        Object b = pop();
                        push(new Object[] {pop(), b, c});
                    }
                    case 'X' -> push(string(in.getInt()));
                    case 0x8c -> push(string(in.get() & 0xff));
                    case 0x8d -> push(string(length(in.getLong())));
                    case 'J' -> push((long) in.getInt());
                    case 'K' -> push((long) (in.get() & 0xff));
                    case 'M' -> push((long) (in.getShort() & 0xffff));
                    case 0x8a -> push(long1(in.get() & 0xff));
                    case 0x88 -> push(Boolean.TRUE);
                    case 0x89 -> push(Boolean.FALSE);
                    case 'N' -> push(NONE);
                    case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // big-endian
                    case 'Q' -> push(persistent(pop()));
                    case 'R' -> {
                        Object args = pop();
                        push(reduce(pop(), args));
                    }
                    case 's' -> {
                        Object value = pop();
                        Object key = pop();
                        dict(peek()).put(key, value);
                    }
                    case 'u' -> {
                        List<Object> items = popMark();
                        Map<Object, Object> d = dict(peek());
                        for (int i = 0; i + 1 < items.size(); i += 2) {
                            d.put(items.get(i), items.get(i + 1));
                        }
                    }
                    case 'a' -> {
                        Object v = pop();
                        list(peek()).add(v);
                    }
                    case 'e' -> {
                        List<Object> items = popMark();
                        list(peek()).addAll(items);
                    }
                    case 'b' -> build(pop(), peek());
                    default ->
                        throw fail(String.format(
                                Locale.ROOT,
                                "unsupported pickle opcode 0x%02x at byte %d; this is not a"
                                        + " plain state_dict of tensors",
                                op,
                                pos));
                }
                in.order(ByteOrder.LITTLE_ENDIAN);
            }
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw fail("data.pkl is truncated or corrupt");
        } catch (ClassCastException e) {
            throw fail("data.pkl does not have the structure of a state_dict (" + e.getMessage() + ")");
        }
    }

    private Object global(String module, String name) {
        Global g = new Global(module, name);
        if (!ALLOWED.contains(g.qualified())) {
            throw fail("refuses the pickle global '" + g.qualified() + "': a state_dict holds only tensors, and"
                    + " loading this file would run code; it is not loaded");
        }
        return g;
    }

    private Object persistent(Object pid) {
        Object[] t = (Object[]) pid;
        if (t.length != 5 || !"storage".equals(t[0]) || !(t[1] instanceof Global type)) {
            throw fail("unexpected persistent id in data.pkl");
        }
        return new StorageRef(type.name(), String.valueOf(t[2]), ((Number) t[4]).longValue());
    }

    private Object reduce(Object callable, Object args) {
        Global g = (Global) callable;
        Object[] a = (Object[]) args;
        switch (g.qualified()) {
            case "collections.OrderedDict":
                return new LinkedHashMap<Object, Object>();
            case "torch._utils._rebuild_tensor_v2":
                if (a.length < 4 || !(a[0] instanceof StorageRef storage)) {
                    throw fail("_rebuild_tensor_v2 called with unexpected arguments");
                }
                return new TensorRef(storage, ((Number) a[1]).longValue(), longs(a[2]), longs(a[3]));
            case "torch._utils._rebuild_parameter":
                return a[0]; // a Parameter is its tensor
            case "torch.Size":
                return a.length == 1 ? a[0] : a;
            default:
                throw fail("does not call '" + g.qualified() + "'");
        }
    }

    private void build(Object state, Object target) {
        // OrderedDict's state carries state_dict._metadata (module versions): not needed here.
        if (!(target instanceof Map<?, ?>)) {
            throw fail("BUILD on a " + describe(target) + " is not part of a state_dict");
        }
    }

    private static long[] longs(Object tuple) {
        Object[] t = (Object[]) tuple;
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = ((Number) t[i]).longValue();
        }
        return out;
    }

    private String line() {
        int start = in.position();
        while (data[in.position()] != '\n') {
            in.position(in.position() + 1);
        }
        String s = new String(data, start, in.position() - start, StandardCharsets.UTF_8);
        in.get();
        return s;
    }

    /** An 8-byte length: past the data's end is the same corruption as any other. */
    private int length(long length) {
        return length < 0 || length > in.remaining() ? -1 : (int) length;
    }

    private String string(int length) {
        if (length < 0 || length > in.remaining()) {
            throw fail("data.pkl is truncated or corrupt");
        }
        String s = new String(data, in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private long long1(int n) {
        if (n > 8) {
            throw fail("an integer in data.pkl is too large");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (in.get() & 0xffL) << (8 * i);
        }
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
            v -= 1L << (8 * n); // two's complement
        }
        return v;
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) {
            throw fail("data.pkl refers to an unknown memo entry " + key);
        }
        return memo.get(key);
    }

    private void push(Object o) {
        if (stack.size() >= MAX_ITEMS) {
            throw fail(String.format(Locale.ROOT, "data.pkl nests or repeats beyond the limit of %,d", MAX_ITEMS)
                    + " items on the unpickler's stack; a state_dict of this CNN needs a few hundred");
        }
        stack.add(o);
    }

    private void memoize(long key) {
        if (memo.size() >= MAX_ITEMS && !memo.containsKey(key)) {
            throw fail(String.format(Locale.ROOT, "data.pkl memoizes beyond the limit of %,d objects", MAX_ITEMS));
        }
        memo.put(key, peek());
    }

    private Object pop() {
        Object o = stack.remove(stack.size() - 1);
        if (o == MARK) {
            throw fail("data.pkl is corrupt (unexpected mark)");
        }
        return o;
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw fail("data.pkl is corrupt (no mark)");
        }
        int at = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static String describe(Object o) {
        return o == null || o == NONE
                ? "None"
                : o instanceof Object[] ? "tuple" : o.getClass().getSimpleName();
    }
}
