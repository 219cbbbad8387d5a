// Web chat for the CCHC assistant. Every text from the server or the user is inserted
// with textContent (never innerHTML), so a question containing <script> stays text.
"use strict";

const UI = {
  thinking: "Đang tìm câu trả lời…",
  drafting: (chars) => `Đang soạn câu trả lời và đối chiếu với văn bản… (${chars} ký tự)`,
  networkError: "Không kết nối được với máy chủ. Bạn vui lòng thử lại sau.",
  serverError: "Máy chủ đang bận hoặc gặp lỗi. Bạn vui lòng thử lại sau ít phút.",
  loadingSource: "Đang tải nội dung nguồn…",
  download: "Tải tệp",
};

const SESSION_KEY = "cchc-session";

function sessionId() {
  let id = localStorage.getItem(SESSION_KEY);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2))
      .replace(/[^A-Za-z0-9_-]/g, "");
    localStorage.setItem(SESSION_KEY, id);
  }
  return id;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function post(body) {
  const response = await fetch("/api/chat", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(Object.assign({ session_id: sessionId() }, body)),
  });
  if (response.status === 429 || response.ok) {
    return (await response.json()).replies;
  }
  throw new Error(UI.serverError);
}

// With a language model configured (GET /api/chat/capabilities), questions go to
// POST /api/chat/stream: server-sent "progress" events while the model writes (its length
// only: no unverified text ever reaches the page), then one "reply" event per reply.
let streaming = false;

async function loadCapabilities() {
  try {
    const response = await fetch("/api/chat/capabilities");
    streaming = response.ok && (await response.json()).stream === true;
  } catch (error) {
    streaming = false;
  }
}

function parseEvent(block) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trim());
  }
  return { name, data: data.length ? JSON.parse(data.join("\n")) : null };
}

async function postStream(body, onProgress, onReply) {
  const response = await fetch("/api/chat/stream", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify(Object.assign({ session_id: sessionId() }, body)),
  });
  if (!(response.ok || response.status === 429) || !response.body) throw new Error(UI.serverError);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const event = parseEvent(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      if (event.name === "progress") onProgress(event.data.chars);
      else if (event.name === "reply") onReply(event.data);
    }
  }
}

const log = () => document.getElementById("log");

function scrollDown() {
  window.scrollTo(0, document.body.scrollHeight);
}

function showUser(text) {
  log().appendChild(el("div", "msg user text", text));
  scrollDown();
}

function showError(message) {
  log().appendChild(el("div", "msg bot error text", message));
  scrollDown();
}

function sourceDetails(link) {
  const details = el("details", "source");
  details.appendChild(el("summary", "", link.label));
  const body = el("div", "source-text", UI.loadingSource);
  details.appendChild(body);
  details.addEventListener("toggle", async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = "1";
    try {
      const replies = await post({ payload: link.payload });
      body.textContent = replies.map((r) => r.text).join("\n\n");
    } catch (error) {
      delete details.dataset.loaded;
      body.textContent = error.message || UI.networkError;
    }
  });
  return details;
}

function buttonRows(rows) {
  const box = el("div", "buttons");
  for (const row of rows) {
    const line = el("div", "row");
    for (const spec of row) {
      const button = el("button", "", spec.label);
      button.type = "button";
      button.dataset.payload = spec.payload;
      button.addEventListener("click", () => send({ payload: spec.payload }, spec.label));
      line.appendChild(button);
    }
    box.appendChild(line);
  }
  return box;
}

function showReply(reply) {
  const box = el("div", "msg bot");
  if (reply.direct) {
    box.appendChild(el("div", "text direct", reply.direct));
    if (reply.details && reply.details.length) box.appendChild(el("div", "text details", reply.details.join("\n")));
  } else {
    box.appendChild(el("div", "text", reply.text));
  }
  if (reply.citation) box.appendChild(sourceDetails(reply.citation));
  for (const note of reply.notes || []) box.appendChild(el("div", "text note", note));
  for (const source of reply.sources || []) box.appendChild(sourceDetails(source));
  if (reply.image_png_base64) {
    const img = document.createElement("img");
    img.alt = "";
    img.src = "data:image/png;base64," + reply.image_png_base64;
    box.appendChild(img);
  }
  if (reply.file_base64) {
    const bytes = Uint8Array.from(atob(reply.file_base64), (c) => c.charCodeAt(0));
    const link = el("a", "", UI.download + ": " + (reply.file_name || "tep"));
    link.href = URL.createObjectURL(new Blob([bytes]));
    link.download = reply.file_name || "tep";
    box.appendChild(link);
  }
  if (reply.buttons && reply.buttons.length) box.appendChild(buttonRows(reply.buttons));
  log().appendChild(box);
}

async function send(body, shown) {
  if (shown) showUser(shown);
  const waiting = el("div", "msg bot text thinking", UI.thinking);
  log().appendChild(waiting);
  scrollDown();
  const submit = document.getElementById("send");
  submit.disabled = true;
  try {
    if (streaming) {
      const progress = (chars) => { waiting.textContent = UI.drafting(chars); };
      const reply = (data) => { waiting.remove(); showReply(data); scrollDown(); };
      await postStream(body, progress, reply);
      waiting.remove();
    } else {
      const replies = await post(body);
      waiting.remove();
      replies.forEach(showReply);
    }
  } catch (error) {
    waiting.remove();
    showError(error instanceof TypeError ? UI.networkError : error.message);
  } finally {
    submit.disabled = false;
    scrollDown();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("ask");
  const input = document.getElementById("question");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text }, text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  loadCapabilities().then(() => send({ text: "/start" }));
});
