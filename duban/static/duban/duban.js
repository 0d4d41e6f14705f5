/* Every page: tables that scroll in their own box, tables read as cards on a phone, and a visible
   "正在生成" while a file or a slow form is on its way. A static file, so the CSP stays strict; ES5,
   for the older browser kernels inside government desktops and 企业微信/钉钉. */
(function () {
  "use strict";

  // A wide table scrolls inside its own box, never the page: new pages get this without a wrapper.
  function wrapTables(root) {
    var tables = root.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i], parent = table.parentElement;
      if (parent.classList.contains("table-wrap") || parent.classList.contains("table-responsive")) { continue; }
      var wrap = document.createElement("div");
      wrap.className = "table-wrap";
      parent.insertBefore(wrap, table);
      wrap.appendChild(table);
    }
  }

  // On a phone a .table-cards row becomes a card; each cell shows its column's heading (CSS ::before).
  function labelCells(root) {
    var tables = root.querySelectorAll("table.table-cards");
    for (var t = 0; t < tables.length; t++) {
      var heads = tables[t].querySelectorAll("thead th"), rows = tables[t].querySelectorAll("tbody tr");
      for (var r = 0; r < rows.length; r++) {
        var cells = rows[r].children;
        for (var c = 0; c < cells.length && c < heads.length; c++) {
          var label = heads[c].textContent.trim();
          if (label && !cells[c].hasAttribute("data-label")) { cells[c].setAttribute("data-label", label); }
        }
      }
    }
  }

  function prepare() {
    wrapTables(document);
    labelCells(document);
  }

  // The notice in the page's corner that says a file is being made, and then that it has arrived.
  function notice(text, busy) {
    var box = document.getElementById("duban-progress");
    if (!box) {
      box = document.createElement("div");
      box.id = "duban-progress";
      box.className = "duban-progress alert alert-info shadow-sm";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      document.body.appendChild(box);
    }
    box.textContent = "";
    if (busy) {
      var spin = document.createElement("span");
      spin.className = "spinner-border spinner-border-sm me-2";
      spin.setAttribute("aria-hidden", "true");
      box.appendChild(spin);
    }
    box.appendChild(document.createTextNode(text));
    box.hidden = false;
    return box;
  }

  function cookieName(token) { return "duban_ready_" + token; }

  function hasCookie(name) {
    return (";" + document.cookie).indexOf("; " + name + "=") >= 0 || document.cookie.indexOf(name + "=") === 0;
  }

  // The server sets duban_ready_<token> with the file (duban.common.middleware.DownloadReadyMiddleware).
  function watchDownload(token, label) {
    var started = Date.now(), name = cookieName(token);
    var timer = window.setInterval(function () {
      var seconds = Math.round((Date.now() - started) / 1000);
      if (hasCookie(name)) {
        window.clearInterval(timer);
        document.cookie = name + "=; Max-Age=0; path=/; SameSite=Strict";
        var box = notice(label + "已生成，浏览器正在下载", false);
        window.setTimeout(function () { box.hidden = true; }, 4000);
      } else if (seconds >= 1) {
        notice("正在生成" + label + "，已用 " + seconds + " 秒，请勿关闭页面…", true);
      }
      if (seconds > 300) { window.clearInterval(timer); notice(label + "生成时间过长，请稍后重试", false); }
    }, 250);
  }

  function isDownload(link) {
    return link.hasAttribute("data-download") || /\/export/.test(link.getAttribute("href") || "");
  }

  function onClick(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || !isDownload(link) || event.defaultPrevented) { return; }
    var token = Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("ready", token);
    event.preventDefault();
    watchDownload(token, link.getAttribute("data-download") || "文件");
    window.location.href = url.toString();
  }

  // A posted form (an upload, an import) says it is working instead of looking frozen.
  function onSubmit(event) {
    var form = event.target;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post" || form.hasAttribute("hx-post")) { return; }
    var button = event.submitter;
    if (!button || button.classList.contains("is-busy")) { return; }
    button.classList.add("is-busy");
    var spin = document.createElement("span");
    spin.className = "spinner-border spinner-border-sm ms-1 busy-spinner";
    spin.setAttribute("aria-hidden", "true");
    button.appendChild(spin);
    button.setAttribute("aria-busy", "true");
  }

  // Back from a download or with the back button: the buttons work again.
  function resetBusy() {
    var busy = document.querySelectorAll(".is-busy");
    for (var i = 0; i < busy.length; i++) {
      busy[i].classList.remove("is-busy");
      busy[i].removeAttribute("aria-busy");
      var spin = busy[i].querySelector(".busy-spinner");
      if (spin) { spin.remove(); }
    }
  }

  // The camera's input is hidden behind its 拍照 button: the button says a photo was taken.
  function onChange(event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("camera-input") || !input.labels || !input.labels.length) { return; }
    input.labels[0].lastChild.textContent = input.files.length ? " 已拍照（" + input.files[0].name + "）" : " 拍照";
  }

  document.addEventListener("click", onClick);
  document.addEventListener("change", onChange);
  document.addEventListener("submit", onSubmit);
  window.addEventListener("pageshow", resetBusy);
  if (window.htmx) { window.htmx.onLoad(prepare); } else { document.addEventListener("DOMContentLoaded", prepare); }
})();
