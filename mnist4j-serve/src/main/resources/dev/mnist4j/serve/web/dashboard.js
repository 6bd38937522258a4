// Follows a training run through server-sent events. The server replays the run from its start to a
// page opened late, and each replay begins with "start", which clears the page first.
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const colours = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04"];
  const loss = new LineChart($("loss"), { series: [{ name: "loss", color: colours[0] }], xLabel: "step" });
  const accuracy = new LineChart($("accuracy"), { series: [{ name: "accuracy %", color: colours[1] }], xLabel: "step" });
  const speed = new LineChart($("speed"), { series: [{ name: "images/s", color: colours[3] }], xLabel: "step" });
  const epochs = new LineChart($("epochs"), { series: [{ name: "train %", color: colours[0], dots: true },
                                                       { name: "test %", color: colours[2], dots: true }], xLabel: "epoch" });
  let ratios = null;
  const state = $("state");
  const setState = (s, text) => { state.dataset.state = s; state.textContent = text; };

  const source = new EventSource("/api/training/events");
  source.addEventListener("none", () => { setState("none", "no training run on this server"); source.close(); });
  source.addEventListener("start", e => {
    const s = JSON.parse(e.data);
    [loss, accuracy, speed, epochs].forEach(c => c.reset());
    ratios = null; $("ratios").dataset.points = "0";
    $("run").textContent = `${s.backend} (${s.device}, ${s.threads} thread${s.threads === 1 ? "" : "s"}), ${s.optimizer}, batch ${s.batchSize}, ` +
                           `${s.epochs} epochs, seed ${s.seed}`;
    setState("running", "running");
  });
  source.addEventListener("batch", e => {
    const b = JSON.parse(e.data);
    loss.add(0, b.step, b.loss);
    accuracy.add(0, b.step, 100 * b.accuracy);
    speed.add(0, b.step, b.imagesPerSecond);
    if (b.updateRatios) {
      const names = Object.keys(b.updateRatios);
      if (!ratios) ratios = new LineChart($("ratios"), { series: names.map((n, i) => ({ name: n, color: colours[i] })),
                                                         logY: true, xLabel: "step" });
      names.forEach((n, i) => ratios.add(i, b.step, b.updateRatios[n]));
    }
    setState("running", `epoch ${b.epoch}, batch ${b.batch}/${b.batches}`);
  });
  source.addEventListener("epoch", e => {
    const r = JSON.parse(e.data);
    epochs.add(0, r.epoch, 100 * r.accuracy);
    if (r.testAccuracy !== undefined) epochs.add(1, r.epoch, 100 * r.testAccuracy);
    $("epochText").textContent = `epoch ${r.epoch}/${r.epochs}: loss ${r.loss.toFixed(4)}, train ` +
      `${(100 * r.accuracy).toFixed(2)}%` + (r.testAccuracy !== undefined ? `, test ${(100 * r.testAccuracy).toFixed(2)}%` : "") +
      `, learning rate ${r.learningRate}, ${r.seconds.toFixed(1)} s`;
    if (r.confusion) showConfusion(r.confusion);
    if (r.mistakes) showMistakes(r.mistakes);
  });
  source.addEventListener("done", e => {
    const d = JSON.parse(e.data);
    setState(d.status, d.status === "finished" ? "finished" : "failed: " + d.message);
  });
  source.onerror = () => { if (state.dataset.state === "running") setState("reconnecting", "connection lost, reconnecting…"); };

  function showConfusion(m) {
    const max = Math.max(...m.flat());
    const table = document.createElement("table"); table.className = "confusion";
    const head = table.insertRow(); head.insertCell().outerHTML = "<th>actual ↓ / predicted →</th>";
    for (let p = 0; p < 10; p++) head.insertCell().outerHTML = `<th>${p}</th>`;
    m.forEach((row, a) => {
      const tr = table.insertRow(); tr.insertCell().outerHTML = `<th>${a}</th>`;
      row.forEach((n, p) => {
        const td = tr.insertCell(); td.textContent = n;
        const shade = n === 0 ? 0 : 0.15 + 0.85 * Math.sqrt(n / max);
        td.style.background = a === p ? `rgba(22,163,74,${shade})` : `rgba(220,38,38,${n ? Math.max(shade, 0.25) : 0})`;
      });
    });
    $("confusion").replaceChildren(table); $("confusion").classList.remove("muted");
  }

  function showMistakes(list) {
    const box = $("mistakes"); box.replaceChildren(); box.classList.remove("muted");
    box.dataset.count = String(list.length);
    list.forEach(m => {
      const fig = document.createElement("figure");
      const c = document.createElement("canvas"); c.width = 28; c.height = 28;
      const img = c.getContext("2d").createImageData(28, 28);
      m.pixels.forEach((v, i) => img.data.set([v, v, v, 255], 4 * i));
      c.getContext("2d").putImageData(img, 0, 0);
      const cap = document.createElement("figcaption"); cap.textContent = `${m.actual} → ${m.predicted}`;
      fig.append(c, cap); box.append(fig);
    });
  }
})();
