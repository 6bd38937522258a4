// A small line chart on a canvas: several series, linear or log y, redrawn at most once a frame.
// The canvas's data-points attribute counts the points received (the browser test reads it).
"use strict";
class LineChart {
  constructor(canvas, { series, logY = false, xLabel = "", yLabel = "" }) {
    this.canvas = canvas; this.series = series.map(s => ({ ...s, points: [] }));
    this.logY = logY; this.xLabel = xLabel; this.yLabel = yLabel; this.pending = false; this.count = 0;
    canvas.dataset.points = "0";
    new ResizeObserver(() => this.redraw()).observe(canvas);
  }
  reset() { this.series.forEach(s => s.points = []); this.count = 0; this.canvas.dataset.points = "0"; this.redraw(); }
  add(index, x, y) {
    if (!Number.isFinite(y) || (this.logY && y <= 0)) return;
    this.series[index].points.push([x, y]); this.count++;
    this.canvas.dataset.points = String(this.count);
    if (!this.pending) { this.pending = true; requestAnimationFrame(() => { this.pending = false; this.draw(); }); }
  }
  redraw() { this.draw(); }
  draw() {
    const c = this.canvas, dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth, h = c.clientHeight;
    if (w === 0 || h === 0) return;
    c.width = Math.round(w * dpr); c.height = Math.round(h * dpr);
    const g = c.getContext("2d"); g.setTransform(dpr, 0, 0, dpr, 0, 0); g.clearRect(0, 0, w, h);
    const all = this.series.flatMap(s => s.points);
    const left = 52, right = 8, top = 18, bottom = 26;
    g.font = "11px system-ui, sans-serif"; g.fillStyle = "#5b6470"; g.strokeStyle = "#d7dce2";
    g.strokeRect(left, top, w - left - right, h - top - bottom);
    if (all.length === 0) { g.fillText("waiting for data…", left + 8, top + 16); return; }
    const fy = this.logY ? Math.log10 : (v => v);
    let x0 = Math.min(...all.map(p => p[0])), x1 = Math.max(...all.map(p => p[0]));
    let y0 = Math.min(...all.map(p => fy(p[1]))), y1 = Math.max(...all.map(p => fy(p[1])));
    if (x1 === x0) x1 = x0 + 1;
    if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
    const X = x => left + (x - x0) / (x1 - x0) * (w - left - right);
    const Y = y => top + (1 - (fy(y) - y0) / (y1 - y0)) * (h - top - bottom);
    for (let i = 0; i <= 4; i++) {
      const v = y0 + (y1 - y0) * i / 4, py = top + (1 - i / 4) * (h - top - bottom);
      const text = this.logY ? Math.pow(10, v).toExponential(1) : (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
      g.fillText(text, 4, py + 4);
      g.beginPath(); g.moveTo(left, py); g.lineTo(w - right, py); g.stroke();
    }
    g.fillText(this.xLabel + " " + x0 + "–" + x1, left, h - 8);
    let lx = left + 6;
    this.series.forEach(s => {
      if (s.points.length === 0) return;
      g.strokeStyle = s.color; g.fillStyle = s.color; g.lineWidth = 1.5; g.beginPath();
      s.points.forEach(([x, y], i) => i ? g.lineTo(X(x), Y(y)) : g.moveTo(X(x), Y(y)));
      g.stroke();
      if (s.dots) s.points.forEach(([x, y]) => { g.beginPath(); g.arc(X(x), Y(y), 3, 0, 7); g.fill(); });
      g.fillText(s.name, lx, 12); lx += g.measureText(s.name).width + 14;
    });
  }
}
