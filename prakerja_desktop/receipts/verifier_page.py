"""One self-contained HTML page that checks receipt codes in a browser, for offices without the app.

It holds the office's signed key list, checks the list's signature, and verifies typed or pasted codes
with WebCrypto Ed25519 (no network, no external script or font). The rules are those of
docs/receipt-format.md; `#kode=CODE` (several separated by ",") in the address checks them on opening.
"""

from __future__ import annotations

import html
import json
from typing import Any

from prakerja_desktop.i18n import _


def page(document: dict[str, Any], office_name: str) -> str:
    """The HTML text (UTF-8) for a signed key list document."""
    texts = {
        "genuine": _("ASLI: tanda terima ini sah (halaman ini tidak menyimpan data orang, jadi datanya "
                     "tidak ada di sini)."),
        "not_genuine": _("TIDAK ASLI"),
        "format": _("kode ini tidak utuh atau salah tulis; ini bukan kode tanda terima yang lengkap."),
        "signature": _("tanda tangannya tidak cocok: isi kode diubah atau dipalsukan."),
        "unknown_key": _("kunci yang menandatanganinya tidak ada di daftar kunci kantor ini."),
        "withdrawn_key": _("kunci perangkat ini sudah ditarik (misalnya laptop hilang) sebelum tanggal "
                           "tanda terima ini."),
        "key_not_yet_valid": _("tanggal tanda terima ini sebelum kunci perangkatnya terdaftar di kantor."),
        "no_webcrypto": _("Peramban ini belum bisa memeriksa tanda tangan Ed25519. Pakai Chrome, Edge atau "
                          "Firefox versi baru."),
        "bad_list": _("Daftar kunci di halaman ini rusak atau diubah. Minta halaman baru dari kantor."),
        "number": _("Nomor tanda terima"), "date": _("Tanggal"), "nik": _("NIK (tersamar)"),
        "initials": _("Inisial nama"), "device": _("Perangkat"), "office": _("Kantor"),
        "old": _("Format lama: kode ini tidak memuat NIK atau nama. Cocokkan data dengan KTP."),
        "compare": _("Cocokkan NIK dan inisial nama di atas dengan KTP orang yang membawa kertas ini."),
    }
    title = _("Cek keaslian tanda terima")
    data = json.dumps({"list": document, "texts": texts}, ensure_ascii=True).replace("</", "<\\/")
    return (_TEMPLATE.replace("@TITLE@", html.escape(title))
            .replace("@OFFICE@", html.escape(office_name))
            .replace("@INTRO@", html.escape(_("Tempel atau ketik kode dari QR tanda terima (satu kode per "
                                              "baris), lalu tekan Periksa. Tidak ada yang dikirim ke "
                                              "internet.")))
            .replace("@BUTTON@", html.escape(_("Periksa")))
            .replace("@LABEL@", html.escape(_("Kode tanda terima")))
            .replace("@DATA@", data))


_TEMPLATE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>@TITLE@</title>
<style>
body { font-family: sans-serif; font-size: 18px; max-width: 46em; margin: 1em auto; padding: 0 1em; }
textarea { width: 100%; font: 16px monospace; min-height: 5em; }
button { font-size: 20px; min-height: 48px; padding: 0 1.5em; margin: .5em 0; }
.answer { border: 3px solid #555; padding: .5em; margin: .5em 0; }
.answer[data-status=genuine_not_here] { border-color: #1b7a33; }
.answer[data-status=not_genuine] { border-color: #b00020; }
.answer strong { font-size: 20px; }
</style></head>
<body>
<h1>@TITLE@</h1>
<p><b>@OFFICE@</b></p>
<p>@INTRO@</p>
<label for="code">@LABEL@</label>
<textarea id="code" autocomplete="off" spellcheck="false"></textarea>
<button id="check" type="button">@BUTTON@</button>
<div id="results" aria-live="polite"></div>
<script id="data" type="application/json">@DATA@</script>
<script>
"use strict";
const DATA = JSON.parse(document.getElementById("data").textContent);
const T = DATA.texts;
const V2 = /^(PKJ2\\.([0-9A-Z]{5})-([0-9]{6,12})\\.([0-9]{8})\\.([0-9]{10})\\.([A-Z]{0,3})\\.([A-Z2-7]{5}))\\.([A-Z2-7]{103})$/;
const V1 = /^PKJ1\\.([0-9A-Z]{5})-([0-9]{6,12})\\.([0-9]{8})\\.([A-Z2-7]{103})$/;
const DAMM = "0317598642709215486342068713591750983426612304597836742095815869720134894536201794386172052581436790";
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const b64 = s => Uint8Array.from(atob(s), c => c.charCodeAt(0));
const ascii = s => new TextEncoder().encode(s);
function canonical(v) {  // Python json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=True)
  if (v === null || typeof v !== "object") {
    return JSON.stringify(v).replace(/[\\u0080-\\uffff]/g, c => "\\\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  }
  if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
  return "{" + Object.keys(v).sort().map(k => canonical(k) + ":" + canonical(v[k])).join(",") + "}";
}
function base32(text) {  // the canonical spelling only: unused bits of the last character must be zero
  let bits = 0, value = 0; const out = [];
  for (const c of text) { value = (value << 5) | B32.indexOf(c); bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; } }
  if ((value & ((1 << bits) - 1)) !== 0) return null;
  return new Uint8Array(out);
}
function day(text) {
  const y = +text.slice(0, 4), m = +text.slice(4, 6), d = +text.slice(6, 8), dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}
function damm(digits) { let i = 0; for (const c of digits) i = +DAMM[i * 10 + +c]; return i === 0; }
async function signed(publicB64, signature, message) {
  const key = await crypto.subtle.importKey("raw", b64(publicB64), {name: "Ed25519"}, false, ["verify"]);
  return crypto.subtle.verify({name: "Ed25519"}, key, signature, message);
}
async function hexId(publicB64) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", b64(publicB64)));
  return Array.from(digest.slice(0, 4), b => b.toString(16).padStart(2, "0")).join("");
}
async function b32Id(publicB64) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", b64(publicB64)));
  let bits = 0, value = 0, out = "";
  for (const b of digest) { value = (value << 8) | b; bits += 8;
    while (bits >= 5 && out.length < 5) { out += B32[(value >>> (bits - 5)) & 31]; bits -= 5; } }
  return out;
}
let KEYS = null;
async function loadList() {
  const doc = DATA.list, body = doc.list;
  if (!(await signed(body.office_public, b64(doc.signature), ascii(canonical(body))))) throw new Error("list");
  for (const k of body.keys) { if (k.key_id !== await b32Id(k.public)) throw new Error("key id"); }
  return body;
}
async function verify(raw) {
  const text = raw.trim().toUpperCase();
  let m = V2.exec(text), said, message, version = 2, candidates;
  if (m) {
    said = {number: m[2] + "-" + m[3], digits: m[3], date: m[4], nik: m[5].slice(0, 6) + "******" + m[5].slice(6),
            initials: m[6], keyId: m[7], sig: m[8]};
    message = ascii(m[1]);
    candidates = KEYS.keys.filter(k => k.key_id === said.keyId);
  } else if ((m = V1.exec(text))) {
    version = 1; said = {number: m[1] + "-" + m[2], digits: m[2], date: m[3], sig: m[4]};
    candidates = KEYS.keys;
  } else return {status: "not_genuine", reason: "format"};
  const signature = base32(said.sig), issued = day(said.date);
  if (!damm(said.digits) || signature === null || issued === null) return {status: "not_genuine", reason: "format"};
  said.issued = issued;
  let key = null;
  for (const k of candidates) {
    const msg = version === 2 ? message : ascii("PKJ1|" + said.number + "|" + said.date + "|" + await hexId(k.public));
    if (await signed(k.public, signature, msg)) { key = k; break; }
  }
  if (key === null) return {status: "not_genuine", reason: candidates.length ? "signature" : "unknown_key", said, version};
  if (key.withdrawn_from && issued >= key.withdrawn_from) return {status: "not_genuine", reason: "withdrawn_key", said, key, version};
  if (key.valid_from && issued < key.valid_from) return {status: "not_genuine", reason: "key_not_yet_valid", said, key, version};
  return {status: "genuine_not_here", reason: "", said, key, version};
}
function show(answer) {
  const box = document.createElement("div");
  box.className = "answer"; box.dataset.status = answer.status; box.dataset.reason = answer.reason;
  const head = document.createElement("strong");
  head.textContent = answer.status === "genuine_not_here" ? "\\u2714 " + T.genuine : "\\u2716 " + T.not_genuine + ": " + T[answer.reason];
  box.appendChild(head);
  if (answer.said) {
    const rows = [[T.number, answer.said.number], [T.date, answer.said.issued.split("-").reverse().join("-")]];
    if (answer.version === 2) rows.push([T.nik, answer.said.nik], [T.initials, answer.said.initials || "-"]);
    rows.push([T.device, answer.said.number.slice(0, 5) + (answer.key ? " (" + answer.key.device_name + ")" : "")],
              [T.office, KEYS.office_name]);
    const list = document.createElement("ul");
    for (const [label, value] of rows) { const li = document.createElement("li"); li.textContent = label + ": " + value; list.appendChild(li); }
    box.appendChild(list);
    if (answer.status !== "not_genuine") { const p = document.createElement("p"); p.textContent = answer.version === 1 ? T.old : T.compare; box.appendChild(p); }
  }
  document.getElementById("results").appendChild(box);
}
async function checkAll() {
  const results = document.getElementById("results");
  results.textContent = "";
  for (const line of document.getElementById("code").value.split(/[\\n,]+/)) {
    if (line.trim()) show(await verify(line));
  }
  results.dataset.done = "yes";
}
async function start() {
  const results = document.getElementById("results");
  if (!window.crypto || !crypto.subtle) { results.textContent = T.no_webcrypto; results.dataset.done = "error"; return; }
  try { KEYS = await loadList(); }
  catch (e) { results.textContent = e.message === "list" || e.message === "key id" ? T.bad_list : T.no_webcrypto; results.dataset.done = "error"; return; }
  document.getElementById("check").addEventListener("click", checkAll);
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith("kode=")) { document.getElementById("code").value = hash.slice(5); await checkAll(); }
}
start();
</script>
</body></html>
"""
