package dev.mnist4j.io;

import dev.mnist4j.model.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes the {@code data.pkl} of a state_dict as {@code torch.save} does (pickle protocol 2): an
 * OrderedDict of name → {@code torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False,
 * OrderedDict())}, storage {@code i} being the persistent id {@code ('storage', torch.FloatStorage,
 * 'i', 'cpu', numel)}.
 */
final class TorchPickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private TorchPickleWriter() {}

    static byte[] stateDict(Map<String, Tensor> tensors) {
        TorchPickleWriter w = new TorchPickleWriter();
        w.op(0x80).op(2); // PROTO 2
        w.global("collections", "OrderedDict").op(')').op('R');
        w.op('(');
        int key = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            int[] shape = e.getValue().shape();
            w.string(e.getKey());
            w.global("torch._utils", "_rebuild_tensor_v2");
            w.op('(');
            w.op('(')
                    .string("storage")
                    .global("torch", "FloatStorage")
                    .string(Integer.toString(key++))
                    .string("cpu")
                    .integer(e.getValue().size())
                    .op('t')
                    .op('Q'); // BINPERSID
            w.integer(0);
            w.op('(');
            for (int d : shape) {
                w.integer(d);
            }
            w.op('t');
            w.op('(');
            long stride = 1;
            long[] strides = new long[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = stride;
                stride *= shape[d];
            }
            for (long s : strides) {
                w.integer(s);
            }
            w.op('t');
            w.op(0x89); // NEWFALSE: requires_grad
            w.global("collections", "OrderedDict").op(')').op('R'); // backward hooks
            w.op('t').op('R');
        }
        w.op('u'); // SETITEMS
        w.op('.');
        return w.out.toByteArray();
    }

    private TorchPickleWriter op(int code) {
        out.write(code);
        return this;
    }

    private TorchPickleWriter global(String module, String name) {
        op('c');
        byte[] b = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
        return this;
    }

    private TorchPickleWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        out.write(
                ByteBuffer.allocate(4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(b.length)
                        .array(),
                0,
                4);
        out.write(b, 0, b.length);
        return this;
    }

    private TorchPickleWriter integer(long v) {
        op('J'); // BININT: signed 32-bit, enough for every size here
        out.write(
                ByteBuffer.allocate(4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(Math.toIntExact(v))
                        .array(),
                0,
                4);
        return this;
    }
}
