package dev.mnist4j.predict;

import java.util.ArrayList;
import java.util.List;

/**
 * Which pixels are ink, for {@link MnistStyle}: the digit told apart from specks, dirt and paper
 * edges by its connected pieces, and its strokes measured and redrawn at a given width.
 */
final class InkMask {
    final int width;
    final int height;
    final boolean[] on;

    InkMask(int width, int height, boolean[] on) {
        this.width = width;
        this.height = height;
        this.on = on;
    }

    /** Pixels of {@code image} at or above {@code level}. */
    static InkMask threshold(InkImage image, float level) {
        boolean[] on = new boolean[image.v.length];
        for (int i = 0; i < on.length; i++) {
            on[i] = image.v[i] >= level;
        }
        return new InkMask(image.width, image.height, on);
    }

    /** A connected piece of ink: its pixels, bounding box, and whether it touches the frame. */
    record Piece(int[] pixels, int minX, int minY, int maxX, int maxY, boolean touchesFrame) {
        int size() {
            return pixels.length;
        }

        int span() {
            return Math.max(maxX - minX + 1, maxY - minY + 1);
        }
    }

    /** The 8-connected pieces of ink, largest first. */
    List<Piece> pieces() {
        boolean[] seen = new boolean[on.length];
        int[] stack = new int[on.length];
        List<Piece> out = new ArrayList<>();
        for (int start = 0; start < on.length; start++) {
            if (!on[start] || seen[start]) {
                continue;
            }
            // a depth-first walk; the stack's used part ends up holding the piece's pixels
            int top = 0;
            int done = 0;
            stack[top++] = start;
            seen[start] = true;
            int minX = width;
            int minY = height;
            int maxX = -1;
            int maxY = -1;
            while (done < top) {
                int p = stack[done++];
                int x = p % width;
                int y = p / width;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && xx < width && yy >= 0 && yy < height) {
                            int q = yy * width + xx;
                            if (on[q] && !seen[q]) {
                                seen[q] = true;
                                stack[top++] = q;
                            }
                        }
                    }
                }
            }
            boolean frame = minX == 0 || minY == 0 || maxX == width - 1 || maxY == height - 1;
            out.add(new Piece(java.util.Arrays.copyOf(stack, top), minX, minY, maxX, maxY, frame));
        }
        out.sort((a, b) -> Integer.compare(b.size(), a.size()));
        return out;
    }

    /**
     * The digit's pieces: the largest piece that does not touch the frame (a paper edge, a table, a
     * border does), and the pieces near it that are not specks (a stroke broken by a thin pen, a
     * detached bar); dirt further away, or too small to be a stroke, is left out. When every piece
     * touches the frame, the largest is the digit (a digit that fills the picture).
     */
    static List<Piece> digit(List<Piece> pieces) {
        if (pieces.isEmpty()) {
            return pieces;
        }
        Piece main = pieces.stream().filter(p -> !p.touchesFrame()).findFirst().orElse(pieces.get(0));
        int reach = Math.max(2, main.span() / 3);
        List<Piece> out = new ArrayList<>();
        for (Piece p : pieces) {
            boolean near = p.maxX() >= main.minX() - reach
                    && p.minX() <= main.maxX() + reach
                    && p.maxY() >= main.minY() - reach
                    && p.minY() <= main.maxY() + reach;
            boolean stroke = p.size() * 20 >= main.size();
            if (p == main || (near && stroke && (!p.touchesFrame() || main.touchesFrame()))) {
                out.add(p);
            }
        }
        return out;
    }

    /** A mask of just these pieces. */
    InkMask only(List<Piece> pieces) {
        boolean[] keep = new boolean[on.length];
        for (Piece p : pieces) {
            for (int i : p.pixels()) {
                keep[i] = true;
            }
        }
        return new InkMask(width, height, keep);
    }

    /** {@code [minX, minY, maxX, maxY]} of the ink, or {@code null} when there is none. */
    int[] bounds() {
        int minX = width;
        int minY = height;
        int maxX = -1;
        int maxY = -1;
        for (int i = 0; i < on.length; i++) {
            if (on[i]) {
                int x = i % width;
                int y = i / width;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        return maxX < 0 ? null : new int[] {minX, minY, maxX, maxY};
    }

    int count() {
        int n = 0;
        for (boolean b : on) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** The strokes' middle lines, one pixel wide (Zhang and Suen's thinning, 1984). */
    InkMask skeleton() {
        boolean[] s = on.clone();
        int[] remove = new int[on.length];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int pass = 0; pass < 2; pass++) {
                int n = 0;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        if (s[y * width + x] && removable(s, x, y, pass)) {
                            remove[n++] = y * width + x;
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    s[remove[i]] = false;
                }
                changed |= n > 0;
            }
        }
        return new InkMask(width, height, s);
    }

    /** Whether thinning's pass {@code pass} takes away the pixel: a contour point whose removal keeps the shape connected. */
    private boolean removable(boolean[] s, int x, int y, int pass) {
        // neighbours p2..p9, clockwise from the top, as bits 0..7
        int bits = (at(s, x, y - 1) ? 1 : 0)
                | (at(s, x + 1, y - 1) ? 2 : 0)
                | (at(s, x + 1, y) ? 4 : 0)
                | (at(s, x + 1, y + 1) ? 8 : 0)
                | (at(s, x, y + 1) ? 16 : 0)
                | (at(s, x - 1, y + 1) ? 32 : 0)
                | (at(s, x - 1, y) ? 64 : 0)
                | (at(s, x - 1, y - 1) ? 128 : 0);
        int count = Integer.bitCount(bits);
        int rotated = ((bits << 1) | (bits >>> 7)) & 0xff; // each neighbour's successor, clockwise
        int transitions = Integer.bitCount(~bits & rotated & 0xff);
        if (count < 2 || count > 6 || transitions != 1) {
            return false;
        }
        boolean p2 = (bits & 1) != 0;
        boolean p4 = (bits & 4) != 0;
        boolean p6 = (bits & 16) != 0;
        boolean p8 = (bits & 64) != 0;
        return pass == 0 ? !(p2 && p4 && p6) && !(p4 && p6 && p8) : !(p2 && p4 && p8) && !(p2 && p6 && p8);
    }

    private boolean at(boolean[] s, int x, int y) {
        return x >= 0 && x < width && y >= 0 && y < height && s[y * width + x];
    }

    /** Every pixel within {@code radius} of this mask's pixels: strokes drawn with a round pen. */
    InkMask dilated(double radius) {
        boolean[] out = new boolean[on.length];
        int r = (int) Math.ceil(radius);
        double r2 = radius * radius;
        for (int i = 0; i < on.length; i++) {
            if (!on[i]) {
                continue;
            }
            int x = i % width;
            int y = i / width;
            for (int dy = -r; dy <= r; dy++) {
                for (int dx = -r; dx <= r; dx++) {
                    int xx = x + dx;
                    int yy = y + dy;
                    if (dx * dx + dy * dy <= r2 && xx >= 0 && xx < width && yy >= 0 && yy < height) {
                        out[yy * width + xx] = true;
                    }
                }
            }
        }
        return new InkMask(width, height, out);
    }
}
