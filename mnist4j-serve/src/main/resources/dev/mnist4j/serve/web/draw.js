// The drawing page: pointer strokes on a white pad; the pad as a PNG to /api/predict (debounced while
// drawing); the answer as ten bars, and the 28×28 image the server made from the drawing.
"use strict";
(() => {
  const pad = document.getElementById("pad");
  const ctx = pad.getContext("2d");
  const status = document.getElementById("status");
  const digit = document.getElementById("digit");
  const bars = document.getElementById("bars");
  const timing = document.getElementById("timing");
  const seen = document.getElementById("seen").getContext("2d");
  let drawing = false, inked = false, last = null, timer = null, asked = 0;

  const rows = [];
  for (let d = 0; d < 10; d++) {
    const label = document.createElement("span"); label.textContent = d;
    const track = document.createElement("div");
    const bar = document.createElement("div"); bar.className = "bar"; track.appendChild(bar);
    const value = document.createElement("span"); value.textContent = "";
    bars.append(label, track, value);
    rows.push({ bar, value });
  }

  function clearPad() {
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, pad.width, pad.height);
    inked = false; asked++;
    digit.textContent = ""; digit.dataset.digit = ""; timing.textContent = ""; status.textContent = "";
    rows.forEach(r => { r.bar.style.width = "0"; r.bar.classList.remove("top"); r.value.textContent = ""; });
    seen.clearRect(0, 0, 28, 28);
  }

  function point(e) {
    const box = pad.getBoundingClientRect();
    return { x: (e.clientX - box.left) * pad.width / box.width, y: (e.clientY - box.top) * pad.height / box.height };
  }

  function stroke(to) {
    ctx.strokeStyle = "#000"; ctx.lineWidth = 18; ctx.lineCap = "round"; ctx.lineJoin = "round";
    ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(to.x + 0.01, to.y); ctx.stroke();
    last = to; inked = true;
  }

  pad.addEventListener("pointerdown", e => {
    e.preventDefault(); pad.setPointerCapture(e.pointerId);
    drawing = true; last = point(e); stroke(last);
  });
  pad.addEventListener("pointermove", e => {
    if (!drawing) return;
    stroke(point(e));
    clearTimeout(timer); timer = setTimeout(predictPad, 250);
  });
  const end = () => { if (drawing) { drawing = false; clearTimeout(timer); predictPad(); } };
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointercancel", end);

  function predictPad() {
    if (inked) pad.toBlob(blob => ask(blob, "image/png"), "image/png");
  }

  async function ask(body, type) {
    const ticket = ++asked;
    try {
      const r = await fetch("/api/predict", { method: "POST", headers: { "Content-Type": type }, body });
      const answer = await r.json();
      if (ticket !== asked) return; // a newer drawing has been sent since
      if (!r.ok) { status.textContent = answer.error || ("error " + r.status); return; }
      show(answer);
    } catch (err) {
      if (ticket === asked) status.textContent = "The server did not answer: " + err.message;
    }
  }

  function show(a) {
    status.textContent = "";
    digit.textContent = a.digit; digit.dataset.digit = a.digit;
    a.probabilities.forEach((p, d) => {
      rows[d].bar.style.width = (100 * p).toFixed(1) + "%";
      rows[d].bar.classList.toggle("top", d === a.digit);
      rows[d].value.textContent = (100 * p).toFixed(1) + "%";
    });
    timing.textContent = a.backend + ", " + a.millis + " ms";
    const img = seen.createImageData(28, 28);
    a.image.forEach((v, i) => { img.data.set([v, v, v, 255], 4 * i); });
    seen.putImageData(img, 0, 0);
  }

  document.getElementById("clear").addEventListener("click", clearPad);
  document.getElementById("upload").addEventListener("change", e => {
    const file = e.target.files[0];
    if (!file) return;
    const type = file.type === "image/jpeg" ? "image/jpeg" : "image/png";
    ask(file, type); e.target.value = "";
  });

  fetch("/api/model").then(r => r.json()).then(m => {
    const dl = document.getElementById("model");
    const shown = { backend: "backend", device: "device", test_accuracy: "test accuracy", epochs: "epochs",
                    trained_at: "trained", optimizer: "optimizer", dataset: "data" };
    for (const [key, name] of Object.entries(shown)) {
      if (m[key] === undefined) continue;
      let v = m[key];
      if (key === "test_accuracy") v = (100 * Number(v)).toFixed(2) + "%";
      const dt = document.createElement("dt"); dt.textContent = name;
      const dd = document.createElement("dd"); dd.textContent = v;
      dl.append(dt, dd);
    }
  }).catch(() => {});

  clearPad();
})();
