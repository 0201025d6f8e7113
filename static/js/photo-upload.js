// Photos from a phone: each photo is shrunk in the browser (long side at most data-upload-px,
// JPEG at 85 %) and sent on its own request with real byte progress; a dropped connection is
// retried. The server still validates every file. Without JavaScript the form posts as is.
(() => {
  "use strict";

  const form = document.querySelector("form.js-photo-upload");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;

  const fill = (template, values) =>
    Object.entries(values).reduce((text, [key, value]) => text.split(`{${key}}`).join(value), template || "");
  const inputs = [...form.querySelectorAll(".js-photo-input")];
  const status = form.querySelector(".js-photo-chosen");
  const errors = form.querySelector(".js-photo-errors");
  const progress = form.querySelector(".js-photo-progress");
  const bar = form.querySelector(".js-photo-bar");
  const submit = form.querySelector(".js-photo-submit");
  const maxBytes = Number(form.dataset.maxBytes);
  const minPx = Number(form.dataset.minPx || 0);
  const uploadPx = Number(form.dataset.uploadPx || 2560);
  const QUALITY = 0.85;
  const RETRIES = 3;
  const sizeText = (bytes) =>
    bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  let busy = false;

  // Shrink and re-encode one photo. Returns {blob, name, tooSmall}; the original when the
  // browser cannot decode it (HEIC on most browsers: the server converts it) or when it is
  // already small enough.
  async function prepare(file) {
    if (!window.createImageBitmap || !/^image\/(jpeg|png|webp)$/.test(file.type)) {
      return { blob: file, name: file.name };
    }
    let bitmap;
    try {
      // "from-image": the photo's own orientation is applied, since re-encoding drops EXIF.
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (error) {
      return { blob: file, name: file.name };
    }
    const longSide = Math.max(bitmap.width, bitmap.height);
    if (longSide < minPx) {
      bitmap.close();
      return { tooSmall: true, name: file.name };
    }
    const scale = Math.min(1, uploadPx / longSide);
    if (scale === 1 && file.size <= 1.5 * 1048576) {
      bitmap.close();
      return { blob: file, name: file.name };
    }
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff"; // transparent PNG areas become white, not black, in a JPEG
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
    if (!blob || blob.size >= file.size) return { blob: file, name: file.name };
    return { blob, name: file.name.replace(/\.[^.]*$/, "") + ".jpg" };
  }

  // One request; resolves with the HTTP status, rejects when the connection failed.
  function send(item, token, onBytes) {
    return new Promise((resolve, reject) => {
      const body = new FormData();
      body.append("csrf_token", token);
      body.append("photos", item.blob, item.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) onBytes(Math.min(event.loaded, item.blob.size));
      });
      xhr.addEventListener("load", () => resolve(xhr.status));
      xhr.addEventListener("error", () => reject(new Error("network")));
      xhr.addEventListener("timeout", () => reject(new Error("timeout")));
      xhr.addEventListener("abort", () => reject(new Error("abort")));
      xhr.timeout = 180000;
      xhr.send(body);
    });
  }

  async function sendWithRetry(item, token, onBytes) {
    for (let attempt = 1; ; attempt += 1) {
      if (navigator.onLine === false) {
        status.textContent = form.dataset.msgOffline;
        await new Promise((resolve) => window.addEventListener("online", resolve, { once: true }));
      }
      try {
        const code = await send(item, token, onBytes);
        // 502-504: a proxy lost the connection; worth another try like a network error.
        if (code < 502 || code > 504 || attempt > RETRIES) return code;
      } catch (error) {
        if (attempt > RETRIES) throw error;
      }
      onBytes(0);
      status.textContent = fill(form.dataset.msgRetry, { attempt, max: RETRIES });
      await sleep(1000 * attempt * attempt);
    }
  }

  async function upload(files) {
    if (busy) return;
    busy = true;
    const messages = [];
    let queue = files.filter((file) => {
      if (file.size > maxBytes * 4) {
        messages.push(fill(form.dataset.msgTooLarge, { file: file.name }));
        return false;
      }
      return true;
    });
    const remaining = Number(form.dataset.remaining);
    if (queue.length > remaining) {
      messages.push(fill(form.dataset.msgTooMany, { n: remaining }));
      queue = queue.slice(0, remaining);
    }
    submit.disabled = true;
    progress.classList.remove("d-none");
    const token = form.querySelector("input[name=csrf_token]").value;
    const items = [];
    for (const [index, file] of queue.entries()) {
      status.textContent = fill(form.dataset.msgPreparing, { n: index + 1, total: queue.length });
      const item = await prepare(file);
      if (item.tooSmall) messages.push(fill(form.dataset.msgTooSmall, { file: file.name }));
      else if (item.blob.size > maxBytes) messages.push(fill(form.dataset.msgTooLarge, { file: file.name }));
      else items.push(item);
    }
    const total = items.reduce((sum, item) => sum + item.blob.size, 0) || 1;
    let done = 0;
    for (const [index, item] of items.entries()) {
      const show = (sent) => {
        const percent = Math.round(((done + sent) / total) * 100);
        bar.style.width = `${percent}%`;
        progress.setAttribute("aria-valuenow", String(percent));
        status.textContent = fill(form.dataset.msgProgress, {
          n: index + 1,
          total: items.length,
          sent: sizeText(sent),
          size: sizeText(item.blob.size),
        });
      };
      show(0);
      try {
        const code = await sendWithRetry(item, token, show);
        if (code >= 400 && code !== 422) messages.push(fill(form.dataset.msgFailed, { file: item.name }));
      } catch (error) {
        messages.push(fill(form.dataset.msgFailed, { file: item.name }));
      }
      done += item.blob.size;
    }
    bar.style.width = "100%";
    progress.setAttribute("aria-valuenow", "100");
    if (messages.length) {
      errors.replaceChildren(
        ...messages.map((text) => Object.assign(document.createElement("div"), { textContent: text })),
      );
      setTimeout(() => window.location.reload(), 3000);
    } else {
      window.location.reload();
    }
  }

  const chosen = () => inputs.flatMap((input) => [...input.files]);
  // Choosing (or taking) photos starts the upload: one tap less on a phone.
  inputs.forEach((input) => input.addEventListener("change", () => chosen().length && upload(chosen())));
  form.addEventListener("submit", (event) => {
    if (!chosen().length) return; // the server explains that a photo is needed
    event.preventDefault();
    upload(chosen());
  });
})();
